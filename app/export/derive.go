package export

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

// weeklyTrends averages each partner's check-ins per week, over the
// range's check-ins only, so a week cut
// by the range shows only what is in it. Weeks start on Monday in loc.
// The result is ordered by week, then partner.
func weeklyTrends(cs []checkIn, loc *time.Location) []trend {
	type key struct{ partner, week string }
	type acc struct{ n, s, t, c int }
	sums := map[key]*acc{}
	for _, c := range cs {
		k := key{c.Partner, doc.WeekOf(c.At.In(loc))}
		a := sums[k]
		if a == nil {
			a = &acc{}
			sums[k] = a
		}
		a.n++
		a.s += c.Safety
		a.t += c.Trust
		a.c += c.Connection
	}
	out := make([]trend, 0, len(sums))
	for k, a := range sums {
		out = append(out, trend{
			Partner:    k.partner,
			Week:       k.week,
			CheckIns:   a.n,
			Safety:     avg(a.s, a.n),
			Trust:      avg(a.t, a.n),
			Connection: avg(a.c, a.n),
		})
	}
	slices.SortFunc(out, func(a, b trend) int {
		if c := cmp.Compare(a.Week, b.Week); c != 0 {
			return c
		}
		return cmp.Compare(a.Partner, b.Partner)
	})
	return out
}

// avg is sum/n rounded to two decimals.
func avg(sum, n int) float64 {
	return math.Round(float64(sum)*100/float64(n)) / 100
}

// weekStart returns midnight of the Monday of t's week in loc.
func weekStart(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	back := (int(t.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	y, m, d := t.Date()
	return time.Date(y, m, d-back, 0, 0, 0, 0, loc)
}
