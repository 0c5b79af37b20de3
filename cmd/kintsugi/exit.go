package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kintsugi-app/kintsugi/app/profile"
	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/sync"
)

// This file is where the command line's errors meet the person at the
// terminal: the exit codes scripts branch on, the words fail prints, and
// the hints that say what to do next. The domain's errors carry their own
// lowercase words; a command adds a hint only through the helpers below.

// Exit codes, documented in docs/CLI.md. Scripts branch on them.
const (
	exitOK           = 0
	exitError        = 1  // anything not listed below
	exitUsage        = 2  // unknown command, bad flag, wrong arguments or invalid value
	exitWrongPass    = 3  // wrong passphrase (profile or journal)
	exitInUse        = 4  // another process has the profile open
	exitNotPaired    = 5  // the command needs a partner, the peer is not the partner, or the record is the partner's
	exitTimeout      = 6  // the partner was not reached in time
	exitNoProfile    = 7  // no profile in the folder (or one already exists, for init)
	exitJournal      = 8  // no journal yet, or it could not be unlocked
	exitDamaged      = 9  // a file of the profile is damaged or was changed by someone else
	exitNotFound     = 10 // no record with that id
	exitNewerVersion = 11 // the document or partner is from a newer kintsugi
	exitInvite       = 12 // the invite was refused, used or expired
)

// exitNames describes each exit code for "kintsugi help".
var exitNames = map[int]string{
	exitOK:           "success",
	exitError:        "error",
	exitUsage:        "usage error: unknown command, bad flag or argument, invalid value",
	exitWrongPass:    "wrong passphrase",
	exitInUse:        "the profile is open in another process",
	exitNotPaired:    "not paired, the other side is not your partner, or the record is your partner's to change",
	exitTimeout:      "timed out before your partner was reached",
	exitNoProfile:    "no profile in the folder (or, for init, one exists already)",
	exitJournal:      "no journal yet, or the journal is locked",
	exitDamaged:      "a profile file is damaged or was changed outside kintsugi",
	exitNotFound:     "no record with that id",
	exitNewerVersion: "written by a newer version of kintsugi; please update",
	exitInvite:       "the invite was not accepted: mistyped, used, closed or expired",
}

// usageError is a mistake in the command line itself.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// exitCode maps an error to the documented exit code.
func exitCode(err error) int {
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, profile.ErrWrongPassphrase):
		return exitWrongPass
	case errors.Is(err, profile.ErrInUse):
		return exitInUse
	case errors.Is(err, profile.ErrNotPaired), errors.Is(err, profile.ErrPaired),
		errors.Is(err, sync.ErrNotPartner), errors.Is(err, sync.ErrWrongDocument),
		errors.Is(err, doc.ErrNotYours):
		return exitNotPaired
	case errors.Is(err, sync.ErrBundleInvalid):
		return exitDamaged
	case errors.Is(err, crypto.ErrInviteTypo), errors.Is(err, crypto.ErrInviteMalformed),
		errors.Is(err, crypto.ErrSecretCodeTypo), errors.Is(err, crypto.ErrSecretCodeMalformed):
		return exitUsage
	case errors.Is(err, crypto.ErrInviteExpired), errors.Is(err, sync.ErrInviteRefused),
		errors.Is(err, sync.ErrNoInvite):
		return exitInvite
	case errors.Is(err, sync.ErrInviteUnreachable), errors.Is(err, errNoLANInvite):
		return exitTimeout
	case errors.Is(err, sync.ErrPartnerNewer):
		return exitNewerVersion
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, profile.ErrTimeout):
		return exitTimeout
	case errors.Is(err, profile.ErrNoProfile), errors.Is(err, profile.ErrExists), errors.Is(err, profile.ErrFileExists):
		return exitNoProfile
	case errors.Is(err, profile.ErrJournalLocked), errors.Is(err, profile.ErrNoJournal):
		return exitJournal
	case errors.Is(err, profile.ErrDamaged), errors.Is(err, doc.ErrCorrupt):
		return exitDamaged
	case errors.Is(err, doc.ErrNotFound):
		return exitNotFound
	case errors.Is(err, doc.ErrNewerSchema):
		return exitNewerVersion
	case errors.Is(err, doc.ErrInvalid), errors.Is(err, doc.ErrEmptyText), errors.Is(err, profile.ErrWrongRecovery),
		errors.Is(err, profile.ErrNoFolder), errors.Is(err, profile.ErrBadFolder):
		return exitUsage
	}
	return exitError
}

