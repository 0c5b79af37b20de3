package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/dialog"

	"github.com/kintsugi-app/kintsugi/doc"
)

// This file is where errors meet the user's words, for the whole GUI: the
// screens' own sentinels, and every sentence that says why something
// didn't work. The adapter maps the domain's errors to the model's
// sentinels (app/adapt mapErr), so the words never depend on sync, crypto
// or the profile. A screen shows an error with [ui.showError], or puts
// [plainError]'s words where it has a place for them; it writes none of
// its own. (Prompts before anything failed, "Please tell us your name",
// stay with their forms.) The words are warm and plain, never blaming,
// never taking a side.

// errorTitle heads a dialog that says something didn't work.
const errorTitle = "That didn't work"

func errorsIs(err, target error) bool { return errors.Is(err, target) }

// The screens' own errors.
var (
	// errBadDate means a typed date is not YYYY-MM-DD.
	errBadDate = errors.New("not a date")
	// errBadRange means the first day is after the last.
	errBadRange = errors.New("the first day is after the last")
	// errFromFuture means the first day is after today and no last day
	// was given: the export would cover nothing and say "December to
	// November".
	errFromFuture = errors.New("the first day is after today")
	// errNoJournalToInclude means the export was asked to include a
	// journal this laptop has not started.
	errNoJournalToInclude = errors.New("no journal to include")
)

// showError shows err in plain words.
func (u *ui) showError(err error) {
	if err == nil {
		return
	}
	dialog.ShowInformation(errorTitle, plainError(err), u.win)
}

// plainError turns an error into warm, plain words.
func plainError(err error) string {
	switch {
	case err == nil:
		return ""
	case errorsIs(err, doc.ErrEmptyText):
		return "Please write something first."
	case errorsIs(err, doc.ErrNotPartner):
		return "Please pair with your partner first — Settings, “Pair with my partner”."
	case errorsIs(err, doc.ErrNewerSchema):
		return "Your partner's Kintsugi is newer. Please update this one to keep sharing."
	case errorsIs(err, doc.ErrInvalid):
		return "That value isn't quite right: " + err.Error() + "."
	case errorsIs(err, ErrWrongPassphrase):
		return "That passphrase didn't match. Take your time and try again."
	case errorsIs(err, ErrInviteExpired):
		return "That invite has expired — ask for a new one."
	case errorsIs(err, ErrNotInvite):
		return "That doesn't look like a Kintsugi invite code. Please copy the whole code from your partner's screen: it starts with “kintsugi1”."
	case errorsIs(err, ErrInviteTypo):
		return "That code has a typo" + typoWhere(err) + ". Please check it against your partner's screen."
	case errorsIs(err, ErrSecretTypo):
		return "That secret code has a typo. Please check it against your partner's screen."
	case errorsIs(err, ErrSecretRefused):
		return "That laptop didn't accept the secret code. Please check it against your partner's screen, or pick another laptop."
	case errorsIs(err, ErrInviteUsed):
		return "That invite was already used — ask for a new one."
	case errorsIs(err, ErrRecoveryWrong):
		return "That recovery file belongs to another profile, so nothing was changed. Please choose your own recovery file."
	case errorsIs(err, ErrRecoveryBad):
		return "That file isn't a Kintsugi recovery file. It usually starts with “# Kintsugi recovery key”."
	}
	return "Something went wrong: " + err.Error() + ". Please try again in a moment; if it keeps happening, lock and reopen Kintsugi."
}

// typoWhere says where in the code a typo probably is (" near the end
// (group 30 of 38)"), when the code's checksum could place it; else nothing.
func typoWhere(err error) string {
	var w interface{ Where() string }
	if errors.As(err, &w) {
		if where := w.Where(); !strings.HasPrefix(where, "somewhere") {
			return " " + where
		}
	}
	return ""
}

// exportError words why the export could not start: its range, or the
// journal it was asked to include (err from UnlockJournal: the export
// goes ahead only once the journal is open).
func exportError(err error) string {
	switch {
	case errorsIs(err, errBadDate):
		return "Please write dates as year-month-day, for example 2026-01-31."
	case errorsIs(err, errBadRange):
		return "The first day comes after the last one. Please swap them."
	case errorsIs(err, errFromFuture):
		return "The first day is after today, so there is nothing to export yet. Please choose an earlier day."
	case errorsIs(err, errNoJournalToInclude):
		return "You haven't started a journal, so there is nothing private to include. Untick it to export the shared document."
	case errorsIs(err, ErrWrongPassphrase):
		return "That passphrase didn't open your journal. Try again, or untick the journal to export without it."
	}
	// A journal that would not open for another reason (a damaged file, a
	// disk error) is not the passphrase's fault: say what happened.
	return "Kintsugi couldn't open your journal (" + err.Error() + "), so nothing was exported. Your journal is as it was; untick it to export the shared document."
}

// folderError words a shared folder that could not be used on the last
// round.
func folderError(error) string {
	return "Kintsugi can't reach this folder right now (is the drive or the cloud folder there?). It tries again by itself."
}

// loginError words why "Start Kintsugi when I log in" could not change.
func loginError(err error) string {
	return "Kintsugi couldn't change this: " + err.Error() + ". You can add it yourself in your desktop's Startup Applications."
}

// relayError words a relay address the settings refused.
func relayError(error) string {
	return "That relay address doesn't look quite right. It starts like /dns4/relay.example.org/tcp/4001/p2p/… — please copy it again from whoever runs the relay."
}

// ritualsError words times the document refused (doc.SetRituals).
func ritualsError(error) string {
	return fmt.Sprintf("Please give times as HH:MM (like 20:30), a daily talk of %d–%d minutes and a weekly meeting of %d–%d minutes.",
		doc.MinDailyMinutes, doc.MaxDailyMinutes, doc.MinWeeklyMinutes, doc.MaxWeeklyMinutes)
}
