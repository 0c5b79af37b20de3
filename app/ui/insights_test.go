package ui

import (
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/kintsugi-app/kintsugi/doc"
)

// nan marks a span without a value in the hand-computed series below.
var nan = math.NaN()

// sameSeries compares series, NaN matching NaN.
func sameSeries(got, want []float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if math.IsNaN(got[i]) != math.IsNaN(want[i]) || !math.IsNaN(want[i]) && math.Abs(got[i]-want[i]) > 1e-9 {
			return false
		}
	}
	return true
}

func sameBools(got, want []bool) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

// TestInsightsSeries checks how doc's period views become chart series.
func TestInsightsSeries(t *testing.T) {
	sc := scoreSeries([]doc.Scores{{CheckIns: 2, Safety: 5, Trust: 6, Connection: 7}, {}}, 2)
	if !sameSeries(sc[0], []float64{5, nan}) || !sameSeries(sc[1], []float64{6, nan}) || !sameSeries(sc[2], []float64{7, nan}) {
		t.Errorf("scoreSeries = %v", sc)
	}
	spans := []doc.Span{{Start: "2026-02-23", End: "2026-03-01", Days: 7}, {Start: "2026-03-02", End: "2026-03-08", Days: 7}, {Start: "2026-03-09", End: "2026-03-10", Days: 2}}
	pi := doc.PartnerInsights{FirstMark: "2026-03-04", Trust: []doc.TrustPoint{{}, {Deposits: 2, Acknowledged: 1, Balance: 2}, {Withdrawals: 3, Balance: -1}}}
	bal, acks := trustSeries(spans, pi)
	if !sameSeries(bal, []float64{nan, 2, -1}) || !sameBools(acks, []bool{false, true, false}) {
		t.Errorf("trustSeries = %v %v, want no line before the first mark", bal, acks)
	}
	if bal, _ := trustSeries(spans, doc.PartnerInsights{Trust: make([]doc.TrustPoint, 3)}); !allNaN(bal) {
		t.Errorf("trustSeries without marks = %v, want no line", bal)
	}
	per, noticed := momentSeries([]doc.Moments{{Days: 7, Count: 14, Noticed: 7, PerDay: 2}, {Days: 2, Count: 1, PerDay: 0.5}}, 2)
	if !sameSeries(per, []float64{2, 0.5}) || !sameSeries(noticed, []float64{1, 0}) {
		t.Errorf("momentSeries = %v %v", per, noticed)
	}
}

// seedInsights is seed (see screens_test.go) plus what Insights shows of
// the other partner: Sam noticed Alex's moments on even days ago (i = 12,
// 10, …, 0) and acknowledged Alex's kept commitment 1, 2 and 3 days ago.
func seedInsights(t *testing.T) *harness {
	t.Helper()
	alex, sam := pairedSessions(t)
	d := alex.Doc()
	a, b := alex.Me().ID, sam.Me().ID
	seed(t, d, a, b)
	for _, x := range d.Interactions() {
		i := int(dayStart(testNow).Sub(dayStart(x.Time)).Hours()/24 + 0.5)
		if x.Author == a && i%2 == 0 {
			if err := d.NoticeInteraction(x.ID, b); err != nil {
				t.Fatal(err)
			}
		}
	}
	c := d.Commitments()[0]
	for i := 1; i <= 3; i++ {
		if err := d.AcknowledgeCommitment(c.ID, doc.DateOf(testNow.AddDate(0, 0, -i)), b); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, alex)
	h.open("Insights")
	return h
}

// show picks a period with the selector, as the user does.
func (h *harness) showPeriod(name string) {
	h.t.Helper()
	h.ui.insights.periods.SetSelected(name)
	settle(h.b)
}

