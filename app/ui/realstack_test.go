package ui

import (
	"context"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/app/adapt"
)

// realCouple returns Alex and Sam as two real profiles paired in-process
// over loopback, as the demo does, behind the real adapter. Their
// documents use the screen tests' fixed clock, so due days match testNow.
func realCouple(t testing.TB) (alex, sam Session) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	a, s, err := adapt.DemoPair(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(); s.Close() })
	a.Doc().SetClock(fixedNow)
	s.Doc().SetClock(fixedNow)
	return a, s
}

// eventually waits until ok holds, draining each harness's bridge so the
// partner's edits, arriving over the real sync, reach its screens.
func eventually(t *testing.T, what string, ok func() bool, hs ...*harness) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		for _, h := range hs {
			h.b.Drain()
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, h := range hs {
		settle(h.b)
	}
}
