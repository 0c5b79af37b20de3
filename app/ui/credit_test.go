package ui

import (
	"testing"

	"github.com/kintsugi-app/kintsugi/doc"
)

// Saving the repair conversation credits no one with what they did not
// do, on the real stack (two real profiles paired in-process, the real
// adapter): the week-one milestone reads "Your conversation is saved",
// with no one's tick made for them; Sam's "since you last
// looked" says Alex worked through the repair conversation, in one line,
// never a count of clicks, and never that Alex shared Sam's need; and a
// name filled in as the two pair is not a change anyone made.
func TestRepairCreditRealStack(t *testing.T) {
	alex, sam := realCouple(t)
	a, s := newHarness(t, alex), newHarness(t, sam)
	ca, cs := a.win.Canvas(), s.win.Canvas()
	d, me := alex.Doc(), alex.Me().ID

	// As pairing does when the other laptop's placeholder won the merge.
	mustNil(t, d.FillPartnerName(me, "Alex"))
	id, err := d.StartRepairSession(me)
	mustNil(t, err)
	for round := doc.RoundSpeaker; round < doc.RoundCommitments; round++ {
		mustNil(t, d.MoveRepairRound(id, me, round, round+1))
	}
	mustNil(t, d.RecordRound(id, doc.RoundNeeds, sam.Me().ID, "To hear the truth, even late"))
	mustNil(t, d.RecordRound(id, doc.RoundCommitments, me, "Share my phone when asked"))
	a.open("Repair")
	eventually(t, "Alex's laptop shows round 5", func() bool { return hasText(ca, "Round 5 of 5") }, a, s)
	tap(t, ca, "Save to our shared notes")
	a.edited()

	for _, m := range d.Milestones() {
		if m.ID == "w1-repair" && (len(m.TickedBy) != 0 || m.Reached.IsZero()) {
			t.Errorf("after saving: ticked by %v, reached %v; want no one's tick, reached", m.TickedBy, m.Reached)
		}
	}
	s.open("Today")
	eventually(t, "Sam's laptop to get the saved conversation", func() bool {
		return hasText(cs, "worked through the repair conversation")
	}, a, s)
	wantText(t, cs, "Since you last looked, Alex worked through the repair conversation.")
	// Sam's need said in the conversation is not Alex's to share: saving
	// is one change, the conversation's.
	for _, not := range []string{"moved the repair conversation", " times,", "changed a name", "ticked a milestone", "added to a repair conversation", "Alex shared a need", "and made a commitment"} {
		if hasText(cs, not) {
			t.Errorf("Sam's Today says %q", not)
		}
	}
	s.open("Milestones")
	settle(s.b)
	wantText(t, cs, "Your conversation is saved")
	if hasText(cs, "Alex ticked this") {
		t.Error(`Sam's Milestones say "Alex ticked this": Alex never ticked it`)
	}
}
