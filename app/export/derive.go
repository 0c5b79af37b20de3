package export

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// trustAccount returns the balance (kept minus missed marks, counted from
// the first mark ever made) at the end of every day in the range that has a
// mark.
func trustAccount(cs []commitment, sp span) []balance {
	net := map[string]int{}
	for _, c := range cs {
		for _, m := range c.Log {
			if m.Kept {
				net[m.Day]++
			} else {
				net[m.Day]--
			}
		}
	}
	days := make([]string, 0, len(net))
	for d := range net {
		days = append(days, d)
	}
	slices.Sort(days)
	out := []balance{}
	sum := 0
	for _, d := range days {
		sum += net[d]
		if !sp.dayNotAfter(d) {
			break
		}
		if sp.containsDay(d) {
			out = append(out, balance{Day: d, Balance: sum})
		}
	}
	return out
}

// weeklyTrends averages each partner's check-ins per week (weeks start on
// Monday, in loc), ordered by week and then partner.
func weeklyTrends(cs []checkIn, loc *time.Location) []trend {
	type key struct{ partner, week string }
	type acc struct{ n, s, t, c int }
	sums := map[key]*acc{}
	for _, c := range cs {
		k := key{c.Partner, weekStart(c.At, loc).Format(dayLayout)}
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

// avg is sum/n rounded to one decimal.
func avg(sum, n int) float64 {
	return math.Round(float64(sum)*10/float64(n)) / 10
}

// weekStart returns midnight of the Monday of t's week in loc.
func weekStart(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	back := (int(t.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	y, m, d := t.Date()
	return time.Date(y, m, d-back, 0, 0, 0, 0, loc)
}
