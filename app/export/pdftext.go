package export

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
)

// Text that fpdf's embedded Noto Sans draws as written (Latin, Greek,
// Cyrillic, left to right) goes through fpdf as before. Any other text is
// laid out here the way Fyne lays it out on screen, with go-text's port of
// HarfBuzz: split into runs by direction (Unicode bidi), script and font,
// shaped (Arabic letters joined, Devanagari conjuncts formed), wrapped at
// UAX #14 break opportunities, and drawn glyph by glyph, runs in visual
// order. fpdf can only print characters, not shaped glyphs, so the glyphs
// are drawn with Type 3 fonts built from the outlines of the glyphs used
// (see pdftype3.go), and each run carries its text, in logical order, as
// ActualText, so a reader that copies or searches the PDF gets the words
// as they were written.

// emScale is the size text is shaped at: advances come out in thousandths
// of an em (in 26.6 fixed point), whichever font drew them.
var emScale = fixed.I(1000)

// needsShaping reports whether s holds a character that fpdf's font lacks
// (right-to-left scripts, CJK, Indic scripts, emoji, ...).
func needsShaping(s string) bool {
	ok := drawable()
	for _, r := range s {
		switch {
		case r < 0x20 || (r >= 0x7F && r < 0xA0):
		case unicode.Is(unicode.Cf, r) || (r >= 0xFE00 && r <= 0xFE0F):
		case ok(r):
		default:
			return true
		}
	}
	return false
}

// cleanText makes s ready to shape: valid UTF-8, composed, tabs as four
// spaces, line and paragraph separators as "\n", other control characters
// dropped. Joiners and variation selectors stay: the shaper needs them.
func cleanText(s string) string {
	s = norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD"))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString("    ")
		case r < 0x20 || (r >= 0x7F && r < 0xA0):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// textEngine shapes and draws text for one export.
type textEngine struct {
	shaper  shaping.HarfbuzzShaper
	seg     shaping.Segmenter
	wrapper shaping.LineWrapper
	faces   map[*font.Font]*font.Face
	// found caches which fallback fonts exist: by fallback, bold, index.
	found   map[[3]int]*font.Font
	missing map[string]string // script -> Debian package
	laid    map[layoutKey][]textLine
	t3      type3Fonts
}

func newTextEngine() *textEngine {
	return &textEngine{faces: map[*font.Font]*font.Face{}, found: map[[3]int]*font.Font{},
		missing: map[string]string{}, laid: map[layoutKey][]textLine{}}
}

func (e *textEngine) face(f *font.Font) *font.Face {
	fc, ok := e.faces[f]
	if !ok {
		fc = font.NewFace(f)
		e.faces[f] = fc
	}
	return fc
}

// fallbackFont returns fallback i's font, or nil when none is installed.
func (e *textEngine) fallbackFont(i int, bold bool, para []rune) *font.Font {
	fb := &fallbacks[i]
	idx := 0
	if fb.index != nil {
		idx = fb.index(para)
	}
	b := 0
	if bold {
		b = 1
	}
	key := [3]int{i, b, idx}
	if f, ok := e.found[key]; ok {
		return f
	}
	var f *font.Font
	if path, ok := findFont(fb.files[b]); ok {
		f, _ = loadFont(path, idx) // a font that does not parse is as good as absent
	}
	e.found[key] = f
	return f
}

// chooser picks the font of each rune: Noto Sans of the style when it has
// the rune, else the first fallback meant for it that has it.
type chooser struct {
	e     *textEngine
	style string
	para  []rune
}

func (c chooser) ResolveFace(r rune) *font.Face {
	main := c.e.face(bundled()[c.style])
	if _, ok := main.NominalGlyph(r); ok {
		return main
	}
	bold := strings.Contains(c.style, "B")
	for i := range fallbacks {
		if !fallbacks[i].covers(r) {
			continue
		}
		if f := c.e.fallbackFont(i, bold, c.para); f != nil {
			if _, ok := f.NominalGlyph(r); ok {
				return c.e.face(f)
			}
		}
	}
	// Punctuation shared by scripts (the Arabic comma, the Devanagari
	// danda) is in the fonts of the scripts that use it.
	for i := range fallbacks {
		if f := c.e.fallbackFont(i, bold, c.para); f != nil {
			if _, ok := f.NominalGlyph(r); ok {
				return c.e.face(f)
			}
		}
	}
	// No font has it: when one meant for it is not installed, say which;
	// otherwise the font's "missing glyph" box is drawn.
	for i := range fallbacks {
		if fallbacks[i].covers(r) && c.e.fallbackFont(i, bold, c.para) == nil {
			c.e.missing[fallbacks[i].script] = fallbacks[i].pkg
			break
		}
	}
	return main
}

// missingErr reports the scripts the export has text in but no font for.
func (e *textEngine) missingErr() error {
	if len(e.missing) == 0 {
		return nil
	}
	var scripts, pkgs []string
	for s, p := range e.missing {
		scripts = append(scripts, s)
		if !slices.Contains(pkgs, p) {
			pkgs = append(pkgs, p)
		}
	}
	sort.Strings(scripts)
	sort.Strings(pkgs)
	return fmt.Errorf("%w: no font for %s text was found (install %s, or name a folder with one in KINTSUGI_FONT_DIR)",
		ErrFontMissing, strings.Join(scripts, ", "), strings.Join(pkgs, " "))
}

// textLine is one laid-out line: its runs in visual order.
type textLine struct {
	runs  []shaping.Output
	para  []rune // the paragraph the runs index into
	width fixed.Int26_6
	rtl   bool // the paragraph reads right to left
}

// paragraphRTL reports whether a paragraph's first strong character is
// right to left (the Unicode bidi rule P2).
func paragraphRTL(para []rune) bool {
	for _, r := range para {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			return false
		case bidi.R, bidi.AL:
			return true
		}
	}
	return false
}

