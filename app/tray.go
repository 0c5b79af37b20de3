package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// hasTray reports whether the desktop has a system tray Fyne can use. On
// Linux the tray talks over the session D-Bus; without one, Fyne's tray
// crashes on exit, so there is none.
func hasTray(a fyne.App, goos string, getenv func(string) string) bool {
	if _, ok := a.(desktop.App); !ok {
		return false
	}
	return goos != "linux" || getenv("DBUS_SESSION_BUS_ADDRESS") != ""
}

// setupTray adds a system tray icon and menu where the desktop may have a
// tray (see hasTray). Then closing the window hides it to the tray instead
// of quitting, so reminders keep coming, as long as shown reports that a
// tray really shows the icon at that moment; "Quit" in the menu ends the
// app. Otherwise closing the window quits. It reports whether the icon
// was set up.
func setupTray(a fyne.App, w fyne.Window, f *flow, goos string, getenv func(string) string, shown func() bool) bool {
	if !hasTray(a, goos, getenv) {
		return false
	}
	d := a.(desktop.App)
	d.SetSystemTrayIcon(iconResource())
	d.SetSystemTrayMenu(trayMenu(a, w, f))
	closeToTray(a, w, shown)
	return true
}

// trayMenu is the tray's menu: open the window, lock, quit.
func trayMenu(a fyne.App, w fyne.Window, f *flow) *fyne.Menu {
	quit := fyne.NewMenuItem("Quit", a.Quit)
	quit.IsQuit = true
	return fyne.NewMenu("Kintsugi",
		fyne.NewMenuItem("Open Kintsugi", func() { w.Show(); w.RequestFocus() }),
		fyne.NewMenuItem("Lock", func() {
			if f.ui != nil {
				f.ui.doLock()
			}
		}),
		fyne.NewMenuItemSeparator(),
		quit)
}

// trayToldKey remembers, on this device, that the user was told once that
// closing the window keeps Kintsugi running in the tray.
const trayToldKey = "tray.told"

// closeToTray makes closing the window hide it while the tray shows the
// icon (asked at each close: a desktop may gain or lose its tray while the
// app runs); the app keeps running there. With no tray showing, closing
// closes, so the window is never hidden where nobody can find it. The
// first time the window is hidden, a notification says where Kintsugi went
// and how to quit.
func closeToTray(a fyne.App, w fyne.Window, shown func() bool) {
	w.SetCloseIntercept(func() {
		if !shown() {
			w.Close()
			return
		}
		w.Hide()
		if p := a.Preferences(); !p.Bool(trayToldKey) {
			p.SetBool(trayToldKey, true)
			a.SendNotification(fyne.NewNotification("Kintsugi", trayToldText))
		}
	})
}

// trayToldText is the one-time notice of closeToTray.
const trayToldText = "Kintsugi keeps running in the tray, so your reminders can reach you. To quit, use Quit in its tray menu."
