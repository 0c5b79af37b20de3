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
	"os"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
)

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
	f.start()
	stop := make(chan struct{})
	startReminders(a, b, f, stop)
	setupTray(a, w, f)
	w.SetOnClosed(func() {
		close(stop)
		if f.sess != nil {
			_ = f.sess.Close()
		}
	})
	w.ShowAndRun()
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
	defer alex.Close()
	defer sam.Close()

	a := newApp()
	b := &bridge{}
	wins := make([]fyne.Window, 0, 2)
	for _, s := range []Session{alex, sam} {
		w := a.NewWindow("Kintsugi — " + s.Me().Name)
		w.Resize(fyne.NewSize(940, 700))
		f := newFlow(w, nil, b)
		f.sess = s
		f.showMain()
		wins = append(wins, w)
		w.Show()
	}
	placeSideBySide(wins)
	if capture := os.Getenv("KINTSUGI_DEMO_CAPTURE"); capture != "" {
		go captureAndQuit(a, wins, capture)
	}
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	a.Run()
	return nil
}

// captureAndQuit writes a PNG of each demo window (for the smoke test and
// the README screenshot) and quits.
func captureAndQuit(a fyne.App, wins []fyne.Window, prefix string) {
	time.Sleep(2 * time.Second)
	fyne.DoAndWait(func() {
		for i, w := range wins {
			if err := writePNG(fmt.Sprintf("%s-%d.png", prefix, i+1), w.Canvas().Capture()); err != nil {
				fmt.Fprintln(os.Stderr, "kintsugi: capture:", err)
			}
		}
	})
	time.Sleep(300 * time.Millisecond)
	fyne.Do(a.Quit)
}
