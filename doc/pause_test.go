package doc_test

import (
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

// pauseCouple is a couple on a clock the test moves by hand.
func pauseCouple(t *testing.T) (*doc.Shared, *time.Time) {
	t.Helper()
	now := t0
	s := doc.NewShared()
	s.SetClock(func() time.Time { return now })
	noErr(t, s.SetCouple(doc.Partner{ID: alex, Name: "Alex"}, doc.Partner{ID: sam, Name: "Sam"}))
	return s, &now
}

// lastMessage is the message of the document's newest change.
func lastMessage(t *testing.T, s *doc.Shared, before []doc.Hash) string {
	t.Helper()
	acts, err := s.Since(before)
	if err != nil || len(acts) == 0 {
		t.Fatalf("changes since: %v, %v", acts, err)
	}
	return acts[len(acts)-1].Message
}

// A pause is agreed, not imposed: one asks, it runs only once the other
// agrees, from then until the end asked for; the first agreement reaches
// the week-one milestone.
func TestPauseAskedThenAgreed(t *testing.T) {
	s, now := pauseCouple(t)
	until := t0.Add(48 * time.Hour)
	noErr(t, s.AskPause(alex, until))
	p := s.Journey().Pause
	if !p.Asking(*now) || p.Active(*now) || p.By != alex || !p.Asked.Equal(t0) || !p.Until.Equal(until) {
		t.Fatalf("asked: %+v (asking %v, active %v)", p, p.Asking(*now), p.Active(*now))
	}
	if m := milestone(t, s, "w1-pause"); !m.Reached.IsZero() {
		t.Errorf("a request reached the milestone: %+v", m)
	}
	wantErr(t, s, doc.ErrInvalid, func() error { return s.AgreePause(alex) }) // not for both
	*now = t0.Add(3 * time.Hour)
	noErr(t, s.AgreePause(sam))
	p = s.Journey().Pause
	if !p.Active(*now) || p.Asking(*now) || p.AgreedBy != sam || !p.Since.Equal(*now) || !p.Until.Equal(until) || p.Active(until) {
		t.Fatalf("agreed: %+v", p)
	}
	if m := milestone(t, s, "w1-pause"); !m.Reached.Equal(*now) || len(m.TickedBy) != 0 {
		t.Errorf("the milestone after agreeing: %+v", m)
	}
	wantErr(t, s, doc.ErrInvalid, func() error { return s.AskPause(sam, until.Add(time.Hour)) }) // one runs
	wantErr(t, s, doc.ErrInvalid, func() error { return s.AgreePause(sam) })                     // nothing waits
	before := s.Heads()
	*now = t0.Add(5 * time.Hour)
	noErr(t, s.EndPause(alex))
	if p = s.Journey().Pause; p.Active(*now) || p.EndBy != alex {
		t.Fatalf("ended: %+v", p)
	}
	if msg := lastMessage(t, s, before); msg != "end the pause" {
		t.Errorf("ending says %q", msg)
	}
	// A later request keeps the first agreement's milestone.
	noErr(t, s.AskPause(sam, until.Add(24*time.Hour)))
	if m := milestone(t, s, "w1-pause"); !m.Reached.Equal(t0.Add(3 * time.Hour)) {
		t.Errorf("the milestone after a new request: %+v", m)
	}
}

// The other may say not now, the asker may withdraw, and a request no one
// answered lapses at its end: in none of them does a pause run.
func TestPauseNotAgreed(t *testing.T) {
	until := t0.Add(48 * time.Hour)
	for _, tc := range []struct {
		name string
		act  func(s *doc.Shared, now *time.Time) error
		msg  string // the change's message, if one is made
		want func(p doc.Pause) bool
	}{
		{"not now", func(s *doc.Shared, _ *time.Time) error { return s.DeclinePause(sam) }, "not now to the pause",
			func(p doc.Pause) bool { return p.DeclinedBy == sam && !p.Declined.IsZero() }},
		{"withdrawn", func(s *doc.Shared, _ *time.Time) error { return s.EndPause(alex) }, "withdraw a request for a pause",
			func(p doc.Pause) bool { return p.EndBy == alex && !p.Ended.IsZero() }},
		{"lapsed", func(_ *doc.Shared, now *time.Time) error { *now = until; return nil }, "",
			func(p doc.Pause) bool { return p.Ended.IsZero() && p.Declined.IsZero() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, now := pauseCouple(t)
			noErr(t, s.AskPause(alex, until))
			*now = t0.Add(time.Hour)
			before := s.Heads()
			noErr(t, tc.act(s, now))
			p := s.Journey().Pause
			if p.Asking(*now) || p.Active(*now) || !tc.want(p) {
				t.Fatalf("%+v (asking %v, active %v)", p, p.Asking(*now), p.Active(*now))
			}
			if tc.msg != "" {
				if msg := lastMessage(t, s, before); msg != tc.msg {
					t.Errorf("the change says %q, want %q", msg, tc.msg)
				}
			}
			wantErr(t, s, doc.ErrInvalid, func() error { return s.AgreePause(sam) })
			if m := milestone(t, s, "w1-pause"); !m.Reached.IsZero() {
				t.Errorf("the milestone: %+v", m)
			}
			// Asking again is always possible.
			noErr(t, s.AskPause(alex, now.Add(2*time.Hour)))
			if p := s.Journey().Pause; !p.Asking(*now) || !p.Declined.IsZero() || !p.Ended.IsZero() {
				t.Errorf("asked again: %+v", p)
			}
		})
	}
}

func TestPauseRefusals(t *testing.T) {
	s, _ := pauseCouple(t)
	until := t0.Add(48 * time.Hour)
	for name, tc := range map[string]struct {
		want error
		call func() error
	}{
		"ending in the past":   {doc.ErrInvalid, func() error { return s.AskPause(alex, t0) }},
		"a stranger asks":      {doc.ErrNotPartner, func() error { return s.AskPause(eve, until) }},
		"nothing to agree to":  {doc.ErrInvalid, func() error { return s.AgreePause(sam) }},
		"nothing to say no to": {doc.ErrInvalid, func() error { return s.DeclinePause(sam) }},
		"a stranger ends":      {doc.ErrNotPartner, func() error { return s.EndPause(eve) }},
	} {
		t.Run(name, func(t *testing.T) { wantErr(t, s, tc.want, tc.call) })
	}
	noErr(t, s.AskPause(alex, until))
	wantErr(t, s, doc.ErrNotPartner, func() error { return s.AgreePause(eve) })
	wantErr(t, s, doc.ErrInvalid, func() error { return s.DeclinePause(alex) })
	wantNoCommit(t, s, func() error { return s.EndPause(sam) }) // only the asker withdraws
	if !s.Journey().Pause.Asking(t0) {
		t.Error("the partner's end withdrew the request")
	}
	noErr(t, s.AgreePause(sam))
}

func milestone(t *testing.T, s *doc.Shared, id string) doc.Milestone {
	t.Helper()
	for _, m := range s.Milestones() {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("no milestone %s", id)
	return doc.Milestone{}
}
