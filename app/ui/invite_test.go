package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/app/adapt"
)

// pairingWindow opens a fresh real profile, unpaired, at the pairing
// choice, in a window of the app's size.
func pairingWindow(t *testing.T, o Opener, name string) (*Flow, fyne.Canvas) {
	t.Helper()
	s, err := o.Create(name, name+" passphrase 12")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	f, c := newFlowWindow(t, o)
	f.win.Resize(WindowSize)
	f.sess = s
	f.showPairChoice()
	return f, c
}

// The invite on the real stack, in both variants of the theme, at the
// window's size (780x760): every part of it lies on the card, the card
// ends above the window's edge with a margin once scrolled to the bottom,
// the wait shows a moving bar across the card, and “Copy code” says
// “Copied” for a moment, with the code on the clipboard, without moving
// anything. Then the partner pastes the code into a box that shows all of
// it and joins with Enter: their laptop shows the same kind of bar while
// it connects, and both bars go at the safety number.
func TestInviteRealStack(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(newWarmTheme())
	was := copiedFor
	copiedFor = 50 * time.Millisecond
	t.Cleanup(func() { copiedFor = was })
	base := t.TempDir()
	fa, ca := pairingWindow(t, adapt.DemoOpener(base, "alex"), "Alex")
	// Each variant is set before the invite is drawn, as a running
	// window would be: the test driver draws one frame of an animation.
	for _, v := range []struct {
		name string
		v    fyne.ThemeVariant
	}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
		fyne.CurrentApp().Settings().SetTheme(variantTheme{newWarmTheme(), v.v})
		// The app's size, and a short window where the invite scrolls.
		for _, sz := range []fyne.Size{WindowSize, {Width: WindowSize.Width, Height: 560}} {
			fa.win.Resize(sz)
			tap(t, ca, "Invite my partner")
			wantText(t, ca, "Waiting for your partner")
			where := fmt.Sprintf("invite %s %vx%v", v.name, sz.Width, sz.Height)
			checkInviteFits(t, ca, where)
			checkBusy(t, ca, where)
			tap(t, ca, "Back")
		}
	}
	fyne.CurrentApp().Settings().SetTheme(newWarmTheme())
	fa.win.Resize(WindowSize)
	tap(t, ca, "Invite my partner")

	code := find(t, ca, func(l *widget.Label) bool { return l.Selectable }).Text
	back, copyBtn := button(t, ca, "Back"), button(t, ca, "Copy code")
	relayout(ca)
	backAt, copySize := posIn(ca.Content(), back), copyBtn.Size()
	tap(t, ca, "Copy code")
	if got := fyne.CurrentApp().Clipboard().Content(); got != code {
		t.Errorf("Copy code put %q on the clipboard, want the code", got)
	}
	relayout(ca)
	if copyBtn.Text != copiedWords {
		t.Errorf("after a tap the button reads %q, want %q", copyBtn.Text, copiedWords)
	}
	if at := posIn(ca.Content(), back); at != backAt || copyBtn.Size() != copySize {
		t.Errorf("saying Copied moved Back from %v to %v and resized the button from %v to %v", backAt, at, copySize, copyBtn.Size())
	}
	checkLayout(t, ca, "the invite, copied")
	shot(t, ca, "invite_copied")
	deadline := time.Now().Add(10 * time.Second)
	for copyBtn.Text != "Copy code" {
		if time.Now().After(deadline) {
			t.Fatalf("the button still reads %q long after the copy", copyBtn.Text)
		}
		fa.b.Drain()
		time.Sleep(10 * time.Millisecond)
	}

	fs, cs := pairingWindow(t, adapt.DemoOpener(base, "sam"), "Sam")
	tap(t, cs, "Join my partner")
	box := codeBox(t, cs)
	pasteInto(t, cs, box, code)
	relayout(cs)
	checkCodeBoxShowsAll(t, cs, box, "the pasted code")
	shot(t, cs, "join_pasted")
	// The app's shortcuts pass from the box to the window; the box keeps
	// its text.
	passed := false
	cs.AddShortcut(ctrl(fyne.KeyL).(*desktop.CustomShortcut), func(fyne.Shortcut) { passed = true })
	press(cs, ctrl(fyne.KeyL))
	if !passed || box.Text != code {
		t.Errorf("Ctrl+L in the code box: reached the window %v, the box holds %q", passed, box.Text)
	}
	fs.b.hold = true // the real join waits until the test runs it
	box.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	wantText(t, cs, "Connecting to your partner…")
	if strings.Contains(box.Text, "\n") {
		t.Errorf("Enter in the code box added a line break: %q", box.Text)
	}
	checkBusy(t, cs, "joining")
	shot(t, cs, "join_connecting")
	for _, run := range fs.b.held {
		run()
	}
	fs.b.held, fs.b.hold = nil, false
	wantText(t, cs, "Compare out loud")
	deadline = time.Now().Add(20 * time.Second)
	for !hasText(ca, "Compare out loud") {
		if time.Now().After(deadline) {
			t.Fatal("the inviter never reached the safety-number step")
		}
		fa.b.Drain()
		time.Sleep(20 * time.Millisecond)
	}
	for _, x := range []struct {
		who string
		c   fyne.Canvas
	}{{"the inviter", ca}, {"the joiner", cs}} {
		if a := visibleBusy(x.c); a != nil {
			t.Errorf("%s's laptop still shows a moving bar at the safety number", x.who)
		}
	}
}

