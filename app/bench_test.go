package app

import (
	"testing"

	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/doc/doctest"
)

// benchScreen measures one refresh of a screen over a document with three
// weeks of life (seed), as happens when the partner's edit arrives.
func benchScreen(b *testing.B, title string) {
	alex, sam := pairedSessions(b)
	seed(b, alex.Doc(), alex.Me().ID, sam.Me().ID)
	h := newHarnessB(b, alex)
	i := h.ui.screenIndex(title)
	h.ui.nav.Select(i)
	s := h.ui.screens[i]
	b.ResetTimer()
	for b.Loop() {
		s.refresh()
	}
}

// BenchmarkRefreshToday is the baseline: the screen shown at launch.
func BenchmarkRefreshToday(b *testing.B)    { benchScreen(b, "Today") }
func BenchmarkRefreshInsights(b *testing.B) { benchScreen(b, "Insights") }
func BenchmarkRefreshCommitments(b *testing.B) {
	benchScreen(b, "Commitments")
}

// BenchmarkRefreshInsights5Years draws the four charts over the five-year
// history of doctest (about 30,000 commits), against Today's refresh on the
// same document as the baseline: issue 6 asks for under 50 ms.
func BenchmarkRefreshInsights5Years(b *testing.B) {
	for _, title := range []string{"Today", "Insights"} {
		b.Run(title, func(b *testing.B) {
			saved, err := doctest.SavedHistory(1, 5)
			if err != nil {
				b.Fatal(err)
			}
			d, err := doc.LoadShared(saved)
			if err != nil {
				b.Fatal(err)
			}
			w := &memWorld{}
			alex := newMemSession(w, "Alex", "alex passphrase")
			alex.me = Person{ID: doctest.Alex.ID, Name: doctest.Alex.Name}
			alex.partner = &Person{ID: doctest.Sam.ID, Name: doctest.Sam.Name}
			alex.doc = d
			alex.status = SyncStatus{State: SyncInSync}
			h := newHarnessB(b, alex)
			i := h.ui.screenIndex(title)
			h.ui.nav.Select(i)
			s := h.ui.screens[i]
			b.ResetTimer()
			for b.Loop() {
				s.refresh()
			}
		})
	}
}
