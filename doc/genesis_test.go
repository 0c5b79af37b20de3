package doc

import "testing"

// TestGenesisIsIdentical checks the property the package relies on: every
// new document starts from the same change, so two documents created apart
// share their container maps and merge without losing records.
func TestGenesisIsIdentical(t *testing.T) {
	a, b := NewShared(), NewShared()
	ha, hb := a.Heads(), b.Heads()
	if len(ha) != 1 || len(hb) != 1 || ha[0] != hb[0] {
		t.Fatalf("genesis heads differ: %v vs %v", ha, hb)
	}
	if a.am.ActorID() == b.am.ActorID() {
		t.Fatal("two documents share an actor after genesis")
	}
}
