package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/app/adapt"
)

// shot saves c as name.png and name_dark.png when KINTSUGI_SHOTS names a
// folder, to look at.
func shot(t *testing.T, c fyne.Canvas, name string) {
	t.Helper()
	dir := os.Getenv("KINTSUGI_SHOTS")
	if dir == "" {
		return
	}
	if r, ok := c.(interface{ Resize(fyne.Size) }); ok {
		sz := c.Size()
		r.Resize(sz.AddWidthHeight(1, 0))
		r.Resize(sz)
	}
	if err := writePNG(filepath.Join(dir, name+".png"), c.Capture()); err != nil {
		t.Error(err)
	}
	if err := writePNG(filepath.Join(dir, name+"_dark.png"), captureDark(c)); err != nil {
		t.Error(err)
	}
}

// After a check-in is saved on the real stack, the form is as it was when
// the screen opened: the sliders back at 5 with their numbers, no words
// ticked or typed, the note empty and private; and it says kindly that the
// check-in was saved, with the scores it saved.
func TestCheckInFormResetsRealStack(t *testing.T) {
	alex, _ := realCouple(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	td := h.ui.today
	td.safety.SetValue(8)
	td.trust.SetValue(3)
	td.connection.SetValue(6)
	td.feelings.SetSelected([]string{"hopeful"})
	typeInto(t, c, "Other words", "tender")
	typeInto(t, c, "A note", "A better day")
	tap(t, c, "Save check-in")
	settle(h.b)
	if n := len(alex.Doc().CheckIns()); n != 1 {
		t.Fatalf("%d check-ins saved, want 1", n)
	}
	for _, s := range []struct {
		name  string
		value float64
		shown string
	}{{"safety", td.safety.Value, td.safetyV.Text}, {"trust", td.trust.Value, td.trustV.Text}, {"connection", td.connection.Value, td.connectionV.Text}} {
		if s.value != 5 || s.shown != "5" {
			t.Errorf("after saving, the %s slider is at %v and shows %q; want it back at 5", s.name, s.value, s.shown)
		}
	}
	if len(td.feelings.Selected()) != 0 || td.otherFeelings.Text != "" || td.note.Text != "" || td.shareNote.Checked {
		t.Errorf("after saving: words %q, other %q, note %q, shared %v; want an empty, private form",
			td.feelings.Selected(), td.otherFeelings.Text, td.note.Text, td.shareNote.Checked)
	}
	wantText(t, c, "Saved at 19:30: safety 8, trust 3, connection 6. Thank you for checking in.")
	h.win.Resize(DemoWindowSize)
	checkLayout(t, c, "Today after saving")
	shot(t, c, "checkin_reset")
}

// cutPlaceholders returns the one-line fields on c whose placeholder is
// wider than the field shows: a placeholder the reader sees cut off
// ("…made without as").
func cutPlaceholders(c fyne.Canvas) []string {
	if r, ok := c.(interface{ Resize(fyne.Size) }); ok {
		sz := c.Size()
		r.Resize(sz.AddWidthHeight(1, 0))
		r.Resize(sz)
	}
	var cut []string
	objects(c.Content(), func(o fyne.CanvasObject) bool {
		e, ok := o.(*textEntry)
		if !ok || e.PlaceHolder == "" || e.Wrapping == fyne.TextWrapWord || e.Wrapping == fyne.TextWrapBreak {
			return true
		}
		need := fyne.MeasureText(e.PlaceHolder, theme.TextSize(), e.TextStyle).Width + 2*theme.InnerPadding()
		if need > e.Size().Width+0.5 {
			cut = append(cut, fmt.Sprintf("%q needs %v wide, has %v", e.PlaceHolder, need, e.Size().Width))
		}
		return true
	})
	return cut
}

// On both partners' laptops, at the app's window size, the demo's and a
// small laptop's, no placeholder on any screen is cut off.
func TestPlaceholdersFitRealStack(t *testing.T) {
	alex, sam := realCouple(t)
	for _, sess := range []Session{alex, sam} {
		h := newHarness(t, sess)
		c := h.win.Canvas()
		for _, sz := range []fyne.Size{DemoWindowSize, {Width: 900, Height: 600}, {Width: 1100, Height: 760}} {
			h.win.Resize(sz)
			for _, s := range h.ui.screens {
				h.open(s.title)
				settle(h.b)
				for _, p := range cutPlaceholders(c) {
					t.Errorf("%s's %s at %v: %s", sess.Me().Name, s.title, sz, p)
				}
				if sc, ok := s.view.(*container.Scroll); ok && s.title == "Today" && sz == DemoWindowSize {
					sc.ScrollToBottom()
					shot(t, c, "today_moments_"+sess.Me().Name)
					sc.ScrollToTop()
				}
			}
		}
	}
}

// The app's window, from first launch through pairing to the unlock
// screen, on two real profiles: two such windows fit side by side on a
// laptop screen, and at that size no step is wider than the window, cut
// off or squeezed.
func TestOnboardingFitsWindowRealStack(t *testing.T) {
	if w := 2*WindowSize.Width + DemoWindowGap; w > DemoScreenWidth {
		t.Errorf("two app windows take %v px across, more than a %v-px screen", w, DemoScreenWidth)
	}
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newWarmTheme())
	base := t.TempDir()
	fa, ca := newFlowWindow(t, adapt.DemoOpener(base, "alex"))
	fs, cs := newFlowWindow(t, adapt.DemoOpener(base, "sam"))
	t.Cleanup(func() {
		for _, f := range []*Flow{fa, fs} {
			if f.sess != nil {
				f.sess.Close()
			}
		}
	})
	fits := func(c fyne.Canvas, step string) {
		t.Helper()
		c.(interface{ Resize(fyne.Size) }).Resize(WindowSize)
		if min := c.Content().MinSize(); min.Width > WindowSize.Width {
			t.Errorf("%s: needs %v wide, the window is %v", step, min.Width, WindowSize.Width)
		}
		checkLayout(t, c, step)
		for _, p := range cutPlaceholders(c) {
			t.Errorf("%s: %s", step, p)
		}
		shot(t, c, "onboarding_"+strings.ReplaceAll(step, " ", "_"))
	}
	for _, x := range []struct {
		c          fyne.Canvas
		name, pass string
	}{{ca, "Alex", "alex passphrase 1"}, {cs, "Sam", "sam passphrase 22"}} {
		fits(x.c, "create "+x.name)
		typeInto(t, x.c, "Your first name", x.name)
		typeInto(t, x.c, "Passphrase", x.pass)
		typeInto(t, x.c, "Type it again", x.pass)
		tap(t, x.c, "Create my profile")
		fits(x.c, "recovery "+x.name)
		tap(t, x.c, "Not now")
		fits(x.c, "pair choice "+x.name)
	}
	tap(t, ca, "Invite my partner")
	fits(ca, "invite")
	code := find(t, ca, func(l *widget.Label) bool { return l.Selectable }).Text
	tap(t, cs, "Join my partner")
	fits(cs, "join")
	codeBox(t, cs).SetText(code)
	tap(t, cs, "Join")
	eventually(t, "the safety number on both", func() bool {
		fa.b.Drain()
		fs.b.Drain()
		return hasText(ca, "Compare out loud") && hasText(cs, "Compare out loud")
	})
	fits(ca, "safety number")
	tap(t, ca, "It matches")
	fits(ca, "recovery again")
	tap(t, ca, "Not now")
	wantText(t, ca, "Alex & Sam")
	fa.Lock()
	wantText(t, ca, "Welcome back")
	fits(ca, "unlock")
}