// TestInsightsDays checks the numbers behind each chart by day against
// the seeded history, worked out by hand.
func TestInsightsDays(t *testing.T) {
	h := seedInsights(t)
	h.showPeriod("Days")
	in := h.ui.insights

	// 28 days; the journey began 20 days ago, at index 7. Alex checked in
	// daily: safety 3+(20-i)/4, trust 2+(20-i)/5, connection 4+(20-i)/6
	// on the day i days ago. Sam on even days: 4+(20-i)/5, 3+(20-i)/5, 5+(20-i)/7.
	const days = 28
	var aS, aT, aC, sS, sT, sC []float64
	for j := range days {
		i := days - 1 - j
		if i > 20 {
			aS, aT, aC, sS, sT, sC = append(aS, nan), append(aT, nan), append(aC, nan), append(sS, nan), append(sT, nan), append(sC, nan)
			continue
		}
		k := float64(20 - i)
		aS, aT, aC = append(aS, 3+math.Floor(k/4)), append(aT, 2+math.Floor(k/5)), append(aC, 4+math.Floor(k/6))
		if i%2 == 0 {
			sS, sT, sC = append(sS, 4+math.Floor(k/5)), append(sT, 3+math.Floor(k/5)), append(sC, 5+math.Floor(k/7))
		} else {
			sS, sT, sC = append(sS, nan), append(sT, nan), append(sC, nan)
		}
	}
	wantSeries(t, "Alex", in.mine, aS, aT, aC)
	wantSeries(t, "Sam", in.theirs, sS, sT, sC)
	if got := in.mine.series[0].vals[days-1]; got != 8 {
		t.Errorf("Alex's safety today = %v, want 3+20/4 = 8", got)
	}

	// Alex's one daily commitment was marked 19 days ago through yesterday,
	// missed 15, 10 and 5 days ago: +1 per kept, -1 per missed. Sam
	// acknowledged the last three. Sam has no commitment: no line.
	trust := []float64{nan, nan, nan, nan, nan, nan, nan, nan, // before the first mark
		1, 2, 3, 4, 3, 4, 5, 6, 7, 6, 7, 8, 9, 10, 9, 10, 11, 12, 13, 13}
	wantSeries(t, "trust", in.trust, trust, make28(nan))
	acks := make([]bool, days)
	acks[24], acks[25], acks[26] = true, true, true
	if !sameBools(in.trust.series[0].marks, acks) {
		t.Errorf("acknowledged days = %v, want 3, 2 and 1 days ago", in.trust.series[0].marks)
	}

	// The last 14 days: Alex logged one each day, Sam one on days not
	// divisible by three; Sam noticed Alex's on even days.
	you, them, seen := make28(0), make28(0), make28(0)
	for j := 14; j < days; j++ {
		i := days - 1 - j
		you[j] = 1
		if i%3 != 0 {
			them[j] = 1
		}
		if i%2 == 0 {
			seen[j] = 1
		}
	}
	wantSeries(t, "moments", in.inter, you, them)
	if !sameSeries(in.inter.series[0].over, seen) || !sameSeries(in.inter.series[1].over, make28(0)) {
		t.Errorf("noticed = %v and %v", in.inter.series[0].over, in.inter.series[1].over)
	}
	c := h.win.Canvas()
	for _, want := range []string{
		"Balance now: you +13. Each kept commitment adds one",
		"Sam acknowledged 3 of your 16 kept commitments.",
		"Rings mark the days with an acknowledgement.",
		"Sam noticed 7 of your 14 moments. Sam logged 9 moments.",
		"The last four weeks, day by day.",
	} {
		wantText(t, c, want)
	}
	for _, l := range []string{"No check-ins from you", "No commitments marked yet", "No positive moments", "Set the day your journey began"} {
		if hasText(c, l) {
			t.Errorf("seeded Insights shows the empty note %q", l)
		}
	}
	golden(t, c, "insights_days.xml")
}

