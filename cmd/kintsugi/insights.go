package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kintsugi-app/kintsugi/app/profile"
	"github.com/kintsugi-app/kintsugi/doc"
)

// This file holds "kintsugi insights": the numbers behind the app's
// Insights charts, from doc's period views, as tables or as the JSON of
// doc.Insights.

func insightsCommand() *command {
	return &command{name: "insights", args: "[--by day|week|month] [--from DATE] [--to DATE] [--json]",
		summary: "check-ins, trust, positive moments and milestones over time, per partner", run: cmdInsights}
}

func cmdInsights(c *cli, args []string) error {
	fs := c.flags("insights")
	by := fs.String("by", "week", "day, week or month")
	from := fs.String("from", "", "first day, YYYY-MM-DD (default: 28 days, 26 weeks or 24 months back, or since you began)")
	to := fs.String("to", "", "last day, YYYY-MM-DD (default: today)")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	p, err := doc.ParsePeriod(*by)
	if err != nil {
		return usageError{"insights: --by " + err.Error()}
	}
	first, last, err := parseDays("insights", *from, *to)
	if err != nil {
		return err
	}
	// Given days count from noon, so the date is the
	// same in any zone the views look at it from.
	now := time.Now()
	if !last.IsZero() {
		now = last.Add(12 * time.Hour)
	}
	if !first.IsZero() {
		first = first.Add(12 * time.Hour)
	}
	if !first.IsZero() && first.After(now) {
		if *to == "" {
			return usageError{fmt.Sprintf("insights: --from %q is after today", *from)}
		}
		return usageError{"insights: --from is after --to"}
	}
	return c.withProfile(func(pr *profile.Profile) error {
		d := pr.Doc()
		var v doc.Insights
		if first.IsZero() {
			v = d.DefaultInsights(p, now)
		} else {
			v = d.Insights(doc.NewRange(p, first, now), now)
		}
		if *asJSON {
			return c.printJSON(v)
		}
		tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		printInsights(tw, v)
		return tw.Flush()
	})
}

// printInsights writes v as tables, leaving out the spans in which a
// partner had nothing of that kind.
func printInsights(w io.Writer, v doc.Insights) {
	fmt.Fprintf(w, "Insights by %s, %s to %s (%d %ss). Spans with nothing in them are left out.\n", v.Period, v.From, v.To, len(v.Spans), v.Period)
	names := map[string]string{}
	other := map[string]string{}
	for i, p := range v.Partners {
		names[p.ID] = p.Name
		if len(v.Partners) == 2 {
			other[p.ID] = v.Partners[1-i].Name
		}
	}
	if len(other) == 0 {
		fmt.Fprintln(w, "\nOnce you pair, your partner's side shows here too.")
	}

	fmt.Fprintln(w, "\nCheck-ins: average scores from 0 to 10")
	fmt.Fprintln(w, "from\twho\tcheck-ins\tsafety\ttrust\tconnection")
	rows := 0
	for i, sp := range v.Spans {
		for _, p := range v.Partners {
			if s := p.CheckIns[i]; s.CheckIns > 0 {
				fmt.Fprintf(w, "%s\t%s\t%d\t%.1f\t%.1f\t%.1f\n", sp.Start, p.Name, s.CheckIns, s.Safety, s.Trust, s.Connection)
				rows++
			}
		}
	}
	if rows == 0 {
		fmt.Fprintln(w, "(no check-ins in this time yet)")
	}

	fmt.Fprintln(w, "\nTrust account: each kept commitment adds one, each missed one takes one away")
	fmt.Fprintln(w, "from\twho\tkept\tmissed\tacknowledged\tbalance")
	rows = 0
	for i, sp := range v.Spans {
		for _, p := range v.Partners {
			if t := p.Trust[i]; t.Deposits+t.Withdrawals > 0 {
				fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%+d\n", sp.Start, p.Name, t.Deposits, t.Withdrawals, t.Acknowledged, t.Balance)
				rows++
			}
		}
	}
	if rows == 0 {
		fmt.Fprintln(w, "(no commitments marked in this time yet)")
	}
	for _, p := range v.Partners {
		if p.FirstMark == "" {
			continue
		}
		line := fmt.Sprintf("%s: balance %+d", p.Name, p.Balance)
		if o := other[p.ID]; o != "" && p.Acknowledged > 0 {
			line += fmt.Sprintf("; %s acknowledged %d of %s's %s", o, p.Acknowledged, p.Name, plural(p.Kept, "kept commitment"))
		}
		fmt.Fprintln(w, line+".")
	}

	fmt.Fprintf(w, "\nPositive moments per day (the goal is %d a day)\n", doc.InteractionGoal)
	fmt.Fprintln(w, "from\twho\tmoments\tnoticed\tper day")
	rows = 0
	for i, sp := range v.Spans {
		for _, p := range v.Partners {
			if m := p.Interactions[i]; m.Count > 0 {
				fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%.1f\n", sp.Start, p.Name, m.Count, m.Noticed, m.PerDay)
				rows++
			}
		}
	}
	if rows == 0 {
		fmt.Fprintln(w, "(no positive moments logged in this time yet)")
	}
	for _, p := range v.Partners {
		switch o := other[p.ID]; {
		case o != "" && p.Noticed > 0:
			fmt.Fprintf(w, "%s noticed %d of %s's %s.\n", o, p.Noticed, p.Name, plural(p.Count, "moment"))
		case p.Count > 0:
			fmt.Fprintf(w, "%s logged %s.\n", p.Name, plural(p.Count, "moment"))
		}
	}

	printTimeline(w, v.Timeline, names)
}

// printTimeline writes the milestones in timeline order, with a "you are
// here" line where the journey stands.
func printTimeline(w io.Writer, tl doc.Timeline, names map[string]string) {
	fmt.Fprintln(w, "\nMilestones. These are guidelines; every couple moves at its own pace.")
	if tl.Start.IsZero() {
		fmt.Fprintln(w, "No start date set yet: \"kintsugi stage start --date YYYY-MM-DD\" puts the milestones on a timeline.")
	} else {
		fmt.Fprintf(w, "The journey started %s.\n", tl.Start.Local().Format("2 Jan 2006"))
	}
	fmt.Fprintln(w, "when\tday\tmilestone\tticked by")
	here := tl.Start.IsZero()
	for _, m := range tl.Milestones {
		if !here && !tl.Reached(m) {
			fmt.Fprintf(w, "-> you are here\t%d\t\t\n", tl.Day)
			here = true
		}
		ticked := "not yet"
		switch {
		case m.Done:
			ticked = "both of you"
		case len(m.TickedBy) > 0:
			var ns []string
			for _, id := range m.TickedBy {
				ns = append(ns, names[id])
			}
			ticked = strings.Join(ns, ", ")
		}
		fmt.Fprintf(w, "%s\t%d\t%s\t%s\n", m.Period, m.Days, m.Text, ticked)
	}
	if !here {
		fmt.Fprintf(w, "-> you are here\t%d\t\t\n", tl.Day)
	}
}

// plural returns "1 moment" or "n moments".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
