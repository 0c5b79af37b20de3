package doc_test

import (
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

// One shared session: either partner moves it on, from the round they saw;
// the speaker's timer runs on the shared start time; both laptops agree.
func TestSharedRepairSession(t *testing.T) {
	a := newCouple(t)
	now := t0
	a.SetClock(func() time.Time { return now })
	if _, ok := a.ActiveRepairSession(); ok {
		t.Fatal("an active session before any started")
	}
	id := must[string](t)(a.StartRepairSession(sam))
	b := must[*doc.Shared](t)(a.Fork())
	b.SetClock(func() time.Time { return now })
	r, ok := b.ActiveRepairSession()
	if !ok || r.ID != id || r.Current != doc.RoundSpeaker || r.First != sam || r.Timer.Left != doc.SpeakTime || r.Timer.Running(now) {
		t.Fatalf("new session = %+v, %v", r, ok)
	}
	other := func(p string) string {
		if p == alex {
			return sam
		}
		return alex
	}
	if r.Speaker(other) != sam {
		t.Fatalf("round 1 speaker = %q", r.Speaker(other))
	}
	noErr(t, a.SetRepairFirst(id, sam, alex))
	wantNoCommit(t, a, func() error { return a.SetRepairFirst(id, alex, alex) })

	// The timer: started on one laptop, it runs on both.
	noErr(t, a.StartRepairTimer(id, alex))
	wantNoCommit(t, a, func() error { return a.StartRepairTimer(id, sam) }) // already running
	noErr(t, b.Merge(a))
	now = now.Add(90 * time.Second)
	r, _ = b.ActiveRepairSession()
	if !r.Timer.Running(now) || r.Timer.Remaining(now) != doc.SpeakTime-90*time.Second || r.Speaker(other) != alex {
		t.Fatalf("on the other laptop after 90 s: %+v (left %v)", r, r.Timer.Remaining(now))
	}
	noErr(t, b.PauseRepairTimer(id, sam))
	wantNoCommit(t, b, func() error { return b.PauseRepairTimer(id, sam) })
	now = now.Add(time.Hour) // paused: nothing counts down
	noErr(t, a.Merge(b))
	r, _ = a.ActiveRepairSession()
	if r.Timer.Running(now) || r.Timer.Remaining(now) != doc.SpeakTime-90*time.Second {
		t.Fatalf("paused timer = %+v", r.Timer)
	}
	noErr(t, a.StartRepairTimer(id, alex))
	now = now.Add(10 * time.Minute)
	r, _ = a.ActiveRepairSession()
	if r.Timer.Running(now) || r.Timer.Remaining(now) != 0 {
		t.Fatalf("a timer past its end = %+v, left %v", r.Timer, r.Timer.Remaining(now))
	}
	noErr(t, a.ResetRepairTimer(id, alex))
	wantNoCommit(t, a, func() error { return a.ResetRepairTimer(id, alex) })

	// Both press "Next round" on round 1 at once: round 2, not 3.
	noErr(t, b.Merge(a))
	noErr(t, a.MoveRepairRound(id, alex, 1, 2))
	noErr(t, b.MoveRepairRound(id, sam, 1, 2))
	noErr(t, a.Merge(b))
	noErr(t, b.Merge(a))
	for _, d := range []*doc.Shared{a, b} {
		if r, _ := d.ActiveRepairSession(); r.Current != doc.RoundSwitch || r.Speaker(other) != sam {
			t.Fatalf("after two presses on round 1: round %d, speaker %q", r.Current, r.Speaker(other))
		}
	}
	// A second press from a round already left changes nothing.
	wantNoCommit(t, a, func() error { return a.MoveRepairRound(id, alex, 1, 2) })
	noErr(t, a.StartRepairTimer(id, alex))
	noErr(t, a.MoveRepairRound(id, sam, 2, 3))
	if r, _ := a.ActiveRepairSession(); r.Current != doc.RoundPatterns || r.Timer.Left != doc.SpeakTime || !r.Timer.Started.IsZero() {
		t.Fatalf("moving on did not reset the timer: %+v", r)
	}
	noErr(t, a.MoveRepairRound(id, alex, 3, 2)) // back

	for name, tc := range map[string]struct {
		want error
		call func() error
	}{
		"round 0":        {doc.ErrInvalid, func() error { return a.MoveRepairRound(id, alex, 2, 0) }},
		"round 6":        {doc.ErrInvalid, func() error { return a.MoveRepairRound(id, alex, 2, 6) }},
		"stranger moves": {doc.ErrNotPartner, func() error { return a.MoveRepairRound(id, eve, 2, 3) }},
		"stranger first": {doc.ErrNotPartner, func() error { return a.SetRepairFirst(id, alex, eve) }},
		"unknown":        {doc.ErrNotFound, func() error { return a.StartRepairTimer("nope", alex) }},
		"stranger timer": {doc.ErrNotPartner, func() error { return a.StartRepairTimer(id, eve) }},
	} {
		t.Run(name, func(t *testing.T) { wantErr(t, a, tc.want, tc.call) })
	}

	noErr(t, a.FinishRepairSession(id))
	if _, ok := a.ActiveRepairSession(); ok {
		t.Fatal("a finished session is still active")
	}
	wantErr(t, a, doc.ErrInvalid, func() error { return a.MoveRepairRound(id, alex, 2, 3) })
	wantErr(t, a, doc.ErrInvalid, func() error { return a.StartRepairTimer(id, alex) })
}

// Two laptops that each start a session at once agree on the earlier one.
func TestActiveRepairSessionAgrees(t *testing.T) {
	a := newCouple(t)
	b := must[*doc.Shared](t)(a.Fork())
	a.SetClock(func() time.Time { return t0 })
	b.SetClock(func() time.Time { return t0.Add(time.Second) })
	ida := must[string](t)(a.StartRepairSession(alex))
	must[string](t)(b.StartRepairSession(sam))
	noErr(t, a.Merge(b))
	noErr(t, b.Merge(a))
	for _, d := range []*doc.Shared{a, b} {
		if r, ok := d.ActiveRepairSession(); !ok || r.ID != ida {
			t.Fatalf("active = %+v, want %s", r, ida)
		}
	}
}

// Saving a repair conversation makes the week-one milestone reached by the
// document's own record, with no one's tick; a name filled in as the two
// pair changes the name under its own message, which tells no one.
func TestRepairMilestoneReachedAndPairingName(t *testing.T) {
	s := newCouple(t)
	reached := func() (time.Time, []string) {
		t.Helper()
		for _, m := range s.Milestones() {
			if m.ID == "w1-repair" {
				return m.Reached, m.TickedBy
			}
		}
		t.Fatal("no w1-repair milestone")
		return time.Time{}, nil
	}
	id, err := s.StartRepairSession(alex)
	noErr(t, err)
	if at, _ := reached(); !at.IsZero() {
		t.Fatalf("reached %v before any conversation was saved", at)
	}
	noErr(t, s.FinishRepairSession(id))
	at, by := reached()
	if at.IsZero() || len(by) != 0 {
		t.Fatalf("after saving: reached %v, ticked by %v; want reached, no one's tick", at, by)
	}
	if f := s.RepairSessions()[0].Finished; !at.Equal(f) {
		t.Errorf("reached %v, want the save's time %v", at, f)
	}

	heads := s.Heads()
	noErr(t, s.FillPartnerName(sam, "Sam R"))
	if p, _ := s.Partner(sam); p.Name != "Sam R" {
		t.Errorf("name after FillPartnerName: %q", p.Name)
	}
	acts, err := s.Since(heads)
	noErr(t, err)
	if len(acts) != 1 || acts[0].Message != doc.MsgPairingName {
		t.Errorf("changes = %+v, want one %q", acts, doc.MsgPairingName)
	}
}

// Saving a conversation makes its needs and commitments records in the
// name of who said them, in one change; two laptops that save it at the
// same moment end up with one of each, not two.
func TestFinishRepairSessionOnceOnBothLaptops(t *testing.T) {
	a := newCouple(t)
	id := must[string](t)(a.StartRepairSession(alex))
	noErr(t, a.RecordRound(id, doc.RoundNeeds, sam, "To know where you are"))
	noErr(t, a.RecordRound(id, doc.RoundNeeds, alex, "Patience"))
	noErr(t, a.RecordRound(id, doc.RoundCommitments, alex, "Text when late"))
	b := must[*doc.Shared](t)(a.Fork())
	b.SetClock(func() time.Time { return t0.Add(time.Hour) })
	before := commits(t, a)
	noErr(t, a.FinishRepairSession(id))
	if n := commits(t, a) - before; n != 1 {
		t.Errorf("saving made %d changes, want 1", n)
	}
	noErr(t, b.FinishRepairSession(id))
	noErr(t, a.Merge(b))
	noErr(t, b.Merge(a))
	for name, d := range map[string]*doc.Shared{"a": a, "b": b} {
		owners := map[string]string{}
		for _, n := range d.Needs() {
			owners[n.Text] += n.Owner
		}
		if len(owners) != 2 || owners["To know where you are"] != sam || owners["Patience"] != alex || len(d.Needs()) != 2 {
			t.Errorf("%s: needs %+v", name, d.Needs())
		}
		if cs := d.Commitments(); len(cs) != 1 || cs[0].Owner != alex || cs[0].Text != "Text when late" || cs[0].Cadence != doc.Daily || !cs[0].Active {
			t.Errorf("%s: commitments %+v", name, cs)
		}
	}
}
