package ui

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestAppearanceChoice picks Dark in Settings on the real stack: the app
// renders in the dark variant at once, though the test app's system
// variant is not dark; the
// choice is kept in this laptop's preferences, not the shared document, so
// a new UI shows it and the theme made from those preferences at start
// (as the app's newApp does) is dark; "Follow the system" goes back.
func TestAppearanceChoice(t *testing.T) {
	alex, _ := realCouple(t)
	h := newHarness(t, alex)
	a := fyne.CurrentApp()
	background := func() color.Color {
		return color.NRGBAModel.Convert(a.Settings().Theme().Color(theme.ColorNameBackground, a.Settings().ThemeVariant()))
	}
	corner := func(w fyne.Window) color.Color {
		img := w.Canvas().Capture()
		b := img.Bounds()
		return color.NRGBAModel.Convert(img.At(b.Max.X-3, b.Max.Y-3))
	}
	if background() != paper || corner(h.win) != paper {
		t.Fatalf("before a choice: background %v, window corner %v; want the light paper %v", background(), corner(h.win), paper)
	}
	h.open("Settings")
	radio := func(c fyne.Canvas) *widget.RadioGroup {
		return find(t, c, func(r *widget.RadioGroup) bool { return len(r.Options) == 3 && r.Options[2] == "Dark" })
	}
	r := radio(h.win.Canvas())
	if r.Selected != "Follow the system" {
		t.Fatalf("appearance shows %q before any choice, want Follow the system", r.Selected)
	}
	r.SetSelected("Dark")
	if background() != night || corner(h.win) != night {
		t.Fatalf("after choosing Dark: background %v, window corner %v; want the night %v", background(), corner(h.win), night)
	}
	if got := a.Preferences().String(appearanceKey); got != appearanceDark {
		t.Errorf("preference %q = %q, want %q", appearanceKey, got, appearanceDark)
	}

	// A new start on the same preferences: the theme made from them, and
	// a new UI's choice.
	a.Settings().SetTheme(newWarmTheme())
	a.Settings().SetTheme(ThemeFor(a.Preferences()))
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 760))
	u := newUI(w, alex, h.b, fixedNow, &testLogin{})
	w.SetContent(u.content())
	t.Cleanup(u.close)
	settle(h.b)
	u.nav.Select(u.screenIndex("Settings"))
	settle(h.b)
	if background() != night || corner(w) != night {
		t.Fatalf("a new start on the same preferences: background %v, window corner %v; want the night %v", background(), corner(w), night)
	}
	r = radio(w.Canvas())
	if r.Selected != "Dark" {
		t.Fatalf("a new UI shows appearance %q, want Dark", r.Selected)
	}
	r.SetSelected("Follow the system")
	if background() != paper || corner(w) != paper {
		t.Fatalf("after Follow the system: background %v, window corner %v; want the light paper %v", background(), corner(w), paper)
	}
}
