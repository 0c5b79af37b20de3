package ui

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

var (
	blue   = color.NRGBA{R: 0x5B, G: 0x7F, B: 0xA6, A: 0xFF}
	violet = color.NRGBA{R: 0x8E, G: 0x6C, B: 0x9E, A: 0xFF}
)

// periodNames are the choices of the Insights selector, in the order of
// doc.Periods.
var periodNames = []string{"Days", "Weeks", "Months"}

// periodWords says, per period, what the charts cover and how one span
// is named.
var periodWords = map[doc.Period]struct{ about, unit, right, left string }{
	doc.ByDay:   {"The last four weeks, day by day. Trends matter more than any single day.", "days", "today", "Jan 2"},
	doc.ByWeek:  {"Weekly averages over the last half year, or since you began. Trends matter more than any single week.", "weeks", "this week", "Jan 2"},
	doc.ByMonth: {"Monthly averages over the last two years, or since you began. Trends matter more than any single month.", "months", "this month", "Jan 2006"},
}

type insights struct {
	u                          *ui
	periods                    *widget.RadioGroup
	period                     atomic.Int32 // index in doc.Periods; read by load on any goroutine
	about                      *widget.Label
	mine, theirs, trust, inter *chart
	trustNow, trustWords       *widget.Label
	interWords                 *widget.Label
	mineEmpty, theirsEmpty     *widget.Label
	trustEmpty, interEmpty     *widget.Label
	theirsTitle                *widget.Label
	tl                         *timeline
	tlHint, msWords            *widget.Label
}

// periodKey is where this device remembers the Insights view last chosen.
const periodKey = "insights.period"

func newInsightsScreen(u *ui) *screen {
	in := &insights{u: u}
	u.insights = in
	// The view last chosen on this device, weeks at first.
	prefs := fyne.CurrentApp().Preferences()
	chosen := 1
	if i := slices.Index(periodNames, prefs.String(periodKey)); i >= 0 {
		chosen = i
	}
	in.period.Store(int32(chosen))
	in.periods = widget.NewRadioGroup(periodNames, nil)
	in.periods.Horizontal, in.periods.Required = true, true
	in.periods.Selected = periodNames[chosen]
	in.periods.OnChanged = func(s string) {
		for i, n := range periodNames {
			if n == s && int32(i) != in.period.Load() {
				in.period.Store(int32(i))
				prefs.SetString(periodKey, n)
				u.reload()
			}
		}
	}
	in.about = hint("")
	in.mine = newChart(false, 0, 10)
	in.theirs = newChart(false, 0, 10)
	in.trust = newChart(false, -5, 5)
	in.inter = newChart(true, 0, 4)
	in.inter.goal = doc.InteractionGoal
	in.trustNow, in.trustWords, in.interWords = para(""), para(""), para("")
	in.theirsTitle = subheading("")
	in.mineEmpty = hint("No check-ins from you in this time yet. A check-in on Today takes a minute, and this chart grows from there.")
	in.theirsEmpty = hint("")
	in.trustEmpty = hint("No commitments marked yet. When you mark them kept or missed on Today, the balance starts here.")
	in.interEmpty = hint("No positive moments logged in this time yet. Log one on Today — a kind word counts.")
	in.tl = newTimeline()
	in.tlHint = hint("Set the day your journey began on the Journey screen, and the milestones will sit on a timeline from there.")
	in.msWords = para("")
	view := page("Insights", "",
		container.NewHBox(widget.NewLabel("Show by"), in.periods),
		in.about,
		container.NewGridWithColumns(2,
			section("Your check-ins", in.mineEmpty, in.mine),
			sectionL(in.theirsTitle, in.theirsEmpty, in.theirs)),
		container.NewGridWithColumns(2,
			section("Trust account", in.trustNow, in.trustEmpty, in.trust, in.trustWords),
			section("Positive moments per day (goal: two)", in.interEmpty, in.inter, in.interWords)),
		section("Milestones", hint("These are guidelines; every couple moves at its own pace."), in.tlHint, in.tl, in.msWords))
	return newScreen("Insights", theme.GridIcon(), view, func() func() { d := in.load(); return func() { in.apply(d) } })
}

// insightsData is everything the Insights screen shows, read from the
// document off the UI goroutine by load and set on the widgets by apply.
type insightsData struct {
	period               doc.Period
	partner              string
	left                 string
	mine, theirs         [3][]float64 // safety, trust, connection
	myBal, theirBal      []float64    // NaN before the account's first mark
	myAcks, theirAcks    []bool       // spans with an acknowledged kept day
	myIn, theirIn        []float64    // moments per day
	myNoticed, theirNot  []float64    // of those, noticed, per day
	anyMark              bool
	trustNow, trustWords string
	interWords           string
	tl                   doc.Timeline
	msWords              string
}

