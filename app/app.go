// Package app is the Kintsugi desktop app, built with Fyne.
//
// [Run] opens one window on the profile in a folder: on first launch it
// creates the profile (name, passphrase, recovery file) and pairs with the
// partner; later it asks for the passphrase. [Demo] opens two windows on two
// fresh profiles that are already paired, so a newcomer can watch an edit in
// one appear in the other.
//
// The screens are built from injected domain objects (see model.go): a
// [Session] for the unlocked profile and its [Store] for the shared
// document. Slow work — scrypt, disk, network — never runs on the UI
// goroutine; results and the partner's live edits reach the widgets through
// one small bridge (bridge.go) that uses fyne.Do.
package app

import (
	"context"
	"fmt"
	"image"
	"os"
	"runtime"
	stdsync "sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/kintsugi-app/kintsugi/doc"
)

// captureEnv names a hidden debugging aid: when set to a path, the app
// saves a screenshot there a few seconds after it opens, and quits. The
// smoke test and the README screenshot use it.
const captureEnv = "KINTSUGI_CAPTURE"

// appID is the Fyne application ID, as in FyneApp.toml.
const appID = "app.kintsugi.desktop"

// newApp returns the Fyne app with Kintsugi's theme and icon.
func newApp() fyne.App {
	a := fyneapp.NewWithID(appID)
	a.Settings().SetTheme(newWarmTheme())
	a.SetIcon(iconResource())
	return a
}

// Run opens the desktop app on the profile in dir (created on first launch).
func Run(dir string) error {
	o, err := openerFor(dir)
	if err != nil {
		return err
	}
	a := newApp()
	w := a.NewWindow("Kintsugi")
	w.Resize(fyne.NewSize(1100, 760))
	b := &bridge{}
	f := newFlow(w, o, b)
	f.login = loginEntry(dir)
	f.start()
	stop := make(chan struct{})
	startReminders(a, b, f, stop)
	// With a tray, closing the window hides it and reminders keep coming
	// until "Quit" in the tray menu; without one, closing quits.
	setupTray(a, w, f, b, stop, runtime.GOOS, os.Getenv, trayShown)
	if capture := os.Getenv(captureEnv); capture != "" {
		go captureAndQuit(a, b, []fyne.Window{w}, capture)
	}
	var once stdsync.Once
	end := func() { // on closing the window, or quitting from the tray
		once.Do(func() {
			close(stop)
			if f.sess != nil {
				_ = f.sess.Close()
			}
		})
	}
	w.SetOnClosed(end)
	w.ShowAndRun()
	end()
	b.stop()
	return nil
}

// Demo opens two windows on two fresh, paired profiles in a temporary folder.
func Demo(ctx context.Context) error {
	dir, err := os.MkdirTemp("", "kintsugi-demo-")
	if err != nil {
		return fmt.Errorf("failed to make the demo folder: %w", err)
	}
	defer os.RemoveAll(dir)
	alex, sam, err := demoPair(ctx, dir)
	if err != nil {
		return err
	}
	demoSeed(alex, sam)

	a := newApp()
	b := &bridge{}
	wins := make([]fyne.Window, 0, 2)
	flows := make([]*flow, 0, 2)
	defer func() { // the sessions open now, which Lock may have replaced
		for _, f := range flows {
			if f.sess != nil {
				_ = f.sess.Close()
			}
		}
	}()
	for _, s := range []Session{alex, sam} {
		w := a.NewWindow("Kintsugi — " + s.Me().Name)
		w.Resize(demoWindowSize)
		f := newFlow(w, demoOpener(dir, s.Me().Name), b)
		f.reveal = demoPassphrase(s.Me().Name)
		f.sess = s
		f.showMain()
		flows = append(flows, f)
		wins = append(wins, w)
		w.Show()
	}
	placeSideBySide(wins)
	if capture := os.Getenv(captureEnv); capture != "" {
		go captureAndQuit(a, b, wins, capture)
	}
	go func() {
		<-ctx.Done()
		b.do(a.Quit)
	}()
	a.Run()
	b.stop() // sessions closing below must not reach the closed windows
	return nil
}

// demoScreenWidth is the narrowest common laptop screen on which the
// demo's two windows fit side by side.
const demoScreenWidth = 1600

// demoWindowGap is the space placeSideBySide leaves between the windows,
// with room for their frames.
const demoWindowGap = 24

// demoWindowSize is the size of each demo window: half the screen less the
// gap, and short enough for a 1600x900 screen under a top panel.
var demoWindowSize = fyne.NewSize((demoScreenWidth-demoWindowGap)/2-8, 760)

// captureAndQuit writes a PNG of the whole screen to path (for the smoke
// test and the README screenshot) and quits. Where the screen cannot be
// read, it writes the first window's own capture.
func captureAndQuit(a fyne.App, b *bridge, wins []fyne.Window, path string) {
	time.Sleep(4 * time.Second) // let both windows draw and sync
	var img image.Image
	var err error
	b.wait(func() { img, err = captureScreen() })
	if err != nil {
		b.wait(func() { img = wins[0].Canvas().Capture() })
	}
	if err := writePNG(path, cropToContent(img)); err != nil {
		fmt.Fprintln(os.Stderr, "kintsugi: capture:", err)
	}
	b.do(a.Quit)
}

// cropToContent trims the black, empty screen around the windows.
func cropToContent(img image.Image) image.Image {
	b := img.Bounds()
	minX, minY, maxX, maxY := b.Max.X, b.Max.Y, b.Min.X, b.Min.Y
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r|g|bl > 0x0800 {
				minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x+1), max(maxY, y+1)
			}
		}
	}
	s, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok || minX >= maxX {
		return img
	}
	return s.SubImage(image.Rect(minX, minY, maxX, maxY))
}

// demoSeed gives the fresh demo profiles a first shared step, so the two
// windows show the same notes from the start.
func demoSeed(alex, sam Session) {
	d := alex.Doc()
	_ = d.SetStart(time.Now())
	_, _ = d.AddCommitment(alex.Me().ID, "Text when I'll be late", doc.Daily)
	_, _ = sam.Doc().AddNeed(sam.Me().ID, "Reassurance when plans change")
}
