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
