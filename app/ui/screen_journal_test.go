package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// TestJournalListsNewestEntries checks that years of entries are listed
// newest first, a hundred at a time, with a word for the rest.
func TestJournalListsNewestEntries(t *testing.T) {
	alex, _ := pairedSessions(t)
	mustNil(t, alex.CreateJournal("quiet harbour lamp"))
	n := journalShown + 5
	at := testNow.AddDate(0, 0, -n)
	alex.journal.SetClock(func() time.Time { at = at.Add(time.Hour); return at })
	for i := range n {
		word := "ordinary"
		if i%2 == 0 {
			word = "harbour"
		}
		_, err := alex.journal.Add(doc.JournalEntry{Text: fmt.Sprintf("entry %03d, a %s day", i, word)})
		mustNil(t, err)
	}
	h := newHarness(t, alex)
	c := h.win.Canvas()
	h.open("Journal")
	typeInto(t, c, "Journal passphrase", "quiet harbour lamp")
	tap(t, c, "Unlock")
	count := func() (entries int, first string) {
		objects(h.ui.journal.list, func(o fyne.CanvasObject) bool {
			if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "entry ") {
				if entries == 0 {
					first = l.Text
				}
				entries++
			}
			return true
		})
		return entries, first
	}
	if got, first := count(); got != journalShown || !strings.HasPrefix(first, fmt.Sprintf("entry %03d", n-1)) {
		t.Errorf("listed %d entries starting with %q, want %d from the newest", got, first, journalShown)
	}
	wantText(t, c, "And 5 older entries. Search to find one.")
	typeInto(t, c, "Search", "harbour")
	if got, _ := count(); got != (n+1)/2 {
		t.Errorf("search listed %d entries, want all %d that match", got, (n+1)/2)
	}
	if hasText(c, "older entries") {
		t.Error("a search that fits still says there are older entries")
	}
}