// TestInsightsWeeks checks the weekly averages. The history began on
// Wednesday 18 February 2026 (k = 0) and today is Tuesday 10 March
// (k = 20): the weeks of 16 Feb (k 0–4), 23 Feb (k 5–11), 2 Mar
// (k 12–18) and 9 Mar (k 19–20).
func TestInsightsWeeks(t *testing.T) {
	h := seedInsights(t)
	in := h.ui.insights
	if in.periods.Selected != "Weeks" {
		t.Fatalf("Insights opens on %q, want Weeks", in.periods.Selected)
	}
	// Alex's safety 3+k/4: 3 3 3 3 4 | 4 4 4 5 5 5 5 | 6 6 6 6 7 7 7 | 7 8.
	if got, want := in.mine.series[0].vals, []float64{16.0 / 5, 32.0 / 7, 45.0 / 7, 15.0 / 2}; !sameSeries(got, want) {
		t.Errorf("Alex's weekly safety = %v, want %v", got, want)
	}
	// Sam on even k (i even), trust 3+k/5: k 0 2 4 | 6 8 10 | 12 14 16 18 | 20.
	if got, want := in.theirs.series[1].vals, []float64{(3 + 3 + 3) / 3.0, (4 + 4 + 5) / 3.0, (5 + 5 + 6 + 6) / 4.0, 7}; !sameSeries(got, want) {
		t.Errorf("Sam's weekly trust = %v, want %v", got, want)
	}
	// Marks from 19 days ago (19 Feb) to yesterday, missed 15,
	// 10 and 5 days ago: +4 | +5-2 | +6-1 | +1.
	wantSeries(t, "trust", in.trust, []float64{4, 7, 12, 13}, []float64{nan, nan, nan, nan})
	if !sameBools(in.trust.series[0].marks, []bool{false, false, true, true}) {
		t.Errorf("weeks with an acknowledgement = %v", in.trust.series[0].marks)
	}
	// The first week starts with the history, Wednesday 18 Feb (5 days).
	// Moments per day: Alex 0/5 | 5/7 | 7/7 | 2/2; Sam 0 | 3/7 | 5/7 | 1/2;
	// noticed 0 | 2/7 | 4/7 | 1/2.
	wantSeries(t, "moments", in.inter, []float64{0, 5.0 / 7, 1, 1}, []float64{0, 3.0 / 7, 5.0 / 7, 0.5})
	if got, want := in.inter.series[0].over, []float64{0, 2.0 / 7, 4.0 / 7, 0.5}; !sameSeries(got, want) {
		t.Errorf("noticed per day = %v, want %v", got, want)
	}
	if in.mine.left != "Feb 18" || in.mine.right != "this week" {
		t.Errorf("x labels %q to %q", in.mine.left, in.mine.right)
	}
	wantText(t, h.win.Canvas(), "Rings mark the weeks with an acknowledgement.")
	golden(t, h.win.Canvas(), "insights_weeks.xml")
}

// TestInsightsMonths checks the monthly averages: February holds k 0–10,
// March k 11–20.
func TestInsightsMonths(t *testing.T) {
	h := seedInsights(t)
	h.showPeriod("Months")
	in := h.ui.insights
	// Alex's safety: 3×4 + 4×4 + 5×3 = 43 over 11 days; 5 + 6×4 + 7×4 + 8 = 65 over 10.
	if got, want := in.mine.series[0].vals, []float64{43.0 / 11, 6.5}; !sameSeries(got, want) {
		t.Errorf("Alex's monthly safety = %v, want %v", got, want)
	}
	// February: marks 19–10 days ago, two missed (+8-2); March: 9–1 days ago, one missed (+8-1).
	wantSeries(t, "trust", in.trust, []float64{6, 13}, []float64{nan, nan})
	// Alex's moments: 4 in the 11 days of February since 18 Feb, when the
	// history starts (not over all 28), and 10 in March's 10 days.
	if got := in.inter.series[0].vals; !sameSeries(got, []float64{4.0 / 11, 1}) {
		t.Errorf("Alex's moments per day = %v", got)
	}
	if in.mine.left != "Feb 2026" || in.mine.right != "this month" {
		t.Errorf("x labels %q to %q", in.mine.left, in.mine.right)
	}
	wantText(t, h.win.Canvas(), "Monthly averages over the last two years")
	golden(t, h.win.Canvas(), "insights_months.xml")
}

func make28(v float64) []float64 {
	out := make([]float64, 28)
	for i := range out {
		out[i] = v
	}
	return out
}

// wantSeries checks each series of a chart.
func wantSeries(t *testing.T, name string, c *chart, want ...[]float64) {
	t.Helper()
	if len(c.series) != len(want) {
		t.Fatalf("%s has %d series, want %d", name, len(c.series), len(want))
	}
	for k, se := range c.series {
		if !sameSeries(se.vals, want[k]) {
			t.Errorf("%s %s = %v, want %v", name, se.name, se.vals, want[k])
		}
	}
}

