package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// tapInDialog taps the button labelled label in the dialog on top of c,
// not one of the same words on the screen under it.
func tapInDialog(t *testing.T, c fyne.Canvas, label string) {
	t.Helper()
	top := c.Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog to tap %q in", label)
	}
	var b *widget.Button
	objects(top, func(o fyne.CanvasObject) bool {
		if x, ok := o.(*widget.Button); ok && x.Text == label {
			b = x
			return false
		}
		return true
	})
	if b == nil {
		t.Fatalf("the dialog has no button %q", label)
	}
	test.Tap(b)
}

// A pause is asked for and agreed, on two real laptops: it runs only once
// the other agrees; the other may say not now; the asker may withdraw.
func TestPauseAgreedRealStack(t *testing.T) {
	alex, sam := realCouple(t)
	a, s := newHarness(t, alex), newHarness(t, sam)
	ca, cs := a.win.Canvas(), s.win.Canvas()
	ask := func() {
		t.Helper()
		a.open("Settings")
		tap(t, ca, "Ask for a 48-hour pause")
		wantText(t, ca, "Ask Sam for a pause until Thursday 19:30?")
		shot(t, ca, "pause_ask_dialog")
		wantText(t, ca, "It starts when Sam agrees")
		tap(t, ca, "Ask")
		eventually(t, "Settings to say the request went out", func() bool { return hasText(ca, "Sent. Sam will see your request on Today.") }, a, s)
		shot(t, ca, "pause_sent_settings")
		a.open("Today")
		eventually(t, "Alex's Today says the request waits", func() bool {
			return hasText(ca, "You asked Sam for a pause until Thursday 19:30")
		}, a, s)
		eventually(t, "Sam's Today shows the request", func() bool { return hasText(cs, "Alex asks for a pause until Thursday 19:30") }, a, s)
	}
	s.open("Today")

	ask()
	if hasText(ca, "A pause is running") || hasText(cs, "A pause is running") {
		t.Fatal("a pause runs before Sam agreed")
	}
	if hasText(ca, "Agree to the pause") {
		t.Error("Alex is offered to agree to Alex's own request")
	}
	wantText(t, cs, "Alex will see your answer.")
	agree := button(t, cs, "Agree to the pause")
	s.ui.reload() // as any change does
	settle(s.b)
	if button(t, cs, "Agree to the pause") != agree {
		t.Error("a reload swapped the Agree button for another")
	}
	s.open("Settings")
	wantText(t, cs, "Alex asks for a pause until Thursday 19:30: you can answer on Today.")
	s.open("Today")
	shot(t, cs, "pause_asked_sam")
	shot(t, ca, "pause_asked_alex")
	tap(t, cs, "Agree to the pause")
	eventually(t, "Alex's laptop shows the pause running", func() bool { return hasText(ca, "Sam agreed to your pause, until Thursday 19:30.") }, a, s)
	wantText(t, cs, "You agreed to Alex's pause, until Thursday 19:30.")
	shot(t, ca, "pause_running_alex")
	if p := alex.Doc().Journey().Pause; !p.Active(testNow) || p.AgreedBy != sam.Me().ID {
		t.Fatalf("the pause on Alex's laptop: %+v", p)
	}
	a.open("Milestones")
	wantText(t, a.win.Canvas(), "You agreed a pause")
	a.open("Today")
	// Settings knows a pause runs, and asks for none.
	a.open("Settings")
	tap(t, ca, "Ask for a 48-hour pause")
	wantText(t, ca, "A pause is running until Thursday 19:30. You can end it on Today.")
	tap(t, ca, "OK")
	wantText(t, ca, "A pause is running until Thursday 19:30.")
	a.open("Today")
	tap(t, ca, "End the pause")
	wantText(t, ca, "End the pause now, for both of you? Sam will see that you ended it.")
	tap(t, ca, "Keep the pause")
	if !alex.Doc().Journey().Pause.Active(testNow) {
		t.Fatal("Keep the pause ended it")
	}
	tap(t, ca, "End the pause")
	tapInDialog(t, ca, "End the pause")
	eventually(t, "the pause to end on both", func() bool { return !hasText(ca, "A pause is running") && !hasText(cs, "A pause is running") }, a, s)
	eventually(t, "Sam to be told Alex ended it", func() bool { return hasText(cs, "Alex ended the pause at 19:30.") }, a, s)
	wantText(t, ca, "You ended the pause at 19:30.")
	shot(t, cs, "pause_ended_sam")
	a.open("Settings")
	settle(a.b)
	if hasText(ca, "Sent.") || hasText(ca, "A pause is running") {
		t.Error("Settings still speaks of a pause that has ended")
	}

	ask()
	a.open("Settings")
	tap(t, ca, "Ask for a 48-hour pause")
	wantText(t, ca, "You asked Sam for a pause until Thursday 19:30. It is on Today, where you can withdraw it.")
	tap(t, ca, "OK")
	a.open("Today")
	tap(t, cs, "Not now")
	eventually(t, "Alex to hear Sam's not now", func() bool { return hasText(ca, "Sam would rather not pause right now") }, a, s)
	shot(t, ca, "pause_not_now_alex")
	if hasText(cs, "asks for a pause") || hasText(ca, "A pause is running") {
		t.Error("a request said not now to still waits or runs")
	}

	ask()
	tap(t, ca, "Withdraw the request")
	eventually(t, "the request to leave Sam's Today", func() bool { return !hasText(cs, "asks for a pause") }, a, s)
	if hasText(ca, "You asked Sam for a pause") {
		t.Error("Alex's Today still shows the withdrawn request")
	}
}
