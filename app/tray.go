package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/kintsugi-app/kintsugi/app/ui"
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
// app. Otherwise closing the window quits. It returns nil when there is
// no tray.
//
// Until stop, it also looks every trayRescueEvery whether the tray still
// shows the icon while the window is hidden, and shows the window again
// if not: a tray turned off while Kintsugi sat in it must not leave it
// running where nobody can reach it.
func setupTray(a fyne.App, w fyne.Window, lock func(), b *ui.Bridge, stop <-chan struct{}, goos string, getenv func(string) string, shown func() bool) *trayWindow {
	if !hasTray(a, goos, getenv) {
		return nil
	}
	t := &trayWindow{a: a, w: w, shown: shown}
	d := a.(desktop.App)
	d.SetSystemTrayIcon(ui.Icon())
	d.SetSystemTrayMenu(trayMenu(a, t, lock))
	w.SetCloseIntercept(t.close)
	ui.Every(b, trayRescueEvery, stop, func() { t.rescue(b) })
	return t
}

// trayRescueEvery is how often a hidden window checks that the tray is
// still there.
const trayRescueEvery = 20 * time.Second

// trayWindow is the main window of an app with a tray icon.
type trayWindow struct {
	a      fyne.App
	w      fyne.Window
	shown  func() bool // whether a tray shows the icon now; asks the bus on Linux
	hidden bool        // hidden to the tray by a close; UI goroutine only
}

// trayMenu is the tray's menu: open the window, lock (the main screens, if
// they are open), quit.
func trayMenu(a fyne.App, t *trayWindow, lock func()) *fyne.Menu {
	quit := fyne.NewMenuItem("Quit", a.Quit)
	quit.IsQuit = true
	return fyne.NewMenu("Kintsugi",
		fyne.NewMenuItem("Open Kintsugi", t.open),
		fyne.NewMenuItem("Lock", lock),
		fyne.NewMenuItemSeparator(),
		quit)
}

// trayToldKey remembers, on this device, that the user was told once that
// closing the window keeps Kintsugi running in the tray.
const trayToldKey = "tray.told"

// close is the window's close intercept. It hides the window while the
// tray shows the icon (asked at each close: a desktop may gain or lose its
// tray while the app runs); the app keeps running there. With no tray
// showing, closing closes, so the window is never hidden where nobody can
// find it. The first time the window is hidden, a notification says where
// Kintsugi went and how to quit. It runs on the UI goroutine.
func (t *trayWindow) close() {
	if !t.shown() {
		t.w.Close()
		return
	}
	t.w.Hide()
	t.hidden = true
	if p := t.a.Preferences(); !p.Bool(trayToldKey) {
		p.SetBool(trayToldKey, true)
		t.a.SendNotification(fyne.NewNotification("Kintsugi", trayToldText))
	}
}

// open shows the window again. It runs on the UI goroutine.
func (t *trayWindow) open() {
	t.hidden = false
	t.w.Show()
	t.w.RequestFocus()
}

// rescue shows the hidden window again when no tray shows the icon any
// more. It runs on the UI goroutine; the bus is asked off it.
func (t *trayWindow) rescue(b *ui.Bridge) {
	if !t.hidden {
		return
	}
	var gone bool
	b.Async(func() { gone = !t.shown() }, func() {
		if gone && t.hidden {
			t.open()
		}
	})
}

// trayToldText is the one-time notice of a close to the tray.
const trayToldText = "Kintsugi keeps running in the tray, so your reminders can reach you. To quit, use Quit in its tray menu."
