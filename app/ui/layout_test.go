package ui

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// layoutProblems lays the canvas out as a running window does (wrapped
// labels learn their width in one pass and their height in the next) and
// returns what is laid out wrongly: a label holding text narrower than a
// few characters, or a widget taller than the window.
func layoutProblems(c fyne.Canvas) []string {
	if r, ok := c.(interface{ Resize(fyne.Size) }); ok {
		sz := c.Size()
		r.Resize(sz.AddWidthHeight(1, 0))
		r.Resize(sz)
	}
	win := c.Size()
	var probs []string
	objects(c.Content(), func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *container.Scroll, *widget.List, *widget.Table, *widget.Tree, *widget.GridWrap:
			return true // their content may be as tall as it likes
		case *themed:
			return true // a section's background is as tall as the section
		case *widget.Label:
			if strings.TrimSpace(x.Text) == "" {
				break
			}
			few := min(fyne.MeasureText("MMM", theme.TextSize(), x.TextStyle).Width,
				fyne.MeasureText(x.Text, theme.TextSize(), x.TextStyle).Width)
			if sz := x.Size(); sz.Width < few {
				probs = append(probs, fmt.Sprintf("label %q is %vx%v: narrower than three characters", short(x.Text), sz.Width, sz.Height))
			}
		}
		if w, ok := o.(fyne.Widget); ok && w.Size().Height > win.Height {
			probs = append(probs, fmt.Sprintf("%T %s is %v tall in a %v-tall window", w, widgetText(w), w.Size().Height, win.Height))
		}
		return true
	})
	return probs
}

func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func widgetText(w fyne.Widget) string {
	switch x := w.(type) {
	case *widget.Label:
		return fmt.Sprintf("%q", short(x.Text))
	case *widget.Button:
		return fmt.Sprintf("%q", short(x.Text))
	}
	return ""
}

// checkLayout fails the test for each layout problem on c.
func checkLayout(t *testing.T, c fyne.Canvas, where string) {
	t.Helper()
	for _, p := range layoutProblems(c) {
		t.Errorf("%s: %s", where, p)
	}
}

// The guard itself: a wrapped label squeezed beside a button in a box is
// caught, and so is the button it stretches; the same parts laid out
// properly pass.
func TestLayoutGuard(t *testing.T) {
	test.NewTempApp(t)
	saved := hint("Saved at 08:18. Thank you for checking in.")
	w := test.NewTempWindow(t, container.NewVBox(container.NewHBox(primary("Save check-in", nil), saved)))
	w.Resize(fyne.NewSize(800, 600))
	probs := layoutProblems(w.Canvas())
	if len(probs) < 2 {
		t.Fatalf("a label one character wide went unseen: %q", probs)
	}
	w.SetContent(container.NewVBox(savedRow(primary("Save check-in", nil), saved)))
	w.Resize(fyne.NewSize(800, 600))
	if probs := layoutProblems(w.Canvas()); len(probs) != 0 {
		t.Fatalf("a proper layout is flagged: %q", probs)
	}
}

// Saving a check-in, the app's most frequent action, on two real paired
// profiles: the confirmation reads as a sentence, the button keeps its
// height, on Today and after leaving and coming back, at both window sizes,
// and the check-in reaches the partner's laptop.
func TestCheckInLayoutRealStack(t *testing.T) {
	alex, sam := realCouple(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	for _, sz := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 900, Height: 600}} {
		h.win.Resize(sz)
		h.open("Today")
		h.ui.today.safety.SetValue(7)
		typeInto(t, c, "A note", "A better day")
		test.Tap(h.ui.today.save) // "Save check-in", then "Check in again"
		settle(h.b)
		wantText(t, c, "Thank you for checking in")
		checkLayout(t, c, fmt.Sprintf("Today after saving at %v", sz))
		if b := h.ui.today.save; b.Size().Height > 2*b.MinSize().Height {
			t.Errorf("at %v the Save button is %v tall, wants %v", sz, b.Size().Height, b.MinSize().Height)
		}
		h.open("Commitments")
		h.open("Today")
		settle(h.b)
		checkLayout(t, c, fmt.Sprintf("Today after coming back at %v", sz))
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(sam.Doc().CheckIns()) < 2 {
		if time.Now().After(deadline) {
			t.Fatal("alex's check-ins never reached sam's laptop")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// contrast is the WCAG contrast ratio of two opaque colours, 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// Both variants of the theme pass a contrast check: text 4.5:1 on every
// surface it is drawn on (WCAG AA), a disabled button's label, the parts
// of a slider and the outline of an unticked box 3:1 (WCAG's figure for
// parts of a control), so a 5 never looks like a 10, a greyed-out button
// still says what it is, and a box not ticked is still seen to be there.
func TestThemeContrast(t *testing.T) {
	test.NewTempApp(t)
	// Fyne draws an unticked box's outline in the input border colour over
	// the input background: the pairs checked below.
	box := test.NewTempWindow(t, widget.NewCheck("calm", nil))
	if m := test.RenderToMarkup(box.Canvas()); !strings.Contains(m, `rsc="checkButtonIcon" size="iconInlineSize" themed="inputBorder"`) ||
		!strings.Contains(m, `rsc="checkButtonFillIcon" size="iconInlineSize" themed="inputBackground"`) {
		t.Fatalf("an unticked box is no longer drawn in inputBorder over inputBackground:\n%s", m)
	}
	th := newWarmTheme()
	for _, v := range []struct {
		name string
		v    fyne.ThemeVariant
	}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
		col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v.v) }
		track := sliderTrack(v.v)
		for _, p := range []struct {
			what   string
			fg, bg color.Color
			min    float64
		}{
			{"text on the page", col(theme.ColorNameForeground), col(theme.ColorNameBackground), 4.5},
			{"text in a section", col(theme.ColorNameForeground), col(theme.ColorNameHeaderBackground), 4.5},
			{"text in a field", col(theme.ColorNameForeground), col(theme.ColorNameInputBackground), 4.5},
			{"text on a button", col(theme.ColorNameForeground), col(theme.ColorNameButton), 4.5},
			{"a main button's label", col(theme.ColorNameForegroundOnPrimary), col(theme.ColorNamePrimary), 4.5},
			{"a title on the page", col(theme.ColorNamePrimary), col(theme.ColorNameBackground), 3},
			{"a field's placeholder", col(theme.ColorNamePlaceHolder), col(theme.ColorNameInputBackground), 3},
			{"a disabled button's label", col(theme.ColorNameDisabled), col(theme.ColorNameDisabledButton), 3},
			{"a slider's empty track in a section", track, col(theme.ColorNameHeaderBackground), 3},
			{"a slider's empty track on the page", track, col(theme.ColorNameBackground), 3},
			{"a slider's filled part on its track", col(theme.ColorNameForeground), track, 3},
			{"an unticked box's outline in a section", col(theme.ColorNameInputBorder), col(theme.ColorNameHeaderBackground), 3},
			{"an unticked box's outline on the page", col(theme.ColorNameInputBorder), col(theme.ColorNameBackground), 3},
			{"an unticked box's outline around its fill", col(theme.ColorNameInputBorder), col(theme.ColorNameInputBackground), 3},
		} {
			if got := contrast(p.fg, p.bg); got < p.min {
				t.Errorf("%s: %s has contrast %.2f, wants %.1f", v.name, p.what, got, p.min)
			}
		}
	}
}