// layout shapes s in style and wraps it at maxW thousandths of an em; a
// maxW of 0 does not wrap. Each "\n" starts a paragraph.
func (e *textEngine) layout(s, style string, maxW int) []textLine {
	var out []textLine
	for _, p := range strings.Split(cleanText(s), "\n") {
		para := []rune(p)
		if len(para) == 0 {
			out = append(out, textLine{para: para})
			continue
		}
		rtl := paragraphRTL(para)
		dir := di.DirectionLTR
		if rtl {
			dir = di.DirectionRTL
		}
		in := shaping.Input{Text: para, RunStart: 0, RunEnd: len(para), Direction: dir, Size: emScale,
			Language: language.DefaultLanguage()}
		var runs []shaping.Output
		parts := splitNumbers(e.seg.Split(in, chooser{e: e, style: style, para: para}), rtl)
		for _, part := range parts {
			part.Language = language.DefaultLanguage()
			runs = append(runs, e.shaper.Shape(part))
		}
		width := maxW
		if width <= 0 {
			width = math.MaxInt32
		}
		lines, _ := e.wrapper.WrapParagraph(shaping.WrapConfig{Direction: dir}, width, para, shaping.NewSliceIterator(runs))
		for _, l := range lines {
			tl := textLine{para: para, rtl: rtl, runs: visualOrder(slices.Clone(l), para, rtl)}
			for _, r := range tl.runs {
				tl.width += r.Advance
			}
			out = append(out, tl)
		}
	}
	return out
}

// isNumber reports whether r is part of a number for bidi: a digit, or a
// separator or sign around digits.
func isNumber(r rune) bool {
	p, _ := bidi.LookupRune(r)
	switch p.Class() {
	case bidi.EN, bidi.AN, bidi.CS, bidi.ES, bidi.ET:
		return true
	}
	return false
}

// leadingNumber is how many runes at the start of in are a number (it
// starts with a digit and holds no space).
func leadingNumber(in shaping.Input) int {
	n := 0
	for n < in.RunEnd-in.RunStart && isNumber(in.Text[in.RunStart+n]) {
		n++
	}
	if n == 0 || !unicode.IsDigit(in.Text[in.RunStart]) {
		return 0
	}
	for n > 0 && !unicode.IsDigit(in.Text[in.RunStart+n-1]) {
		n-- // a trailing comma or full stop is not part of it
	}
	return n
}

