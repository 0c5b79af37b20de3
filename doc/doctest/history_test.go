package doctest_test

import (
	"bytes"
	"testing"

	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/doc/doctest"
)

// One month of history is enough to check the shape; benchmarks in doc use
// the full five years.
func TestGenerateHistory(t *testing.T) {
	a, err := doctest.GenerateHistory(7, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Partners()) != 2 || len(a.Commitments()) != 8 {
		t.Fatalf("setup: partners %d, commitments %d", len(a.Partners()), len(a.Commitments()))
	}
	s1 := mustGen(t, 3)
	s2 := mustGen(t, 3)
	// The same seed gives the same records, IDs included.
	if !sameRecords(s1, s2) {
		t.Fatal("same seed, different records")
	}
	c := s1.Counts()
	// Check-ins: 2 per day; interactions: 2 per partner per day.
	if c.CheckIns < 2*28 || c.Interactions < 4*28 || c.Needs < 4 || c.Questions < 4 {
		t.Fatalf("counts = %+v", c)
	}
	if len(s1.TrustAccount("")) < 28 {
		t.Fatal("no daily marks")
	}
}

func mustGen(t *testing.T, seed int64) *doc.Shared {
	t.Helper()
	s, err := doctest.GenerateMonths(seed, 1)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sameRecords(a, b *doc.Shared) bool {
	ja, jb := doctest.Dump(a), doctest.Dump(b)
	return bytes.Equal(ja, jb)
}

func TestGenerateApart(t *testing.T) {
	a, b, err := doctest.GenerateApartMonths(5, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	na, nb := a.Counts().CheckIns, b.Counts().CheckIns
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	if got := a.Counts().CheckIns; got <= na || got <= nb {
		t.Fatalf("merge lost check-ins: %d, %d -> %d", na, nb, got)
	}
}

// The five-year history must hold about 30,000 commits (the benchmarks'
// workload). Generating it takes seconds, so count six months (which have
// the same daily and weekly rhythm) and scale up.
func TestHistoryCommitRate(t *testing.T) {
	const months = 6
	s, err := doctest.GenerateMonths(11, months)
	if err != nil {
		t.Fatal(err)
	}
	act, err := s.Since(nil)
	if err != nil {
		t.Fatal(err)
	}
	fiveYears := len(act) * 60 / months
	t.Logf("%d commits in %d months: about %d in five years", len(act), months, fiveYears)
	if fiveYears < 27000 || fiveYears > 33000 {
		t.Fatalf("%d commits in %d months scale to %d in five years, want about 30,000", len(act), months, fiveYears)
	}
}
