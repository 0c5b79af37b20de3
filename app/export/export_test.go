package export

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Format
		err  bool
	}{
		{"md", FormatMarkdown, false},
		{"Markdown", FormatMarkdown, false},
		{".MD", FormatMarkdown, false},
		{"pdf", FormatPDF, false},
		{" PDF ", FormatPDF, false},
		{"json", FormatJSON, false},
		{"", "", true},
		{"docx", "", true},
		{"pdfx", "", true},
	} {
		got, err := ParseFormat(tc.in)
		if tc.err {
			if !errors.Is(err, ErrUnknownFormat) {
				t.Errorf("ParseFormat(%q) error = %v, want ErrUnknownFormat", tc.in, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	s := doc.NewShared()
	var buf bytes.Buffer
	if err := Write(&buf, Format("docx"), s, Options{}); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("unknown format: error = %v, want ErrUnknownFormat", err)
	}
	bad := Options{From: day(time.March, 2), To: day(time.March, 1)}
	for _, f := range []Format{FormatMarkdown, FormatPDF, FormatJSON} {
		if err := Write(&buf, f, s, bad); !errors.Is(err, ErrBadRange) {
			t.Errorf("%s with From after To: error = %v, want ErrBadRange", f, err)
		}
	}
	if buf.Len() != 0 {
		t.Errorf("a refused export wrote %d bytes", buf.Len())
	}
	if err := Write(&buf, FormatJSON, nil, Options{}); err == nil {
		t.Error("nil document: no error")
	}
	if err := Write(failWriter{}, FormatMarkdown, s, Options{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("failing writer: error = %v, want the writer's error", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestRange(t *testing.T) {
	utc := time.UTC
	d := func(m time.Month, day, h, min int) time.Time { return time.Date(2025, m, day, h, min, 0, 0, utc) }
	for _, tc := range []struct {
		name     string
		from, to time.Time
		at       time.Time
		want     bool
	}{
		{"open both ends", time.Time{}, time.Time{}, d(1, 1, 0, 0), true},
		{"on From", d(3, 1, 0, 0), time.Time{}, d(3, 1, 0, 0), true},
		{"before From", d(3, 1, 0, 0), time.Time{}, d(2, 28, 23, 59), false},
		{"late on a midnight To", time.Time{}, d(3, 31, 0, 0), d(3, 31, 23, 59), true},
		{"the day after a midnight To", time.Time{}, d(3, 31, 0, 0), d(4, 1, 0, 0), false},
		{"after a To with a time", time.Time{}, d(3, 31, 12, 0), d(3, 31, 12, 1), false},
		{"on a To with a time", time.Time{}, d(3, 31, 12, 0), d(3, 31, 12, 0), true},
	} {
		sp, err := newRange(Options{From: tc.from, To: tc.to, Now: d(5, 1, 0, 0)})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := sp.contains(tc.at); got != tc.want {
			t.Errorf("%s: contains(%v) = %v, want %v", tc.name, tc.at, got, tc.want)
		}
	}
	sp, _ := newRange(march)
	for day, want := range map[string]bool{"2025-02-28": false, "2025-03-01": true, "2025-03-31": true, "2025-04-01": false} {
		if got := sp.containsDay(day); got != want {
			t.Errorf("containsDay(%s) = %v, want %v", day, got, want)
		}
	}
	if _, err := newRange(Options{From: d(3, 1, 0, 0), To: d(3, 1, 0, 0)}); err != nil {
		t.Errorf("a one-day range: %v", err)
	}
}

// TestJournalOnlyWhenPassed checks, in every format, that the journal's
// words appear only when the journal is passed, and then only in range.
func TestJournalOnlyWhenPassed(t *testing.T) {
	s, j := sample(t)
	for _, f := range []Format{FormatMarkdown, FormatJSON, FormatPDF} {
		t.Run(string(f), func(t *testing.T) {
			without := exportText(t, f, s, march)
			if strings.Contains(without, journalIn) || strings.Contains(without, journalOut) {
				t.Errorf("journal text exported without the journal")
			}
			if strings.Contains(without, secJournal+"\n") {
				t.Errorf("a journal section exported without the journal")
			}
			opts := march
			opts.Journal = j
			with := exportText(t, f, s, opts)
			if !strings.Contains(with, journalIn) {
				t.Errorf("in-range journal entry missing when the journal is passed")
			}
			if strings.Contains(with, journalOut) {
				t.Errorf("out-of-range journal entry exported")
			}
		})
	}
}

// exportText exports and returns the text a reader would see: the
// Markdown or JSON as written, the PDF through pdftotext.
func exportText(t *testing.T, f Format, s *doc.Shared, opts Options) string {
	t.Helper()
	b := export(t, f, s, opts)
	if f == FormatPDF {
		return pdfText(t, b, 0, 0)
	}
	return string(b)
}

func TestEmptyDocument(t *testing.T) {
	s := doc.NewShared()
	for _, f := range []Format{FormatMarkdown, FormatJSON, FormatPDF} {
		out := export(t, f, s, Options{Now: march.Now})
		if len(out) == 0 {
			t.Errorf("%s: empty output", f)
		}
	}
	md := string(export(t, FormatMarkdown, s, Options{Now: march.Now}))
	if !strings.Contains(md, emptyNote) {
		t.Errorf("an empty document's Markdown does not say nothing was recorded")
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	s, j := sample(t)
	opts := march
	opts.Journal = j
	for _, f := range []Format{FormatMarkdown, FormatJSON, FormatPDF} {
		a, b := export(t, f, s, opts), export(t, f, s, opts)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two exports of the same document differ", f)
		}
	}
}

func FuzzParseFormat(f *testing.F) {
	for _, s := range []string{"md", "PDF", ".json", "markdown", "", "docx", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseFormat(s)
		if err != nil {
			if !errors.Is(err, ErrUnknownFormat) || got != "" {
				t.Fatalf("ParseFormat(%q) = %q, %v", s, got, err)
			}
			return
		}
		if again, err := ParseFormat(string(got)); err != nil || again != got {
			t.Fatalf("ParseFormat(%q) = %q, which does not parse back: %q, %v", s, got, again, err)
		}
	})
}
