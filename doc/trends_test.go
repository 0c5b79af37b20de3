package doc_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"
	_ "time/tzdata" // the daylight-saving case below needs Europe/Berlin everywhere

	"github.com/kintsugi-app/kintsugi/doc"
)

// day returns the time at hh:mm on the date (YYYY-MM-DD) in UTC.
func day(t *testing.T, date string, hh, mm int) time.Time {
	t.Helper()
	d, err := time.Parse(doc.DateLayout, date)
	noErr(t, err)
	return d.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

func TestRangeSpans(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	noErr(t, err)
	at := func(date string) time.Time { return day(t, date, 12, 0) }
	for _, tc := range []struct {
		name string
		r    doc.Range
		want []doc.Span
	}{
		{"days", doc.NewRange(doc.ByDay, at("2025-02-27"), at("2025-03-01")),
			[]doc.Span{{"2025-02-27", "2025-02-27", 1}, {"2025-02-28", "2025-02-28", 1}, {"2025-03-01", "2025-03-01", 1}}},
		// 1 March 2025 is a Saturday: weeks start on Mondays, the ends are cut.
		{"weeks", doc.NewRange(doc.ByWeek, at("2025-03-01"), at("2025-03-18")),
			[]doc.Span{{"2025-03-01", "2025-03-02", 2}, {"2025-03-03", "2025-03-09", 7}, {"2025-03-10", "2025-03-16", 7}, {"2025-03-17", "2025-03-18", 2}}},
		{"months", doc.NewRange(doc.ByMonth, at("2025-01-15"), at("2025-03-02")),
			[]doc.Span{{"2025-01-15", "2025-01-31", 17}, {"2025-02-01", "2025-02-28", 28}, {"2025-03-01", "2025-03-02", 2}}},
		{"leap February", doc.NewRange(doc.ByMonth, at("2024-02-01"), at("2024-02-29")),
			[]doc.Span{{"2024-02-01", "2024-02-29", 29}}},
		{"a year's turn", doc.NewRange(doc.ByWeek, at("2025-12-29"), at("2026-01-04")),
			[]doc.Span{{"2025-12-29", "2026-01-04", 7}}},
		{"to before from", doc.NewRange(doc.ByDay, at("2025-03-02"), at("2025-03-01")), []doc.Span{}},
		// Wednesday 12 March: the last three weeks start on Monday 24 February.
		{"last 3 weeks", doc.LastSpans(doc.ByWeek, 3, day(t, "2025-03-12", 8, 0)),
			[]doc.Span{{"2025-02-24", "2025-03-02", 7}, {"2025-03-03", "2025-03-09", 7}, {"2025-03-10", "2025-03-12", 3}}},
		{"last 2 months", doc.LastSpans(doc.ByMonth, 2, day(t, "2025-03-31", 23, 0)),
			[]doc.Span{{"2025-02-01", "2025-02-28", 28}, {"2025-03-01", "2025-03-31", 31}}},
		// Clocks in Berlin went forward on 30 March 2025: still one span a day.
		{"daylight saving", doc.LastSpans(doc.ByDay, 3, time.Date(2025, 3, 31, 0, 30, 0, 0, berlin)),
			[]doc.Span{{"2025-03-29", "2025-03-29", 1}, {"2025-03-30", "2025-03-30", 1}, {"2025-03-31", "2025-03-31", 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.r.Spans, tc.want) {
				t.Errorf("spans = %v, want %v", tc.r.Spans, tc.want)
			}
			if len(tc.want) > 0 && (tc.r.From != tc.want[0].Start || tc.r.To != tc.want[len(tc.want)-1].End) {
				t.Errorf("range %s to %s, want %s to %s", tc.r.From, tc.r.To, tc.want[0].Start, tc.want[len(tc.want)-1].End)
			}
		})
	}
	if n := len(doc.LastSpans(doc.ByDay, 28, t0).Spans); n != 28 {
		t.Errorf("the last 28 days have %d spans", n)
	}
	r := doc.NewRange(doc.ByWeek, at("2025-03-01"), at("2025-03-18"))
	for date, want := range map[string]int{"2025-02-28": -1, "2025-03-01": 0, "2025-03-02": 0, "2025-03-03": 1, "2025-03-16": 2, "2025-03-18": 3, "2025-03-19": -1} {
		if got := r.Index(date); got != want {
			t.Errorf("Index(%s) = %d, want %d", date, got, want)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	for _, p := range doc.Periods() {
		got, err := doc.ParsePeriod(string(p))
		if err != nil || got != p {
			t.Errorf("ParsePeriod(%q) = %q, %v", p, got, err)
		}
	}
	if got, err := doc.ParsePeriod(" Week "); got != doc.ByWeek || err != nil {
		t.Errorf("ParsePeriod(\" Week \") = %q, %v; want week as typed by a person", got, err)
	}
	if _, err := doc.ParsePeriod("year"); !errors.Is(err, doc.ErrInvalid) {
		t.Errorf("ParsePeriod(year) error = %v, want ErrInvalid", err)
	}
	if doc.ByDay.DefaultSpans() != 28 || doc.ByWeek.DefaultSpans() != 26 || doc.ByMonth.DefaultSpans() != 24 {
		t.Error("default spans are not 28 days, 26 weeks and 24 months")
	}
}

func TestRangeCheckIns(t *testing.T) {
	ci := func(who string, at time.Time, s, tr, c int) doc.CheckIn {
		return doc.CheckIn{Author: who, Time: at, Safety: s, Trust: tr, Connection: c}
	}
	cs := []doc.CheckIn{
		ci(alex, day(t, "2025-03-02", 20, 0), 10, 10, 10), // before the range
		ci(alex, day(t, "2025-03-09", 23, 0), 4, 2, 6),    // Sunday night: the first week
		ci(alex, day(t, "2025-03-10", 0, 30), 8, 6, 7),    // Monday morning: the second
		ci(alex, day(t, "2025-03-12", 9, 0), 6, 4, 5),
		ci(sam, day(t, "2025-03-05", 9, 0), 3, 1, 2),
		ci(sam, day(t, "2025-03-06", 9, 0), 5, 2, 2),
		ci(sam, day(t, "2025-03-19", 9, 0), 9, 9, 9),  // the third week
		ci(sam, day(t, "2025-03-24", 9, 0), 0, 0, 0),  // after the range
		ci(eve, day(t, "2025-03-10", 9, 0), 0, 10, 0), // not asked for
	}
	weeks := doc.NewRange(doc.ByWeek, day(t, "2025-03-03", 0, 0), day(t, "2025-03-23", 0, 0))
	// In UTC+2, Sunday 23:00 UTC is already Monday.
	east := doc.NewRange(doc.ByWeek, day(t, "2025-03-03", 0, 0), day(t, "2025-03-23", 0, 0).In(time.FixedZone("UTC+2", 2*3600)))
	months := doc.NewRange(doc.ByMonth, day(t, "2025-01-01", 0, 0), day(t, "2025-03-31", 0, 0))
	monthly := []doc.CheckIn{
		ci(alex, day(t, "2025-01-31", 23, 59), 2, 2, 2),
		ci(alex, day(t, "2025-02-01", 0, 0), 4, 4, 4),
		ci(alex, day(t, "2025-02-28", 12, 0), 7, 5, 3),
		ci(alex, day(t, "2025-03-31", 12, 0), 1, 0, 10),
	}
	for _, tc := range []struct {
		name string
		r    doc.Range
		cs   []doc.CheckIn
		who  string
		want []doc.Scores
	}{
		{"Alex by week", weeks, cs, alex, []doc.Scores{
			{"2025-03-03", 1, 4, 2, 6}, {"2025-03-10", 2, 7, 5, 6}, {"2025-03-17", 0, 0, 0, 0}}},
		{"Sam by week", weeks, cs, sam, []doc.Scores{
			{"2025-03-03", 2, 4, 1.5, 2}, {"2025-03-10", 0, 0, 0, 0}, {"2025-03-17", 1, 9, 9, 9}}},
		{"Alex by week in UTC+2", east, cs, alex, []doc.Scores{
			{"2025-03-03", 0, 0, 0, 0}, {"2025-03-10", 3, 6, 4, 6}, {"2025-03-17", 0, 0, 0, 0}}},
		{"Alex by month", months, monthly, alex, []doc.Scores{
			{"2025-01-01", 1, 2, 2, 2}, {"2025-02-01", 2, 5.5, 4.5, 3.5}, {"2025-03-01", 1, 1, 0, 10}}},
		{"nobody", months, monthly, sam, []doc.Scores{
			{"2025-01-01", 0, 0, 0, 0}, {"2025-02-01", 0, 0, 0, 0}, {"2025-03-01", 0, 0, 0, 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.r.CheckIns(tc.cs, tc.who); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestRangeTrust(t *testing.T) {
	ack := day(t, "2025-03-05", 20, 0)
	com := []doc.Commitment{
		{Owner: alex, Log: []doc.Mark{
			{Date: "2025-02-27", Kept: true}, // before the range: counts in the balance only
			{Date: "2025-03-01", Kept: true, Acknowledged: ack},
			{Date: "2025-03-02", Kept: false},
			{Date: "2025-03-03", Kept: true, Acknowledged: ack},
			{Date: "2025-03-04", Kept: true},
			{Date: "2025-03-17", Kept: false}, // after the range
		}},
		{Owner: alex, Cadence: doc.Weekly, Log: []doc.Mark{{Date: "2025-03-03", Kept: false}}},
		{Owner: sam, Log: []doc.Mark{{Date: "2025-03-02", Kept: true}}},
	}
	// Saturday 1 to Sunday 16 March: a cut week, then two whole ones.
	r := doc.NewRange(doc.ByWeek, day(t, "2025-03-01", 0, 0), day(t, "2025-03-16", 0, 0))
	for _, tc := range []struct {
		who  string
		want []doc.TrustPoint
	}{
		{alex, []doc.TrustPoint{
			{Date: "2025-03-01", Deposits: 1, Withdrawals: 1, Acknowledged: 1, Balance: 1},
			{Date: "2025-03-03", Deposits: 2, Withdrawals: 1, Acknowledged: 1, Balance: 2},
			{Date: "2025-03-10", Balance: 2},
		}},
		{sam, []doc.TrustPoint{
			{Date: "2025-03-01", Deposits: 1, Balance: 1},
			{Date: "2025-03-03", Balance: 1},
			{Date: "2025-03-10", Balance: 1},
		}},
		{eve, []doc.TrustPoint{{Date: "2025-03-01"}, {Date: "2025-03-03"}, {Date: "2025-03-10"}}},
	} {
		if got := r.Trust(com, tc.who); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got  %+v\nwant %+v", tc.who, got, tc.want)
		}
	}
}

func TestRangeMoments(t *testing.T) {
	seen := day(t, "2025-02-03", 9, 0)
	in := []doc.Interaction{
		{Author: alex, Time: day(t, "2025-01-30", 8, 0), Noticed: seen},
		{Author: alex, Time: day(t, "2025-01-30", 12, 0), Noticed: seen},
		{Author: alex, Time: day(t, "2025-01-30", 18, 0)},
		{Author: alex, Time: day(t, "2025-01-31", 23, 59)},
		{Author: alex, Time: day(t, "2025-01-29", 12, 0)}, // before the range
		{Author: sam, Time: day(t, "2025-02-02", 12, 0), Noticed: seen},
	}
	r := doc.NewRange(doc.ByMonth, day(t, "2025-01-30", 0, 0), day(t, "2025-02-02", 0, 0))
	for _, tc := range []struct {
		who  string
		want []doc.Moments
	}{
		{alex, []doc.Moments{{"2025-01-30", 2, 4, 2, 2}, {"2025-02-01", 2, 0, 0, 0}}},
		{sam, []doc.Moments{{"2025-01-30", 2, 0, 0, 0}, {"2025-02-01", 2, 1, 1, 0.5}}},
	} {
		if got := r.Moments(in, tc.who); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got  %+v\nwant %+v", tc.who, got, tc.want)
		}
	}
	days := doc.NewRange(doc.ByDay, day(t, "2025-01-30", 0, 0), day(t, "2025-01-31", 0, 0))
	if got := days.Moments(in, alex); got[0].PerDay != 3 || got[0].Noticed != 2 || got[1].PerDay != 1 {
		t.Errorf("by day = %+v", got)
	}
}

// TestInsights checks the whole view on a real document: two partners,
// acknowledgements, noticed moments, the timeline and the default ranges.
func TestInsights(t *testing.T) {
	s := newCouple(t)
	now := day(t, "2025-03-16", 8, 0) // a Sunday, 15 days after t0
	if n := len(s.DefaultInsights(doc.ByWeek, now).Spans); n != 26 {
		t.Errorf("an empty history shows %d weeks, want 26", n)
	}
	tl := s.Timeline(now)
	if !tl.Start.IsZero() || tl.Day != 0 || tl.Reached(tl.Milestones[0]) {
		t.Errorf("timeline without a start = %+v", tl)
	}
	noErr(t, s.SetStart(t0)) // Saturday 1 March
	c := must[string](t)(s.AddCommitment(alex, "call when late", doc.Daily))
	for _, d := range []string{"2025-03-03", "2025-03-04", "2025-03-11"} {
		noErr(t, s.MarkCommitment(c, d, true))
	}
	noErr(t, s.MarkCommitment(c, "2025-03-05", false))
	noErr(t, s.AcknowledgeCommitment(c, "2025-03-04", sam))
	noErr(t, s.AcknowledgeCommitment(c, "2025-03-11", sam))
	must[string](t)(s.AddCheckIn(doc.CheckIn{Author: sam, Time: day(t, "2025-03-08", 9, 0), Safety: 3, Trust: 4, Connection: 5}))
	must[string](t)(s.AddCheckIn(doc.CheckIn{Author: sam, Time: day(t, "2025-03-10", 9, 0), Safety: 5, Trust: 6, Connection: 7}))
	i1 := must[string](t)(s.AddInteraction(alex, doc.Affection, "hug")) // the fake clock: 1 March
	must[string](t)(s.AddInteraction(alex, doc.Compliment, "thanks"))
	noErr(t, s.NoticeInteraction(i1, sam))
	noErr(t, s.TickMilestone("w1-repair", alex))
	noErr(t, s.TickMilestone("w1-repair", sam))
	noErr(t, s.TickMilestone("w2-positive", sam))

	in := s.DefaultInsights(doc.ByWeek, now)
	// The history starts on Saturday 1 March: its first week is cut to the
	// two days since then, so a rate per day is over days they were at it.
	want := []doc.Span{{"2025-03-01", "2025-03-02", 2}, {"2025-03-03", "2025-03-09", 7}, {"2025-03-10", "2025-03-16", 7}}
	if !reflect.DeepEqual(in.Spans, want) || in.Period != doc.ByWeek {
		t.Fatalf("spans = %v, want %v", in.Spans, want)
	}
	if len(in.Partners) != 2 || in.Partners[0].ID != alex || in.Partners[1].Name != "Sam" {
		t.Fatalf("partners = %+v", in.Partners)
	}
	a, b := in.Partners[0], in.Partners[1]
	if a.Kept != 3 || a.Missed != 1 || a.Acknowledged != 2 || a.Balance != 2 || a.FirstMark != "2025-03-03" {
		t.Errorf("Alex's account: kept %d missed %d acknowledged %d balance %d since %q, want 3 1 2 2 since 2025-03-03",
			a.Kept, a.Missed, a.Acknowledged, a.Balance, a.FirstMark)
	}
	if bal := []int{a.Trust[0].Balance, a.Trust[1].Balance, a.Trust[2].Balance}; !reflect.DeepEqual(bal, []int{0, 1, 2}) {
		t.Errorf("Alex's balance by week = %v, want [0 1 2]", bal)
	}
	if b.Kept != 0 || b.FirstMark != "" || b.Balance != 0 {
		t.Errorf("Sam's account = %+v", b)
	}
	if a.Count != 2 || a.Noticed != 1 || a.Interactions[0].Count != 2 || a.Interactions[0].PerDay != 2.0/2 || b.Count != 0 {
		t.Errorf("moments: Alex %d (%d noticed) %+v, Sam %d", a.Count, a.Noticed, a.Interactions[0], b.Count)
	}
	if got := b.CheckIns; got[1] != (doc.Scores{"2025-03-03", 1, 3, 4, 5}) || got[2] != (doc.Scores{"2025-03-10", 1, 5, 6, 7}) || got[0].CheckIns != 0 {
		t.Errorf("Sam's check-ins = %+v", got)
	}

	tl = in.Timeline
	if tl.Day != 15 || !tl.Start.Equal(t0) || len(tl.Milestones) != len(doc.MilestoneIDs()) {
		t.Fatalf("timeline = %+v", tl)
	}
	reached := map[string]bool{}
	for _, m := range tl.Milestones {
		reached[m.ID] = tl.Reached(m)
	}
	if !reached["w1-repair"] || !reached["w2-positive"] || reached["w4-calm"] || reached["m6-story"] {
		t.Errorf("reached = %v, want weeks 1 and 2 only on day 15", reached)
	}
	if m := tl.Milestones[0]; !m.Done || len(tl.Milestones[3].TickedBy) != 1 || tl.Milestones[3].Done {
		t.Errorf("milestones = %+v", tl.Milestones[:4])
	}

	if n := len(s.DefaultInsights(doc.ByDay, now).Spans); n != 28 {
		t.Errorf("days view has %d spans, want 28", n)
	}
	if sp := s.DefaultInsights(doc.ByMonth, now).Spans; len(sp) != 1 || sp[0] != (doc.Span{"2025-03-01", "2025-03-16", 16}) {
		t.Errorf("months view = %v, want March only", sp)
	}
	// An explicit range is kept as given, even before the history.
	r := doc.NewRange(doc.ByMonth, day(t, "2025-01-01", 0, 0), now)
	if got := s.Insights(r, now); len(got.Spans) != 3 || got.Partners[0].Trust[2].Balance != 2 || got.Partners[0].Kept != 3 {
		t.Errorf("explicit months = %+v", got)
	}
}

// BenchmarkInsights5Years computes each period view over the five-year
// history, as the Insights screen's load does off the UI goroutine. The
// baseline ("read") only reads the check-ins, commitments and positive
// interactions the views are made from.
func BenchmarkInsights5Years(b *testing.B) {
	s := loadHistory(b)
	now := s.CheckIns()[len(s.CheckIns())-1].Time
	b.Run("read", func(b *testing.B) {
		for b.Loop() {
			_, _, _ = s.CheckIns(), s.Commitments(), s.Interactions()
		}
	})
	for _, p := range doc.Periods() {
		b.Run(string(p), func(b *testing.B) {
			for b.Loop() {
				if in := s.DefaultInsights(p, now); len(in.Spans) != p.DefaultSpans() {
					b.Fatalf("%d spans, want %d", len(in.Spans), p.DefaultSpans())
				}
			}
		})
	}
	// The whole five years by day: 1,826 spans.
	b.Run("all days", func(b *testing.B) {
		r := doc.NewRange(doc.ByDay, now.AddDate(-5, 0, 0), now)
		for b.Loop() {
			s.Insights(r, now)
		}
	})
}

// A week view of a range that starts on a Saturday: the first and last
// weeks are cut to the range.
func ExampleNewRange() {
	from := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) // a Saturday
	to := time.Date(2025, 3, 12, 12, 0, 0, 0, time.UTC)
	for _, sp := range doc.NewRange(doc.ByWeek, from, to).Spans {
		fmt.Println(sp.Start, sp.End, sp.Days)
	}
	// Output:
	// 2025-03-01 2025-03-02 2
	// 2025-03-03 2025-03-09 7
	// 2025-03-10 2025-03-12 3
}
