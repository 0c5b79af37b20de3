package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"

	"github.com/kintsugi-app/kintsugi/app/adapt"
)

// On the real stack (two real profiles paired over loopback, the real
// adapter): a note not shared and the safety sign never reach the partner;
// a shared note does, and shows on the partner's Today. Ticking the safety
// sign shows safety first, and "Leave quickly" locks at once.
func TestPrivacyRealStack(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	alex, sam, err := adapt.DemoPair(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer alex.Close()
	defer sam.Close()
	a := newHarness(t, alex)
	ca := a.win.Canvas()

	typeInto(t, ca, "A note", "the quillowrain night frightened me")
	wantText(t, ca, onlyYou)
	tap(t, ca, "Save check-in")
	typeInto(t, ca, "A note", "the marigoldpath walk was lovely")
	test.Tap(find(t, ca, func(c *widget.Check) bool { return c.Text == "Share this note with Sam" }))
	tap(t, ca, "Save check-in")

	a.open("Journey")
	settle(a.b)
	wantText(t, ca, "Only you: this tick stays on this laptop.")
	test.Tap(find(t, ca, func(c *widget.Check) bool { return c.Text == doc.SignAbuse.Text() }))
	settle(a.b)
	if !alex.SafetySign() {
		t.Fatal("the safety sign was not kept")
	}
	wantText(t, ca, "Your safety comes first")
	wantText(t, ca, "Your safety matters more than this repair.")
	wantText(t, ca, "domestic-violence helpline")
	if hasText(ca, "A couples therapist") {
		t.Error("safety advice suggests couples therapy")
	}
	test.Tap(find(t, ca, func(c *widget.Check) bool { return c.Text == doc.SignStuck.Text() }))
	settle(a.b)

	// Sam's laptop gets the shared note and the shared sign, nothing else.
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(fmtCheckIns(sam.Doc().CheckIns()), "marigoldpath") || len(sam.Doc().HelpSigns()[5].TickedBy) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("alex's shared note and sign never reached sam")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if bytes.Contains(sam.Doc().Save(), []byte("quillowrain")) || strings.Contains(fmtCheckIns(sam.Doc().CheckIns()), "quillowrain") {
		t.Error("the private note reached sam")
	}
	if sam.SafetySign() || len(sam.Doc().SharedPrivateTicks(doc.SignAbuse)) != 0 || len(sam.Doc().HelpSigns()[6].TickedBy) != 0 {
		t.Error("the safety sign reached sam")
	}
	s := newHarness(t, sam)
	cs := s.win.Canvas()
	wantText(t, cs, "Alex checked in: safety 5, trust 5, connection 5 · shared a note: “the marigoldpath walk was lovely”")
	s.open("Journey")
	settle(s.b)
	if hasText(cs, "Your safety comes first") || strings.Count(test.RenderToMarkup(cs), "Alex ticked this") != 1 {
		t.Error("sam's Journey shows more than the one shared sign alex ticked")
	}

	locked := false
	a.ui.lock = func() { locked = true }
	tap(t, ca, "Leave quickly")
	if !locked {
		t.Error("Leave quickly did not lock")
	}
}

func fmtCheckIns(cs []doc.CheckIn) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Note + "\n")
	}
	return b.String()
}
