package app

import (
	"image/color"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
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

// TestShots saves a PNG of every screen, light and dark, at a small and a
// roomy size, when KINTSUGI_SHOTS names a folder: it is how a person
// reviews the look. Without it the test only checks that each screen
// renders in both variants at the small size.
func TestShots(t *testing.T) {
	dir := os.Getenv("KINTSUGI_SHOTS")
	for _, seeded := range []bool{true, false} {
		alex, sam := pairedSessions(t)
		if seeded {
			seed(t, alex.Doc(), alex.Me().ID, sam.Me().ID)
		}
		h := newHarness(t, alex)
		for _, v := range []struct {
			name string
			v    fyne.ThemeVariant
		}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
			fyne.CurrentApp().Settings().SetTheme(variantTheme{newWarmTheme(), v.v})
			sizes := []fyne.Size{{Width: 900, Height: 600}}
			if dir != "" { // and a tall one, to see whole pages
				sizes = append(sizes, fyne.Size{Width: 1100, Height: 760}, fyne.Size{Width: 900, Height: 1700})
			}
			for _, sz := range sizes {
				h.win.Resize(sz)
				for _, s := range h.ui.screens {
					h.open(s.title)
					c := h.win.Canvas()
					c.(interface{ Resize(fyne.Size) }).Resize(sz.AddWidthHeight(1, 0))
					c.(interface{ Resize(fyne.Size) }).Resize(sz)
					img := c.Capture()
					if img.Bounds().Dx() < int(sz.Width) {
						t.Errorf("%s: captured %v", s.title, img.Bounds())
					}
					if dir == "" {
						continue
					}
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
		_ = test.NewTempApp
	}
}
