package app

import (
	"time"

	"fyne.io/fyne/v2"

	"github.com/kintsugi-app/kintsugi/app/remind"
	"github.com/kintsugi-app/kintsugi/app/ui"
	"github.com/kintsugi-app/kintsugi/app/ui/model"
)

// reminders sends the due reminders of the unlocked session as
// desktop notifications. Which are due is package remind's answer, the one
// "kintsugi reminders due" prints; their words never hold anything the
// partners wrote, since someone else may see the screen.
type reminders struct {
	a     fyne.App
	b     *ui.Bridge
	sess  func() model.Session // the unlocked session, nil while locked
	clock remind.Clock         // the span last looked at, so each is sent once
}

// tick sends the reminders that fell due since the last tick (or, after a
// sleep or an unlock, at most remind.Grace ago), while a session is
// unlocked, with this device's switches. It runs on the UI goroutine; the
// document is read off it (whether I checked in today reads every
// check-in).
func (r *reminders) tick(now time.Time) {
	s := r.sess()
	if s == nil {
		return // locked: what falls due now is sent at unlock if still fresh
	}
	from, to := r.clock.Next(now)
	var due []remind.Reminder
	r.b.Async(func() {
		due = remind.PlanFor(s.Doc(), s.Me().ID, s.Settings().Reminders).Due(from, to)
	}, func() {
		for _, n := range due {
			r.a.SendNotification(fyne.NewNotification(n.Title, n.Body))
		}
		if len(due) > 0 {
			r.a.Preferences().SetString(sentUntilKey, to.Format(time.RFC3339Nano))
		}
	})
}

// sentUntilKey is where this device remembers the end of the last span
// in which it sent a reminder (a time, nothing else), so that starting
// the app again within remind.Grace does not send it twice.
const sentUntilKey = "reminders.sent-until"

// newReminders returns the app's reminders, resuming after the last span
// an earlier run sent something in.
func newReminders(a fyne.App, b *ui.Bridge, sess func() model.Session) *reminders {
	r := &reminders{a: a, b: b, sess: sess}
	if t, err := time.Parse(time.RFC3339Nano, a.Preferences().String(sentUntilKey)); err == nil {
		r.clock.Resume(t)
	}
	return r
}

// startReminders looks for due reminders three times a minute.
func startReminders(a fyne.App, b *ui.Bridge, sess func() model.Session, stop <-chan struct{}) {
	r := newReminders(a, b, sess)
	ui.Every(b, 20*time.Second, stop, func() { r.tick(time.Now()) })
}
