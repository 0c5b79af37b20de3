package export

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// poppler returns the path of a poppler-utils tool, failing the test with a
// clear message when it is missing.
func poppler(t *testing.T, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		t.Fatalf("%s not found: the PDF tests need poppler-utils (apt-get install poppler-utils)", tool)
	}
	return p
}

// pdfText returns the text of pages first..last of a PDF (0, 0 = all).
func pdfText(t *testing.T, pdf []byte, first, last int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "export.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"-enc", "UTF-8"}
	if first > 0 {
		args = append(args, "-f", strconv.Itoa(first), "-l", strconv.Itoa(last))
	}
	out, err := exec.Command(poppler(t, "pdftotext"), append(args, path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// pdfPages returns the page count pdfinfo reports.
func pdfPages(t *testing.T, pdf []byte) int {
	t.Helper()
	path := filepath.Join(t.TempDir(), "export.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(poppler(t, "pdfinfo"), path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo gave no page count:\n%s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// flat joins a PDF's text lines, so a check does not depend on where a
// line wrapped.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestPDF(t *testing.T) {
	s, j := sample(t)
	opts := march
	opts.Journal = j
	pdf := export(t, FormatPDF, s, opts)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 20)])
	}
	pages := pdfPages(t, pdf)
	if pages < 3 || pages > 12 {
		t.Errorf("%d pages; a month of this sample should take 3 to 12", pages)
	}

	title := flat(pdfText(t, pdf, 1, 1))
	for _, want := range []string{"KINTSUGI", "Our repair journey", "Alex and Sam", "1 March 2025 to 31 March 2025",
		"It is not a verdict on either of us", "CONTENTS", "20 April 2025, 18:30"} {
		if !strings.Contains(title, want) {
			t.Errorf("title page lacks %q:\n%s", want, title)
		}
	}
	if strings.Contains(title, "Page 1 of") {
		t.Errorf("the title page has a page number")
	}
	// The contents give each section's page: a number, not a placeholder.
	if strings.Contains(title, "{sec") {
		t.Errorf("contents kept a page-number placeholder:\n%s", title)
	}
	m := regexp.MustCompile(`Check-ins (\d+)`).FindStringSubmatch(title)
	if m == nil {
		t.Fatalf("contents lack the check-ins page:\n%s", title)
	}
	ci, _ := strconv.Atoi(m[1])
	if page := flat(pdfText(t, pdf, ci, ci)); !strings.Contains(page, "Check-ins Scores are 0 to 10") {
		t.Errorf("contents say check-ins start on page %d, which reads:\n%s", ci, page)
	}

	all := pdfText(t, pdf, 0, 0)
	for p := 2; p <= pages; p++ {
		if want := "Page " + strconv.Itoa(p) + " of " + strconv.Itoa(pages); !strings.Contains(all, want) {
			t.Errorf("no %q", want)
		}
	}
	text := flat(all)
	for _, want := range []string{
		secJourney, secCommitments, secNeeds, secBoundaries, secCheckIns, secInteractions, secRepairs,
		secApologies, secQuestions, secMilestones, secHelp, secJournal,
		"3. Establish accountability (where we are now)",
		oldCommitment, "March 2025: kept 2, missed 1 (missed on the 6); 1 acknowledged",
		"Trust account balance", "Safety", "Trust", "Connection",
		oldNeed, "No phones at dinner, both of us", inCheckIn, lateCheckIn, inInteraction, inRepair,
		inApology, "What happened", "The hurt it caused", "The plan to prevent it", inQuestion,
		"The repair conversation is done", "The same argument loops for weeks (ticked by Sam)", journalIn,
		// Every character prints as written, the arrow and the emoji too.
		unicodeNote,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	for _, out := range []string{outCheckInEarly, outCheckInLate, outInteraction, newCommitment, newNeed, outQuestion, journalOut} {
		if strings.Contains(text, out) {
			t.Errorf("PDF contains %q, which is outside the range", out)
		}
	}
}

// TestPDFLongText checks that a note too long for one page is neither lost
// nor allowed to break the table layout.
func TestPDFLongText(t *testing.T) {
	r := &report{Title: "T", Partners: []partner{{alex, "Alex"}, {sam, "Sam"}}}
	long := strings.Repeat("word ", 3000) + "endmarker"
	r.CheckIns = []checkIn{{Partner: alex, At: march.Now, Safety: 1, Trust: 2, Connection: 3, Note: long},
		{Partner: sam, At: march.Now, Safety: 4, Trust: 5, Connection: 6, Note: "short afterwards"}}
	var buf bytes.Buffer
	if err := writePDF(&buf, r); err != nil {
		t.Fatal(err)
	}
	text := flat(pdfText(t, buf.Bytes(), 0, 0))
	if got := len(regexp.MustCompile(`\bword\b`).FindAllString(text, -1)); got != 3000 {
		t.Errorf("%d of 3000 words of the long note in the PDF", got)
	}
	for _, want := range []string{"endmarker", "short afterwards"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
}

// TestPDFKeepsBraces checks that words shaped like fpdf's page-number
// placeholders print as written, not as page numbers.
func TestPDFKeepsBraces(t *testing.T) {
	const note = "we wrote {nb} and {sec1} on the fridge"
	r := &report{Title: "T", Partners: []partner{{alex, "Alex"}, {sam, "Sam"}}}
	r.Needs = []need{{Owner: sam, Text: note, Response: "{sec0}"}}
	var buf bytes.Buffer
	if err := writePDF(&buf, r); err != nil {
		t.Fatal(err)
	}
	text := flat(pdfText(t, buf.Bytes(), 0, 0))
	for _, want := range []string{note, "{sec0}", "Page 2 of 3"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
}

func TestInFont(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain ascii", "plain ascii"},
		{"Café naïve", "Café naïve"},
		{"“quotes” ‘single’ – — … € ™ •", "“quotes” ‘single’ – — … € ™ •"},
		{"Łódź Kraków Dvořák Ελένη Дмитрий Nguyễn", "Łódź Kraków Dvořák Ελένη Дмитрий Nguyễn"},
		{"e\u0301", "é"}, // composed, so the accent sits on its letter
		{"❤️ zero\u200dwidth", "<3 zerowidth"},
		{"日本 🙂", "?? ?"},
		{"tab\there\r\nline", "tab    here\nline"},
		{"one\u2028two\u2029three", "one\ntwo\nthree"},
		{"\x00\x07bell\u0085", "bell"},
		{"bad \xff byte", "bad \ufffd byte"},
	} {
		if got := inFont(tc.in); got != tc.want {
			t.Errorf("inFont(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzInFont(f *testing.F) {
	for _, s := range []string{"", "Café", "→", "🙂", "\xff\xfe", "Łódź", "e\u0301", "❤️"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range inFont(s) {
			if r != '\n' && !drawable()(r) {
				t.Fatalf("inFont(%q) keeps %U, which the font cannot draw", s, r)
			}
		}
	})
}

// FuzzPDFText renders arbitrary text in every kind of place the PDF puts
// partners' words: it must never fail or panic.
func FuzzPDFText(f *testing.F) {
	for _, s := range []string{"", "plain", "Łódź 🙂", "\x00\xff", strings.Repeat("x", 400), "a\nb\r\n\tc", "{nb} {sec1}",
		"שלום 12 עולם", "مرحبا، كيف حالك؟", "नमस्ते क्षत्रिय", "今日は一緒に散歩", "👩\u200d👩\u200d👧 ❤️ →", "\u202eabc\u202c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := &report{Title: s, Partners: []partner{{alex, s}, {sam, "Sam"}}}
		r.CheckIns = []checkIn{{Partner: alex, At: march.Now, Feelings: []string{s}, Note: s}}
		r.Needs = []need{{Owner: sam, Text: s, Response: s}}
		r.Apologies = []apology{{By: alex, WhatHappened: s, Flags: []string{s}}}
		r.Help.Signs = []helpSign{{Text: s, TickedBy: []string{alex}}}
		if err := writePDF(io.Discard, r); err != nil {
			t.Fatalf("writePDF with %q: %v", s, err)
		}
	})
}

// TestPDFLineCount checks that a table row is as tall as MultiCell draws
// its cells, with the text that breaks differently from SplitText: no-break
// and thin spaces, newlines, long words.
func TestPDFLineCount(t *testing.T) {
	p := newPDFWriter(&report{Title: "T"})
	f := p.f
	f.AddPage()
	p.font("", 8.5)
	const h = 4.4
	for _, s := range []string{
		"", "word", "a\n\nb\n", "\n\n\nx",
		strings.Repeat("word ", 60),
		strings.Repeat("x", 300),
		strings.Repeat("Pourquoi\u00a0? ", 30),
		strings.Repeat("a\u2009b ", 50),
		strings.Repeat("wwwwwwwwww\u00a0", 20),
		strings.Repeat("Łódź — naïve “quoted” ", 12),
	} {
		for _, w := range []float64{20, 30, 45, 56, 80} {
			f.SetXY(marginX, marginT)
			f.MultiCell(w, h, s, "", "L", false)
			drawn := int((f.GetY()-marginT)/h + 0.5)
			if got := multiCellLines(f, s, w); got != drawn {
				t.Errorf("width %v, %q: counted %d lines, MultiCell drew %d", w, s[:min(len(s), 30)], got, drawn)
			}
		}
	}
}

// TestPDFTableRowsDoNotOverlap draws needs whose words are joined by
// no-break and thin spaces, as French and careful typists write: each row
// must be tall enough for its text, so no word is drawn over another.
func TestPDFTableRowsDoNotOverlap(t *testing.T) {
	r := &report{Title: "T", Partners: []partner{{alex, "Alex"}, {sam, "Sam"}}}
	for _, s := range []string{
		"je c'est toujours sais\u00a0ne ne ne oui je je ! : ne\u00a0sais\u00a0?\u00a0toujours\u00a0oui toujours ! ? toujours c'est\u00a0« Pourquoi pas toujours je ne ",
		"« «\u00a0je\u00a0oui\u00a0oui « oui ne ! » ?\u00a0pas\u00a0pas ?\u00a0pas je\u00a0je je ne c'est c'est\u00a0",
	} {
		r.Needs = append(r.Needs, need{Owner: sam, Text: "to be asked", Response: s})
	}
	r.Needs = append(r.Needs, need{Owner: sam, Text: "last", Response: "last"})
	var buf bytes.Buffer
	if err := writePDF(&buf, r); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "export.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(poppler(t, "pdftotext"), "-bbox", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	type box struct {
		page           int
		x0, y0, x1, y1 float64
		word           string
	}
	var boxes []box
	page := 0
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "<page ") {
			page++
		}
		if m := re.FindStringSubmatch(line); m != nil {
			b := box{page: page, word: m[5]}
			for i, v := range []*float64{&b.x0, &b.y0, &b.x1, &b.y1} {
				*v, _ = strconv.ParseFloat(m[i+1], 64)
			}
			boxes = append(boxes, b)
		}
	}
	const slack = 1.0 // points: glyph boxes of adjacent lines may touch
	for i, a := range boxes {
		for _, b := range boxes[i+1:] {
			if a.page == b.page && a.x0 < b.x1-slack && b.x0 < a.x1-slack && a.y0 < b.y1-slack && b.y0 < a.y1-slack {
				t.Errorf("page %d: %q and %q are drawn over each other", a.page, a.word, b.word)
			}
		}
	}
}