// The command line's own errors.
var (
	// errNoLANInvite means join --lan found no open invite to join.
	errNoLANInvite = errors.New("no invite found on this network; make sure your partner has \"kintsugi invite\" running on the same network")
	// errNoTerminal is returned when a passphrase is needed, the variable
	// is not set and there is no terminal to ask on.
	errNoTerminal = errors.New("a passphrase is needed: set it in the environment or run in a terminal")
)

// Errors with what to do next.
var (
	errPairFirst       = fmt.Errorf("%w: pair first with \"kintsugi invite\" and \"kintsugi join CODE\"", profile.ErrNotPaired)
	errOpensOncePaired = fmt.Errorf("%w: the shared document opens once you pair (\"kintsugi invite\" or \"kintsugi join CODE\")", profile.ErrNotPaired)
	errNoJournalYet    = fmt.Errorf("%w: add a first entry with \"kintsugi journal add TEXT\"", profile.ErrNoJournal)
)

// noProfileIn says there is no profile in dir, and how to make one.
func noProfileIn(dir string) error {
	return fmt.Errorf("%w in %s: create one with \"kintsugi init --name NAME\"", profile.ErrNoProfile, dir)
}

// openedOncePaired says that the shared document opens once paired, when
// err is doc.ErrNotPartner before pairing. Other errors pass.
func openedOncePaired(err error, p *profile.Profile) error {
	if errors.Is(err, doc.ErrNotPartner) && !p.Paired() {
		return errOpensOncePaired
	}
	return err
}

// withHint adds what to do next to the errors that have a next step.
func withHint(err error) error {
	if errors.Is(err, profile.ErrNoFolder) {
		return fmt.Errorf("%w: set one with \"kintsugi folder set DIR\"", err)
	}
	return err
}

// journalError says which passphrase was wrong when the journal's was.
func journalError(err error) error {
	if errors.Is(err, profile.ErrWrongPassphrase) {
		return fmt.Errorf("the journal %w", err)
	}
	return err
}

// pairTimeout explains why waiting ended.
func pairTimeout(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return profile.ErrTimeout
	}
	return fmt.Errorf("interrupted: %w", ctx.Err())
}

// kindError is an error whose words are written for the person at the
// terminal; it still matches its cause with errors.Is.
type kindError struct {
	msg string
	err error
}

func (e kindError) Error() string { return e.msg }
func (e kindError) Unwrap() error { return e.err }

// notYours turns doc.ErrNotYours into a kind word naming the partner whose
// words they are, and what the user can do instead. Other errors pass.
func notYours(err error, p *profile.Profile, what, instead string) error {
	if !errors.Is(err, doc.ErrNotYours) {
		return err
	}
	name := "your partner"
	if id, oerr := p.Doc().OtherPartner(p.PeerID()); oerr == nil {
		if pt, perr := p.Doc().Partner(id); perr == nil {
			name = pt.Name
		}
	}
	return kindError{fmt.Sprintf("this %s is %s's, in %s's own words, so only %s can change it. %s", what, name, name, name, instead), err}
}

// fail prints err (if any) on stderr and returns its exit code.
func (c *cli) fail(err error) int {
	if err == nil {
		return exitOK
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "kintsugi: ") {
		msg = "kintsugi: " + msg
	}
	fmt.Fprintln(c.stderr, msg)
	return exitCode(err)
}
