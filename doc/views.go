package doc

import (
	"fmt"
	"sort"
	"time"

	"github.com/automerge/automerge-go"
)

// The views in this file are computed from the document on every call and
// never stored in it.

// TrustPoint is the trust account on one date: each kept commitment is a
// deposit, each missed one a withdrawal.
type TrustPoint struct {
	Date        string `json:"date"`
	Deposits    int    `json:"deposits"`
	Withdrawals int    `json:"withdrawals"`
	Balance     int    `json:"balance"` // running total up to and including Date
}

// TrustAccount returns the trust account day by day, for the commitments of
// owner, or of both partners when owner is "". Only days with marks appear.
func (s *Shared) TrustAccount(owner string) []TrustPoint {
	days := map[string]*TrustPoint{}
	for _, c := range s.Commitments() {
		if owner != "" && c.Owner != owner {
			continue
		}
		for _, m := range c.Log {
			p := days[m.Date]
			if p == nil {
				p = &TrustPoint{Date: m.Date}
				days[m.Date] = p
			}
			if m.Kept {
				p.Deposits++
			} else {
				p.Withdrawals++
			}
		}
	}
	out := make([]TrustPoint, 0, len(days))
	for _, p := range days {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	bal := 0
	for i := range out {
		bal += out[i].Deposits - out[i].Withdrawals
		out[i].Balance = bal
	}
	return out
}

// WeekTrend is one partner's average check-in scores over one week.
type WeekTrend struct {
	Partner    string  `json:"partner"`
	Week       string  `json:"week"` // the Monday, YYYY-MM-DD
	CheckIns   int     `json:"checkins"`
	Safety     float64 `json:"safety"`
	Trust      float64 `json:"trust"`
	Connection float64 `json:"connection"`
}

// WeekOf returns the Monday (YYYY-MM-DD) of the week holding t, in t's
// location.
func WeekOf(t time.Time) string {
	d := (int(t.Weekday()) + 6) % 7 // days since Monday
	y, m, day := t.Date()
	return time.Date(y, m, day-d, 12, 0, 0, 0, t.Location()).Format(DateLayout)
}

// CheckInTrends returns each partner's weekly averages, by week, then by
// partner.
func (s *Shared) CheckInTrends() []WeekTrend {
	type key struct{ p, w string }
	sums := map[key]*WeekTrend{}
	for _, c := range s.CheckIns() {
		k := key{c.Author, WeekOf(c.Time)}
		t := sums[k]
		if t == nil {
			t = &WeekTrend{Partner: c.Author, Week: k.w}
			sums[k] = t
		}
		t.CheckIns++
		t.Safety += float64(c.Safety)
		t.Trust += float64(c.Trust)
		t.Connection += float64(c.Connection)
	}
	out := make([]WeekTrend, 0, len(sums))
	for _, t := range sums {
		n := float64(t.CheckIns)
		t.Safety /= n
		t.Trust /= n
		t.Connection /= n
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Week != out[j].Week {
			return out[i].Week < out[j].Week
		}
		return out[i].Partner < out[j].Partner
	})
	return out
}

// DayCount is one partner's positive interactions on one day.
type DayCount struct {
	Date    string `json:"date"`
	Author  string `json:"author"`
	Count   int    `json:"count"`
	Noticed int    `json:"noticed"`
}

// InteractionsPerDay counts each partner's positive interactions per day,
// by date, then by author.
func (s *Shared) InteractionsPerDay() []DayCount {
	type key struct{ d, a string }
	counts := map[key]*DayCount{}
	for _, in := range s.Interactions() {
		k := key{DateOf(in.Time), in.Author}
		c := counts[k]
		if c == nil {
			c = &DayCount{Date: k.d, Author: k.a}
			counts[k] = c
		}
		c.Count++
		if !in.Noticed.IsZero() {
			c.Noticed++
		}
	}
	out := make([]DayCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date < out[j].Date
		}
		return out[i].Author < out[j].Author
	})
	return out
}

