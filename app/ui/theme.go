package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// warmTheme is Fyne's default theme with Kintsugi's gold and warm paper
// tones. It follows the system's light or dark variant (or FYNE_THEME's),
// unless a person chose one in Settings: then forced holds it.
type warmTheme struct {
	fyne.Theme
	forced  bool
	variant fyne.ThemeVariant
}

func newWarmTheme() fyne.Theme { return warmTheme{Theme: theme.DefaultTheme()} }

// The appearance chosen in Settings is kept in this device's Fyne
// preferences, under appearanceKey: it is nobody else's business, so it is
// not in the shared document.
const (
	appearanceKey    = "appearance"
	appearanceSystem = "system" // the default: follow the system
	appearanceLight  = "light"
	appearanceDark   = "dark"
)

// ThemeFor is Kintsugi's theme in the appearance chosen in p: light, dark,
// or (by default) the system's.
func ThemeFor(p fyne.Preferences) fyne.Theme {
	switch p.StringWithFallback(appearanceKey, appearanceSystem) {
	case appearanceLight:
		return warmTheme{Theme: theme.DefaultTheme(), forced: true, variant: theme.VariantLight}
	case appearanceDark:
		return warmTheme{Theme: theme.DefaultTheme(), forced: true, variant: theme.VariantDark}
	}
	return newWarmTheme()
}

// setAppearance keeps choice in this device's preferences and applies it at
// once. Runs on the UI goroutine.
func setAppearance(a fyne.App, choice string) {
	if a.Preferences().StringWithFallback(appearanceKey, appearanceSystem) == choice {
		return
	}
	a.Preferences().SetString(appearanceKey, choice)
	a.Settings().SetTheme(ThemeFor(a.Preferences()))
}

var (
	gold      = color.NRGBA{R: 0x8F, G: 0x6A, B: 0x17, A: 0xFF} // deep enough for white text (4.9:1) and titles on paper
	goldLight = color.NRGBA{R: 0xE3, G: 0xC0, B: 0x6A, A: 0xFF}
	paper     = color.NRGBA{R: 0xFB, G: 0xF7, B: 0xF0, A: 0xFF}
	paperDeep = color.NRGBA{R: 0xF3, G: 0xEC, B: 0xE0, A: 0xFF}
	ink       = color.NRGBA{R: 0x3A, G: 0x31, B: 0x2A, A: 0xFF}
	night     = color.NRGBA{R: 0x1F, G: 0x1B, B: 0x17, A: 0xFF}
	nightDeep = color.NRGBA{R: 0x2A, G: 0x25, B: 0x20, A: 0xFF}
	moon      = color.NRGBA{R: 0xEE, G: 0xE6, B: 0xDA, A: 0xFF}
	sage      = color.NRGBA{R: 0x6B, G: 0x8F, B: 0x71, A: 0xFF}
	clay      = color.NRGBA{R: 0xB8, G: 0x6B, B: 0x4B, A: 0xFF}
)

func (t warmTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.forced {
		v = t.variant
	}
	dark := v == theme.VariantDark
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameFocus, theme.ColorNameHyperlink:
		if dark {
			return goldLight
		}
		return gold
	case theme.ColorNameSelection:
		return color.NRGBA{R: 0xC0, G: 0x93, B: 0x2B, A: 0x40}
	case theme.ColorNameBackground:
		if dark {
			return night
		}
		return paper
	case theme.ColorNameHeaderBackground, theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground:
		if dark {
			return nightDeep
		}
		return paperDeep
	case theme.ColorNameInputBackground, theme.ColorNameButton:
		if dark {
			return nightDeep
		}
		return color.NRGBA{R: 0xF6, G: 0xF0, B: 0xE6, A: 0xFF}
	case theme.ColorNameForeground:
		if dark {
			return moon
		}
		return ink
	case theme.ColorNameDisabled: // a disabled button's label still reads (3.9:1), greyed
		if dark {
			return color.NRGBA{R: 0x9A, G: 0x90, B: 0x85, A: 0xFF}
		}
		return color.NRGBA{R: 0x76, G: 0x6B, B: 0x60, A: 0xFF}
	case theme.ColorNameDisabledButton:
		if dark {
			return color.NRGBA{R: 0x3A, G: 0x34, B: 0x2E, A: 0xFF}
		}
		return color.NRGBA{R: 0xE8, G: 0xE0, B: 0xD4, A: 0xFF}
	case theme.ColorNameInputBorder: // an unticked box, a radio and a field's edge: 3:1 on the page, a section and the field
		if dark {
			return color.NRGBA{R: 0x85, G: 0x7A, B: 0x6E, A: 0xFF}
		}
		return color.NRGBA{R: 0x85, G: 0x77, B: 0x61, A: 0xFF}
	case theme.ColorNameSeparator:
		if dark {
			return color.NRGBA{R: 0x4A, G: 0x42, B: 0x3A, A: 0xFF}
		}
		return color.NRGBA{R: 0xE4, G: 0xDA, B: 0xCB, A: 0xFF}
	case theme.ColorNameForegroundOnPrimary:
		if dark {
			return night // dark text on the light gold of the dark variant
		}
		return color.White
	case theme.ColorNameSuccess:
		return sage
	case theme.ColorNameError:
		return clay
	}
	return t.Theme.Color(n, v)
}

// sliderTrack is the colour of a slider's empty track: 3:1 against the
// page and a section, and 3:1 under the filled part, in each variant.
func sliderTrack(v fyne.ThemeVariant) color.Color {
	if v == theme.VariantDark {
		return color.NRGBA{R: 0x7E, G: 0x74, B: 0x69, A: 0xFF}
	}
	return color.NRGBA{R: 0x8E, G: 0x80, B: 0x69, A: 0xFF}
}

// trackTheme is the app's current theme with a slider's track colour for
// the fields' background; it is asked for the variant's colours each time,
// so it follows a switch between light and dark.
type trackTheme struct{}

func (trackTheme) current() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t trackTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n != theme.ColorNameInputBackground {
		return t.current().Color(n, v)
	}
	// The variant the page is drawn in, read from its background (a theme
	// may force one whatever v says).
	if r, g, b, _ := t.current().Color(theme.ColorNameBackground, v).RGBA(); r+g+b < 3*0x8000 {
		return sliderTrack(theme.VariantDark)
	}
	return sliderTrack(theme.VariantLight)
}
func (t trackTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.current().Font(s) }
func (t trackTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.current().Icon(n) }
func (t trackTheme) Size(n fyne.ThemeSizeName) float32       { return t.current().Size(n) }
