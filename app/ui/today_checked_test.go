package ui

import (
	"testing"
)

// TestTodayRemembersCheckInRealStack checks in on the real stack: Today
// then says so, from the document, above the form, and again on a new UI
// (a restart); the button offers another check-in, which still works. The
// partner's Today does not say Alex checked in as if it were Sam.
func TestTodayRemembersCheckInRealStack(t *testing.T) {
	alex, sam := realCouple(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	const said = "You checked in today at 19:30."
	if hasText(c, said) {
		t.Fatal("Today says a check-in was made before any")
	}
	tap(t, c, "Save check-in")
	h.edited()
	wantText(t, c, said)
	button(t, c, "Check in again")

	// A restart: a new UI on the same profile reads it from the document.
	h2 := newHarness(t, alex)
	c2 := h2.win.Canvas()
	wantText(t, c2, said)
	tap(t, c2, "Check in again")
	h2.edited()
	if n := len(alex.Doc().CheckIns()); n != 2 {
		t.Fatalf("%d check-ins after checking in again, want 2", n)
	}
	wantText(t, c2, said)

	hs := newHarness(t, sam)
	eventually(t, "Sam's document has Alex's check-ins", func() bool { return len(sam.Doc().CheckIns()) == 2 }, hs)
	hs.ui.reload()
	settle(hs.b)
	if hasText(hs.win.Canvas(), "You checked in today") {
		t.Error("Sam's Today says Sam checked in, after Alex's check-ins")
	}
	button(t, hs.win.Canvas(), "Save check-in")
}
