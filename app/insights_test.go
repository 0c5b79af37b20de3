package app

import (
	"math"
	"testing"
)

// nan marks a day without a value in the hand-computed series below.
var nan = math.NaN()

// sameSeries compares series, NaN matching NaN.
func sameSeries(got, want []float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if math.IsNaN(got[i]) != math.IsNaN(want[i]) || !math.IsNaN(want[i]) && got[i] != want[i] {
			return false
		}
	}
	return true
}

// TestInsightsNumbers checks the numbers behind each chart against the
// seeded history (see seed), worked out by hand.
func TestInsightsNumbers(t *testing.T) {
	alex, sam := pairedSessions(t)
	seed(t, alex.Doc(), alex.Me().ID, sam.Me().ID)
	h := newHarness(t, alex)
	h.open("Insights")
	in := h.ui.insights

	// 28 days; the journey began 20 days ago, at index 7. Alex checked in
	// daily: safety 3+(20-i)/4, trust 2+(20-i)/5, connection 4+(20-i)/6
	// on the day i days ago. Sam on even days: 4+(20-i)/5, 3+(20-i)/5, 5+(20-i)/7.
	var aS, aT, aC, sS, sT, sC []float64
	for j := range insightDays {
		i := insightDays - 1 - j
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
	for _, c := range []struct {
		name string
		ch   *chart
		want [][]float64
	}{
		{"Alex", in.mine, [][]float64{aS, aT, aC}},
		{"Sam", in.theirs, [][]float64{sS, sT, sC}},
	} {
		for k, se := range c.ch.series {
			if !sameSeries(se.vals, c.want[k]) {
				t.Errorf("%s %s = %v, want %v", c.name, se.name, se.vals, c.want[k])
			}
		}
	}
	if got := in.mine.series[0].vals[insightDays-1]; got != 8 {
		t.Errorf("Alex's safety today = %v, want 3+20/4 = 8", got)
	}

	// Alex's one daily commitment was marked 19 days ago through yesterday,
	// missed 15, 10 and 5 days ago: +1 per kept, -1 per missed.
	trust := []float64{nan, nan, nan, nan, nan, nan, nan, nan, // before the first mark
		1, 2, 3, 4, 3, 4, 5, 6, 7, 6, 7, 8, 9, 10, 9, 10, 11, 12, 13, 13}
	if !sameSeries(in.trust.series[0].vals, trust) {
		t.Errorf("trust balance = %v, want %v", in.trust.series[0].vals, trust)
	}
	if want := "Balance today: +13"; !hasText(h.win.Canvas(), want) {
		t.Errorf("screen does not say %q", want)
	}

	// The last 14 days: Alex logged one each day, Sam one on days not
	// divisible by three.
	you := []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	them := []float64{1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0}
	if got := in.inter.series[0].vals; !sameSeries(got, you) {
		t.Errorf("your moments = %v, want %v", got, you)
	}
	if got := in.inter.series[1].vals; !sameSeries(got, them) {
		t.Errorf("Sam's moments = %v, want %v", got, them)
	}
	for _, l := range []string{"No check-ins from you", "No commitments marked yet", "No positive moments"} {
		if hasText(h.win.Canvas(), l) {
			t.Errorf("seeded Insights shows the empty note %q", l)
		}
	}
	golden(t, h.win.Canvas(), "insights_seeded.xml")
}

// TestInsightsEmpty checks that empty charts say what to do next.
func TestInsightsEmpty(t *testing.T) {
	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	h.open("Insights")
	c := h.win.Canvas()
	for _, want := range []string{"No check-ins from you", "No check-ins from Sam", "No commitments marked yet", "No positive moments"} {
		wantText(t, c, want)
	}
	if hasText(c, "Balance today") {
		t.Error("an empty trust account shows a balance")
	}
	golden(t, c, "insights_empty.xml")
}
