package export

import (
	"os"
	"testing"
)

func TestRenderSampleForEyes(t *testing.T) {
	s, j := sample(t)
	opts := march
	opts.Journal = j
	if err := os.WriteFile("/tmp/sample.pdf", export(t, FormatPDF, s, opts), 0o644); err != nil {
		t.Fatal(err)
	}
}
