package export

import (
	"math"
	"strconv"
	"time"
)

// point is one value at one time on a chart.
type point struct {
	t time.Time
	v float64
}

// series is one line on a chart.
type series struct {
	label  string
	col    rgb
	dashed bool
	pts    []point
}

// Chart geometry in millimetres.
const (
	chartTitleH = 7.0
	chartPlotH  = 30.0
	chartAxisH  = 6.0
	chartLeft   = marginX + 9
	chartRight  = pageW - marginX - 2
	chartH      = chartTitleH + chartPlotH + chartAxisH + 3 // with the gap after it
)

// minTrendWeeks is the number of weeks from which the score charts show
// weekly averages rather than each check-in.
const minTrendWeeks = 6

// scoreChart draws one check-in score (0–10) over the range, one line per
// partner.
func (p *pdfWriter) scoreChart(name string, get func(safety, trust, connection float64) float64) {
	r := p.r
	weeks := map[string]bool{}
	for _, t := range r.Trends {
		weeks[t.Week] = true
	}
	ss := make([]series, len(r.Partners))
	for i, pt := range r.Partners {
		ss[i] = series{label: r.name(pt.ID), col: colPartner[i%len(colPartner)], dashed: i%2 == 1}
	}
	if len(weeks) >= minTrendWeeks {
		for _, t := range r.Trends {
			if i := r.partnerIndex(t.Partner); i >= 0 {
				if wk, ok := parseDay(t.Week, r.location()); ok {
					mid := wk.Add(84 * time.Hour) // Thursday noon
					ss[i].pts = append(ss[i].pts, point{mid, get(t.Safety, t.Trust, t.Connection)})
				}
			}
		}
	} else {
		for _, c := range r.CheckIns {
			if i := r.partnerIndex(c.Partner); i >= 0 {
				ss[i].pts = append(ss[i].pts, point{c.At, get(float64(c.Safety), float64(c.Trust), float64(c.Connection))})
			}
		}
	}
	p.lineChart(name, 0, 10, []float64{0, 5, 10}, ss)
}