// load reads the document and computes the charts for the chosen period.
// It touches no widget, so it may run on any goroutine.
func (in *insights) load() insightsData {
	u := in.u
	now := u.now()
	partner := u.partner()
	p := doc.Periods()[in.period.Load()]
	v := u.doc.DefaultInsights(p, now)
	d := insightsData{period: p, partner: partner.Name, tl: v.Timeline}
	if len(v.Spans) > 0 {
		if t, err := time.Parse(doc.DateLayout, v.Spans[0].Start); err == nil {
			d.left = t.Format(periodWords[p].left)
		}
	}
	me, them := doc.PartnerInsights{ID: u.me.ID}, doc.PartnerInsights{ID: partner.ID}
	for _, pi := range v.Partners {
		switch pi.ID {
		case u.me.ID:
			me = pi
		case partner.ID:
			them = pi
		}
	}
	d.mine, d.theirs = scoreSeries(me.CheckIns, len(v.Spans)), scoreSeries(them.CheckIns, len(v.Spans))
	d.myBal, d.myAcks = trustSeries(v.Spans, me)
	d.theirBal, d.theirAcks = trustSeries(v.Spans, them)
	d.myIn, d.myNoticed = momentSeries(me.Interactions, len(v.Spans))
	d.theirIn, d.theirNot = momentSeries(them.Interactions, len(v.Spans))
	d.anyMark = me.FirstMark != "" || them.FirstMark != ""

	var bal []string
	if me.FirstMark != "" {
		bal = append(bal, fmt.Sprintf("you %+d", me.Balance))
	}
	if them.FirstMark != "" {
		bal = append(bal, fmt.Sprintf("%s %+d", partner.Name, them.Balance))
	}
	if len(bal) > 0 {
		d.trustNow = "Balance now: " + strings.Join(bal, ", ") + ". Each kept commitment adds one; each missed one takes one away."
	}
	var w []string
	if me.Kept > 0 {
		if me.Acknowledged > 0 {
			w = append(w, fmt.Sprintf("%s acknowledged %d of your %s.", partner.Name, me.Acknowledged, plural(me.Kept, "kept commitment")))
		} else {
			w = append(w, fmt.Sprintf("You kept %s.", plural(me.Kept, "commitment")))
		}
	}
	if them.Kept > 0 {
		if them.Acknowledged > 0 {
			w = append(w, fmt.Sprintf("You acknowledged %d of %s's %d.", them.Acknowledged, partner.Name, them.Kept))
		} else {
			w = append(w, fmt.Sprintf("%s kept %s.", partner.Name, plural(them.Kept, "commitment")))
		}
	}
	if me.Acknowledged+them.Acknowledged > 0 {
		w = append(w, "Rings mark the "+periodWords[p].unit+" with an acknowledgement.")
	}
	d.trustWords = strings.Join(w, " ")
	w = nil
	if me.Count > 0 {
		if me.Noticed > 0 {
			w = append(w, fmt.Sprintf("%s noticed %d of your %s.", partner.Name, me.Noticed, plural(me.Count, "moment")))
		} else {
			w = append(w, fmt.Sprintf("You logged %s.", plural(me.Count, "moment")))
		}
	}
	if them.Count > 0 {
		if them.Noticed > 0 {
			w = append(w, fmt.Sprintf("You noticed %d of %s's %d.", them.Noticed, partner.Name, them.Count))
		} else {
			w = append(w, fmt.Sprintf("%s logged %s.", partner.Name, plural(them.Count, "moment")))
		}
	}
	d.interWords = strings.Join(w, " ")
	d.msWords = milestoneWords(v.Timeline)
	return d
}

// plural returns "1 moment" or "n moments".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// scoreSeries turns check-in averages into chart lines, NaN where a span
// has no check-in.
func scoreSeries(sc []doc.Scores, n int) (out [3][]float64) {
	for k := range out {
		out[k] = make([]float64, n)
	}
	for i := range n {
		if i >= len(sc) || sc[i].CheckIns == 0 {
			out[0][i], out[1][i], out[2][i] = math.NaN(), math.NaN(), math.NaN()
			continue
		}
		out[0][i], out[1][i], out[2][i] = sc[i].Safety, sc[i].Trust, sc[i].Connection
	}
	return out
}

