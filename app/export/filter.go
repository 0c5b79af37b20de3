package export

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

// filter returns the part of a whole-document report that an export of the
// range shows (see "The date range" in the package comment), with the
// derived views computed and every list in a stable order.
func (full *report) filter(sp span, opts Options) *report {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	title := strings.Join(strings.Fields(strings.ToValidUTF8(opts.Title, "?")), " ")
	if title == "" {
		title = defaultTitle
	}
	r := &report{
		Format:    reportFormat,
		Version:   reportVersion,
		Title:     title,
		Generated: now.In(sp.loc),
		Partners:  append([]partner{}, full.Partners...),
		Journey:   full.Journey,
		Help:      full.Help,
		loc:       sp.loc,
	}
	if !sp.from.IsZero() {
		from := sp.from.In(sp.loc)
		r.From = &from
	}
	if !sp.to.IsZero() {
		to := sp.to.In(sp.loc)
		r.To = &to
	}
	if r.Journey.Rituals == nil {
		r.Journey.Rituals = []ritual{}
	}

	r.Commitments = []commitment{}
	for _, c := range full.Commitments {
		if !sp.notAfter(c.Created) {
			continue
		}
		c.Log = keep(c.Log, func(m mark) bool { return sp.containsDay(m.Day) })
		if c.Retired != nil && !sp.contains(*c.Retired) && c.Retired.Before(sp.from) && len(c.Log) == 0 {
			continue // retired before the range, nothing in it
		}
		slices.SortFunc(c.Log, func(a, b mark) int { return cmp.Compare(a.Day, b.Day) })
		c.Kept, c.Missed = 0, 0
		for _, m := range c.Log {
			if m.Kept {
				c.Kept++
			} else {
				c.Missed++
			}
		}
		r.Commitments = append(r.Commitments, c)
	}
	sortBy(r.Commitments, func(c commitment) (time.Time, string) { return c.Created, c.ID })
	r.Trust = keep(full.Trust, func(b balance) bool { return sp.containsDay(b.Day) })

	r.Needs = keep(full.Needs, func(n need) bool {
		// A need met and untouched before the range is history, not news.
		touched := sp.contains(n.Created) || (n.RespondedAt != nil && sp.contains(*n.RespondedAt))
		return sp.notAfter(n.Created) && (n.Status != string(doc.NeedMet) || touched)
	})
	sortBy(r.Needs, func(n need) (time.Time, string) { return n.Created, n.ID })

	r.Boundaries = []boundary{}
	for _, b := range full.Boundaries {
		if !sp.notAfter(b.Created) {
			continue
		}
		b.History = keep(b.History, func(v revision) bool { return sp.contains(v.At) })
		b.AgreedBy = orEmpty(b.AgreedBy)
		r.Boundaries = append(r.Boundaries, b)
	}
	sortBy(r.Boundaries, func(b boundary) (time.Time, string) { return b.Created, b.ID })

	r.CheckIns = keep(full.CheckIns, func(c checkIn) bool { return sp.contains(c.At) })
	for i := range r.CheckIns {
		r.CheckIns[i].Feelings = orEmpty(r.CheckIns[i].Feelings)
	}
	sortBy(r.CheckIns, func(c checkIn) (time.Time, string) { return c.At, c.ID })
	r.Trends = weeklyTrends(r.CheckIns, sp.loc)

	r.Interactions = keep(full.Interactions, func(i interaction) bool { return sp.contains(i.At) })
	sortBy(r.Interactions, func(i interaction) (time.Time, string) { return i.At, i.ID })

	r.Repairs = keep(full.Repairs, func(x repair) bool { return sp.contains(x.At) })
	for i := range r.Repairs {
		r.Repairs[i].Rounds = orEmpty(r.Repairs[i].Rounds)
	}
	sortBy(r.Repairs, func(x repair) (time.Time, string) { return x.At, x.ID })

	r.Apologies = keep(full.Apologies, func(a apology) bool { return sp.contains(a.At) })
	for i := range r.Apologies {
		r.Apologies[i].Flags = orEmpty(r.Apologies[i].Flags)
	}
	sortBy(r.Apologies, func(a apology) (time.Time, string) { return a.At, a.ID })

	r.Questions = keep(full.Questions, func(q question) bool { return sp.contains(q.At) })
	sortBy(r.Questions, func(q question) (time.Time, string) { return q.At, q.ID })

	r.Milestones = append([]milestone{}, full.Milestones...)
	for i := range r.Milestones {
		r.Milestones[i].TickedBy = orEmpty(r.Milestones[i].TickedBy)
	}

	r.Help.Signs = append([]helpSign{}, full.Help.Signs...)
	r.Help.AnyTicked = false
	for i := range r.Help.Signs {
		r.Help.Signs[i].TickedBy = orEmpty(r.Help.Signs[i].TickedBy)
		if len(r.Help.Signs[i].TickedBy) > 0 {
			r.Help.AnyTicked = true
		}
	}

	if full.Journal != nil {
		j := &journal{Entries: keep(full.Journal.Entries, func(e journalEntry) bool { return sp.contains(e.At) })}
		for i := range j.Entries {
			j.Entries[i].Tags = orEmpty(j.Entries[i].Tags)
		}
		sortBy(j.Entries, func(e journalEntry) (time.Time, string) { return e.At, e.Text })
		r.Journal = j
	}
	return r
}

// keep returns a new slice of the elements of s for which ok is true; never nil.
func keep[T any](s []T, ok func(T) bool) []T {
	out := make([]T, 0, len(s))
	for _, v := range s {
		if ok(v) {
			out = append(out, v)
		}
	}
	return out
}

// sortBy sorts s by time, then by a tie-breaking string.
func sortBy[T any](s []T, key func(T) (time.Time, string)) {
	slices.SortStableFunc(s, func(a, b T) int {
		ta, sa := key(a)
		tb, sb := key(b)
		if c := ta.Compare(tb); c != 0 {
			return c
		}
		return cmp.Compare(sa, sb)
	})
}

// orEmpty turns nil into an empty slice, so JSON shows [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
