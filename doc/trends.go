package doc

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// This file holds the period views behind the Insights screen and
// "kintsugi insights": check-in averages, the trust account and positive
// interactions per partner, grouped by day, week or month, and the
// milestone timeline. Like every view they are computed on each call and
// never stored.

// Period is how a view groups days: one span per day, per week (Monday
// to Sunday) or per calendar month.
type Period string

// The periods of a [Range].
const (
	ByDay   Period = "day"
	ByWeek  Period = "week"
	ByMonth Period = "month"
)

// Periods returns the periods, shortest first.
func Periods() []Period { return []Period{ByDay, ByWeek, ByMonth} }

// ParsePeriod returns the period named "day", "week" or "month".
func ParsePeriod(s string) (Period, error) {
	switch p := Period(strings.ToLower(strings.TrimSpace(s))); p {
	case ByDay, ByWeek, ByMonth:
		return p, nil
	}
	return "", fmt.Errorf("%w: period %q is not day, week or month", ErrInvalid, s)
}

// DefaultSpans is how many spans the app and the command line show when
// no range is given: 28 days, 26 weeks or 24 months.
func (p Period) DefaultSpans() int {
	switch p {
	case ByWeek:
		return 26
	case ByMonth:
		return 24
	}
	return 28
}

// civil returns noon of t's date in loc: adding days to noon never
// skips or repeats a date across a daylight-saving change.
func civil(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 12, 0, 0, 0, loc)
}

// start returns the first day of the span of p holding day (a civil noon).
func (p Period) start(day time.Time) time.Time {
	y, m, d := day.Date()
	switch p {
	case ByWeek:
		return time.Date(y, m, d-(int(day.Weekday())+6)%7, 12, 0, 0, 0, day.Location())
	case ByMonth:
		return time.Date(y, m, 1, 12, 0, 0, 0, day.Location())
	}
	return day
}

// add moves a span start n spans on (back when n < 0).
func (p Period) add(start time.Time, n int) time.Time {
	switch p {
	case ByWeek:
		return start.AddDate(0, 0, 7*n)
	case ByMonth:
		return start.AddDate(0, n, 0)
	}
	return start.AddDate(0, 0, n)
}

// daysBetween counts the civil days from a to b (both civil noons).
func daysBetween(a, b time.Time) int {
	return int(math.Round(b.Sub(a).Hours() / 24))
}

// Span is one bucket of a view: the days from Start to End, both
// included, as YYYY-MM-DD. The first and last spans of a [Range] are cut
// to it, so a week may have fewer than seven days.
type Span struct {
	Start string `json:"start"`
	End   string `json:"end"`
	Days  int    `json:"days"`
}

// Range is the civil days a view covers, cut into spans of one period.
// The zero Range covers no day.
type Range struct {
	Period Period `json:"period"`
	From   string `json:"from"` // YYYY-MM-DD
	To     string `json:"to"`   // YYYY-MM-DD, included
	Spans  []Span `json:"spans"`
	loc    *time.Location
}

// NewRange returns the range of the days from from to to, both included,
// as dates in to's location, cut into spans of p: a span starts on each
// day, each Monday or each first of the month. It has no spans when to
// is before from.
func NewRange(p Period, from, to time.Time) Range {
	loc := to.Location()
	f, t := civil(from, loc), civil(to, loc)
	r := Range{Period: p, From: DateOf(f), To: DateOf(t), Spans: []Span{}, loc: loc}
	for cur := f; !cur.After(t); {
		next := p.add(p.start(cur), 1)
		end := next.AddDate(0, 0, -1)
		if end.After(t) {
			end = t
		}
		r.Spans = append(r.Spans, Span{Start: DateOf(cur), End: DateOf(end), Days: daysBetween(cur, end) + 1})
		cur = next
	}
	return r
}

// LastSpans returns the range of the n spans of p that end with the one
// holding now ("the last 26 weeks"), up to and including now's date.
// The first span is whole; the last ends today.
func LastSpans(p Period, n int, now time.Time) Range {
	today := civil(now, now.Location())
	return NewRange(p, p.add(p.start(today), -(max(n, 1)-1)), now)
}

// Index returns the index of the span holding date (YYYY-MM-DD), or -1
// when the range does not cover it.
func (r Range) Index(date string) int {
	i := sort.Search(len(r.Spans), func(i int) bool { return r.Spans[i].End >= date })
	if i < len(r.Spans) && r.Spans[i].Start <= date {
		return i
	}
	return -1
}

