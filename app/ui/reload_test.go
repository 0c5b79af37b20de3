package ui

import (
	"testing"

	"github.com/kintsugi-app/kintsugi/doc"
)

// TestReloadCoalesces checks that changes arriving while a screen loads
// ask for one more load after it, never one each, and that a load for a
// screen the user has left is not applied.
func TestReloadCoalesces(t *testing.T) {
	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	h.open("Insights")
	u := h.ui
	loads, applies := map[string]int{}, map[string]int{}
	for _, s := range u.screens {
		load, title := s.load, s.title
		s.load = func() func() {
			loads[title]++
			apply := load()
			return func() { applies[title]++; apply() }
		}
	}
	h.b.hold = true
	for range 5 {
		u.refresh() // five partner edits in a burst
	}
	if len(h.b.held) != 1 {
		t.Fatalf("%d loads started for a burst of five changes, want 1", len(h.b.held))
	}
	run := func() {
		t.Helper()
		f := h.b.held[0]
		h.b.held = h.b.held[1:]
		f()
	}
	run()
	if len(h.b.held) != 1 {
		t.Fatalf("%d loads queued after the first, want exactly 1 more", len(h.b.held))
	}
	run()
	if len(h.b.held) != 0 || loads["Insights"] != 2 || applies["Insights"] != 2 {
		t.Fatalf("held %d, loads %v, applies %v; want 0 held, 2 loads and 2 applies", len(h.b.held), loads, applies)
	}

	// A change, then the user switches to Today before the load ends.
	u.refresh()
	h.open("Today")
	run()
	if applies["Insights"] != 2 {
		t.Errorf("a stale Insights load was applied after switching to Today")
	}
	if len(h.b.held) != 1 {
		t.Fatalf("%d loads queued for Today, want 1", len(h.b.held))
	}
	run()
	if loads["Today"] != 1 || applies["Today"] != 1 {
		t.Errorf("Today loaded %d and applied %d times, want 1 and 1", loads["Today"], applies["Today"])
	}
}

// TestScreensLoadOffUIGoroutine checks that every screen reads the shared
// document, the journal and the session in a load step, which runs off the
// UI goroutine. Each load runs here on another goroutine while the
// screen's widgets are set, so the race detector sees any widget it
// touches. The repair conversation is under way and the journal unlocked,
// so their loads read what they show.
func TestScreensLoadOffUIGoroutine(t *testing.T) {
	alex, sam := pairedSessions(t)
	seed(t, alex.Doc(), alex.Me().ID, sam.Me().ID)
	rs, err := alex.Doc().StartRepairSession(alex.Me().ID)
	mustNil(t, err)
	mustNil(t, alex.Doc().MoveRepairRound(rs, alex.Me().ID, doc.RoundSpeaker, doc.RoundPatterns))
	mustNil(t, alex.Doc().RecordRound(rs, doc.RoundPatterns, alex.Me().ID, "We stop talking when we're hurt"))
	mustNil(t, alex.CreateJournal("journal passphrase"))
	j, err := alex.UnlockJournal("journal passphrase")
	mustNil(t, err)
	_, err = j.Add(doc.JournalEntry{Text: "A quiet evening"})
	mustNil(t, err)
	h := newHarness(t, alex)
	h.ui.journal.setJournal(j) // as after unlocking it on its screen
	for _, s := range h.ui.screens {
		h.open(s.title)
		// The load runs on another goroutine while this one, the UI
		// goroutine here, sets the screen's widgets from an earlier load,
		// as it may in the app: with nothing ordering the two, the race
		// detector reports any widget the load touches.
		earlier := s.load()
		done := make(chan func())
		go func() { done <- s.load() }()
		earlier()
		(<-done)()
	}
}
