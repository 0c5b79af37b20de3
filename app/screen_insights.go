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
// each of the last days: the balance at the end of each day.
func trustBalance(points []doc.TrustPoint, now time.Time, days int) []float64 {
	out := make([]float64, days)
	start := dayStart(now).AddDate(0, 0, -days+1)
	bal, p := 0.0, 0
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
	msTheirsName               *widget.Label
	theirsTitle                *widget.Label
}

func newInsightsScreen(u *ui) *screen {
	in := &insights{u: u}
	in.mine = newChart(false, 0, 10)
	in.theirs = newChart(false, 0, 10)
	in.trust = newChart(false, -5, 5)
	in.inter = newChart(true, 0, 4)
	in.inter.goal = 2
	in.msMine, in.msTheirs = widget.NewProgressBar(), widget.NewProgressBar()
	in.trustNow = widget.NewLabel("")
	in.theirsTitle = subheading("")
	in.msTheirsName = widget.NewLabel("")
	view := page("Insights", "How things have moved over the last four weeks. Trends matter more than any single day.",
		container.NewGridWithColumns(2,
			section("Your check-ins", in.mine),
			sectionL(in.theirsTitle, in.theirs)),
		container.NewGridWithColumns(2,
			section("Trust account", in.trustNow, in.trust),
			section("Positive moments per day (goal: two)", in.inter)),
		section("Milestones ticked", widget.NewLabel("You"), in.msMine, in.msTheirsName, in.msTheirs))
	return &screen{title: "Insights", icon: theme.GridIcon(), view: view, refresh: in.refresh}
}

func (in *insights) refresh() {
	u := in.u
	now := u.now()
	left, right := now.AddDate(0, 0, -insightDays+1).Format("Jan 2"), "today"
	cs := u.doc.CheckIns()
	set := func(c *chart, by string) {
		s, t, k := checkInSeries(cs, by, now, insightDays)
		c.series = []series{{"safety", sage, s}, {"trust", gold, t}, {"connection", blue, k}}
		c.left, c.right = left, right
		c.Refresh()
	}
	set(in.mine, u.me.ID)
	set(in.theirs, u.partner().ID)
	in.theirsTitle.SetText(u.partner().Name + "'s check-ins")
	in.msTheirsName.SetText(u.partner().Name)

	bal := trustBalance(u.doc.TrustAccount(""), now, insightDays)
	lim := 5.0
	for _, v := range bal {
		lim = math.Max(lim, math.Abs(v))
	}
	in.trust.yMin, in.trust.yMax = -lim, lim
	in.trust.series = []series{{"balance", gold, bal}}
	in.trust.left, in.trust.right = left, right
	in.trust.Refresh()
	in.trustNow.SetText(fmt.Sprintf("Balance today: %+d", int(bal[len(bal)-1])))

	const barDays = 14
	is := u.doc.Interactions()
	in.inter.series = []series{{"you", gold, interactionsPerDay(is, u.me.ID, now, barDays)}, {u.partner().Name, violet, interactionsPerDay(is, u.partner().ID, now, barDays)}}
	in.inter.left, in.inter.right = now.AddDate(0, 0, -barDays+1).Format("Jan 2"), right
	in.inter.Refresh()

	ms := u.doc.Milestones()
	var m, t int
	for _, x := range ms {
		if slices.Contains(x.TickedBy, u.me.ID) {
			m++
		}
		if slices.Contains(x.TickedBy, u.partner().ID) {
			t++
		}
	}
	in.msMine.SetValue(float64(m) / float64(max(len(ms), 1)))
	in.msTheirs.SetValue(float64(t) / float64(max(len(ms), 1)))
}

var _ fyne.Widget = (*chart)(nil)