// What the check-in form promises the partner will see, the partner sees
// where it says, on the real stack: the scores and feeling words on
// Today, never the note kept private.
func TestPartnerSeesCheckInOnTodayRealStack(t *testing.T) {
	alex, sam := realCouple(t)
	a := newHarness(t, alex)
	ca := a.win.Canvas()
	wantText(t, ca, "Sam will see your scores and feeling words on Today, and your scores over time on Insights.")
	td := a.ui.today
	td.safety.SetValue(7)
	td.trust.SetValue(4)
	td.connection.SetValue(6)
	td.feelings.SetSelected([]string{"hopeful", "tired"})
	typeInto(t, ca, "A note", "the quietlark evening")
	tap(t, ca, "Save check-in")
	s := newHarness(t, sam)
	cs := s.win.Canvas()
	s.win.Resize(DemoWindowSize)
	want := "Alex checked in: safety 7, trust 4, connection 6 · feeling hopeful, tired (just now)"
	eventually(t, "Sam's Today shows Alex's check-in", func() bool { return hasText(cs, want) }, s)
	if hasText(cs, "quietlark") {
		t.Error("Sam's Today shows the note Alex kept private")
	}
	checkLayout(t, cs, "Sam's Today")
	sc := s.ui.screens[s.ui.screenIndex("Today")].view.(*container.Scroll)
	sc.ScrollToBottom()
	shot(t, cs, "today_partner_checkin")
}

