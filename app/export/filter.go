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
	r := full.frame(sp, opts)
	r.Commitments = filterCommitments(full.Commitments, sp)
	r.Trust = keep(full.Trust, func(b balance) bool { return sp.containsDay(b.Day) })
	r.Needs = filterNeeds(full.Needs, sp)
	r.Boundaries = filterBoundaries(full.Boundaries, sp)
	r.CheckIns = filterCheckIns(full.CheckIns, sp)
	r.Trends = weeklyTrends(r.CheckIns, sp.loc)

	r.Interactions = keep(full.Interactions, func(i interaction) bool { return sp.contains(i.At) })
	sortBy(r.Interactions, func(i interaction) (time.Time, string) { return i.At, i.ID })
	r.Repairs = filterRepairs(full.Repairs, sp)
	r.Apologies = filterApologies(full.Apologies, sp)
	r.Questions = keep(full.Questions, func(q question) bool { return sp.contains(q.At) })
	sortBy(r.Questions, func(q question) (time.Time, string) { return q.At, q.ID })

	r.Milestones = copyMilestones(full.Milestones)
	r.Help.Signs, r.Help.AnyTicked = copyHelpSigns(full.Help.Signs)
	if full.Journal != nil {
		r.Journal = filterJournal(full.Journal, sp)
	}
	return r
}

// frame starts the filtered report: its title, dates and partners, and the
// parts a range does not narrow, with every list still to fill.
func (full *report) frame(sp span, opts Options) *report {
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
	return r
}

// filterCommitments keeps the commitments made by the end of the range,
// each with only the days marked in it and its counts recomputed from them.
func filterCommitments(all []commitment, sp span) []commitment {
	out := []commitment{}
	for _, c := range all {
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
		out = append(out, c)
	}
	sortBy(out, func(c commitment) (time.Time, string) { return c.Created, c.ID })
	return out
}

// filterNeeds keeps the needs raised by the end of the range.
func filterNeeds(all []need, sp span) []need {
	out := keep(all, func(n need) bool {
		// A need met and untouched before the range is history, not news.
		touched := sp.contains(n.Created) || (n.RespondedAt != nil && sp.contains(*n.RespondedAt))
		return sp.notAfter(n.Created) && (n.Status != string(doc.NeedMet) || touched)
	})
	sortBy(out, func(n need) (time.Time, string) { return n.Created, n.ID })
	return out
}

// filterBoundaries keeps the boundaries set by the end of the range, each
// with only the revisions made in it.
func filterBoundaries(all []boundary, sp span) []boundary {
	out := []boundary{}
	for _, b := range all {
		if !sp.notAfter(b.Created) {
			continue
		}
		b.History = keep(b.History, func(v revision) bool { return sp.contains(v.At) })
		b.AgreedBy = orEmpty(b.AgreedBy)
		out = append(out, b)
	}
	sortBy(out, func(b boundary) (time.Time, string) { return b.Created, b.ID })
	return out
}

// filterCheckIns keeps the check-ins made in the range.
func filterCheckIns(all []checkIn, sp span) []checkIn {
	out := keep(all, func(c checkIn) bool { return sp.contains(c.At) })
	for i := range out {
		out[i].Feelings = orEmpty(out[i].Feelings)
	}
	sortBy(out, func(c checkIn) (time.Time, string) { return c.At, c.ID })
	return out
}

// filterRepairs keeps the repair conversations held in the range.
func filterRepairs(all []repair, sp span) []repair {
	out := keep(all, func(x repair) bool { return sp.contains(x.At) })
	for i := range out {
		out[i].Rounds = orEmpty(out[i].Rounds)
	}
	sortBy(out, func(x repair) (time.Time, string) { return x.At, x.ID })
	return out
}

// filterApologies keeps the apologies made in the range.
func filterApologies(all []apology, sp span) []apology {
	out := keep(all, func(a apology) bool { return sp.contains(a.At) })
	for i := range out {
		out[i].Flags = orEmpty(out[i].Flags)
	}
	sortBy(out, func(a apology) (time.Time, string) { return a.At, a.ID })
	return out
}

// copyMilestones copies every milestone: a range does not narrow them.
func copyMilestones(all []milestone) []milestone {
	out := append([]milestone{}, all...)
	for i := range out {
		out[i].TickedBy = orEmpty(out[i].TickedBy)
	}
	return out
}

// copyHelpSigns copies the whole checklist of signs that outside help may
// be worth it (a range does not narrow it) and says whether anyone ticked
// one.
func copyHelpSigns(all []helpSign) (signs []helpSign, anyTicked bool) {
	signs = append([]helpSign{}, all...)
	for i := range signs {
		signs[i].TickedBy = orEmpty(signs[i].TickedBy)
		if len(signs[i].TickedBy) > 0 {
			anyTicked = true
		}
	}
	return signs, anyTicked
}

// filterJournal keeps the journal entries written in the range.
func filterJournal(full *journal, sp span) *journal {
	j := &journal{Entries: keep(full.Entries, func(e journalEntry) bool { return sp.contains(e.At) })}
	for i := range j.Entries {
		j.Entries[i].Tags = orEmpty(j.Entries[i].Tags)
	}
	sortBy(j.Entries, func(e journalEntry) (time.Time, string) { return e.At, e.Text })
	return j
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
