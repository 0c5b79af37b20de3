package ui

import (
	"strings"
	stdsync "sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// testClock is a clock the test moves by hand.
type testClock struct {
	mu stdsync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// sharedRepair is the repair conversation on two laptops: one shared
// session, both showing the same round, speaker and timer, either moving
// it on; a stale second "Next round" never skips a round; leaving the
// screen does not pause the timer; saving says what it saved, in the right
// plural, on both.
func sharedRepair(t *testing.T, alex, sam Session, goldens bool) {
	clk := &testClock{t: testNow}
	alex.Doc().SetClock(clk.now)
	sam.Doc().SetClock(clk.now)
	a, s := newHarness(t, alex), newHarness(t, sam)
	a.ui.now, s.ui.now = clk.now, clk.now
	ca, cs := a.win.Canvas(), s.win.Canvas()
	a.open("Repair")
	s.open("Repair")
	round := func(d *doc.Shared) int {
		r, ok := d.ActiveRepairSession()
		if !ok {
			return 0
		}
		return r.Current
	}

	tap(t, ca, "Start together")
	a.edited()
	wantText(t, ca, "Round 1 of 5 · Speaker and listener")
	wantText(t, ca, "You are speaking · Sam listens")
	eventually(t, "Sam's laptop shows the session", func() bool { return hasText(cs, "Round 1 of 5") }, a, s)
	wantText(t, cs, "Alex is speaking · you listen")
	wantText(t, cs, "5:00")

	// Either starts the timer; both count down from the shared start.
	tap(t, cs, "Start 5 minutes")
	eventually(t, "the timer runs on Alex's laptop", func() bool {
		r, _ := alex.Doc().ActiveRepairSession()
		return r.Timer.Running(clk.now())
	}, a, s)
	clk.add(61 * time.Second)
	a.ui.repair.tick()
	s.ui.repair.tick()
	wantText(t, ca, "3:59")
	wantText(t, cs, "3:59")
	wantText(t, ca, "Pause")
	if goldens {
		golden(t, ca, "repair_round1.xml")
	}
	// Leaving the screen does not pause it.
	a.open("Today")
	clk.add(60 * time.Second)
	a.open("Repair")
	wantText(t, ca, "2:59")
	if r, _ := alex.Doc().ActiveRepairSession(); !r.Timer.Running(clk.now()) {
		t.Fatal("leaving the screen paused the timer")
	}
	clk.add(10 * time.Minute)
	a.ui.repair.tick()
	wantText(t, ca, "Time's up")

	// Sam moves it on; Alex's laptop follows.
	tap(t, cs, "Next round")
	eventually(t, "Alex's laptop follows to round 2", func() bool { return hasText(ca, "Round 2 of 5") }, a, s)
	wantText(t, ca, "Sam is speaking · you listen")
	wantText(t, ca, "5:00")
	wantText(t, cs, "You are speaking · Alex listens")

	// Both press "Next round" on round 2 before seeing the other's press:
	// the session moves one round, to 3, not 4.
	tap(t, ca, "Next round")
	tap(t, cs, "Next round") // Sam's screen still shows round 2
	eventually(t, "both laptops agree on round 3", func() bool {
		return round(alex.Doc()) == 3 && round(sam.Doc()) == 3 && hasText(ca, "Round 3 of 5") && hasText(cs, "Round 3 of 5")
	}, a, s)

	typeInto(t, ca, "A pattern", "We stop talking when we're hurt")
	tap(t, ca, "Add")
	eventually(t, "Sam sees the pattern", func() bool { return hasText(cs, "We stop talking when we're hurt") }, a, s)
	if goldens {
		golden(t, cs, "repair_round3.xml")
	}
	tap(t, cs, "Next round")
	eventually(t, "Alex's laptop follows to round 4", func() bool { return hasText(ca, "Round 4 of 5") }, a, s)
	typeInto(t, cs, "I need…", "Honesty about where you are")
	tap(t, cs, "Add")
	tap(t, cs, "Next round")
	eventually(t, "Alex's laptop follows to round 5", func() bool { return hasText(ca, "Round 5 of 5") }, a, s)
	typeInto(t, ca, "I will…", "Share my phone when asked")
	tap(t, ca, "Add")
	if hasText(ca, "%!") {
		t.Error("a round's guide has a formatting error")
	}
	tap(t, ca, "Save to our shared notes")
	a.edited()

	d := alex.Doc()
	rs := d.RepairSessions()
	if len(rs) != 1 || rs[0].Finished.IsZero() || len(rs[0].Entries) != 3 {
		t.Fatalf("repair sessions = %+v", rs)
	}
	if ns := d.Needs(); len(ns) != 1 || ns[0].Owner != sam.Me().ID || ns[0].Text != "Honesty about where you are" {
		t.Errorf("needs = %+v; want Sam's", ns)
	}
	if cms := d.Commitments(); len(cms) != 1 || cms[0].Owner != alex.Me().ID || cms[0].Text != "Share my phone when asked" {
		t.Errorf("commitments = %+v", cms)
	}
	const saved = "Saved: 1 pattern, 1 need and 1 commitment are now in your shared notes."
	wantText(t, ca, saved)
	wantText(t, ca, "Start together")
	eventually(t, "Sam's laptop says what was saved", func() bool { return hasText(cs, saved) }, a, s)
	if goldens {
		golden(t, ca, "repair_saved.xml")
	}
	// The saved note and the start card do not overlap.
	assertNoOverlap(t, ca, saved, "Start a repair conversation")
}

// assertNoOverlap fails when the labels holding a and b overlap on screen.
func assertNoOverlap(t *testing.T, c fyne.Canvas, a, b string) {
	t.Helper()
	pa, sa := labelBox(t, c, a)
	pb, sb := labelBox(t, c, b)
	if pa.Y < pb.Y+sb.Height && pb.Y < pa.Y+sa.Height && pa.X < pb.X+sb.Width && pb.X < pa.X+sa.Width {
		t.Errorf("%q at %v %v overlaps %q at %v %v", a, pa, sa, b, pb, sb)
	}
}

// labelBox returns where the label holding s is drawn in the window.
func labelBox(t *testing.T, c fyne.Canvas, s string) (fyne.Position, fyne.Size) {
	t.Helper()
	var walk func(o fyne.CanvasObject, at fyne.Position) (fyne.Position, fyne.Size, bool)
	walk = func(o fyne.CanvasObject, at fyne.Position) (fyne.Position, fyne.Size, bool) {
		if o == nil || !o.Visible() {
			return at, fyne.Size{}, false
		}
		at = at.Add(o.Position())
		if hasOwnText(o, s) {
			return at, o.Size(), true
		}
		var kids []fyne.CanvasObject
		switch x := o.(type) {
		case *fyne.Container:
			kids = x.Objects
		case fyne.Widget:
			kids = test.WidgetRenderer(x).Objects()
		}
		for _, k := range kids {
			if p, sz, ok := walk(k, at); ok {
				return p, sz, true
			}
		}
		return at, fyne.Size{}, false
	}
	p, sz, ok := walk(c.Content(), fyne.Position{})
	if !ok {
		t.Fatalf("no label %q on screen", s)
	}
	return p, sz
}

func TestSharedRepair(t *testing.T) {
	alex, sam := pairedSessions(t)
	sharedRepair(t, alex, sam, true)
}

func TestSharedRepairRealStack(t *testing.T) {
	alex, sam := realCouple(t)
	sharedRepair(t, alex, sam, false)
}

// hasOwnText reports whether o is a label holding s.
func hasOwnText(o fyne.CanvasObject, s string) bool {
	l, ok := o.(*widget.Label)
	return ok && strings.Contains(l.Text, s)
}

// The button that lets the other partner speak first reads right on both
// laptops, by name or as "You speak first instead" (it once read "You
// speaks first instead"), before and after it is used. On the real stack.
func TestRepairSwapWordsRealStack(t *testing.T) {
	alex, sam := realCouple(t)
	a, s := newHarness(t, alex), newHarness(t, sam)
	ca, cs := a.win.Canvas(), s.win.Canvas()
	a.open("Repair")
	s.open("Repair")
	tap(t, ca, "Start together")
	eventually(t, "Sam's laptop shows the session", func() bool { return hasText(cs, "Round 1 of 5") }, a, s)
	wantText(t, ca, "Sam speaks first instead")
	wantText(t, cs, "You speak first instead")
	for _, c := range []fyne.Canvas{ca, cs} {
		if hasText(c, "You speaks") {
			t.Error(`the button reads "You speaks first instead"`)
		}
	}

	tap(t, cs, "You speak first instead")
	eventually(t, "Alex's laptop shows Sam speaking first", func() bool { return hasText(ca, "Sam is speaking · you listen") }, a, s)
	wantText(t, cs, "You are speaking · Alex listens")
	wantText(t, ca, "You speak first instead")
	wantText(t, cs, "Alex speaks first instead")
}
