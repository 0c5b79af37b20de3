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
		out = append(out, reminder{hm, "Kintsugi", "A moment to check in, if you'd like."})
	}
	return out
}

// startReminders checks once a minute and sends due reminders while a
// session is unlocked and reminders are on.
func startReminders(a fyne.App, b *bridge, f *flow, stop <-chan struct{}) {
	last := ""
	every(b, 20*time.Second, stop, func() {
		if f.sess == nil || !f.sess.Settings().Reminders {
			return
		}
		now := time.Now()
		if now.Format("15:04") == last {
			return
		}
		last = now.Format("15:04")
		for _, r := range dueReminders(f.sess.Doc().Rituals(), now) {
			a.SendNotification(fyne.NewNotification(r.title, r.body))
		}
	})
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
