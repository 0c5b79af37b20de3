package export

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// The PDF embeds Noto Sans, the font the app itself draws with (Fyne's
// bundled default; fonts/ holds the same files, under the SIL Open Font
// License in fonts/OFL.txt, so this package needs no Fyne), so names and notes in any Latin script, Greek or
// Cyrillic print as they were written. fpdf embeds only the glyphs used.
//
// inFont turns UTF-8 text into what that font can draw: text is composed
// (NFC), every character the font has is kept, a few it lacks get a close
// spelling ("<3" for a heart), invisible joiners and variation selectors
// are dropped, and anything else becomes "?" (bytes that are not UTF-8
// become "\uFFFD").

// fontFamily is the name the PDF's font is registered under.
const fontFamily = "NotoSans"

// pdfFonts are the four styles of the embedded font, by fpdf style.
var pdfFonts = []struct {
	style string
	ttf   []byte
}{
	{"", notoRegular},
	{"B", notoBold},
	{"I", notoItalic},
	{"BI", notoBoldItalic},
}

var (
	//go:embed fonts/NotoSans-Regular.ttf
	notoRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	notoBold []byte
	//go:embed fonts/NotoSans-Italic.ttf
	notoItalic []byte
	//go:embed fonts/NotoSans-BoldItalic.ttf
	notoBoldItalic []byte
)

// addFonts registers the embedded font's styles with f.
func addFonts(f *fpdf.Fpdf) {
	for _, s := range pdfFonts {
		f.AddUTF8FontFromBytes(fontFamily, s.style, s.ttf)
	}
}

// drawable reports whether every style of the font has a glyph for r.
// Only the Basic Multilingual Plane is looked at: fpdf's UTF-8 fonts
// cannot draw beyond it.
var drawable = sync.OnceValue(func() func(rune) bool {
	var has [0x10000 / 64]uint64
	for i := range has {
		has[i] = ^uint64(0)
	}
	var buf sfnt.Buffer
	for _, s := range pdfFonts {
		fnt, err := sfnt.Parse(s.ttf)
		if err != nil {
			panic("export: the embedded font does not parse: " + err.Error())
		}
		for r := rune(0); r < 0x10000; r++ {
			if g, err := fnt.GlyphIndex(&buf, r); err != nil || g == 0 {
				has[r/64] &^= 1 << (r % 64)
			}
		}
	}
	return func(r rune) bool { return r >= 0 && r < 0x10000 && has[r/64]&(1<<(r%64)) != 0 }
})

// spelled are close spellings of characters the font may lack.
var spelled = map[rune]string{
	'→': "->", '←': "<-", '↔': "<->", '⇒': "=>", '≤': "<=", '≥': ">=", '≠': "!=",
	'✓': "v", '✔': "v", '✗': "x", '✘': "x", '★': "*", '☆': "*", '♥': "<3", '❤': "<3",
}

// inFont converts s as described above.
func inFont(s string) string {
	ok := drawable()
	s = norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD"))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\u2028' || r == '\u2029':
			// line and paragraph separators break the line: the font has
			// glyphs for them, which draw nothing
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString("    ")
		case r < 0x20 || (r >= 0x7F && r < 0xA0):
			// control characters draw nothing useful
		case unicode.Is(unicode.Cf, r) || (r >= 0xFE00 && r <= 0xFE0F):
			// joiners and variation selectors: nothing to draw, and they
			// would split words for whoever searches the PDF
		case ok(r):
			b.WriteRune(r)
		case spelled[r] != "":
			b.WriteString(spelled[r])
		case invisible(r):
			// zero-width joiners, variation selectors, marks with no glyph
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// invisible reports runes that take no room on their own.
func invisible(r rune) bool {
	return unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) ||
		unicode.Is(unicode.Cf, r) || (r >= 0xFE00 && r <= 0xFE0F) ||
		(r >= 0xE0100 && r <= 0xE01EF)
}