// MilestoneProgress summarises the milestones at a moment.
type MilestoneProgress struct {
	Total   int        `json:"total"`
	Done    int        `json:"done"`           // ticked by both
	Due     int        `json:"due"`            // due by now (guidelines, not deadlines)
	DueDone int        `json:"due_done"`       // of those due, done
	Next    *Milestone `json:"next,omitempty"` // the first not done
}

// MilestoneProgress returns progress through the milestones at now, counted
// from the journey's start date.
func (s *Shared) MilestoneProgress(now time.Time) MilestoneProgress {
	ms := s.Milestones()
	p := MilestoneProgress{Total: len(ms)}
	for i, m := range ms {
		due := !m.Due.IsZero() && !now.Before(m.Due)
		if m.Done {
			p.Done++
		}
		if due {
			p.Due++
			if m.Done {
				p.DueDone++
			}
		}
		if !m.Done && p.Next == nil {
			p.Next = &ms[i]
		}
	}
	return p
}

// Counts is a summary of the document for the Today screen and the CLI.
type Counts struct {
	Commitments       int `json:"commitments"`
	ActiveCommitments int `json:"active_commitments"`
	Needs             int `json:"needs"`
	OpenNeeds         int `json:"open_needs"`
	Boundaries        int `json:"boundaries"`
	InForce           int `json:"boundaries_in_force"`
	CheckIns          int `json:"checkins"`
	Interactions      int `json:"interactions"`
	Unnoticed         int `json:"unnoticed"`
	RepairSessions    int `json:"repair_sessions"`
	Apologies         int `json:"apologies"`
	Questions         int `json:"questions"`
	Unanswered        int `json:"unanswered"`
	MilestonesDone    int `json:"milestones_done"`
	HelpSigns         int `json:"help_signs"` // signs ticked by either partner
}

// Counts returns how many records of each kind the document holds.
func (s *Shared) Counts() Counts {
	var c Counts
	s.mu.Lock()
	for _, r := range s.allLocked(keyCommitments) {
		c.Commitments++
		if r.bool("active") {
			c.ActiveCommitments++
		}
	}
	for _, r := range s.allLocked(keyNeeds) {
		c.Needs++
		if r.str("status") == string(NeedOpen) {
			c.OpenNeeds++
		}
	}
	for _, r := range s.allLocked(keyInteractions) {
		c.Interactions++
		if r.int("noticed") == 0 {
			c.Unnoticed++
		}
	}
	for _, r := range s.allLocked(keyQuestions) {
		c.Questions++
		if r.str("answer") == "" {
			c.Unanswered++
		}
	}
	for _, k := range []struct {
		key string
		n   *int
	}{{keyCheckIns, &c.CheckIns}, {keyRepairs, &c.RepairSessions}, {keyApologies, &c.Apologies}} {
		if m, err := s.containerLocked(k.key); err == nil {
			*k.n = m.Len()
		}
	}
	s.mu.Unlock()
	for _, b := range s.Boundaries() {
		c.Boundaries++
		if b.InForce {
			c.InForce++
		}
	}
	for _, m := range s.Milestones() {
		if m.Done {
			c.MilestonesDone++
		}
	}
	for _, h := range s.HelpSigns() {
		if len(h.TickedBy) > 0 {
			c.HelpSigns++
		}
	}
	return c
}

// Activity is one change to the document: its short message (never the
// content) and when it was made.
type Activity struct {
	Message string    `json:"message"`
	Time    time.Time `json:"time"`
}

// Since returns the changes made after heads (all changes when heads is
// empty), oldest first, without the genesis. It tells the Today screen
// what the partner did since it was last seen.
func (s *Shared) Since(heads []Hash) ([]Activity, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	hs := make([]automerge.ChangeHash, len(heads))
	for i, h := range heads {
		hs[i] = automerge.ChangeHash(h)
		if _, err := s.am.Change(hs[i]); err != nil {
			return nil, fmt.Errorf("%w: unknown head %s", ErrNotFound, h)
		}
	}
	chs, err := s.am.Changes(hs...)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInternal, err)
	}
	out := make([]Activity, 0, len(chs))
	for _, ch := range chs {
		if ch.ActorID() == genesisActor {
			continue
		}
		out = append(out, Activity{Message: ch.Message(), Time: ch.Timestamp()})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out, nil
}
