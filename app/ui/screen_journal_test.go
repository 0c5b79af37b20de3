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

// TestJournalRealStack writes, rewords, locks, unlocks and searches the
// journal of a real profile on its screen: its edits reach the screen
// through the journal's own notification, and none reaches the shared
// document.
func TestJournalRealStack(t *testing.T) {
	alex, _ := realCouple(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	before := alex.Doc().Heads()
	h.open("Journal")
	typeInto(t, c, "Journal passphrase", "quiet harbour lamp")
	typeInto(t, c, "Type it again", "quiet harbour lamp")
	tap(t, c, "Create journal")
	typeInto(t, c, "Write freely", "I learned I shut down when I'm scared.")
	tap(t, c, "Save entry")
	h.edited()
	wantText(t, c, "I learned I shut down")
	rewordTo(h, editButtons(c)[0], "I learned I shut down when I'm scared.", "I learned I go quiet when I'm scared.")
	wantText(t, c, "I learned I go quiet")
	tap(t, c, "Lock journal")
	if hasText(c, "I learned") {
		t.Fatal("the locked journal still shows an entry")
	}
	typeInto(t, c, "Journal passphrase", "quiet harbour lamp")
	tap(t, c, "Unlock")
	wantText(t, c, "I learned I go quiet")
	typeInto(t, c, "Search", "harbour")
	wantText(t, c, "No entries mention “harbour”")
	acts, err := alex.Doc().Since(before)
	mustNil(t, err)
	for _, a := range acts {
		if a.Author == alex.Me().ID {
			t.Errorf("the journal's screen changed the shared document: %q", a.Message)
		}
	}
}