// trustSeries returns a partner's balance at the end of each span, NaN
// before their first mark (there was no account yet), and which spans
// hold an acknowledged kept day.
func trustSeries(spans []doc.Span, pi doc.PartnerInsights) ([]float64, []bool) {
	bal, acks := make([]float64, len(spans)), make([]bool, len(spans))
	for i, sp := range spans {
		bal[i] = math.NaN()
		if i < len(pi.Trust) && pi.FirstMark != "" && sp.End >= pi.FirstMark {
			bal[i] = float64(pi.Trust[i].Balance)
			acks[i] = pi.Trust[i].Acknowledged > 0
		}
	}
	return bal, acks
}

// momentSeries returns a partner's moments per day in each span, and the
// noticed ones per day.
func momentSeries(ms []doc.Moments, n int) (perDay, noticed []float64) {
	perDay, noticed = make([]float64, n), make([]float64, n)
	for i := range min(n, len(ms)) {
		perDay[i] = ms[i].PerDay
		noticed[i] = float64(ms[i].Noticed) / float64(ms[i].Days)
	}
	return perDay, noticed
}

// milestoneWords sums up the timeline kindly: how many are done, and the
// next one on the way.
func milestoneWords(tl doc.Timeline) string {
	both, one := 0, 0
	var next *doc.Milestone
	for i, m := range tl.Milestones {
		switch {
		case m.Done:
			both++
		case len(m.TickedBy) > 0:
			one++
		}
		if !m.Done && next == nil {
			next = &tl.Milestones[i]
		}
	}
	s := fmt.Sprintf("%d done by both of you, %d ticked by one of you, %d still ahead.", both, one, len(tl.Milestones)-both-one)
	if both+one == 0 {
		s = fmt.Sprintf("All %d milestones are still ahead.", len(tl.Milestones))
	}
	if next != nil {
		s += fmt.Sprintf(" Next on the way (%s): %s.", next.Period, next.Text)
	}
	return s
}

// apply sets the widgets from d, on the UI goroutine.
func (in *insights) apply(d insightsData) {
	words := periodWords[d.period]
	in.about.SetText(words.about)
	set := func(c *chart, note *widget.Label, s [3][]float64) {
		c.series = []series{{name: "safety", col: sage, vals: s[0]}, {name: "trust", col: gold, vals: s[1]}, {name: "connection", col: blue, vals: s[2]}}
		c.left, c.right = d.left, words.right
		c.Refresh()
		showIf(note, allNaN(s[0]))
	}
	set(in.mine, in.mineEmpty, d.mine)
	in.theirsEmpty.SetText("No check-ins from " + d.partner + " in this time yet.")
	set(in.theirs, in.theirsEmpty, d.theirs)
	in.theirsTitle.SetText(d.partner + "'s check-ins")

	lim := 5.0
	for _, vs := range [][]float64{d.myBal, d.theirBal} {
		for _, v := range vs {
			if !math.IsNaN(v) {
				lim = math.Max(lim, math.Abs(v))
			}
		}
	}
	in.trust.yMin, in.trust.yMax = -lim, lim
	in.trust.series = []series{{name: "you", col: gold, vals: d.myBal, marks: d.myAcks}, {name: d.partner, col: violet, vals: d.theirBal, marks: d.theirAcks}}
	in.trust.left, in.trust.right = d.left, words.right
	in.trust.Refresh()
	showIf(in.trustEmpty, !d.anyMark)
	in.trustNow.SetText(d.trustNow)
	showIf(in.trustNow, d.trustNow != "")
	in.trustWords.SetText(d.trustWords)
	showIf(in.trustWords, d.trustWords != "")

	top := 4.0
	for _, vs := range [][]float64{d.myIn, d.theirIn} {
		for _, v := range vs {
			top = math.Max(top, math.Ceil(v))
		}
	}
	in.inter.yMax = top
	in.inter.series = []series{{name: "you", col: gold, vals: d.myIn, over: d.myNoticed}, {name: d.partner, col: violet, vals: d.theirIn, over: d.theirNot}}
	in.inter.note = "darker: noticed"
	in.inter.left, in.inter.right = d.left, words.right
	in.inter.Refresh()
	showIf(in.interEmpty, d.interWords == "")
	in.interWords.SetText(d.interWords)
	showIf(in.interWords, d.interWords != "")

	showIf(in.tlHint, d.tl.Start.IsZero())
	in.tl.set(d.tl)
	in.msWords.SetText(d.msWords)
}

// allNaN reports whether a series has no values at all.
func allNaN(vs []float64) bool {
	for _, v := range vs {
		if !math.IsNaN(v) {
			return false
		}
	}
	return true
}

// showIf shows o when cond holds and hides it otherwise.
func showIf(o fyne.CanvasObject, cond bool) {
	if cond {
		o.Show()
	} else {
		o.Hide()
	}
}

var (
	_ fyne.Widget = (*chart)(nil)
	_ fyne.Widget = (*timeline)(nil)
)