// A screen's shortcut belongs to the screen: with the list in another
// order, Ctrl+1 still opens Today and Ctrl+0 the Journal.
func TestShortcutsFollowScreens(t *testing.T) {
	alex, _ := pairedSessions(t)
	test.NewTempApp(t).Settings().SetTheme(newWarmTheme())
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 760))
	b := &Bridge{manual: true}
	u := newUI(w, alex, b, fixedNow, nil)
	want := map[fyne.KeyName]string{}
	for _, s := range u.screens {
		want[s.key] = s.title
	}
	if want[fyne.Key1] != "Today" || want[fyne.Key0] != "Journal" || len(want) != len(screenList) {
		t.Fatalf("keys %v: want Ctrl+1 Today, Ctrl+0 the Journal, one key per screen", want)
	}
	slices.Reverse(u.screens)
	w.SetContent(u.content())
	t.Cleanup(u.close)
	settle(b)
	c := w.Canvas()
	for key, title := range want {
		c.(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault})
		if got := u.screens[u.current].title; got != title {
			t.Errorf("Ctrl+%s opens %q, want %q", key, got, title)
		}
	}
}

// The demo's two windows fit a 1600-px-wide screen side by side: at the
// demo's window size every screen of the real stack, empty and full, and
// Today after a check-in with every feeling word ticked, needs no more
// width than the window has, and nothing on it fails the layout guard.
func TestDemoWindowsFit(t *testing.T) {
	if w := 2*DemoWindowSize.Width + DemoWindowGap; w > DemoScreenWidth {
		t.Fatalf("two demo windows take %v px across, more than %v", w, DemoScreenWidth)
	}
	for _, seeded := range []bool{false, true} {
		alex, sam := realCouple(t)
		if seeded {
			seed(t, alex.Doc(), alex.Me().ID, sam.Me().ID)
		}
		h := newHarness(t, alex)
		h.win.Resize(DemoWindowSize)
		c := h.win.Canvas()
		fits := func(where string) {
			t.Helper()
			if min := c.Content().MinSize(); min.Width > DemoWindowSize.Width {
				t.Errorf("%s: the window needs %v wide, the demo gives it %v", where, min.Width, DemoWindowSize.Width)
			}
			s := h.ui.screens[h.ui.current]
			if sc, ok := s.view.(*container.Scroll); ok && sc.Content.MinSize().Width > sc.Size().Width+0.5 {
				t.Errorf("%s: the page needs %v wide, has %v", where, sc.Content.MinSize().Width, sc.Size().Width)
			}
			checkLayout(t, c, where)
		}
		for _, s := range h.ui.screens {
			h.open(s.title)
			settle(h.b)
			fits(fmt.Sprintf("%s (seeded %v) at %v", s.title, seeded, DemoWindowSize))
		}
		h.open("Today")
		h.ui.today.feelings.SetSelected(feelingWords)
		test.Tap(h.ui.today.save) // "Check in again" when seeded
		settle(h.b)
		fits(fmt.Sprintf("Today after a check-in (seeded %v)", seeded))
	}
}
