package ui

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// series is one line or set of bars. NaN values are gaps.
type series struct {
	name string
	col  color.Color
	vals []float64
	// over, for bars, is drawn darker over the foot of each bar (the
	// noticed part of the positive moments).
	over []float64
	// marks, for lines, rings the points where it is true (spans with an
	// acknowledged kept day).
	marks []bool
}

// darker returns c mixed with 40% black.
func darker(c color.Color) color.Color {
	r, g, b, a := c.RGBA()
	return color.NRGBA{R: uint8(r * 6 / 10 >> 8), G: uint8(g * 6 / 10 >> 8), B: uint8(b * 6 / 10 >> 8), A: uint8(a >> 8)}
}

// chart is a small line or bar chart drawn with canvas primitives. It
// redraws only on resize or Refresh, so it stays fast.
type chart struct {
	widget.BaseWidget
	series     []series
	yMin, yMax float64
	goal       float64 // a dashed reference line when not NaN
	bars       bool
	left       string // x label under the first value
	right      string // x label under the last value
	note       string // a last legend entry, e.g. "darker: noticed"
}

func newChart(bars bool, yMin, yMax float64, s ...series) *chart {
	c := &chart{series: s, yMin: yMin, yMax: yMax, bars: bars, goal: math.NaN()}
	c.ExtendBaseWidget(c)
	return c
}

// MinSize leaves room for two charts side by side in a demo window (780
// px wide, half a 1600-px screen).
func (c *chart) MinSize() fyne.Size { return fyne.NewSize(260, 150) }

func (c *chart) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{c: c}
	return r
}

type chartRenderer struct {
	c    *chart
	size fyne.Size
	objs []fyne.CanvasObject
}

func (r *chartRenderer) Destroy()                     {}
func (r *chartRenderer) MinSize() fyne.Size           { return r.c.MinSize() }
func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *chartRenderer) Layout(s fyne.Size)           { r.size = s; r.build() }
func (r *chartRenderer) Refresh()                     { r.build(); canvas.Refresh(r.c) }

// The margins of a chart around its plotting area: the y labels on the
// left, the x labels at the bottom, the legend at the top.
const chartPadL, chartPadB, chartPadT = 28, 20, 16

// build makes the chart's canvas objects for its current size, back to
// front: background, grid, goal line, series, legend, x labels.
func (r *chartRenderer) build() {
	c, s := r.c, r.size
	if s.Width <= 0 || s.Height <= 0 {
		r.objs = nil
		return
	}
	fg := theme.Color(theme.ColorNameForeground)
	p := chartPlot{c: c, w: s.Width - chartPadL - 4, h: s.Height - chartPadB - chartPadT}
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = 6
	bg.Resize(s)
	objs := []fyne.CanvasObject{bg}
	objs = append(objs, p.grid(fg)...)
	objs = append(objs, p.goalLine()...)
	objs = append(objs, p.seriesObjects()...)
	legend, x := c.legend(fg)
	objs = append(objs, legend...)
	objs = append(objs, c.legendNote(fg, x)...)
	objs = append(objs, p.xLabels(fg, s.Height)...)
	r.objs = objs
}

// chartPlot is a chart's plotting area: w by h pixels inside the margins.
type chartPlot struct {
	c    *chart
	w, h float32
}

// y is the vertical position of the value v.
func (p chartPlot) y(v float64) float32 {
	f := (v - p.c.yMin) / (p.c.yMax - p.c.yMin)
	return chartPadT + p.h - float32(f)*p.h
}

// grid draws lines at the bottom, middle and top values, labelled.
func (p chartPlot) grid(fg color.Color) []fyne.CanvasObject {
	grid := color.NRGBA{R: 0x80, G: 0x70, B: 0x60, A: 0x40}
	var objs []fyne.CanvasObject
	for _, v := range []float64{p.c.yMin, (p.c.yMin + p.c.yMax) / 2, p.c.yMax} {
		l := canvas.NewLine(grid)
		l.Position1, l.Position2 = fyne.NewPos(chartPadL, p.y(v)), fyne.NewPos(chartPadL+p.w, p.y(v))
		t := canvas.NewText(trimFloat(v), fg)
		t.TextSize = 10
		t.Move(fyne.NewPos(4, p.y(v)-7))
		objs = append(objs, l, t)
	}
	return objs
}

// goalLine draws the goal as a dashed line, if the chart has one.
func (p chartPlot) goalLine() []fyne.CanvasObject {
	if math.IsNaN(p.c.goal) {
		return nil
	}
	var objs []fyne.CanvasObject
	for x := float32(0); x < p.w; x += 8 {
		l := canvas.NewLine(clay)
		l.StrokeWidth = 1.5
		l.Position1, l.Position2 = fyne.NewPos(chartPadL+x, p.y(p.c.goal)), fyne.NewPos(chartPadL+min(x+4, p.w), p.y(p.c.goal))
		objs = append(objs, l)
	}
	return objs
}