// checkInviteFits checks the invite on c, at the top and scrolled to the
// bottom: no wider than the window, nothing failing the layout guard,
// every part on the card, and the card a margin away from the window's top
// and bottom edges. With KINTSUGI_SHOTS it saves both views as PNGs.
func checkInviteFits(t *testing.T, c fyne.Canvas, where string) {
	t.Helper()
	const margin = 16 // the least room above and below the card
	relayout(c)
	checkLayout(t, c, where)
	sc, ok := c.Content().(*container.Scroll)
	if !ok {
		t.Fatalf("%s: the card does not scroll", where)
	}
	win := c.Size()
	if w := sc.Content.MinSize().Width; w > win.Width {
		t.Errorf("%s: needs %v wide in a %v-wide window", where, w, win.Width)
	}
	bg := find(t, c, func(x *themed) bool { return x.name == theme.ColorNameHeaderBackground })
	parts := map[string]fyne.CanvasObject{
		"the code":       find(t, c, func(l *widget.Label) bool { return l.Selectable }),
		"Copy code":      button(t, c, "Copy code"),
		"Back":           button(t, c, "Back"),
		"the QR square":  find(t, c, func(i *canvas.Image) bool { return i.Resource != nil && i.Resource.Name() == "invite.png" }),
		"the LAN line":   find(t, c, func(l *widget.Label) bool { return strings.HasPrefix(l.Text, "On the same Wi-Fi?") }),
		"the wait":       find(t, c, func(l *widget.Label) bool { return strings.HasPrefix(l.Text, "Waiting for your partner") }),
		"the moving bar": find(t, c, func(*widget.ProgressBarInfinite) bool { return true }),
	}
	for i, end := range []string{"top", "bottom"} {
		if i == 0 {
			sc.ScrollToTop()
		} else {
			sc.ScrollToBottom()
		}
		at := posIn(c.Content(), bg)
		cardEnd := at.Y + bg.Size().Height
		for name, o := range parts {
			p, s := posIn(c.Content(), o), o.Size()
			if s.Width < 1 || s.Height < 1 || p.X < at.X || p.Y < at.Y || p.X+s.Width > at.X+bg.Size().Width+0.5 || p.Y+s.Height > cardEnd+0.5 {
				t.Errorf("%s: %s (%v at %v) is not on the card (%v at %v)", where, name, s, p, bg.Size(), at)
			}
		}
		if end == "top" && at.Y < margin {
			t.Errorf("%s: the card starts %v from the window's top edge, wants %v", where, at.Y, margin)
		}
		if end == "bottom" && win.Height-cardEnd < margin {
			t.Errorf("%s: scrolled to the bottom, the card ends %v from the window's bottom edge, wants %v", where, win.Height-cardEnd, margin)
		}
		shotAsIs(t, c, strings.ReplaceAll(where, " ", "_")+"_"+end)
	}
	sc.ScrollToTop()
}

