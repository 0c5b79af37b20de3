package export_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/kintsugi-app/kintsugi/app/export"
	"github.com/kintsugi-app/kintsugi/doc"
)

func ExampleWrite() {
	s := doc.NewShared()
	s.SetClock(func() time.Time { return time.Date(2025, 3, 3, 20, 0, 0, 0, time.UTC) })
	_ = s.SetCouple(doc.Partner{ID: "12D3KooWAlex", Name: "Alex"}, doc.Partner{ID: "12D3KooWSam", Name: "Sam"})
	_, _ = s.AddCheckIn(doc.CheckIn{Author: "12D3KooWSam", Safety: 4, Trust: 3, Connection: 5, Feelings: []string{"hopeful"}})

	var buf bytes.Buffer
	err := export.Write(&buf, export.FormatMarkdown, s, export.Options{
		From: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		To:   time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC),
		Now:  time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(buf.String(), "\n") {
		if strings.HasPrefix(line, "#") || strings.Contains(line, "Sam |") {
			fmt.Println(line)
		}
	}
	// Output:
	// # Our repair journey
	// ## The journey
	// ## Commitments
	// ## Needs
	// ## Boundaries
	// ## Check-ins
	// ### Weekly averages
	// | 3 March 2025 | Sam | 1 | 4.0 | 3.0 | 5.0 |
	// ### Every check-in
	// | Mon 3 Mar 2025 20:00 | Sam | 4 | 3 | 5 | hopeful |   |
	// ## Positive interactions
	// ## Repair conversations
	// ## Apologies
	// ## Questions
	// ## Milestones
	// ## Professional help
}

func ExampleParseFormat() {
	for _, s := range []string{"PDF", ".md", "docx"} {
		f, err := export.ParseFormat(s)
		fmt.Printf("%q %v\n", f, err)
	}
	// Output:
	// "pdf" <nil>
	// "md" <nil>
	// "" unknown export format (use md, pdf or json): "docx"
}