// dateOf returns t's civil date in the range's location.
func (r Range) dateOf(t time.Time) string {
	if r.loc != nil {
		t = t.In(r.loc)
	}
	return DateOf(t)
}

// Scores is one partner's average check-in scores over one span. The
// averages are 0 when CheckIns is 0.
type Scores struct {
	Start      string  `json:"start"` // the span's first day
	CheckIns   int     `json:"checkins"`
	Safety     float64 `json:"safety"`
	Trust      float64 `json:"trust"`
	Connection float64 `json:"connection"`
}

// CheckIns averages author's check-in scores per span of r.
func (r Range) CheckIns(cs []CheckIn, author string) []Scores {
	out := make([]Scores, len(r.Spans))
	for i, sp := range r.Spans {
		out[i].Start = sp.Start
	}
	for _, c := range cs {
		if c.Author != author {
			continue
		}
		i := r.Index(r.dateOf(c.Time))
		if i < 0 {
			continue
		}
		out[i].CheckIns++
		out[i].Safety += float64(c.Safety)
		out[i].Trust += float64(c.Trust)
		out[i].Connection += float64(c.Connection)
	}
	for i := range out {
		if n := float64(out[i].CheckIns); n > 0 {
			out[i].Safety /= n
			out[i].Trust /= n
			out[i].Connection /= n
		}
	}
	return out
}

// Trust returns owner's trust account per span of r: the deposits
// (kept), withdrawals (missed) and acknowledged kept days within each
// span, and the balance at its end, counted from the first mark ever
// (marks before the range count in the balance). Date is the span's
// first day.
func (r Range) Trust(cs []Commitment, owner string) []TrustPoint {
	out := make([]TrustPoint, len(r.Spans))
	for i, sp := range r.Spans {
		out[i].Date = sp.Start
	}
	before := 0
	for _, c := range cs {
		if c.Owner != owner {
			continue
		}
		for _, m := range c.Log {
			d := 1
			if !m.Kept {
				d = -1
			}
			if m.Date < r.From {
				before += d
				continue
			}
			i := r.Index(m.Date)
			if i < 0 {
				continue
			}
			if m.Kept {
				out[i].Deposits++
				if !m.Acknowledged.IsZero() {
					out[i].Acknowledged++
				}
			} else {
				out[i].Withdrawals++
			}
		}
	}
	bal := before
	for i := range out {
		bal += out[i].Deposits - out[i].Withdrawals
		out[i].Balance = bal
	}
	return out
}

// Moments is one partner's positive interactions over one span: how
// many, how many the other partner noticed, and the average per day
// (the goal is [InteractionGoal]).
type Moments struct {
	Start   string  `json:"start"` // the span's first day
	Days    int     `json:"days"`
	Count   int     `json:"count"`
	Noticed int     `json:"noticed"`
	PerDay  float64 `json:"per_day"`
}

// InteractionGoal is the number of positive interactions a day that
// couples therapists suggest.
const InteractionGoal = 2

// Moments counts author's positive interactions per span of r.
func (r Range) Moments(in []Interaction, author string) []Moments {
	out := make([]Moments, len(r.Spans))
	for i, sp := range r.Spans {
		out[i].Start, out[i].Days = sp.Start, sp.Days
	}
	for _, x := range in {
		if x.Author != author {
			continue
		}
		i := r.Index(r.dateOf(x.Time))
		if i < 0 {
			continue
		}
		out[i].Count++
		if !x.Noticed.IsZero() {
			out[i].Noticed++
		}
	}
	for i := range out {
		out[i].PerDay = float64(out[i].Count) / float64(out[i].Days)
	}
	return out
}

// Timeline is the milestone list laid on the journey from its start
// date: where each milestone sits and where the couple is now. Milestones
// are guidelines, never deadlines.
type Timeline struct {
	Start time.Time `json:"start,omitzero"` // zero until the start date is set
	// Day is how many days have passed since the start (0 on the start
	// day itself, and when no start is set).
	Day        int         `json:"day"`
	Milestones []Milestone `json:"milestones"`
}

// Reached reports whether the journey has come as far as m's place on
// the timeline (it may still be open: a guideline, not a deadline).
func (t Timeline) Reached(m Milestone) bool { return !t.Start.IsZero() && t.Day >= m.Days }

// Timeline returns the milestone timeline at now.
func (s *Shared) Timeline(now time.Time) Timeline {
	t := Timeline{Start: s.Journey().Start, Milestones: s.Milestones()}
	if !t.Start.IsZero() {
		t.Day = max(daysBetween(civil(t.Start, now.Location()), civil(now, now.Location())), 0)
	}
	return t
}

