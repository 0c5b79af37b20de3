package app

import (
	"testing"
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
