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

func (r *chartRenderer) build() {
	c, s := r.c, r.size
	if s.Width <= 0 || s.Height <= 0 {
		r.objs = nil
		return
	}
	fg := theme.Color(theme.ColorNameForeground)
	grid := color.NRGBA{R: 0x80, G: 0x70, B: 0x60, A: 0x40}
	const padL, padB, padT = 28, 20, 16
	w, h := s.Width-padL-4, s.Height-padB-padT
	y := func(v float64) float32 {
		f := (v - c.yMin) / (c.yMax - c.yMin)
		return padT + h - float32(f)*h
	}
	objs := []fyne.CanvasObject{}
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = 6
	bg.Resize(s)
	objs = append(objs, bg)
	for _, v := range []float64{c.yMin, (c.yMin + c.yMax) / 2, c.yMax} {
		l := canvas.NewLine(grid)
		l.Position1, l.Position2 = fyne.NewPos(padL, y(v)), fyne.NewPos(padL+w, y(v))
		t := canvas.NewText(trimFloat(v), fg)
		t.TextSize = 10
		t.Move(fyne.NewPos(4, y(v)-7))
		objs = append(objs, l, t)
	}
	if !math.IsNaN(c.goal) {
		for x := float32(0); x < w; x += 8 {
			l := canvas.NewLine(clay)
			l.StrokeWidth = 1.5
			l.Position1, l.Position2 = fyne.NewPos(padL+x, y(c.goal)), fyne.NewPos(padL+min(x+4, w), y(c.goal))
			objs = append(objs, l)
		}
	}
	n := 0
	for _, se := range c.series {
		n = max(n, len(se.vals))
	}
	if n > 0 {
		step := w / float32(max(n-1, 1))
		if c.bars {
			step = w / float32(n)
		}
		for si, se := range c.series {
			var prev *fyne.Position
			for i, v := range se.vals {
				if math.IsNaN(v) {
					continue // lines bridge days without a value
				}
				v = math.Max(c.yMin, math.Min(c.yMax, v))
				if c.bars {
					bw := step * 0.8 / float32(len(c.series))
					x := padL + float32(i)*step + step*0.1 + float32(si)*bw
					b := canvas.NewRectangle(se.col)
					b.CornerRadius = 2
					b.Move(fyne.NewPos(x, y(v)))
					b.Resize(fyne.NewSize(max(bw-1, 1), y(c.yMin)-y(v)))
					objs = append(objs, b)
					if i < len(se.over) && se.over[i] > 0 {
						o := math.Min(se.over[i], v)
						d := canvas.NewRectangle(darker(se.col))
						d.CornerRadius = 2
						d.Move(fyne.NewPos(x, y(o)))
						d.Resize(fyne.NewSize(max(bw-1, 1), y(c.yMin)-y(o)))
						objs = append(objs, d)
					}
					continue
				}
				p := fyne.NewPos(padL+float32(i)*step, y(v))
				if prev != nil {
					l := canvas.NewLine(se.col)
					l.StrokeWidth = 2
					l.Position1, l.Position2 = *prev, p
					objs = append(objs, l)
				}
				dot := canvas.NewCircle(se.col)
				dot.Move(p.SubtractXY(2.5, 2.5))
				dot.Resize(fyne.NewSize(5, 5))
				objs = append(objs, dot)
				if i < len(se.marks) && se.marks[i] {
					ring := canvas.NewCircle(color.Transparent)
					ring.StrokeColor, ring.StrokeWidth = se.col, 1.5
					ring.Move(p.SubtractXY(6, 6))
					ring.Resize(fyne.NewSize(12, 12))
					objs = append(objs, ring)
				}
				prev = &p
			}
		}
	}
	x := float32(padL)
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
	if c.note != "" {
		t := canvas.NewText(c.note, fg)
		t.TextSize = 11
		t.TextStyle.Italic = true
		t.Move(fyne.NewPos(x, 0))
		objs = append(objs, t)
	}
	for i, lbl := range []string{c.left, c.right} {
		if lbl == "" {
			continue
		}
		t := canvas.NewText(lbl, fg)
		t.TextSize = 10
		px := float32(padL)
		if i == 1 {
			px = padL + w - t.MinSize().Width
		}
		t.Move(fyne.NewPos(px, s.Height-padB+4))
		objs = append(objs, t)
	}
	r.objs = objs
}

func trimFloat(v float64) string {
	if v == math.Trunc(v) {
		return itoa(int(v))
	}
	return itoa(int(math.Round(v)))
}
