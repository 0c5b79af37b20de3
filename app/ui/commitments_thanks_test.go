package ui

import (
	"testing"

	"github.com/kintsugi-app/kintsugi/doc"
)

// TestCommitmentsThankRealStack: on the real stack, a commitment with no
// marked day says so in words; Sam's kept day can be thanked for on Alex's
// Commitments page, as on Today, and the thanks reach Sam's document.
func TestCommitmentsThankRealStack(t *testing.T) {
	alex, sam := realCouple(t)
	id, err := sam.Doc().AddCommitment(sam.Me().ID, "Text when I'm late", doc.Daily)
	mustNil(t, err)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	eventually(t, "Sam's commitment reaches Alex", func() bool { return len(alex.Doc().Commitments()) == 1 }, h)
	h.open("Commitments")
	settle(h.b)
	wantText(t, c, "Nothing marked yet")
	today := doc.DateOf(testNow)
	mustNil(t, sam.Doc().MarkCommitment(id, today, true))
	eventually(t, "Sam's kept day reaches Alex", func() bool { return len(alex.Doc().Commitments()[0].Log) == 1 }, h)
	h.ui.reload()
	settle(h.b)
	wantText(t, c, "kept 1 of 1")
	tap(t, c, "Thank you — acknowledge")
	h.edited()
	eventually(t, "the thanks reach Sam", func() bool {
		m, ok := markOn(sam.Doc().Commitments()[0], today)
		return ok && !m.Acknowledged.IsZero()
	}, h)
	if hasText(c, "Thank you — acknowledge") {
		t.Error("the thanks are still offered once given")
	}
}
