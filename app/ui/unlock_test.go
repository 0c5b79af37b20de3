package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/app/adapt"
)

// While the passphrase opens the real key (seconds, on purpose), the
// unlock screen shows that it is working and why; when it is done, the
// indicator goes.
func TestUnlockShowsItWorks(t *testing.T) {
	test.NewTempApp(t)
	o := adapt.DemoOpener(t.TempDir(), "p")
	s, err := o.Create("Alex", "lantern orbit velvet")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	f, c := newFlowWindow(t, o)
	f.b.hold = true // the slow open waits until the test runs it
	typeInto(t, c, "Passphrase", "lantern orbit velvet")
	tap(t, c, "Unlock")
	wantText(t, c, "your key is protected against guessing")
	busy := find(t, c, func(*widget.Activity) bool { return true })
	if !busy.Visible() {
		t.Error("no activity indicator while unlocking")
	}
	checkLayout(t, c, "unlocking")
	for _, run := range f.b.held {
		run()
	}
	f.b.held = nil
	if f.sess == nil {
		t.Fatal("not unlocked")
	}
	t.Cleanup(func() { f.sess.Close() })
	if busy.Visible() {
		t.Error("the activity indicator still turns after unlocking")
	}
}
