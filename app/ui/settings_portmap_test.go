package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/app/adapt"
)

// Settings → Connection's router switch, on the real stack: off by
// default; ticked, it is saved in this laptop's settings and the sync node
// started at the next unlock asks the router to forward its port; unticked,
// the next one does not. The words under it follow it, as loaded and as
// ticked.
func TestSettingsPortMapRealStack(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dir := t.TempDir()
	alex, sam, err := adapt.DemoPair(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sam.Close() })
	if adapt.ProfileOf(alex).PortMapping() {
		t.Fatal("port mapping is on by default")
	}

	// unlock opens Alex's profile again, as the unlock screen does, with a
	// window on its Settings.
	unlock := func() (Session, *harness, *widget.Check) {
		t.Helper()
		s, err := adapt.DemoOpener(dir, "Alex").Open(adapt.DemoPassphrase("Alex"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		h := newHarness(t, s)
		h.open("Settings")
		settle(h.b)
		box := find(t, h.win.Canvas(), func(c *widget.Check) bool { return c.Text == "Let my router forward a port to this laptop" })
		return s, h, box
	}
	lock := func(s Session, h *harness) {
		t.Helper()
		h.ui.close()
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}

	h := newHarness(t, alex)
	h.open("Settings")
	settle(h.b)
	box := find(t, h.win.Canvas(), func(c *widget.Check) bool { return c.Text == "Let my router forward a port to this laptop" })
	if box.Checked {
		t.Fatal("the router switch is ticked by default")
	}
	says := func(h *harness, on bool) {
		t.Helper()
		off, onWords := hasText(h.win.Canvas(), "Off unless you turn it on."), hasText(h.win.Canvas(), "On: this laptop asks your home router")
		if off == on || onWords != on {
			t.Errorf("the switch is ticked: %v, yet its words say off: %v, on: %v", on, off, onWords)
		}
		wantText(t, h.win.Canvas(), "A change takes effect the next time you open Kintsugi")
	}
	says(h, false)
	test.Tap(box)
	says(h, true) // at once, as ticked
	eventually(t, "the switch to be saved", func() bool { return alex.Settings().PortMap }, h)
	says(h, true)
	if adapt.ProfileOf(alex).PortMapping() {
		t.Error("the running node changed its port mapping before the next unlock")
	}
	lock(alex, h)

	s2, h2, box2 := unlock()
	if !box2.Checked {
		t.Error("the switch is not ticked after unlocking again")
	}
	says(h2, true) // as loaded
	if !adapt.ProfileOf(s2).PortMapping() {
		t.Fatal("the node started after ticking the switch does not ask the router for a port")
	}
	test.Tap(box2)
	eventually(t, "the switch to be saved off", func() bool { return !s2.Settings().PortMap }, h2)
	says(h2, false)
	lock(s2, h2)

	s3, h3, box3 := unlock()
	says(h3, false)
	if box3.Checked || adapt.ProfileOf(s3).PortMapping() {
		t.Fatalf("unticked, yet after unlocking the box is %v and the node maps a port: %v", box3.Checked, adapt.ProfileOf(s3).PortMapping())
	}
}