// seriesObjects draws every series, as bars side by side in each slot or
// as lines from point to point, spread over the longest one.
func (p chartPlot) seriesObjects() []fyne.CanvasObject {
	n := 0
	for _, se := range p.c.series {
		n = max(n, len(se.vals))
	}
	if n == 0 {
		return nil
	}
	step := p.w / float32(max(n-1, 1))
	if p.c.bars {
		step = p.w / float32(n)
	}
	var objs []fyne.CanvasObject
	for si, se := range p.c.series {
		if p.c.bars {
			objs = append(objs, p.bars(si, se, step)...)
		} else {
			objs = append(objs, p.line(se, step)...)
		}
	}
	return objs
}

// bars draws the series se, the si-th, as bars in slots step wide, with its
// over part darker at the foot of each bar.
func (p chartPlot) bars(si int, se series, step float32) []fyne.CanvasObject {
	var objs []fyne.CanvasObject
	for i, v := range se.vals {
		if math.IsNaN(v) {
			continue // no bar for a day without a value
		}
		v = math.Max(p.c.yMin, math.Min(p.c.yMax, v))
		bw := step * 0.8 / float32(len(p.c.series))
		x := chartPadL + float32(i)*step + step*0.1 + float32(si)*bw
		b := canvas.NewRectangle(se.col)
		b.CornerRadius = 2
		b.Move(fyne.NewPos(x, p.y(v)))
		b.Resize(fyne.NewSize(max(bw-1, 1), p.y(p.c.yMin)-p.y(v)))
		objs = append(objs, b)
		if i < len(se.over) && se.over[i] > 0 {
			o := math.Min(se.over[i], v)
			d := canvas.NewRectangle(darker(se.col))
			d.CornerRadius = 2
			d.Move(fyne.NewPos(x, p.y(o)))
			d.Resize(fyne.NewSize(max(bw-1, 1), p.y(p.c.yMin)-p.y(o)))
			objs = append(objs, d)
		}
	}
	return objs
}

// line draws the series se as dots step apart joined by a line, with a ring
// around the marked ones.
func (p chartPlot) line(se series, step float32) []fyne.CanvasObject {
	var objs []fyne.CanvasObject
	var prev *fyne.Position
	for i, v := range se.vals {
		if math.IsNaN(v) {
			continue // lines bridge days without a value
		}
		v = math.Max(p.c.yMin, math.Min(p.c.yMax, v))
		pos := fyne.NewPos(chartPadL+float32(i)*step, p.y(v))
		if prev != nil {
			l := canvas.NewLine(se.col)
			l.StrokeWidth = 2
			l.Position1, l.Position2 = *prev, pos
			objs = append(objs, l)
		}
		dot := canvas.NewCircle(se.col)
		dot.Move(pos.SubtractXY(2.5, 2.5))
		dot.Resize(fyne.NewSize(5, 5))
		objs = append(objs, dot)
		if i < len(se.marks) && se.marks[i] {
			ring := canvas.NewCircle(color.Transparent)
			ring.StrokeColor, ring.StrokeWidth = se.col, 1.5
			ring.Move(pos.SubtractXY(6, 6))
			ring.Resize(fyne.NewSize(12, 12))
			objs = append(objs, ring)
		}
		prev = &pos
	}
	return objs
}

// legend draws a swatch and the name of each series along the top, and
// returns where the next entry would start.
func (c *chart) legend(fg color.Color) ([]fyne.CanvasObject, float32) {
	var objs []fyne.CanvasObject
	x := float32(chartPadL)
	for _, se := range c.series {
		sw := canvas.NewRectangle(se.col)
		sw.Move(fyne.NewPos(x, 3))
		sw.Resize(fyne.NewSize(10, 10))
		t := canvas.NewText(se.name, fg)
		t.TextSize = 11
		t.Move(fyne.NewPos(x+13, 0))
		objs = append(objs, sw, t)
		x += 13 + t.MinSize().Width + 12
	}
	return objs, x
}

// legendNote draws the chart's note, if any, in italics at x, after the
// legend's entries.
func (c *chart) legendNote(fg color.Color, x float32) []fyne.CanvasObject {
	if c.note == "" {
		return nil
	}
	t := canvas.NewText(c.note, fg)
	t.TextSize = 11
	t.TextStyle.Italic = true
	t.Move(fyne.NewPos(x, 0))
	return []fyne.CanvasObject{t}
}

// xLabels draws the labels under the first and the last value, in a chart
// height pixels high.
func (p chartPlot) xLabels(fg color.Color, height float32) []fyne.CanvasObject {
	var objs []fyne.CanvasObject
	for i, lbl := range []string{p.c.left, p.c.right} {
		if lbl == "" {
			continue
		}
		t := canvas.NewText(lbl, fg)
		t.TextSize = 10
		px := float32(chartPadL)
		if i == 1 {
			px = chartPadL + p.w - t.MinSize().Width
		}
		t.Move(fyne.NewPos(px, height-chartPadB+4))
		objs = append(objs, t)
	}
	return objs
}

func trimFloat(v float64) string {
	if v == math.Trunc(v) {
		return itoa(int(v))
	}
	return itoa(int(math.Round(v)))
}
