package ui

import (
	"fmt"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// variantTheme forces one variant of a theme, so tests can render the dark
// look as well as the light one.
type variantTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

// TestShots saves a PNG of every screen, light and dark, at the demo's
// window size (780x760), 900x600, 1280x800 and 1600x1000, when
// KINTSUGI_SHOTS names a folder (`make shots`): it is how a person reviews
// the look. It runs on two real profiles paired in-process,
// as the demo does. Always, it checks that no page is wider than the
// window at 900x600 and at the demo's window size, in both variants, empty
// and full, and that nothing on it fails the layout guard (see
// layoutProblems).
func TestShots(t *testing.T) {
	dir := os.Getenv("KINTSUGI_SHOTS")
	for _, seeded := range []bool{true, false} {
		alex, sam := realCouple(t)
		if seeded {
			seed(t, alex.Doc(), alex.Me().ID, sam.Me().ID)
		}
		h := newHarness(t, alex)
		for _, v := range []struct {
			name string
			v    fyne.ThemeVariant
		}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
			fyne.CurrentApp().Settings().SetTheme(variantTheme{newWarmTheme(), v.v})
			sizes := []fyne.Size{DemoWindowSize, {Width: 900, Height: 600}}
			if dir != "" { // and a laptop's and a roomy screen's
				sizes = append(sizes, fyne.Size{Width: 1280, Height: 800}, fyne.Size{Width: 1600, Height: 1000})
			}
			for _, sz := range sizes {
				h.win.Resize(sz)
				for _, s := range h.ui.screens {
					h.open(s.title)
					c := h.win.Canvas()
					c.(interface{ Resize(fyne.Size) }).Resize(sz.AddWidthHeight(1, 0))
					c.(interface{ Resize(fyne.Size) }).Resize(sz)
					// Nothing wider than the window: pages scroll down, never sideways.
					if sc, ok := s.view.(*container.Scroll); ok && sc.Content.MinSize().Width > sc.Size().Width+0.5 {
						t.Errorf("%s at %v: the page needs %v wide, has %v", s.title, sz, sc.Content.MinSize().Width, sc.Size().Width)
					}
					if top := h.ui.topBar.MinSize().Width; top > sz.Width {
						t.Errorf("%s at %v: the top bar needs %v wide", s.title, sz, top)
					}
					checkLayout(t, c, fmt.Sprintf("%s (%s) at %v", s.title, v.name, sz))
					if dir == "" {
						continue
					}
					img := c.Capture()
					state := "seeded"
					if !seeded {
						state = "empty"
					}
					name := filepath.Join(dir, state+"_"+v.name+"_"+itoa(int(sz.Width))+"x"+itoa(int(sz.Height))+"_"+s.title+".png")
					if err := writePNG(name, img); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
}

// The dark shot of a window is wholly dark, even when the window is not
// the newest test app's (a second harness was opened after it, as in the
// tests of two partners): no section keeps the light paper, and the window
// is light again afterwards.
func TestCaptureDark(t *testing.T) {
	alex, sam := pairedSessions(t)
	a := newHarness(t, alex)
	newHarness(t, sam) // now the current app
	a.open("Commitments")
	c := a.win.Canvas()
	count := func(img image.Image, col color.NRGBA) int {
		n := 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA) == col {
					n++
				}
			}
		}
		return n
	}
	if n := count(c.Capture(), paperDeep); n < 10000 {
		t.Fatalf("the light window shows only %d pixels of a section's paper", n)
	}
	dark := captureDark(c)
	if n := count(dark, paperDeep); n > 100 {
		t.Errorf("the dark shot keeps %d pixels of the light sections' paper", n)
	}
	if n := count(dark, nightDeep); n < 10000 {
		t.Errorf("the dark shot shows only %d pixels of the dark sections", n)
	}
	if n := count(c.Capture(), paperDeep); n < 10000 {
		t.Errorf("after the dark shot the window shows only %d pixels of light paper", n)
	}
}