// PartnerInsights is one partner's side of [Insights]: one entry per
// span in each list, and totals over the range.
type PartnerInsights struct {
	ID           string       `json:"id"`
	Name         string       `json:"name"`
	CheckIns     []Scores     `json:"checkins"`
	Trust        []TrustPoint `json:"trust"` // of this partner's commitments
	Interactions []Moments    `json:"interactions"`
	// FirstMark is the date this partner's commitments were first marked
	// ("" when never): before it the account did not exist yet.
	FirstMark string `json:"first_mark,omitempty"`
	// Totals over the range.
	Kept         int `json:"kept"`
	Missed       int `json:"missed"`
	Acknowledged int `json:"acknowledged"` // kept days the other partner acknowledged
	Balance      int `json:"balance"`      // at the range's end
	Count        int `json:"moments"`      // positive interactions
	Noticed      int `json:"noticed"`      // of those, noticed by the other partner
}

// Insights is every number behind the Insights screen over one range.
type Insights struct {
	Range
	Partners []PartnerInsights `json:"partners"` // in couple order
	Timeline Timeline          `json:"timeline"`
}

// Insights computes the period views over r for both partners, and the
// milestone timeline at now.
func (s *Shared) Insights(r Range, now time.Time) Insights {
	return s.insights(newHistory(s), r, now)
}

// DefaultInsights is [Shared.Insights] over the range the app and the
// command line show for p when none is given: the last
// [Period.DefaultSpans] spans up to now, or the whole history when it is
// shorter (from its first day, see [History.FirstDay]: the first span is
// cut to start there).
// Days always show the last 28.
func (s *Shared) DefaultInsights(p Period, now time.Time) Insights {
	h := newHistory(s)
	r := LastSpans(p, p.DefaultSpans(), now)
	// A history shorter than the default starts on its first day, so the
	// first week or month counts only the days since the couple began (a
	// rate per day over days before then would look lower than it was).
	if first, ok := h.FirstDay(now.Location()); ok && p != ByDay {
		if DateOf(first) > r.From && !first.After(civil(now, now.Location())) {
			r = NewRange(p, first, now)
		}
	}
	return s.insights(h, r, now)
}

// History is what the period views read from the document, read once.
type History struct {
	Start        time.Time // the journey's start, zero when not set
	CheckIns     []CheckIn
	Commitments  []Commitment
	Interactions []Interaction
}

func newHistory(s *Shared) History {
	return History{Start: s.Journey().Start, CheckIns: s.CheckIns(), Commitments: s.Commitments(), Interactions: s.Interactions()}
}

// FirstDay returns the first day of the history: the earliest of the
// journey's start, the first check-in, the first commitment mark and the
// first positive interaction, as a date in loc. It is false for an empty
// history.
func (h History) FirstDay(loc *time.Location) (time.Time, bool) {
	var first time.Time
	take := func(t time.Time) {
		if !t.IsZero() && (first.IsZero() || t.Before(first)) {
			first = t
		}
	}
	take(h.Start)
	for _, c := range h.CheckIns {
		take(c.Time)
	}
	for _, x := range h.Interactions {
		take(x.Time)
	}
	for _, c := range h.Commitments {
		if len(c.Log) > 0 {
			if t, err := time.ParseInLocation(DateLayout, c.Log[0].Date, loc); err == nil {
				take(t)
			}
		}
	}
	if first.IsZero() {
		return first, false
	}
	return civil(first, loc), true
}

func (s *Shared) insights(h History, r Range, now time.Time) Insights {
	out := Insights{Range: r, Partners: []PartnerInsights{}, Timeline: s.Timeline(now)}
	for _, p := range s.Partners() {
		pi := PartnerInsights{
			ID: p.ID, Name: p.Name, CheckIns: r.CheckIns(h.CheckIns, p.ID),
			Trust: r.Trust(h.Commitments, p.ID), Interactions: r.Moments(h.Interactions, p.ID),
		}
		for _, c := range h.Commitments {
			if c.Owner == p.ID && len(c.Log) > 0 && (pi.FirstMark == "" || c.Log[0].Date < pi.FirstMark) {
				pi.FirstMark = c.Log[0].Date
			}
		}
		for _, t := range pi.Trust {
			pi.Kept += t.Deposits
			pi.Missed += t.Withdrawals
			pi.Acknowledged += t.Acknowledged
			pi.Balance = t.Balance
		}
		for _, m := range pi.Interactions {
			pi.Count += m.Count
			pi.Noticed += m.Noticed
		}
		out.Partners = append(out.Partners, pi)
	}
	return out
}
