package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// isAudience reports whether o is an audience line (see audience and
// audienceTag): italic, quiet.
func isAudience(o fyne.CanvasObject) bool {
	l, ok := o.(*widget.Label)
	return ok && l.TextStyle.Italic && l.Importance == widget.LowImportance && l.Text != ""
}

// isSection reports whether o is the box of a section (see sectionL): a
// stack over its themed background.
func isSection(o fyne.CanvasObject) bool {
	c, ok := o.(*fyne.Container)
	if !ok || len(c.Objects) != 2 {
		return false
	}
	_, bg := c.Objects[0].(*themed)
	return bg
}

// audienceGaps lists, for the screen shown on c, every field (a text
// entry, but for a passphrase's) whose section has no line saying who will see it, every field in
// no section, and every line about "what you write" in a section where
// there is nothing to write.
func audienceGaps(c fyne.Canvas) []string {
	type box struct {
		fields []string
		lines  []string
	}
	var gaps []string
	var walk func(o fyne.CanvasObject, in *box)
	walk = func(o fyne.CanvasObject, in *box) {
		if o == nil || !o.Visible() {
			return
		}
		if isSection(o) {
			b := &box{}
			for _, k := range o.(*fyne.Container).Objects {
				walk(k, b)
			}
			for _, f := range b.fields {
				if len(b.lines) == 0 {
					gaps = append(gaps, fmt.Sprintf("field %q: no line says who will see it", f))
				}
			}
			for _, l := range b.lines {
				if len(b.fields) == 0 && strings.Contains(l, "write here") {
					gaps = append(gaps, fmt.Sprintf("%q where there is nothing to write", l))
				}
			}
			return
		}
		switch x := o.(type) {
		case *textEntry:
			if x.Password {
				return // a passphrase is shown to no one
			}
			if in == nil {
				gaps = append(gaps, fmt.Sprintf("field %q is in no section", x.PlaceHolder))
			} else {
				in.fields = append(in.fields, x.PlaceHolder)
			}
			return
		case *widget.Entry:
			if in == nil {
				gaps = append(gaps, fmt.Sprintf("field %q is in no section", x.PlaceHolder))
			} else {
				in.fields = append(in.fields, x.PlaceHolder)
			}
			return
		case *widget.Label:
			if isAudience(x) && in != nil {
				in.lines = append(in.lines, x.Text)
			}
			return
		case *fyne.Container:
			for _, k := range x.Objects {
				walk(k, in)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(x).Objects() {
				walk(k, in)
			}
		}
	}
	walk(c.Content(), nil)
	return gaps
}

// everyFieldSaysWhoSees opens every screen of h, with the partner's need
// and question waiting for an answer (so their fields show), and the
// Repair screen in each of its five rounds, and fails for every gap
// audienceGaps finds. me's document d starts the repair conversation.
func everyFieldSaysWhoSees(t *testing.T, h *harness, d *doc.Shared, me string) {
	t.Helper()
	c := h.win.Canvas()
	check := func(where string) {
		t.Helper()
		for _, g := range audienceGaps(c) {
			t.Errorf("%s: %s", where, g)
		}
	}
	for _, s := range h.ui.screens {
		h.open(s.title)
		settle(h.b)
		check(s.title)
	}
	id, err := d.StartRepairSession(me)
	if err != nil {
		t.Fatal(err)
	}
	h.open("Repair")
	for round := doc.RoundSpeaker; round <= doc.RoundCommitments; round++ {
		if round > doc.RoundSpeaker {
			mustNil(t, d.MoveRepairRound(id, me, round-1, round))
		}
		h.ui.reload()
		settle(h.b)
		if !hasText(c, fmt.Sprintf("Round %d of 5", round)) {
			t.Fatalf("the Repair screen is not at round %d", round)
		}
		check(fmt.Sprintf("Repair, round %d", round))
	}
}

// Every field says who will see it, and no line speaks of writing where
// there is nothing to write, on every screen, on the real stack (two real
// profiles paired in-process, the real adapter): Sam's need and question
// reach Alex's laptop over the real sync, and Alex's screens show the
// fields to respond and to answer.
func TestEveryFieldSaysWhoSeesRealStack(t *testing.T) {
	alex, sam := realCouple(t)
	if _, err := sam.Doc().AddNeed(sam.Me().ID, "I need you to tell me when plans change"); err != nil {
		t.Fatal(err)
	}
	if _, err := sam.Doc().AskQuestion(sam.Me().ID, "I keep imagining it", "Were you in touch last month?"); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, alex)
	eventually(t, "Sam's need and question to reach Alex", func() bool {
		return len(alex.Doc().Needs()) == 1 && len(alex.Doc().Questions()) == 1
	}, h)
	c := h.win.Canvas()
	h.open("Needs")
	settle(h.b)
	entryWith(t, c, "How will you respond?")
	wantText(t, c, "Sam will see your response.")
	h.open("Questions")
	settle(h.b)
	entryWith(t, c, "Answer honestly, without needless detail")
	wantText(t, c, "Sam will see your answer.")
	everyFieldSaysWhoSees(t, h, alex.Doc(), alex.Me().ID)
}
