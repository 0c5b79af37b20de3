package export

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-text/typesetting/di"
)

// scripts are words in each script the app shows, as a partner may write
// them.
var scripts = []struct{ name, text string }{
	{"Hebrew", "אני מרגישה בטוחה יותר השבוע"},
	{"Arabic", "شكرا لأنك استمعت إلي اليوم"},
	{"Chinese", "我们今天一起散步，感觉很好。"},
	{"Japanese", "今日は一緒に散歩しました。ありがとう"},
	{"Hindi", "आज हमने साथ में खाना बनाया, धन्यवाद क्षमा"},
	{"emoji", "We laughed 🙂 ❤️ 👍 together → again"},
}

// bidiMarks are the direction marks pdftotext wraps right-to-left lines in.
var bidiMarks = strings.NewReplacer("\u202a", "", "\u202b", "", "\u202c", "", "\u202d", "", "\u202e", "", "\u200e", "", "\u200f", "")

// TestPDFScripts round-trips text in each script through pdftotext, in
// the places partners' words go: a table cell, a paragraph and a heading.
// Right-to-left text comes back in logical order, each word as written.
func TestPDFScripts(t *testing.T) {
	for _, sc := range scripts {
		t.Run(sc.name, func(t *testing.T) {
			r := &report{Title: "T", Partners: []partner{{alex, "Alex"}, {sam, "Sam"}}}
			r.Needs = []need{{Owner: sam, Text: sc.text, Response: "ok"}}
			r.Apologies = []apology{{By: alex, At: march.Now, WhatHappened: sc.text, Hurt: "-", Remorse: "-", Plan: "-"}}
			r.Boundaries = []boundary{{Text: sc.text}}
			var buf bytes.Buffer
			if err := writePDF(&buf, r); err != nil {
				t.Fatal(err)
			}
			text := bidiMarks.Replace(pdfText(t, buf.Bytes(), 0, 0))
			if got := strings.Count(flat(text), sc.text); got != 3 {
				t.Errorf("%q is in the PDF's text %d times, want 3:\n%s", sc.text, got, flat(text))
			}
			if strings.Contains(text, "?") {
				t.Errorf("the PDF's text has a \"?\":\n%s", text)
			}
		})
	}
}