// splitNumbers parts a number that follows right-to-left text in a
// left-to-right paragraph from the text after it ("أليكس, 20 April"): the
// bidi algorithm gives it a level of its own (2), which the runs' two
// directions alone cannot tell (see visualOrder).
func splitNumbers(parts []shaping.Input, rtl bool) []shaping.Input {
	if rtl {
		return parts
	}
	var out []shaping.Input
	for i, p := range parts {
		if i > 0 && parts[i-1].Direction.Progression() == di.TowardTopLeft && p.Direction.Progression() == di.FromTopLeft {
			if n := leadingNumber(p); n > 0 && n < p.RunEnd-p.RunStart {
				num, rest := p, p
				num.RunEnd = p.RunStart + n
				rest.RunStart = num.RunEnd
				out = append(out, num, rest)
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// visualOrder sorts a line's runs, given in logical order, into visual
// order by the bidi algorithm's rule L2: runs get levels (the paragraph's,
// one more for the other direction, two more for a left-to-right run in a
// right-to-left paragraph or a number right after right-to-left text), and
// every sequence at or above each odd level, from the highest down, is
// reversed.
func visualOrder(runs []shaping.Output, para []rune, rtl bool) []shaping.Output {
	base := 0
	if rtl {
		base = 1
	}
	levels := make([]int, len(runs))
	top := base
	for i, r := range runs {
		runRTL := r.Direction.Progression() == di.TowardTopLeft
		switch {
		case runRTL:
			levels[i] = 1
		case rtl:
			levels[i] = 2
		case i > 0 && levels[i-1] > 0 && r.Runes.Count > 0 && unicode.IsDigit(para[r.Runes.Offset]) &&
			leadingNumber(shaping.Input{Text: para, RunStart: r.Runes.Offset, RunEnd: r.Runes.Offset + r.Runes.Count}) == r.Runes.Count:
			levels[i] = 2
		default:
			levels[i] = 0
		}
		top = max(top, levels[i])
	}
	for lvl := top; lvl >= 1; lvl-- {
		for i := 0; i < len(runs); {
			if levels[i] < lvl {
				i++
				continue
			}
			j := i
			for j < len(runs) && levels[j] >= lvl {
				j++
			}
			slices.Reverse(runs[i:j])
			slices.Reverse(levels[i:j])
			i = j
		}
	}
	return runs
}

// toMM converts a shaped length to millimetres at a font size of unit mm.
func toMM(v fixed.Int26_6, unit float64) float64 { return float64(v) / 64 / 1000 * unit }

// utf16Hex is s as a PDF hex string in UTF-16BE with a byte order mark.
func utf16Hex(rs []rune) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode(rs) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// draw writes line l with its left end at x and its baseline at y
// (millimetres from the top left), in the current text colour and size.
func (p *pdfWriter) draw(l textLine, x, y float64) {
	f := p.f
	e := p.engine()
	k := f.GetConversionRatio()
	_, unit := f.GetFontSize()
	ptSize, _ := f.GetFontSize()
	cr, cg, cb := f.GetTextColor()
	var b strings.Builder
	fmt.Fprintf(&b, "q %.3f %.3f %.3f rg BT\n", float64(cr)/255, float64(cg)/255, float64(cb)/255)
	cur := -1
	for _, run := range l.runs {
		// A left-to-right run carries its text as one span; a right-to-left
		// one a span per cluster, as readers expect right-to-left text
		// drawn right to left, character by character.
		rtl := run.Direction.Progression() == di.TowardTopLeft
		if !rtl {
			fmt.Fprintf(&b, "/Span <</ActualText %s>> BDC\n", utf16Hex(l.para[run.Runes.Offset:run.Runes.Offset+run.Runes.Count]))
		}
		var clusterX float64 // where the current cluster starts
		for i, g := range run.Glyphs {
			first := i == 0 || run.Glyphs[i-1].ClusterIndex != g.ClusterIndex
			last := i == len(run.Glyphs)-1 || run.Glyphs[i+1].ClusterIndex != g.ClusterIndex
			cluster := l.para[g.ClusterIndex : g.ClusterIndex+g.RuneCount]
			if first {
				clusterX = x
			}
			gx := x + toMM(g.XOffset, unit)
			gy := y - toMM(g.YOffset, unit)
			x += toMM(g.XAdvance, unit)
			// Right to left, a cluster of one character has its own span;
			// a glyph for several (lam-alef) has an empty one, and each
			// of its characters a span of its own over its share of the
			// glyph, rightmost first, drawn with the font's empty glyph:
			// readers take a span's characters as left to right.
			if rtl && first {
				t := cluster
				if len(cluster) > 1 {
					t = nil
				}
				fmt.Fprintf(&b, "/Span <</ActualText %s>> BDC\n", utf16Hex(t))
			}
			var text []rune
			if first {
				text = cluster
			}
			if id, code, ok := e.t3.code(e.face(run.Face.Font), g.GlyphID, text); ok {
				if id != cur {
					fmt.Fprintf(&b, "/%s %.2f Tf\n", type3Name(id), ptSize)
					cur = id
				}
				fmt.Fprintf(&b, "1 0 0 1 %.2f %.2f Tm <%02X> Tj\n", gx*k, (pageH-gy)*k, code)
			}
			if !rtl || !last {
				continue
			}
			b.WriteString("EMC\n")
			if n := len(cluster); n > 1 && cur >= 0 {
				share := (x - clusterX) / float64(n)
				fmt.Fprintf(&b, "%.2f Tz\n", 100*share/(0.6*unit))
				for j, r := range cluster {
					fmt.Fprintf(&b, "/Span <</ActualText %s>> BDC\n1 0 0 1 %.2f %.2f Tm <00> Tj\nEMC\n",
						utf16Hex([]rune{r}), (clusterX+share*float64(n-1-j))*k, (pageH-y)*k)
				}
				b.WriteString("100 Tz\n")
			}
		}
		if !rtl {
			b.WriteString("EMC\n")
		}
	}
	b.WriteString("ET Q\n")
	f.RawWriteStr(b.String())
}

// engine returns the export's text engine, made on first use.
func (p *pdfWriter) engine() *textEngine {
	if p.te == nil {
		p.te = newTextEngine()
	}
	return p.te
}

// shaped lays s out in the current font at w millimetres (0: unwrapped).
func (p *pdfWriter) shaped(s string, w float64) []textLine {
	_, unit := p.f.GetFontSize()
	maxW := 0
	if w > 0 {
		maxW = max(1, int((w-2*p.f.GetCellMargin())/unit*1000))
	}
	e := p.engine()
	// A table measures each cell before it draws it: lay it out once.
	k := layoutKey{s, p.style, maxW}
	if ls, ok := e.laid[k]; ok {
		return ls
	}
	ls := e.layout(s, p.style, maxW)
	e.laid[k] = ls
	return ls
}

// layoutKey is a text laid out, in a style, at a width in thousandths of
// an em (which the font size does not change).
type layoutKey struct {
	s, style string
	maxW     int
}

// baseline is where fpdf puts the baseline of text in a cell at y, h high.
func (p *pdfWriter) baseline(y, h float64) float64 {
	_, unit := p.f.GetFontSize()
	return y + h/2 + 0.3*unit
}

// cell is fpdf's CellFormat for any text: one line, not wrapped.
func (p *pdfWriter) cell(w, h float64, s, border string, ln int, align string, fill bool) {
	f := p.f
	if !needsShaping(s) {
		f.CellFormat(w, h, inFont(s), border, ln, align, fill, 0, "")
		return
	}
	x := f.GetX()
	if w == 0 {
		w = pageW - marginX - x
	}
	style := p.style
	f.CellFormat(w, h, "", border, ln, align, fill, 0, "")
	p.style = style // a page break's header may have set another
	y := f.GetY()
	if ln > 0 {
		y -= h
	}
	lines := p.shaped(strings.ReplaceAll(cleanText(s), "\n", " "), 0)
	if len(lines) == 0 {
		return
	}
	p.drawIn(lines[0], x, p.baseline(y, h), w, align)
}

// drawIn draws l aligned in a cell at x, w wide.
func (p *pdfWriter) drawIn(l textLine, x, baseline, w float64, align string) {
	_, unit := p.f.GetFontSize()
	m := p.f.GetCellMargin()
	lw := toMM(l.width, unit)
	switch align {
	case "R":
		x += w - m - lw
	case "C":
		x += (w - lw) / 2
	default:
		x += m
	}
	p.draw(l, x, baseline)
}

// multiCell is fpdf's MultiCell for any text. A paragraph that reads right
// to left starts at the right of a left-aligned cell.
func (p *pdfWriter) multiCell(w, h float64, s, border, align string, fill bool) {
	f := p.f
	if !needsShaping(s) {
		f.MultiCell(w, h, inFont(s), border, align, fill)
		return
	}
	x := f.GetX()
	if w == 0 {
		w = pageW - marginX - x
	}
	style := p.style
	for _, l := range p.shaped(s, w) {
		f.SetX(x)
		f.CellFormat(w, h, "", border, 2, "L", fill, 0, "")
		p.style = style // a page break's header may have set another
		a := align
		if l.rtl && a == "L" {
			a = "R"
		}
		p.drawIn(l, x, p.baseline(f.GetY()-h, h), w, a)
	}
	f.SetX(marginX)
}

// lines counts the lines multiCell draws s in at width w.
func (p *pdfWriter) lines(s string, w float64) int {
	if !needsShaping(s) {
		return multiCellLines(p.f, inFont(s), w)
	}
	return len(p.shaped(s, w))
}

// width is the width of s on one line in the current font.
func (p *pdfWriter) width(s string) float64 {
	if !needsShaping(s) {
		return p.f.GetStringWidth(inFont(s))
	}
	_, unit := p.f.GetFontSize()
	var w float64
	for _, l := range p.shaped(strings.ReplaceAll(cleanText(s), "\n", " "), 0) {
		w = max(w, toMM(l.width, unit))
	}
	return w
}
