package export

import (
	"bytes"
	"testing"
	"time"
)

// shortReport is a short export, a few records of each kind, with the
// partners' words in text: what a couple brings to one session.
func shortReport(text func(i int) string) *report {
	at := time.Date(2025, 3, 10, 19, 0, 0, 0, time.UTC)
	r := &report{Title: "Our repair journey", Partners: []partner{{alex, "Alex"}, {sam, "Sam"}}, Generated: at}
	for i := range 6 {
		r.Needs = append(r.Needs, need{Owner: sam, Text: text(i), Status: "open", Created: at})
		r.CheckIns = append(r.CheckIns, checkIn{Partner: alex, At: at, Safety: 5, Trust: 4, Connection: 6, Note: text(i + 1)})
		r.Interactions = append(r.Interactions, interaction{By: sam, At: at, Kind: "compliment", Text: text(i + 2)})
	}
	r.Apologies = []apology{{By: alex, At: at, WhatHappened: text(0), Hurt: text(1), Remorse: text(2), Plan: text(3)}}
	r.Questions = []question{{AskedBy: sam, At: at, Text: text(4), Answer: text(5)}}
	return r
}

// BenchmarkPDFScripts measures the same short export three ways: "latin"
// with every text in English, what fpdf's font draws as before; "before"
// with every text in one of the scripts of TestPDFScripts as the export
// printed them before they were shaped (through inFont, as "?"); and
// "scripts", the same texts shaped and drawn with the fallback fonts
// (read once per process, as in the app). "scripts-cold" also reads and
// parses the font files on every export.
func BenchmarkPDFScripts(b *testing.B) {
	english := "We took a long walk after dinner and talked about the week"
	for _, tc := range []struct {
		name string
		text func(i int) string
		cold bool
	}{
		{"latin", func(int) string { return english }, false},
		{"before", func(i int) string { return inFont(scripts[i%len(scripts)].text) }, false},
		{"scripts", func(i int) string { return scripts[i%len(scripts)].text }, false},
		{"scripts-cold", func(i int) string { return scripts[i%len(scripts)].text }, true},
	} {
		r := shortReport(tc.text)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				if tc.cold {
					fontCache.Lock()
					fontCache.fonts, fontCache.bad = nil, nil
					fontCache.Unlock()
				}
				var buf bytes.Buffer
				if err := writePDF(&buf, r); err != nil {
					b.Fatal(err)
				}
				n = buf.Len()
			}
			b.ReportMetric(float64(n)/1e3, "kB/export")
		})
	}
}