// trustChart draws the trust account balance over the range.
func (p *pdfWriter) trustChart() {
	r := p.r
	s := series{label: "Trust account", col: colGold}
	lo, hi := 0.0, 0.0
	for _, b := range r.Trust {
		d, ok := parseDay(b.Day, r.location())
		if !ok {
			continue
		}
		v := float64(b.Balance)
		s.pts = append(s.pts, point{d.Add(12 * time.Hour), v})
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	lo, hi, ticks := niceAxis(lo, hi)
	p.lineChart("Trust account balance", lo, hi, ticks, []series{s})
}

// chartSpan is the time axis of the charts: the export's range, or the
// data's own extent where the range is open.
func (p *pdfWriter) chartSpan(ss []series) (time.Time, time.Time) {
	var t0, t1 time.Time
	for _, s := range ss {
		for _, pt := range s.pts {
			if t0.IsZero() || pt.t.Before(t0) {
				t0 = pt.t
			}
			if t1.IsZero() || pt.t.After(t1) {
				t1 = pt.t
			}
		}
	}
	if p.r.From != nil {
		t0 = *p.r.From
	}
	if p.r.To != nil {
		t1 = *p.r.To
	}
	if !t1.After(t0.Add(24 * time.Hour)) {
		t0, t1 = t0.Add(-24*time.Hour), t1.Add(24*time.Hour)
	}
	return t0, t1
}

// lineChart draws a titled line chart with a legend, y grid lines at
// yTicks and date labels along the bottom.
func (p *pdfWriter) lineChart(title string, yMin, yMax float64, yTicks []float64, ss []series) {
	f := p.f
	p.space(chartTitleH + chartPlotH + chartAxisH + 2)
	top := f.GetY()
	t0, t1 := p.chartSpan(ss)

	// title and legend
	p.font("B", 9.5)
	p.color(colInk)
	f.SetXY(marginX, top)
	p.cell(60, chartTitleH, title, "", 0, "L", false)
	x := chartRight
	for i := len(ss) - 1; i >= 0; i-- {
		s := ss[i]
		p.font("", 8)
		w := p.width(s.label) + 2
		x -= w
		f.SetXY(x, top)
		p.cell(w, chartTitleH, s.label, "", 0, "L", false)
		x -= 9
		p.lineStyle(s)
		f.Line(x, top+chartTitleH/2, x+7, top+chartTitleH/2)
		p.plainLine()
		x -= 4
	}

	plotTop := top + chartTitleH
	plotBot := plotTop + chartPlotH
	yOf := func(v float64) float64 {
		if yMax == yMin {
			return plotBot
		}
		return plotBot - (v-yMin)/(yMax-yMin)*chartPlotH
	}
	xOf := func(t time.Time) float64 {
		// A week's average sits mid-week, which may fall just outside.
		if t.Before(t0) {
			t = t0
		} else if t.After(t1) {
			t = t1
		}
		span := t1.Sub(t0).Seconds()
		return chartLeft + t.Sub(t0).Seconds()/span*(chartRight-chartLeft)
	}

	// grid and y labels
	p.font("", 7)
	p.color(colMuted)
	for _, v := range yTicks {
		y := yOf(v)
		p.drawColor(colGrid)
		if v == 0 && yMin < 0 {
			p.drawColor(colMuted)
		}
		f.Line(chartLeft, y, chartRight, y)
		f.SetXY(marginX, y-2)
		f.CellFormat(chartLeft-marginX-1.5, 4, strconv.FormatFloat(v, 'f', -1, 64), "", 0, "R", false, 0, "")
	}
	p.drawColor(colMuted)
	f.Line(chartLeft, plotBot, chartRight, plotBot)

	// x labels
	for _, tk := range timeTicks(t0, t1, p.r.location()) {
		x := xOf(tk.t)
		f.Line(x, plotBot, x, plotBot+1)
		f.SetXY(x-12, plotBot+1)
		p.cell(24, 4, tk.label, "", 0, "C", false)
	}

	// the lines
	for _, s := range ss {
		p.lineStyle(s)
		for i, pt := range s.pts {
			x, y := xOf(pt.t), yOf(pt.v)
			if i > 0 {
				f.Line(xOf(s.pts[i-1].t), yOf(s.pts[i-1].v), x, y)
			}
			if len(s.pts) <= 40 {
				f.SetFillColor(s.col.r, s.col.g, s.col.b)
				f.Circle(x, y, 0.55, "F")
			}
		}
		p.plainLine()
	}
	p.color(colInk)
	f.SetXY(marginX, plotBot+chartAxisH)
}

func (p *pdfWriter) lineStyle(s series) {
	p.drawColor(s.col)
	p.f.SetLineWidth(0.45)
	if s.dashed {
		p.f.SetDashPattern([]float64{1.6, 0.9}, 0)
	}
}

func (p *pdfWriter) plainLine() {
	p.f.SetDashPattern([]float64{}, 0)
	p.f.SetLineWidth(0.2)
}

// axisTick is one labelled mark on a time axis.
type axisTick struct {
	t     time.Time
	label string
}

// timeTicks picks readable marks between t0 and t1: Mondays for a few
// weeks, months for up to about two years, years beyond. At most about a
// dozen labels are returned.
func timeTicks(t0, t1 time.Time, loc *time.Location) []axisTick {
	t0, t1 = t0.In(loc), t1.In(loc)
	days := t1.Sub(t0).Hours() / 24
	var out []axisTick
	switch {
	case days <= 45:
		for d := weekStart(t0, loc); !d.After(t1); d = d.AddDate(0, 0, 7) {
			if !d.Before(t0) {
				out = append(out, axisTick{d, d.Format("2 Jan")})
			}
		}
	case days <= 800:
		y, m, _ := t0.Date()
		for d := time.Date(y, m, 1, 0, 0, 0, 0, loc); !d.After(t1); d = d.AddDate(0, 1, 0) {
			if d.Before(t0) {
				continue
			}
			label := d.Format("Jan")
			if d.Month() == time.January || len(out) == 0 {
				label = d.Format("Jan 2006")
			}
			out = append(out, axisTick{d, label})
		}
	default:
		for y := t0.Year(); y <= t1.Year(); y++ {
			d := time.Date(y, time.January, 1, 0, 0, 0, 0, loc)
			if !d.Before(t0) && !d.After(t1) {
				out = append(out, axisTick{d, strconv.Itoa(y)})
			}
		}
	}
	for len(out) > 12 {
		thin := out[:0]
		for i := 0; i < len(out); i += 2 {
			thin = append(thin, out[i])
		}
		out = thin
	}
	return out
}

// niceAxis widens [lo, hi] to round numbers and returns grid values.
func niceAxis(lo, hi float64) (float64, float64, []float64) {
	if hi-lo < 1 {
		hi = lo + 1
	}
	raw := (hi - lo) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	step = math.Max(step, 1) // balances are whole numbers
	lo = math.Floor(lo/step) * step
	hi = math.Ceil(hi/step) * step
	var ticks []float64
	for v := lo; v <= hi+step/2; v += step {
		ticks = append(ticks, math.Round(v/step)*step)
	}
	return lo, hi, ticks
}

// parseDay reads a "2006-01-02" day at midnight in loc.
func parseDay(day string, loc *time.Location) (time.Time, bool) {
	t, err := time.ParseInLocation(dayLayout, day, loc)
	return t, err == nil
}
