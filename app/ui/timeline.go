package ui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// timeline draws the milestones on the journey, from its start to Month
// 6+: one evenly spaced stop per period ("Week 1", "Week 2", … — so the
// early weeks are not crowded), under each stop a dot per milestone
// (filled: done by both; half: ticked by one of you; open: not yet), and
// a "you are here" marker from the journey's start. It shows where the
// couple is, never a grade: there is no "late".
type timeline struct {
	widget.BaseWidget
	tl doc.Timeline
}

func newTimeline() *timeline {
	t := &timeline{}
	t.ExtendBaseWidget(t)
	return t
}

// set shows tl; on the UI goroutine.
func (t *timeline) set(tl doc.Timeline) {
	t.tl = tl
	t.Refresh()
}

func (t *timeline) MinSize() fyne.Size { return fyne.NewSize(320, 132) }

func (t *timeline) CreateRenderer() fyne.WidgetRenderer { return &timelineRenderer{t: t} }

type timelineRenderer struct {
	t    *timeline
	size fyne.Size
	objs []fyne.CanvasObject
}

func (r *timelineRenderer) Destroy()                     {}
func (r *timelineRenderer) MinSize() fyne.Size           { return r.t.MinSize() }
func (r *timelineRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *timelineRenderer) Layout(s fyne.Size)           { r.size = s; r.build() }
func (r *timelineRenderer) Refresh()                     { r.build(); canvas.Refresh(r.t) }

// stop is one place on the timeline: a day offset and its period name.
type stop struct {
	days int
	name string
}

// stopsOf returns the start and one stop per distinct milestone offset.
func stopsOf(ms []doc.Milestone) []stop {
	out := []stop{{0, "Start"}}
	for _, m := range ms {
		if m.Days > out[len(out)-1].days {
			out = append(out, stop{m.Days, m.Period})
		}
	}
	return out
}

// at returns the x position (0 to 1) of day: stops are evenly spaced and
// days between two stops lie proportionally between them.
func at(stops []stop, day int) float32 {
	if len(stops) < 2 || day <= 0 {
		return 0
	}
	for i := 1; i < len(stops); i++ {
		if day <= stops[i].days {
			a, b := stops[i-1].days, stops[i].days
			return (float32(i-1) + float32(day-a)/float32(b-a)) / float32(len(stops)-1)
		}
	}
	return 1
}

func (r *timelineRenderer) build() {
	s, tl := r.size, r.t.tl
	if s.Width <= 0 || s.Height <= 0 {
		r.objs = nil
		return
	}
	fg := theme.Color(theme.ColorNameForeground)
	grey := color.NRGBA{R: 0x80, G: 0x70, B: 0x60, A: 0xA0}
	const padX, lineY, labelY, dotY, dotGap, legendY = 28, 40, 48, 74, 14, 116
	w := s.Width - 2*padX
	x := func(f float32) float32 { return padX + f*w }
	stops := stopsOf(tl.Milestones)
	objs := []fyne.CanvasObject{}
	text := func(str string, size float32, c color.Color, cx, y float32, italic bool) *canvas.Text {
		t := canvas.NewText(str, c)
		t.TextSize = size
		t.TextStyle.Italic = italic
		tw := t.MinSize().Width
		t.Move(fyne.NewPos(min(max(cx-tw/2, 0), s.Width-tw), y))
		objs = append(objs, t)
		return t
	}
	base := canvas.NewLine(grey)
	base.StrokeWidth = 3
	base.Position1, base.Position2 = fyne.NewPos(x(0), lineY), fyne.NewPos(x(1), lineY)
	objs = append(objs, base)
	started := !tl.Start.IsZero()
	if started {
		// The way already come, in gold.
		come := canvas.NewLine(gold)
		come.StrokeWidth = 3
		come.Position1, come.Position2 = fyne.NewPos(x(0), lineY), fyne.NewPos(x(at(stops, tl.Day)), lineY)
		objs = append(objs, come)
	}
	for i, st := range stops {
		sx := x(float32(i) / float32(max(len(stops)-1, 1)))
		tick := canvas.NewCircle(grey)
		tick.Move(fyne.NewPos(sx-4, lineY-4))
		tick.Resize(fyne.NewSize(8, 8))
		objs = append(objs, tick)
		text(st.name, 11, fg, sx, labelY, false)
		n := 0
		for _, m := range tl.Milestones {
			if m.Days != st.days || st.days == 0 {
				continue
			}
			dot := milestoneDot(m, grey)
			dot.Move(fyne.NewPos(sx-5, float32(dotY+n*dotGap)))
			dot.Resize(fyne.NewSize(10, 10))
			objs = append(objs, dot)
			n++
		}
	}
	if started {
		hx := x(at(stops, tl.Day))
		mark := canvas.NewLine(gold)
		mark.StrokeWidth = 2
		mark.Position1, mark.Position2 = fyne.NewPos(hx, 18), fyne.NewPos(hx, lineY+6)
		objs = append(objs, mark)
		text(fmt.Sprintf("you are here · day %d", tl.Day), 11, gold, hx, 0, false)
	}
	lx := float32(padX)
	for _, l := range []struct {
		m    doc.Milestone
		name string
	}{{doc.Milestone{Done: true, TickedBy: []string{"", ""}}, "done by both"}, {doc.Milestone{TickedBy: []string{""}}, "ticked by one of you"}, {doc.Milestone{}, "not yet"}} {
		dot := milestoneDot(l.m, grey)
		dot.Move(fyne.NewPos(lx, legendY+3))
		dot.Resize(fyne.NewSize(10, 10))
		t := canvas.NewText(l.name, fg)
		t.TextSize = 11
		t.Move(fyne.NewPos(lx+14, legendY))
		objs = append(objs, dot, t)
		lx += 14 + t.MinSize().Width + 14
	}
	r.objs = objs
}

// milestoneDot is a milestone's dot: filled gold when done by both, half
// gold when one partner ticked it, an open ring when not yet.
func milestoneDot(m doc.Milestone, grey color.Color) *canvas.Circle {
	switch {
	case m.Done:
		c := canvas.NewCircle(gold)
		return c
	case len(m.TickedBy) > 0:
		c := canvas.NewCircle(color.NRGBA{R: gold.R, G: gold.G, B: gold.B, A: 0x60})
		c.StrokeColor, c.StrokeWidth = gold, 1.5
		return c
	}
	c := canvas.NewCircle(color.Transparent)
	c.StrokeColor, c.StrokeWidth = grey, 1.5
	return c
}
