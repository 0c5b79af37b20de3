package app

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// insightDays is how far back the charts look.
const insightDays = 28

var (
	blue   = color.NRGBA{R: 0x5B, G: 0x7F, B: 0xA6, A: 0xFF}
	violet = color.NRGBA{R: 0x8E, G: 0x6C, B: 0x9E, A: 0xFF}
)

// checkInSeries averages one partner's scores per day over the last days.
func checkInSeries(cs []doc.CheckIn, by string, now time.Time, days int) (safety, trust, conn []float64) {
	start := dayStart(now).AddDate(0, 0, -days+1)
	sum := make([][3]float64, days)
	n := make([]int, days)
	for _, c := range cs {
		if c.Author != by {
			continue
		}
		i := int(dayStart(c.Time).Sub(start).Hours()/24 + 0.5)
		if i < 0 || i >= days {
			continue
		}
		sum[i][0] += float64(c.Safety)
		sum[i][1] += float64(c.Trust)
		sum[i][2] += float64(c.Connection)
		n[i]++
	}
	safety, trust, conn = make([]float64, days), make([]float64, days), make([]float64, days)
	for i := range days {
		if n[i] == 0 {
			safety[i], trust[i], conn[i] = math.NaN(), math.NaN(), math.NaN()
			continue
		}
		safety[i], trust[i], conn[i] = sum[i][0]/float64(n[i]), sum[i][1]/float64(n[i]), sum[i][2]/float64(n[i])
	}
	return safety, trust, conn
}

// trustBalance spreads doc's trust account (days with marks only) over
// each of the last days: the balance at the end of each day. Days before
// the first mark are NaN (no line): there was no account yet.
func trustBalance(points []doc.TrustPoint, now time.Time, days int) []float64 {
	out := make([]float64, days)
	start := dayStart(now).AddDate(0, 0, -days+1)
	bal, p := math.NaN(), 0
	for i := range days {
		date := doc.DateOf(start.AddDate(0, 0, i))
		for p < len(points) && points[p].Date <= date {
			bal = float64(points[p].Balance)
			p++
		}
		out[i] = bal
	}
	return out
}

// interactionsPerDay counts one partner's positive interactions per day.
func interactionsPerDay(in []doc.Interaction, by string, now time.Time, days int) []float64 {
	start := dayStart(now).AddDate(0, 0, -days+1)
	out := make([]float64, days)
	for _, x := range in {
		if x.Author != by {
			continue
		}
		if i := int(dayStart(x.Time).Sub(start).Hours()/24 + 0.5); i >= 0 && i < days {
			out[i]++
		}
	}
	return out
}

type insights struct {
	u                          *ui
	mine, theirs, trust, inter *chart
	msMine, msTheirs           *widget.ProgressBar
	trustNow                   *widget.Label
	mineEmpty, theirsEmpty     *widget.Label
	trustEmpty, interEmpty     *widget.Label
	msTheirsName               *widget.Label
	theirsTitle                *widget.Label
}

func newInsightsScreen(u *ui) *screen {
	in := &insights{u: u}
	u.insights = in
	in.mine = newChart(false, 0, 10)
	in.theirs = newChart(false, 0, 10)
	in.trust = newChart(false, -5, 5)
	in.inter = newChart(true, 0, 4)
	in.inter.goal = 2
	in.msMine, in.msTheirs = widget.NewProgressBar(), widget.NewProgressBar()
	in.trustNow = para("")
	in.theirsTitle = subheading("")
	in.msTheirsName = widget.NewLabel("")
	in.mineEmpty = hint("No check-ins from you in these four weeks yet. A check-in on Today takes a minute, and this chart grows from there.")
	in.theirsEmpty = hint("")
	in.trustEmpty = hint("No commitments marked yet. When you mark them kept or missed on Today, the balance starts here.")
	in.interEmpty = hint("No positive moments logged in the last two weeks yet. Log one on Today — a kind word counts.")
	view := page("Insights", "How things have moved over the last four weeks. Trends matter more than any single day.",
		container.NewGridWithColumns(2,
			section("Your check-ins", in.mineEmpty, in.mine),
			sectionL(in.theirsTitle, in.theirsEmpty, in.theirs)),
		container.NewGridWithColumns(2,
			section("Trust account", in.trustNow, in.trustEmpty, in.trust),
			section("Positive moments per day (goal: two)", in.interEmpty, in.inter)),
		section("Milestones ticked", widget.NewLabel("You"), in.msMine, in.msTheirsName, in.msTheirs))
	return newScreen("Insights", theme.GridIcon(), view, func() func() { d := in.load(); return func() { in.apply(d) } })
}

