package doc_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

const (
	alex = "12D3KooWAlex"
	sam  = "12D3KooWSam"
	eve  = "12D3KooWEve" // not in the couple
)

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// clock is a fake clock that moves one minute per reading.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { c.t = c.t.Add(time.Minute); return c.t }

// newCouple returns a document with the couple set and a fake clock.
func newCouple(t testing.TB) *doc.Shared {
	t.Helper()
	s := doc.NewShared()
	c := &clock{t: t0}
	s.SetClock(c.now)
	if err := s.SetCouple(doc.Partner{ID: alex, Name: "Alex"}, doc.Partner{ID: sam, Name: "Sam"}); err != nil {
		t.Fatal(err)
	}
	return s
}

func must[T any](t testing.TB) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantErr checks err wraps want, and that the call changed nothing.
func wantErr(t testing.TB, s *doc.Shared, want error, call func() error) {
	t.Helper()
	before := s.Heads()
	err := call()
	if !errors.Is(err, want) {
		t.Fatalf("error = %v, want %v", err, want)
	}
	if after := s.Heads(); !sameHashes(before, after) {
		t.Fatalf("a rejected call changed the document")
	}
}

// wantNoCommit checks that call succeeds without a new commit.
func wantNoCommit(t testing.TB, s *doc.Shared, call func() error) {
	t.Helper()
	before := s.Heads()
	noErr(t, call())
	if !sameHashes(before, s.Heads()) {
		t.Fatalf("a call that changes nothing made a commit")
	}
}

func sameHashes(a, b []doc.Hash) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// commits returns the number of changes made after the genesis.
func commits(t testing.TB, s *doc.Shared) int {
	t.Helper()
	a, err := s.Since(nil)
	noErr(t, err)
	return len(a)
}