// TestInsightsEmpty checks that empty charts say what to do next.
func TestInsightsEmpty(t *testing.T) {
	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	h.open("Insights")
	c := h.win.Canvas()
	for _, p := range periodNames {
		h.showPeriod(p)
		for _, want := range []string{"No check-ins from you", "No check-ins from Sam", "No commitments marked yet", "No positive moments",
			"Set the day your journey began on the Journey screen", "These are guidelines; every couple moves at its own pace.",
			"All 10 milestones are still ahead. Next on the way (Week 1): The repair conversation is done."} {
			wantText(t, c, want)
		}
		if hasText(c, "Balance now") || hasText(c, " of your ") {
			t.Errorf("%s: an empty history shows numbers", p)
		}
	}
	h.showPeriod("Weeks")
	golden(t, c, "insights_empty.xml")
}

// TestTimeline checks where milestones and "you are here" sit.
func TestTimeline(t *testing.T) {
	stops := []stop{{0, "Start"}, {7, "Week 1"}, {14, "Week 2"}, {28, "Week 4"}}
	for _, tc := range []struct {
		day  int
		want float32
	}{{-3, 0}, {0, 0}, {7, 1.0 / 3}, {21, 2.5 / 3}, {28, 1}, {400, 1}} {
		if got := at(stops, tc.day); math.Abs(float64(got-tc.want)) > 1e-6 {
			t.Errorf("at(day %d) = %v, want %v", tc.day, got, tc.want)
		}
	}

	alex, sam := pairedSessions(t)
	d := alex.Doc()
	if got := stopsOf(d.Milestones()); len(got) != 7 || got[1] != (stop{7, "Week 1"}) || got[6] != (stop{182, "Month 6+"}) {
		t.Fatalf("stops = %v", got)
	}
	if err := d.SetStart(testNow.AddDate(0, 0, -40)); err != nil {
		t.Fatal(err)
	}
	for _, tick := range []struct{ id, by string }{{"w1-repair", alex.Me().ID}, {"w1-repair", sam.Me().ID}, {"w1-pause", sam.Me().ID}, {"w4-calm", alex.Me().ID}} {
		if err := d.TickMilestone(tick.id, tick.by); err != nil {
			t.Fatal(err)
		}
	}
	test.NewTempApp(t).Settings().SetTheme(newWarmTheme())
	w := test.NewTempWindow(t, nil)
	tl := newTimeline()
	tl.set(d.Timeline(testNow))
	w.SetContent(tl)
	w.Resize(fyne.NewSize(640, 150))
	if tl.tl.Day != 40 {
		t.Errorf("day = %d, want 40", tl.tl.Day)
	}
	here := false
	for _, o := range test.WidgetRenderer(tl).Objects() {
		if x, ok := o.(*canvas.Text); ok && x.Text == "you are here · day 40" {
			here = true
		}
	}
	if !here {
		t.Error("the timeline does not say \"you are here · day 40\"")
	}
	golden(t, w.Canvas(), "insights_timeline.xml")
	if got := milestoneWords(tl.tl); got != "1 done by both of you, 2 ticked by one of you, 7 still ahead. Next on the way (Week 1): A pause was agreed." {
		t.Errorf("words = %q", got)
	}
}

// TestInsightsRemembersPeriod checks that the view chosen last is the one
// Insights opens on next time, on this device.
func TestInsightsRemembersPeriod(t *testing.T) {
	h := seedInsights(t)
	if got := newInsightsScreen(h.ui); h.ui.insights.periods.Selected != "Weeks" || got == nil {
		t.Fatalf("a first Insights opens on %q, want Weeks", h.ui.insights.periods.Selected)
	}
	h.showPeriod("Months")
	newInsightsScreen(h.ui) // as after a restart: the same preferences
	if in := h.ui.insights; in.periods.Selected != "Months" || in.period.Load() != 2 {
		t.Errorf("Insights opens on %q (period %d), want Months as last chosen", in.periods.Selected, in.period.Load())
	}
}
