package profile

import (
	"errors"
	"fmt"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/sync"
)

// Errors returned by the package. Callers branch on them with errors.Is.
var (
	// ErrWrongPassphrase means the passphrase does not unlock the profile
	// or the journal. It also matches crypto.ErrWrongPassphrase.
	ErrWrongPassphrase = wrap{"wrong passphrase", crypto.ErrWrongPassphrase}
	// ErrInUse means another process has the profile open; the error text
	// names its PID.
	ErrInUse = errors.New("the profile is open in another kintsugi")
	// ErrNoProfile means the folder holds no profile yet.
	ErrNoProfile = errors.New("no profile")
	// ErrExists means Create found a profile in the folder already.
	ErrExists = errors.New("a profile exists in this folder already")
	// ErrKeyMissing means the folder holds a profile's data but not its key
	// file: restore it with the recovery file ([Restore]).
	ErrKeyMissing = errors.New("the key file of this profile is missing")
	// ErrWrongRecovery means the recovery file does not open the profile
	// data in the folder: it belongs to another profile.
	ErrWrongRecovery = errors.New("this recovery file does not open the profile in this folder")
	// ErrJournalLocked means the journal has not been unlocked.
	ErrJournalLocked = errors.New("the journal is locked")
	// ErrNoJournal means no journal has been created on this device yet.
	ErrNoJournal = errors.New("no journal yet")
	// ErrJournalExists means CreateJournal found a journal already.
	ErrJournalExists = errors.New("a journal exists already")
	// ErrNotPaired means the profile has no partner yet. It is
	// sync.ErrNotPaired, so errors from the node need no mapping.
	ErrNotPaired = sync.ErrNotPaired
	// ErrPaired means the profile has a partner already and cannot pair
	// again. It is sync.ErrAlreadyPaired.
	ErrPaired = sync.ErrAlreadyPaired
	// ErrDamaged means a file of the profile cannot be read: it is damaged,
	// or was changed outside Kintsugi. The file is left as it was.
	ErrDamaged = errors.New("a profile file is damaged or was changed outside kintsugi")
	// ErrTimeout means the partner was not reached in time.
	ErrTimeout = errors.New("timed out before your partner was reached")
	// ErrClosed means the profile was closed.
	ErrClosed = errors.New("the profile is closed")
	// ErrNoFolder means no shared folder is set on this device.
	ErrNoFolder = errors.New("no shared folder is set")
	// ErrBadFolder means a shared folder setting is not an absolute path
	// to a folder.
	ErrBadFolder = errors.New("the shared folder must be a folder, given by its full path")
)

// wrap is a sentinel error that also matches another package's sentinel.
type wrap struct {
	msg string
	err error
}

func (w wrap) Error() string { return w.msg }
func (w wrap) Unwrap() error { return w.err }

// A DocumentDamagedError is returned by [Open] when a saved file of the
// shared document is damaged, missing, or was changed outside Kintsugi. Its
// message tells the user, kindly, what happened and what to do; nothing on
// disk was changed. errors.Is(err, ErrDamaged) holds for it.
//
// Moving the files it names out of the folder is the way back: without its
// newest file the document opens at the state saved just before it, and
// with no shared document file at all Open starts an empty document that
// the next sync fills from the partner's copy.
type DocumentDamagedError struct {
	Dir     string // the profile folder
	Path    string // the file that looks damaged or is missing, if one is to blame
	Missing bool   // Path does not exist
	// Newest is true when Path is the newest file of the document, so
	// moving that one file out is enough.
	Newest bool
	Err    error // the cause
}

func (e *DocumentDamagedError) Error() string {
	what := fmt.Sprintf("its files in %s do not fit together", e.Dir)
	switch {
	case e.Path != "" && e.Missing:
		what = e.Path + " is missing"
	case e.Path != "":
		what = e.Path + " looks damaged"
	}
	move := "move that one file out of the folder, open Kintsugi again, and sync with your partner"
	if !e.Newest {
		move = fmt.Sprintf("move every file whose name starts with %q out of %s, open Kintsugi again, "+
			"and sync with your partner to bring the document back", docLog+".", e.Dir)
	}
	return fmt.Sprintf("your saved shared document could not be read (%s). Nothing was changed. "+
		"Your partner's laptop should still have a full copy: %s", what, move)
}

// Is reports whether target is [ErrDamaged].
func (e *DocumentDamagedError) Is(target error) bool { return target == ErrDamaged }

func (e *DocumentDamagedError) Unwrap() error { return e.Err }

// A DataLeftError is returned by [Create] for a folder that holds no key
// file but still holds a profile's data (its shared document, journal or
// pairing). Nothing was changed; its message says what to do instead.
// errors.Is(err, ErrExists) holds for it.
type DataLeftError struct{ Dir string }

func (e *DataLeftError) Error() string {
	return fmt.Sprintf("%s still holds a profile's data (its shared document, journal or pairing), so no new profile "+
		"was made there and nothing was changed. To get back in, restore it with your recovery file "+
		"(kintsugi identity import RECOVERY-FILE, or \"I forgot my passphrase\" in the app); to start afresh, "+
		"choose another folder", e.Dir)
}

// Is reports whether target is [ErrExists].
func (e *DataLeftError) Is(target error) bool { return target == ErrExists }