// boldAndWords returns, in screen order, the bold labels (section
// titles) and the labels among words found on c.
func boldAndWords(c fyne.Canvas, words ...string) []string {
	var out []string
	objects(c.Content(), func(o fyne.CanvasObject) bool {
		l, ok := o.(*widget.Label)
		if !ok {
			return true
		}
		if l.TextStyle.Bold && strings.Contains(l.Text, "need") {
			out = append(out, l.Text)
		}
		for _, w := range words {
			if strings.HasPrefix(l.Text, w) {
				out = append(out, w)
			}
		}
		return true
	})
	return out
}

// The Needs screen has the same fixed order on both laptops, whoever
// wrote first, on the real stack: the reader's own needs, then the
// partner's, each oldest first (as Commitments has "Mine", then the
// partner's).
func TestNeedsOrderRealStack(t *testing.T) {
	alex, sam := realCouple(t)
	a, s := newHarness(t, alex), newHarness(t, sam)
	ca, cs := a.win.Canvas(), s.win.Canvas()
	a.open("Needs")
	s.open("Needs")
	minute := 0
	share := func(c fyne.Canvas, text string) {
		t.Helper()
		minute++ // each need a minute after the one before, so oldest first is one order
		at := testNow.Add(time.Duration(minute) * time.Minute)
		for _, x := range []Session{alex, sam} {
			x.Doc().SetClock(func() time.Time { return at })
		}
		typeInto(t, c, "Be specific", text)
		tap(t, c, "Share need")
	}
	share(ca, "Amber: a call when plans change")
	eventually(t, "Alex's first need reaches Sam", func() bool { return hasText(cs, "Amber") }, a, s)
	share(cs, "Birch: a hug in the morning")
	eventually(t, "Sam's need reaches Alex", func() bool { return hasText(ca, "Birch") }, a, s)
	share(ca, "Cedar: time to talk on Sundays")
	eventually(t, "Alex's second need reaches Sam", func() bool { return hasText(cs, "Cedar") }, a, s)
	words := []string{"Amber", "Birch", "Cedar"}
	for _, x := range []struct {
		who  string
		c    fyne.Canvas
		want []string
	}{
		{"Alex", ca, []string{"I need…", "You need", "Amber", "Cedar", "Sam needs", "Birch"}},
		{"Sam", cs, []string{"I need…", "You need", "Birch", "Alex needs", "Amber", "Cedar"}},
	} {
		if got := boldAndWords(x.c, words...); !slices.Equal(got, x.want) {
			t.Errorf("%s's Needs reads %q, want %q", x.who, got, x.want)
		}
	}
	for _, h := range []*harness{a, s} {
		h.win.Resize(DemoWindowSize)
		checkLayout(t, h.win.Canvas(), h.ui.me.Name+"'s Needs")
		shot(t, h.win.Canvas(), "needs_order_"+h.ui.me.Name)
	}
}

// Settings → Connection says plainly, in the words a person uses, when a
// relay or the router switch takes effect, on the real stack: the next
// time Kintsugi is opened with the passphrase, never "the next unlock".
func TestConnectionWordsPlainRealStack(t *testing.T) {
	alex, _ := realCouple(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	h.open("Settings")
	settle(h.b)
	const when = "the next time you open Kintsugi and type your passphrase"
	if strings.Contains(test.RenderToMarkup(c), "next unlock") {
		t.Error("Settings still says \"next unlock\"")
	}
	wantText(t, c, "A new relay address is used from "+when+".")
	wantText(t, c, "A change takes effect "+when+".")
	typeInto(t, c, "Relay address", "/ip4/192.0.2.7/tcp/4001/p2p/12D3KooWGzh5sZcZpZs8RZ9hvZ2YwQ6JzH5jvPXY2i2VNM2xJ6Ta")
	tap(t, c, "Save relay")
	settle(h.b)
	wantText(t, c, "Saved. The relay is used from "+when+".")
	h.win.Resize(DemoWindowSize)
	shot(t, c, "relay_saved")
	tap(t, c, "OK")
	entryWith(t, c, "Relay address").SetText("")
	tap(t, c, "Save relay")
	settle(h.b)
	wantText(t, c, "Saved: no relay. From "+when+", your laptops connect only directly.")
	tap(t, c, "OK")
	checkLayout(t, c, "Settings")
}
