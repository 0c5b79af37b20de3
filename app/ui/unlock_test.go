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
	busy := find(t, c, func(*widget.ProgressBarInfinite) bool { return true })
	if !busy.Visible() || !busy.Running() {
		t.Errorf("no moving bar while unlocking (shown %v, running %v)", busy.Visible(), busy.Running())
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
	if busy.Visible() || busy.Running() {
		t.Error("the bar still moves after unlocking")
	}
}

// While a passphrase is being tried, it holds still: the field, Unlock
// and the recovery button are disabled, and Enter starts no second try.
// A wrong one gives them back, with the kind words and the field cleared
// for another try. On the real profile.
func TestUnlockHoldsStillWhileWorking(t *testing.T) {
	test.NewTempApp(t)
	o := adapt.DemoOpener(t.TempDir(), "p")
	s, err := o.Create("Alex", "lantern orbit velvet")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	f, c := newFlowWindow(t, o)
	f.b.hold = true
	pass := typeInto(t, c, "Passphrase", "lantern orbit vel")
	tap(t, c, "Unlock")
	unlock := button(t, c, "Unlock")
	forgot := button(t, c, "I forgot my passphrase: use my recovery file")
	if !pass.Disabled() || !unlock.Disabled() || !forgot.Disabled() {
		t.Errorf("while unlocking: field disabled %v, Unlock %v, recovery %v; want all disabled", pass.Disabled(), unlock.Disabled(), forgot.Disabled())
	}
	test.Type(pass, "vet")
	pass.OnSubmitted(pass.Text)
	if pass.Text != "lantern orbit vel" {
		t.Errorf("the field took typing while unlocking: %q", pass.Text)
	}
	if len(f.b.held) != 1 {
		t.Fatalf("%d unlocks started, want 1", len(f.b.held))
	}
	f.b.held[0]()
	f.b.held = nil
	if f.sess != nil {
		t.Fatal("a wrong passphrase unlocked")
	}
	wantText(t, c, "That passphrase didn't match. Take your time and try again.")
	if pass.Disabled() || unlock.Disabled() || forgot.Disabled() {
		t.Errorf("after a wrong passphrase: field disabled %v, Unlock %v, recovery %v; want none", pass.Disabled(), unlock.Disabled(), forgot.Disabled())
	}
	if pass.Text != "" {
		t.Errorf("the wrong passphrase stays in the field: %q", pass.Text)
	}
	if c.Focused() != pass {
		t.Error("the field does not have the keyboard for another try")
	}
}
