package profile

import (
	"errors"

	"github.com/kintsugi-app/kintsugi/crypto"
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
	// ErrJournalLocked means the journal has not been unlocked.
	ErrJournalLocked = errors.New("the journal is locked")
	// ErrNoJournal means no journal has been created on this device yet.
	ErrNoJournal = errors.New("no journal yet")
	// ErrJournalExists means CreateJournal found a journal already.
	ErrJournalExists = errors.New("a journal exists already")
	// ErrNotPaired means the profile has no partner yet.
	ErrNotPaired = errors.New("not paired with a partner yet")
	// ErrPaired means the profile has a partner already and cannot pair again.
	ErrPaired = errors.New("already paired with a partner")
	// ErrDamaged means a file of the profile cannot be read: it is damaged,
	// or was changed outside Kintsugi. The file is left as it was.
	ErrDamaged = errors.New("a profile file is damaged or was changed outside kintsugi")
	// ErrTimeout means the partner was not reached in time.
	ErrTimeout = errors.New("timed out before your partner was reached")
	// ErrClosed means the profile was closed.
	ErrClosed = errors.New("the profile is closed")
)

// wrap is a sentinel error that also matches another package's sentinel.
type wrap struct {
	msg string
	err error
}

func (w wrap) Error() string { return w.msg }
func (w wrap) Unwrap() error { return w.err }