// checkBusy checks that c shows a moving bar, started, of a real size:
// at least busyHeight tall and half the card wide, inside the window, and
// drawing its moving part (a bar started before it was laid out draws it
// with no width).
func checkBusy(t *testing.T, c fyne.Canvas, where string) {
	t.Helper()
	a := visibleBusy(c)
	if a == nil {
		t.Fatalf("%s: no moving bar", where)
	}
	if !a.Running() {
		t.Errorf("%s: the bar is not moving", where)
	}
	if s := a.Size(); s.Width < 240 || s.Height < busyHeight {
		t.Errorf("%s: the moving bar is %v, wants at least 240x%v", where, s, busyHeight)
	}
	if p := posIn(c.Content(), a); p.X < 0 || p.X+a.Size().Width > c.Size().Width || p.Y < 0 || p.Y+a.Size().Height > c.Size().Height {
		t.Errorf("%s: the moving bar at %v is outside the window", where, p)
	}
	var drawn []float32
	for _, o := range test.WidgetRenderer(a).Objects() {
		if r, ok := o.(*canvas.Rectangle); ok {
			if _, _, _, alpha := r.FillColor.RGBA(); alpha > 0 && r.Size().Width >= 1 && r.Size().Height >= busyHeight {
				drawn = append(drawn, r.Size().Width)
			}
		}
	}
	if len(drawn) < 2 {
		t.Errorf("%s: the moving bar draws %v (track and bar widths), wants its track and its moving part: was it started before it was laid out?", where, drawn)
	}
}

// visibleBusy is the moving bar shown on c, or nil.
func visibleBusy(c fyne.Canvas) *widget.ProgressBarInfinite {
	var found *widget.ProgressBarInfinite
	objects(c.Content(), func(o fyne.CanvasObject) bool {
		if a, ok := o.(*widget.ProgressBarInfinite); ok {
			found = a
			return false
		}
		return true
	})
	return found
}

// posIn is where o is drawn relative to root, or far off if it is not
// under root. Unlike the test driver's AbsolutePositionForObject, it
// holds when several test windows are open.
func posIn(root, o fyne.CanvasObject) fyne.Position {
	var walk func(fyne.CanvasObject, fyne.Position) (fyne.Position, bool)
	walk = func(x fyne.CanvasObject, at fyne.Position) (fyne.Position, bool) {
		if x == nil || !x.Visible() {
			return at, false
		}
		at = at.Add(x.Position())
		if x == o {
			return at, true
		}
		var kids []fyne.CanvasObject
		switch y := x.(type) {
		case *fyne.Container:
			kids = y.Objects
		case fyne.Widget:
			kids = test.WidgetRenderer(y).Objects()
		}
		for _, k := range kids {
			if p, ok := walk(k, at); ok {
				return p, true
			}
		}
		return at, false
	}
	if p, ok := walk(root, fyne.NewPos(-root.Position().X, -root.Position().Y)); ok {
		return p
	}
	return fyne.NewPos(-1e6, -1e6)
}

// shotAsIs saves c as name.png, in the variant it shows, when
// KINTSUGI_SHOTS names a folder, to look at.
func shotAsIs(t *testing.T, c fyne.Canvas, name string) {
	t.Helper()
	if dir := os.Getenv("KINTSUGI_SHOTS"); dir != "" {
		if err := writePNG(filepath.Join(dir, name+".png"), c.Capture()); err != nil {
			t.Error(err)
		}
	}
}

// relayout lays c out as a running window does: wrapped labels learn
// their width in one pass and their height in the next.
func relayout(c fyne.Canvas) {
	if r, ok := c.(interface{ Resize(fyne.Size) }); ok {
		sz := c.Size()
		r.Resize(sz.AddWidthHeight(1, 0))
		r.Resize(sz)
	}
}
