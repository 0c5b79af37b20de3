// Package app is the Kintsugi desktop app, built with Fyne.
//
// [Run] opens one window on the profile in a folder: on first launch it
// creates the profile (name, passphrase, recovery file) and pairs with the
// partner; later it asks for the passphrase. [Demo] opens two windows on two
// fresh profiles that are already paired, so a newcomer can watch an edit in
// one appear in the other.
//
// This package is the shell: the window, the tray, the reminders and what
// is particular to a platform. The screens (package ui) are built from
// injected domain objects: a model.Session for the unlocked profile, which
// package adapt makes of the real one. Slow work — scrypt, disk, network —
// never runs on the UI goroutine; results and the partner's live edits
// reach the widgets through one small bridge (ui.Bridge) that uses fyne.Do.
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

	"github.com/kintsugi-app/kintsugi/app/adapt"
	"github.com/kintsugi-app/kintsugi/app/ui"
	"github.com/kintsugi-app/kintsugi/app/ui/model"
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
	a.Settings().SetTheme(ui.ThemeFor(a.Preferences())) // this laptop's appearance, as chosen in Settings
	a.SetIcon(ui.Icon())
	return a
}

// mainWindow returns the app's window, at the size it opens at: two fit
// side by side on a laptop screen (it was 1100 px wide, too wide for two).
func mainWindow(a fyne.App) fyne.Window {
	w := a.NewWindow("Kintsugi")
	w.Resize(ui.WindowSize)
	return w
}

// Run opens the desktop app on the profile in dir (created on first launch).
func Run(dir string) error {
	o, err := adapt.OpenerFor(dir)
	if err != nil {
		return err
	}
	a := newApp()
	w := mainWindow(a)
	b := ui.NewBridge()
	f := ui.NewFlow(w, o, b)
	if e := loginEntry(dir); e != nil {
		f.OfferLogin(e)
	}
	f.Start()
	stop := make(chan struct{})
	startReminders(a, b, f.Session, stop)
	// With a tray, closing the window hides it and reminders keep coming
	// until "Quit" in the tray menu; without one, closing quits.
	setupTray(a, w, f.Lock, b, stop, runtime.GOOS, os.Getenv, trayShown)
	if capture := os.Getenv(captureEnv); capture != "" {
		go captureAndQuit(a, b, []fyne.Window{w}, capture)
	}
	var once stdsync.Once
	end := func() { // on closing the window, or quitting from the tray
		once.Do(func() {
			close(stop)
			_ = f.Close() // the bridge stops before the session closes
		})
	}
	w.SetOnClosed(end)
	w.ShowAndRun()
	end()
	return nil
}

// Demo opens two windows on two fresh, paired profiles in a temporary folder.
func Demo(ctx context.Context) error {
	dir, err := os.MkdirTemp("", "kintsugi-demo-")
	if err != nil {
		return fmt.Errorf("failed to make the demo folder: %w", err)
	}
	defer os.RemoveAll(dir)
	alex, sam, err := adapt.DemoPair(ctx, dir)
	if err != nil {
		return err
	}
	demoSeed(alex, sam)

	a := newApp()
	b := ui.NewBridge()
	wins := make([]fyne.Window, 0, 2)
	flows := make([]*ui.Flow, 0, 2)
	defer func() { // the sessions open now, which Lock may have replaced
		for _, f := range flows {
			_ = f.Close() // the bridge stops before the session closes
		}
	}()
	for _, s := range []model.Session{alex, sam} {
		w := a.NewWindow("Kintsugi — " + s.Me().Name)
		w.Resize(ui.DemoWindowSize)
		f := ui.NewFlow(w, adapt.DemoOpener(dir, s.Me().Name), b)
		f.RevealPassphrase(adapt.DemoPassphrase(s.Me().Name))
		f.ShowMain(s)
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
		b.Do(a.Quit)
	}()
	a.Run()
	return nil
}

// captureAndQuit writes a PNG of the whole screen to path (for the smoke
// test and the README screenshot) and quits. Where the screen cannot be
// read, it writes the first window's own capture.
func captureAndQuit(a fyne.App, b *ui.Bridge, wins []fyne.Window, path string) {
	time.Sleep(4 * time.Second) // let both windows draw and sync
	var img image.Image
	var err error
	b.Wait(func() { img, err = captureScreen() })
	if err != nil {
		b.Wait(func() { img = wins[0].Canvas().Capture() })
	}
	if err := writePNG(path, cropToContent(img)); err != nil {
		fmt.Fprintln(os.Stderr, "kintsugi: capture:", err)
	}
	b.Do(a.Quit)
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
func demoSeed(alex, sam model.Session) {
	d := alex.Doc()
	_ = d.SetStart(time.Now())
	_, _ = d.AddCommitment(alex.Me().ID, "Text when I'll be late", doc.Daily)
	_, _ = sam.Doc().AddNeed(sam.Me().ID, "Reassurance when plans change")
}