// insightsData is everything the Insights screen shows, read from the
// document off the UI goroutine by load and set on the widgets by apply.
type insightsData struct {
	partner              string
	left, right, barLeft string
	mine, theirs         [3][]float64 // safety, trust, connection
	bal                  []float64
	mineIn, theirsIn     []float64
	msMine, msTheirs     float64
}

// load reads the document and computes the four charts. It touches no
// widget, so it may run on any goroutine.
func (in *insights) load() insightsData {
	u := in.u
	now := u.now()
	partner := u.partner()
	d := insightsData{partner: partner.Name, left: now.AddDate(0, 0, -insightDays+1).Format("Jan 2"), right: "today"}
	cs := u.doc.CheckIns()
	d.mine[0], d.mine[1], d.mine[2] = checkInSeries(cs, u.me.ID, now, insightDays)
	d.theirs[0], d.theirs[1], d.theirs[2] = checkInSeries(cs, partner.ID, now, insightDays)
	d.bal = trustBalance(u.doc.TrustAccount(""), now, insightDays)

	const barDays = 14
	is := u.doc.Interactions()
	d.mineIn, d.theirsIn = interactionsPerDay(is, u.me.ID, now, barDays), interactionsPerDay(is, partner.ID, now, barDays)
	d.barLeft = now.AddDate(0, 0, -barDays+1).Format("Jan 2")

	ms := u.doc.Milestones()
	var m, t int
	for _, x := range ms {
		if slices.Contains(x.TickedBy, u.me.ID) {
			m++
		}
		if slices.Contains(x.TickedBy, partner.ID) {
			t++
		}
	}
	d.msMine = float64(m) / float64(max(len(ms), 1))
	d.msTheirs = float64(t) / float64(max(len(ms), 1))
	return d
}

// apply sets the widgets from d, on the UI goroutine.
func (in *insights) apply(d insightsData) {
	set := func(c *chart, note *widget.Label, s [3][]float64) {
		c.series = []series{{"safety", sage, s[0]}, {"trust", gold, s[1]}, {"connection", blue, s[2]}}
		c.left, c.right = d.left, d.right
		c.Refresh()
		showIf(note, allNaN(s[0]))
	}
	set(in.mine, in.mineEmpty, d.mine)
	in.theirsEmpty.SetText("No check-ins from " + d.partner + " in these four weeks yet.")
	set(in.theirs, in.theirsEmpty, d.theirs)
	in.theirsTitle.SetText(d.partner + "'s check-ins")
	in.msTheirsName.SetText(d.partner)

	lim := 5.0
	for _, v := range d.bal {
		if !math.IsNaN(v) {
			lim = math.Max(lim, math.Abs(v))
		}
	}
	in.trust.yMin, in.trust.yMax = -lim, lim
	in.trust.series = []series{{"balance", gold, d.bal}}
	in.trust.left, in.trust.right = d.left, d.right
	in.trust.Refresh()
	today := d.bal[len(d.bal)-1]
	showIf(in.trustEmpty, math.IsNaN(today))
	showIf(in.trustNow, !math.IsNaN(today))
	if !math.IsNaN(today) {
		in.trustNow.SetText(fmt.Sprintf("Balance today: %+d. Each kept commitment adds one; each missed one takes one away.", int(today)))
	}

	in.inter.series = []series{{"you", gold, d.mineIn}, {d.partner, violet, d.theirsIn}}
	showIf(in.interEmpty, slices.Max(d.mineIn) == 0 && slices.Max(d.theirsIn) == 0)
	in.inter.left, in.inter.right = d.barLeft, d.right
	in.inter.Refresh()

	in.msMine.SetValue(d.msMine)
	in.msTheirs.SetValue(d.msTheirs)
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

var _ fyne.Widget = (*chart)(nil)
