package export

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"unicode"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
)

// Text that Fyne's bundled Noto Sans cannot draw (Hebrew, Arabic, CJK,
// Devanagari, symbols and emoji) is drawn with fonts the system has, found
// by path: Debian's fonts-noto-core, fonts-noto-cjk and fonts-symbola (the
// Makefile installs them), or the same files where Fedora, Arch or macOS
// keep them, or in the folders listed in $KINTSUGI_FONT_DIR. A font is read
// only when an export needs it, once per process.

// ErrFontMissing means the export holds text in a script for which no font
// is installed. Its message names the Debian package that has one.
var ErrFontMissing = errors.New("a font the PDF needs is not installed")

// fontDirs are the folders searched for fallback fonts, in order.
func fontDirs() []string {
	var dirs []string
	if env := os.Getenv("KINTSUGI_FONT_DIR"); env != "" {
		dirs = append(dirs, filepath.SplitList(env)...)
	}
	return append(dirs, systemFontDirs...)
}

// systemFontDirs are where systems keep the fonts (a variable for tests).
var systemFontDirs = []string{
	"/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto",
	"/usr/share/fonts/truetype/ancient-scripts",
	"/usr/share/fonts/google-noto", "/usr/share/fonts/google-noto-vf",
	"/usr/share/fonts/google-noto-sans-cjk-fonts", "/usr/share/fonts/google-noto-cjk",
	"/usr/share/fonts/gdouros-symbola", "/usr/share/fonts/noto", "/usr/share/fonts/noto-cjk",
	"/usr/share/fonts/TTF", "/Library/Fonts", "/System/Library/Fonts/Supplemental",
}

// fallback is one family of fonts the PDF falls back to for runes that
// Noto Sans lacks.
type fallback struct {
	script string           // what it is for, in the error message
	pkg    string           // the Debian package that installs it
	covers func(rune) bool  // the runes it is meant for
	files  [2][]string      // regular and bold file names, best first
	index  func([]rune) int // face index in a collection, from the paragraph
}

func inTables(ts ...*unicode.RangeTable) func(rune) bool {
	return func(r rune) bool { return unicode.In(r, ts...) }
}

// cjkIndex picks the Japanese face of Noto Sans CJK for text with kana,
// the Korean one for Hangul, and the Simplified Chinese one otherwise.
func cjkIndex(para []rune) int {
	for _, r := range para {
		switch {
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			return 0
		case unicode.Is(unicode.Hangul, r):
			return 1
		}
	}
	return 2
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x3200 && r <= 0x33FF)
}

func isSymbol(r rune) bool {
	return unicode.In(r, unicode.S, unicode.P, unicode.No) || (r >= 0x1F000 && r <= 0x1FAFF)
}

// fallbacks are tried in order; the first whose covers holds and whose
// font has the rune draws it.
var fallbacks = []fallback{
	{"Hebrew", "fonts-noto-core", inTables(unicode.Hebrew),
		[2][]string{{"NotoSansHebrew-Regular.ttf", "NotoSerifHebrew-Regular.ttf", "Arial Unicode.ttf"},
			{"NotoSansHebrew-Bold.ttf", "NotoSansHebrew-Regular.ttf", "Arial Unicode.ttf"}}, nil},
	{"Arabic", "fonts-noto-core", inTables(unicode.Arabic),
		[2][]string{{"NotoSansArabic-Regular.ttf", "NotoNaskhArabic-Regular.ttf", "Arial Unicode.ttf"},
			{"NotoSansArabic-Bold.ttf", "NotoNaskhArabic-Bold.ttf", "NotoSansArabic-Regular.ttf", "Arial Unicode.ttf"}}, nil},
	{"Devanagari", "fonts-noto-core", inTables(unicode.Devanagari),
		[2][]string{{"NotoSansDevanagari-Regular.ttf", "Arial Unicode.ttf"},
			{"NotoSansDevanagari-Bold.ttf", "NotoSansDevanagari-Regular.ttf", "Arial Unicode.ttf"}}, nil},
	{"Chinese, Japanese and Korean", "fonts-noto-cjk", isCJK,
		[2][]string{{"NotoSansCJK-Regular.ttc", "Arial Unicode.ttf"},
			{"NotoSansCJK-Bold.ttc", "NotoSansCJK-Regular.ttc", "Arial Unicode.ttf"}}, cjkIndex},
	{"symbols", "fonts-noto-core", isSymbol,
		[2][]string{{"NotoSansSymbols2-Regular.ttf"}, {"NotoSansSymbols2-Regular.ttf"}}, nil},
	{"symbols", "fonts-noto-core", isSymbol,
		[2][]string{{"NotoSansSymbols-Regular.ttf"}, {"NotoSansSymbols-Bold.ttf", "NotoSansSymbols-Regular.ttf"}}, nil},
	{"symbols", "fonts-noto-core", isSymbol,
		[2][]string{{"NotoSansMath-Regular.ttf"}, {"NotoSansMath-Regular.ttf"}}, nil},
	{"emoji", "fonts-symbola", isSymbol,
		[2][]string{{"Symbola_hint.ttf", "Symbola.ttf"}, {"Symbola_hint.ttf", "Symbola.ttf"}}, nil},
}

// findFont returns the path of the first of names in the font folders.
func findFont(names []string) (string, bool) {
	dirs := fontDirs()
	for _, n := range names {
		for _, d := range dirs {
			p := filepath.Join(d, n)
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				return p, true
			}
		}
	}
	return "", false
}

// fontCache holds the fonts read so far, by path and index in the file.
// A *font.Font is read-only and may be shared; each export makes its own
// faces.
var fontCache struct {
	sync.Mutex
	fonts map[fontKey]*font.Font
	bad   map[fontKey]error
}

type fontKey struct {
	path  string
	index int
}

// loadFont reads font index of the file at path (a collection, or a
// single font for index 0), parsing only that one.
func loadFont(path string, index int) (*font.Font, error) {
	k := fontKey{path, index}
	fontCache.Lock()
	defer fontCache.Unlock()
	if f, ok := fontCache.fonts[k]; ok {
		return f, nil
	}
	if err := fontCache.bad[k]; err != nil {
		return nil, err
	}
	f, err := parseFontFile(path, index)
	if err != nil {
		if fontCache.bad == nil {
			fontCache.bad = map[fontKey]error{}
		}
		fontCache.bad[k] = err
		return nil, err
	}
	if fontCache.fonts == nil {
		fontCache.fonts = map[fontKey]*font.Font{}
	}
	fontCache.fonts[k] = f
	return f, nil
}

func parseFontFile(path string, index int) (*font.Font, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("failed to read font %s: %w", path, err)
	}
	lds, err := ot.NewLoaders(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("failed to parse font %s: %w", path, err)
	}
	f, err := font.NewFont(lds[min(index, len(lds)-1)])
	if err != nil {
		return nil, fmt.Errorf("failed to parse font %s: %w", path, err)
	}
	return f, nil
}

// bundled parses the embedded fonts, once.
var bundled = sync.OnceValue(func() map[string]*font.Font {
	m := map[string]*font.Font{}
	for _, s := range pdfFonts {
		m[s.style] = mustParse(s.ttf)
	}
	return m
})

func mustParse(ttf []byte) *font.Font {
	f, err := font.ParseTTF(bytes.NewReader(ttf))
	if err != nil {
		panic("export: the embedded font does not parse: " + err.Error())
	}
	return f.Font
}
