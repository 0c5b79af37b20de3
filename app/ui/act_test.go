package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
)

// countLoads makes each screen of h count its loads and applies by title.
func countLoads(h *harness) (loads, applies map[string]int) {
	loads, applies = map[string]int{}, map[string]int{}
	for _, s := range h.ui.screens {
		load, title := s.load, s.title
		s.load = func() func() {
			loads[title]++
			apply := load()
			return func() { applies[title]++; apply() }
		}
	}
	return loads, applies
}

// TestActionEditsOffUIGoroutineAndLoadsOnce taps "Add commitment" with the
// bridge holding async work: the edit waits there, so it does not run on
// the tap's goroutine, which is the UI goroutine in the app; a second
// press and Enter while it waits add nothing. When the edit has run, the
// form clears and the screen has not loaded: no action refreshes by hand.
// The document's notification then loads the screen exactly once.
func TestActionEditsOffUIGoroutineAndLoadsOnce(t *testing.T) {
	alex, _ := pairedSessions(t)
	editOffUIGoroutine(t, alex)
}

func TestActionEditsOffUIGoroutineAndLoadsOnceRealStack(t *testing.T) {
	alex, _ := realCouple(t)
	editOffUIGoroutine(t, alex)
}

func editOffUIGoroutine(t *testing.T, alex Session) {
	h := newHarness(t, alex)
	c := h.win.Canvas()
	h.open("Commitments")
	settle(h.b)
	loads, applies := countLoads(h)
	e := typeInto(t, c, "Something small", "Text when I'll be late")

	h.b.hold = true
	add := button(t, c, "Add commitment")
	tap(t, c, "Add commitment")
	if n := len(alex.Doc().Commitments()); n != 0 {
		t.Fatalf("%d commitments right after the tap: the edit ran on the tap's goroutine", n)
	}
	if len(h.b.held) != 1 {
		t.Fatalf("%d async works held after the tap, want the edit alone", len(h.b.held))
	}
	if !add.Disabled() {
		t.Error("Add commitment stays enabled while its edit runs")
	}
	add.Tapped(&fyne.PointEvent{})                   // a second press…
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // …and Enter in the field
	if len(h.b.held) != 1 {
		t.Fatalf("%d async works held after a second press and Enter, want 1: the commitment would be added twice", len(h.b.held))
	}

	run := h.b.held[0]
	h.b.held, h.b.hold = nil, false
	run()
	if n := len(alex.Doc().Commitments()); n != 1 {
		t.Fatalf("%d commitments after the edit ran, want 1", n)
	}
	if e.Text != "" || add.Disabled() {
		t.Errorf("after the edit the field holds %q and the button disabled = %v; want it cleared and enabled", e.Text, add.Disabled())
	}
	if loads["Commitments"] != 0 {
		t.Fatalf("the screen loaded %d times before the document's notification: the action refreshed by hand", loads["Commitments"])
	}
	h.edited()
	if loads["Commitments"] != 1 || applies["Commitments"] != 1 {
		t.Errorf("own edit loaded %d and applied %d times, want 1 and 1", loads["Commitments"], applies["Commitments"])
	}
	wantText(t, c, "Text when I'll be late")
}

// TestActionFailureKeepsForm checks that an edit that fails shows why and
// keeps what was typed: a form clears only when its record was added.
func TestActionFailureKeepsForm(t *testing.T) {
	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	h.open("Boundaries")
	settle(h.b)
	e := typeInto(t, c, "The agreed consequence", "We pause and talk")
	tap(t, c, "Propose") // no boundary written
	wantText(t, c, "Please write something first.")
	if e.Text != "We pause and talk" {
		t.Errorf("a failed proposal cleared the consequence to %q", e.Text)
	}
	if n := len(alex.Doc().Boundaries()); n != 0 {
		t.Errorf("%d boundaries after a failed proposal", n)
	}
	if button(t, c, "Propose").Disabled() {
		t.Error("Propose stays disabled after a failed edit")
	}
}

// TestActionsRunInOrder checks that the edits of one window run one at a
// time, in the order they were asked for, each after the one before ends.
func TestActionsRunInOrder(t *testing.T) {
	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	h.b.hold = true
	var ran, done []string
	for _, name := range []string{"tick", "untick", "tick again"} {
		h.ui.act(func() error { ran = append(ran, name); return nil }, func() { done = append(done, name) })
	}
	for i := range 3 {
		if len(h.b.held) != 1 {
			t.Fatalf("%d edits running at once, want 1", len(h.b.held))
		}
		run := h.b.held[0]
		h.b.held = h.b.held[1:]
		run()
		if len(ran) != i+1 || len(done) != i+1 {
			t.Fatalf("after %d edits ran %v and finished %v", i+1, ran, done)
		}
	}
	if want := "[tick untick tick again]"; fmt.Sprint(ran) != want || fmt.Sprint(done) != want {
		t.Errorf("ran %v and finished %v, want both %s", ran, done, want)
	}
}
