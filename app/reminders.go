package app

import (
	"os"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/kintsugi-app/kintsugi/doc"
)

// reminder is a desktop notification. Its text never holds anything the
// partners wrote: someone else may see the screen.
type reminder struct {
	at    string // "15:04"
	title string
	body  string
}

// dueReminders returns the reminders due at now's minute.
func dueReminders(r doc.Rituals, now time.Time) []reminder {
	hm := now.Format("15:04")
	var out []reminder
	if strings.TrimSpace(r.DailyTime) == hm {
		out = append(out, reminder{hm, "Kintsugi", "It's time for your daily talk."})
	}
	if strings.TrimSpace(r.WeeklyTime) == hm && r.WeeklyDay == now.Weekday() {
		out = append(out, reminder{hm, "Kintsugi", "It's time for your weekly meeting."})
	}
	if hm == "21:00" {
		out = append(out, reminder{hm, "Kintsugi", checkInNudge})
	}
	return out
}

// checkInNudge is the evening reminder to check in.
const checkInNudge = "A moment to check in, if you'd like."

// reminders sends the due reminders of the flow's unlocked session.
type reminders struct {
	a    fyne.App
	f    *flow
	last string // the minute last looked at, so each is sent once
}

// tick sends the reminders due at now's minute, once, while a session is
// unlocked and reminders are on. The check-in nudge is left out when the
// user has already checked in that day. It runs on the UI goroutine.
func (r *reminders) tick(now time.Time) {
	s := r.f.sess
	if s == nil || !s.Settings().Reminders {
		return
	}
	hm := now.Format("15:04")
	if hm == r.last {
		return
	}
	r.last = hm
	for _, n := range dueReminders(s.Doc().Rituals(), now) {
		if n.body == checkInNudge && checkedInOn(s.Doc().CheckIns(), s.Me().ID, now) {
			continue
		}
		r.a.SendNotification(fyne.NewNotification(n.title, n.body))
	}
}

// checkedInOn reports whether by checked in on now's day.
func checkedInOn(cs []doc.CheckIn, by string, now time.Time) bool {
	for _, c := range cs {
		if c.Author == by && doc.DateOf(c.Time) == doc.DateOf(now) {
			return true
		}
	}
	return false
}

// startReminders looks for due reminders three times a minute.
func startReminders(a fyne.App, b *bridge, f *flow, stop <-chan struct{}) {
	r := &reminders{a: a, f: f}
	every(b, 20*time.Second, stop, func() { r.tick(time.Now()) })
}

// setupTray adds a system tray menu where the desktop supports one. On
// Linux the tray talks over the session D-Bus; without one, Fyne's tray
// crashes on exit, so it is left out.
func setupTray(a fyne.App, w fyne.Window, f *flow) {
	d, ok := a.(desktop.App)
	if !ok || (runtime.GOOS == "linux" && os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "") {
		return
	}
	d.SetSystemTrayIcon(iconResource())
	d.SetSystemTrayMenu(fyne.NewMenu("Kintsugi",
		fyne.NewMenuItem("Open Kintsugi", func() { w.Show(); w.RequestFocus() }),
		fyne.NewMenuItem("Lock", func() {
			if f.ui != nil {
				f.ui.doLock()
			}
		})))
}
