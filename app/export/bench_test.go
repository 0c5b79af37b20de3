package export

import (
	"io"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/doc/doctest"
)

// history5 loads doctest's 5-year history (generated once per process).
func history5(b *testing.B) *doc.Shared {
	b.Helper()
	saved, err := doctest.SavedHistory(1, 5)
	if err != nil {
		b.Fatal(err)
	}
	s, err := doc.LoadShared(saved)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkExport5Years exports the whole 5-year history in each format,
// and three months of it as PDF (what a couple brings to a therapist). The
// baseline, "read", is reading every record through doc's API, which any
// export must do: the ratio of each export to it is the cost of rendering.
func BenchmarkExport5Years(b *testing.B) {
	s := history5(b)
	now := doctest.Start.AddDate(5, 0, 0)
	whole := Options{Now: now}
	quarter := Options{From: now.AddDate(0, -3, 0), To: now, Now: now}
	loc := time.UTC
	b.Run("read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buildReport(s, nil, loc)
		}
	})
	for _, tc := range []struct {
		name string
		f    Format
		opts Options
	}{
		{"md", FormatMarkdown, whole},
		{"json", FormatJSON, whole},
		{"pdf", FormatPDF, whole},
		{"pdf-3-months", FormatPDF, quarter},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int64
			for b.Loop() {
				cw := &countWriter{}
				if err := Write(cw, tc.f, s, tc.opts); err != nil {
					b.Fatal(err)
				}
				n = cw.n
			}
			b.ReportMetric(float64(n)/1e6, "MB/export")
		})
	}
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)
