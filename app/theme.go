package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// warmTheme is Fyne's default theme with Kintsugi's gold and warm paper
// tones. It follows the system's light or dark variant.
type warmTheme struct{ fyne.Theme }

func newWarmTheme() fyne.Theme { return warmTheme{theme.DefaultTheme()} }

var (
	gold      = color.NRGBA{R: 0xC0, G: 0x93, B: 0x2B, A: 0xFF}
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
	case theme.ColorNameDisabledButton:
		if dark {
			return color.NRGBA{R: 0x3A, G: 0x34, B: 0x2E, A: 0xFF}
		}
		return color.NRGBA{R: 0xE8, G: 0xE0, B: 0xD4, A: 0xFF}
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