// TestPDFScriptsMixed checks a line that mixes directions and fonts: each
// part comes back whole.
func TestPDFScriptsMixed(t *testing.T) {
	r := &report{Title: "T", Partners: []partner{{alex, "Alex"}, {sam, "Sam"}}}
	r.Needs = []need{{Owner: sam, Text: "Sam wrote שלום לך and مرحبا بك, then 你好 and नमस्ते 🙂"}}
	var buf bytes.Buffer
	if err := writePDF(&buf, r); err != nil {
		t.Fatal(err)
	}
	text := flat(bidiMarks.Replace(pdfText(t, buf.Bytes(), 0, 0)))
	for _, want := range []string{"Sam wrote", "שלום לך", "مرحبا بك", "then 你好 and नमस्ते 🙂"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
}

// TestShaping checks what the shaper did, glyph by glyph: Arabic letters
// take their joined forms, Devanagari clusters form conjuncts, and a
// right-to-left run is laid out right to left.
func TestShaping(t *testing.T) {
	e := newTextEngine()
	one := func(s string) textLine {
		t.Helper()
		ls := e.layout(s, "", 0)
		if len(ls) != 1 || len(ls[0].runs) != 1 {
			t.Fatalf("%q: %d lines, want 1 line of 1 run", s, len(ls))
		}
		return ls[0]
	}

	// Arabic: in "بيت" each letter is joined, so no glyph is the letter's
	// isolated form, which is what the font maps the character to.
	ar := one("بيت")
	run := ar.runs[0]
	if run.Direction.Progression() != di.TowardTopLeft || !ar.rtl {
		t.Errorf("Arabic run is not right to left")
	}
	for _, g := range run.Glyphs {
		r := ar.para[g.ClusterIndex]
		if iso, _ := run.Face.NominalGlyph(r); iso == g.GlyphID {
			t.Errorf("%q is drawn in its isolated form: not joined", r)
		}
	}
	// Right to left: the first letter is the rightmost glyph.
	if last := run.Glyphs[len(run.Glyphs)-1]; last.ClusterIndex != 0 {
		t.Errorf("the rightmost glyph is of rune %d, want 0", last.ClusterIndex)
	}

	// Devanagari: "क्ष" (ka, virama, ssa) is one conjunct glyph, and in
	// "कि" the i sign is drawn before (left of) the consonant it follows.
	if hi := one("क्ष"); len(hi.runs[0].Glyphs) != 1 {
		t.Errorf("क्ष is %d glyphs, want one conjunct", len(hi.runs[0].Glyphs))
	}
	ki := one("कि")
	if g := ki.runs[0].Glyphs; len(g) != 2 {
		t.Errorf("कि is %d glyphs, want 2", len(g))
	} else if ka, _ := ki.runs[0].Face.NominalGlyph('क'); g[1].GlyphID != ka {
		t.Errorf("कि: the consonant is not drawn after the i sign")
	}

	// Mixed: an English sentence with Hebrew in it reads left to right,
	// the Hebrew words right to left within it.
	// A number right after right-to-left text goes with it (it is drawn
	// left of it), and a right-to-left paragraph puts its left-to-right
	// parts in right-to-left order.
	for _, tc := range []struct{ in, want string }{
		{"I said שלום עולם today", "I said|שלום עולם|today"},
		{"From أليكس, 20 April 2025", "From|20|,|أليكس|April 2025"},
		{"כן, 100% — yes", "yes|—|100%|,|כן"},
		{"שלום 12 עולם", "עולם|12|שלום"},
	} {
		ls := e.layout(tc.in, "", 0)
		if len(ls) != 1 {
			t.Fatalf("%q: %d lines", tc.in, len(ls))
		}
		var order []string
		for _, r := range ls[0].runs {
			order = append(order, strings.TrimSpace(string(ls[0].para[r.Runes.Offset:r.Runes.Offset+r.Runes.Count])))
		}
		if got := strings.Join(order, "|"); got != tc.want {
			t.Errorf("%q: runs left to right %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestPDFWraps checks that long text in a script without spaces (Chinese)
// wraps within its column instead of running off the page, and that every
// character is kept.
func TestPDFWraps(t *testing.T) {
	long := strings.Repeat("我们今天一起散步", 40)
	r := &report{Title: "T", Partners: []partner{{alex, "Alex"}, {sam, "Sam"}}}
	r.Needs = []need{{Owner: sam, Text: long, Response: "好"}}
	var buf bytes.Buffer
	if err := writePDF(&buf, r); err != nil {
		t.Fatal(err)
	}
	p := newPDFWriter(r)
	p.f.AddPage()
	p.font("", 8.5)
	if n := p.lines(long, 56); n < 10 {
		t.Errorf("320 Chinese characters take %d lines of a 56 mm column, want 10 or more", n)
	}
	text := strings.Join(strings.Fields(pdfText(t, buf.Bytes(), 0, 0)), "")
	if !strings.Contains(text, long) {
		t.Errorf("the long Chinese need is not in the PDF whole")
	}
}

// TestPDFRenders draws a page of shaped text with pdftoppm: a reader must
// render it (the Type 3 fonts are well formed) with ink where the words are.
func TestPDFRenders(t *testing.T) {
	r := &report{Title: "שלום", Partners: []partner{{alex, "أليكس"}, {sam, "サム"}}}
	for _, sc := range scripts {
		r.Needs = append(r.Needs, need{Owner: sam, Text: sc.text})
	}
	var buf bytes.Buffer
	if err := writePDF(&buf, r); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "export.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(poppler(t, "pdftoppm"), "-gray", "-r", "40", "-f", "1", "-l", "2", path, filepath.Join(dir, "p")).CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	title := flat(bidiMarks.Replace(pdfText(t, buf.Bytes(), 1, 1)))
	for _, want := range []string{"שלום", "أليكس", "サム"} {
		if !strings.Contains(title, want) {
			t.Errorf("title page lacks %q:\n%s", want, title)
		}
	}
}

// TestPDFLatinAddsNothing checks that an export in the scripts fpdf's font
// draws costs what it did: no Type 3 font, no update section.
func TestPDFLatinAddsNothing(t *testing.T) {
	r := &report{Title: "T", Partners: []partner{{alex, "Ελένη"}, {sam, "Дмитрий"}}}
	r.Needs = []need{{Owner: sam, Text: "Café — naïve “quoted” €5"}}
	var buf bytes.Buffer
	if err := writePDF(&buf, r); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("/Type3")) || bytes.Count(buf.Bytes(), []byte("%%EOF")) != 1 {
		t.Errorf("a Latin, Greek and Cyrillic export has Type 3 fonts or an update")
	}
}

// TestPDFMissingFont checks that text in a script no installed font has
// fails the export with ErrFontMissing naming the package to install, and
// that a font in $KINTSUGI_FONT_DIR is found.
func TestPDFMissingFont(t *testing.T) {
	hebrew, ok := findFont(fallbacks[0].files[0][:1])
	if !ok {
		t.Fatal("NotoSansHebrew-Regular.ttf is not installed: the PDF tests need fonts-noto-core (make deps)")
	}
	saved := systemFontDirs
	t.Cleanup(func() { systemFontDirs = saved })
	systemFontDirs = nil
	t.Setenv("KINTSUGI_FONT_DIR", "")

	r := &report{Title: "T", Partners: []partner{{alex, "Alex"}, {sam, "Sam"}}}
	r.Needs = []need{{Owner: sam, Text: "שלום"}}
	var buf bytes.Buffer
	err := writePDF(&buf, r)
	if !errors.Is(err, ErrFontMissing) || !strings.Contains(err.Error(), "Hebrew") || !strings.Contains(err.Error(), "fonts-noto-core") {
		t.Fatalf("writePDF without fonts = %v, want ErrFontMissing naming Hebrew and fonts-noto-core", err)
	}
	if buf.Len() != 0 {
		t.Errorf("a failed export wrote %d bytes", buf.Len())
	}

	dir := t.TempDir()
	if err := os.Symlink(hebrew, filepath.Join(dir, filepath.Base(hebrew))); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KINTSUGI_FONT_DIR", dir)
	buf.Reset()
	if err := writePDF(&buf, r); err != nil {
		t.Fatalf("with the font in KINTSUGI_FONT_DIR: %v", err)
	}
	if text := bidiMarks.Replace(pdfText(t, buf.Bytes(), 0, 0)); !strings.Contains(text, "שלום") {
		t.Errorf("PDF lacks the Hebrew word:\n%s", text)
	}
}

// TestPDFLongShapedText checks that a note in a shaped script too long for
// one page runs on across pages, every word kept, in its own font after
// each page's header (drawn in another).
func TestPDFLongShapedText(t *testing.T) {
	r := &report{Title: "T", Partners: []partner{{alex, "Alex"}, {sam, "Sam"}}}
	long := strings.Repeat("שלום ", 1500) + "סוף"
	r.CheckIns = []checkIn{{Partner: alex, At: march.Now, Safety: 1, Trust: 2, Connection: 3, Note: long},
		{Partner: sam, At: march.Now, Safety: 4, Trust: 5, Connection: 6, Note: "short afterwards"}}
	var buf bytes.Buffer
	if err := writePDF(&buf, r); err != nil {
		t.Fatal(err)
	}
	text := bidiMarks.Replace(pdfText(t, buf.Bytes(), 0, 0))
	if got := strings.Count(text, "שלום"); got != 1500 {
		t.Errorf("%d of 1500 words of the long note in the PDF", got)
	}
	for _, want := range []string{"סוף", "short afterwards"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if pages := pdfPages(t, buf.Bytes()); pages < 5 {
		t.Errorf("%d pages; the long note should run over several", pages)
	}
}

// TestPDFScriptsConcurrent exports twice at once: the fonts read once are
// shared, each export shapes with its own faces (run with -race).
func TestPDFScriptsConcurrent(t *testing.T) {
	r := &report{Title: "T", Partners: []partner{{alex, "Alex"}, {sam, "Sam"}}, Generated: march.Now}
	for _, sc := range scripts {
		r.Needs = append(r.Needs, need{Owner: sam, Text: sc.text})
	}
	outs := make(chan []byte, 2)
	for range 2 {
		go func() {
			var buf bytes.Buffer
			if err := writePDF(&buf, r); err != nil {
				t.Error(err)
			}
			outs <- buf.Bytes()
		}()
	}
	if a, b := <-outs, <-outs; !bytes.Equal(a, b) || len(a) == 0 {
		t.Errorf("two exports at once differ (%d and %d bytes)", len(a), len(b))
	}
}
