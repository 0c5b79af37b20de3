package ui

import (
	"time"

	"fyne.io/fyne/v2"
)

// This file is all the shell (package app: the window, the tray, the
// reminders) uses of the screens: one window's [Flow] from first launch
// or unlock to the main screens, the [Bridge], the theme and the icon.

// NewBridge returns the bridge of a running app: work runs off the UI
// goroutine, and results reach the widgets through fyne.Do.
func NewBridge() *Bridge { return &Bridge{} }

// ManualBridge returns a bridge for tests: work runs inline, and updates
// from other goroutines wait until [Bridge.Drain].
func ManualBridge() *Bridge { return &Bridge{manual: true} }

// Every calls f on the UI goroutine every d until stop is closed.
func Every(b *Bridge, d time.Duration, stop <-chan struct{}, f func()) { every(b, d, stop, f) }

// NewFlow returns the flow of win over the profile o opens.
func NewFlow(win fyne.Window, o Opener, b *Bridge) *Flow { return newFlow(win, o, b) }

// Start shows the first screen: create a profile, or unlock it.
func (f *Flow) Start() { f.start() }

// LoginEntry is this laptop's "Start Kintsugi when I log in". Enabled
// and Set touch the disk: the screens call them off the UI goroutine.
type LoginEntry interface {
	Enabled() bool
	Set(on bool) error
}

// OfferLogin makes Settings offer e, the login entry of the profile this
// window opens.
func (f *Flow) OfferLogin(e LoginEntry) { f.login = e }

// RevealPassphrase shows p on the unlock screen: the demo's passphrase.
func (f *Flow) RevealPassphrase(p string) { f.reveal = p }

// ShowMain shows the main screens of s, already unlocked.
func (f *Flow) ShowMain(s Session) {
	f.sess = s
	f.showMain()
}

// Session is the unlocked session, or nil while locked.
func (f *Flow) Session() Session { return f.sess }

// Close closes the window's session as the app quits. The bridge stops
// first and the screens stop following the session, and only then does
// the session close: the changes closing makes (the sync status going
// offline) must reach no widget, and once the app's loop has ended
// fyne.Do runs what it is given at once, on the caller's goroutine.
func (f *Flow) Close() error {
	f.b.Stop()
	if f.ui != nil {
		f.ui.close()
	}
	s := f.sess
	f.sess, f.ui = nil, nil
	if s == nil {
		return nil
	}
	return s.Close()
}

// Lock locks the main screens, if they are open.
func (f *Flow) Lock() {
	if f.ui != nil {
		f.ui.doLock()
	}
}

// Theme is Kintsugi's theme.
func Theme() fyne.Theme { return newWarmTheme() }

// Icon is the app's icon.
func Icon() fyne.Resource { return iconResource() }

// The demo opens two windows side by side; the screens are laid out to
// fit them.
const (
	// DemoScreenWidth is the narrowest common laptop screen on which the
	// demo's two windows fit side by side.
	DemoScreenWidth = 1600
	// DemoWindowGap is the space left between the demo's windows, with
	// room for their frames.
	DemoWindowGap = 24
)

// WindowSize is the size the app's window opens at, from first launch
// and unlock to the main screens: the demo's, so two fit side by side on
// a laptop screen (two people trying Kintsugi on one laptop), and every
// screen is laid out to fit it.
var WindowSize = DemoWindowSize

// DemoWindowSize is the size of each demo window: half the screen less the
// gap, and short enough for a 1600x900 screen under a top panel.
var DemoWindowSize = fyne.NewSize((DemoScreenWidth-DemoWindowGap)/2-8, 760)
