package doc_test

import (
	"bytes"
	"testing"

	"github.com/automerge/automerge-go"

	"github.com/kintsugi-app/kintsugi/doc"
)

// syncUntilQuiet runs the sync protocol between x and y until neither has
// anything to send.
// It returns x's messages that carried changes.
func syncUntilQuiet(t *testing.T, x *doc.Shared, sx *doc.SyncState, y *doc.Shared, sy *doc.SyncState) (withChanges [][]byte) {
	t.Helper()
	for i := 0; i < 50; i++ {
		mx, okx := x.GenerateSyncMessage(sx)
		if okx {
			noErr(t, y.ReceiveSyncMessage(sy, mx))
			if m, err := automerge.LoadSyncMessage(mx); err == nil && len(m.Changes()) > 0 {
				withChanges = append(withChanges, mx)
			}
		}
		my, oky := y.GenerateSyncMessage(sy)
		if oky {
			noErr(t, x.ReceiveSyncMessage(sx, my))
		}
		if !okx && !oky {
			return withChanges
		}
	}
	t.Fatal("sync did not settle")
	return nil
}

// TestSaveIncrementalKeepsQueuedChanges: a sync message can carry a change
// whose dependency has not arrived yet, and the core queues it. When the
// dependency arrives later both changes join the document, and both must
// reach SaveIncremental, or a reload loses the queued one.
func TestSaveIncrementalKeepsQueuedChanges(t *testing.T) {
	a := newCouple(t)
	b, err := doc.LoadShared(a.Save())
	noErr(t, err)
	c, err := doc.LoadShared(a.Save())
	noErr(t, err)

	// B and C agree on the base, so B's next messages to C carry only
	// what is new: m1 carries c1, m2 carries c2 (which depends on c1).
	sbc, scb := b.NewSyncState(), c.NewSyncState()
	syncUntilQuiet(t, b, sbc, c, scb)
	_, err = b.AddCommitment(alex, "first", doc.Daily)
	noErr(t, err)
	sent := syncUntilQuiet(t, b, sbc, c, scb)
	if len(sent) != 1 {
		t.Fatalf("b sent c1 in %d messages, want 1", len(sent))
	}
	m1 := sent[0]
	_, err = b.AddCommitment(alex, "second", doc.Daily)
	noErr(t, err)
	sent = syncUntilQuiet(t, b, sbc, c, scb)
	if len(sent) != 1 {
		t.Fatalf("b sent c2 in %d messages, want 1", len(sent))
	}
	m2 := sent[0]

	// A receives them out of order: c2 is queued until c1 arrives.
	a.SaveIncremental()
	saved := a.Save()
	sab := a.NewSyncState()
	noErr(t, a.ReceiveSyncMessage(sab, m2))
	if got := len(a.Commitments()); got != 0 {
		t.Fatalf("c2 applied without its dependency: %d commitments", got)
	}
	var chunks bytes.Buffer
	chunks.Write(a.SaveIncremental())
	noErr(t, a.ReceiveSyncMessage(sab, m1))
	if got := len(a.Commitments()); got != 2 {
		t.Fatalf("a holds %d commitments once c1 arrived, want 2", got)
	}
	chunks.Write(a.SaveIncremental())

	re, err := doc.LoadShared(append(saved, chunks.Bytes()...))
	noErr(t, err)
	if got := len(re.Commitments()); got != 2 {
		t.Fatalf("reloaded from the saved chunks: %d commitments, want 2", got)
	}
	if !sameHashes(re.Heads(), a.Heads()) {
		t.Fatal("reloaded document's heads differ from the one in memory")
	}
}

// TestSaveIncrementalAfterMerge: merging a snapshot (as after pairing, or a
// bundle) brings many changes at once; all of them must reach
// SaveIncremental, not only the new heads.
func TestSaveIncrementalAfterMerge(t *testing.T) {
	a := newCouple(t)
	b, err := doc.LoadShared(a.Save())
	noErr(t, err)
	for _, text := range []string{"one", "two", "three"} {
		_, err := b.AddNeed(sam, text)
		noErr(t, err)
	}
	a.SaveIncremental()
	saved := a.Save()
	noErr(t, a.Merge(b))
	re, err := doc.LoadShared(append(saved, a.SaveIncremental()...))
	noErr(t, err)
	if got := len(re.Needs()); got != 3 {
		t.Fatalf("reloaded after a merge: %d needs, want 3", got)
	}
	if !sameHashes(re.Heads(), a.Heads()) {
		t.Fatal("reloaded document's heads differ from the one in memory")
	}
}

// TestSaveDoesNotSwallowIncremental: the sync node saves a snapshot to send
// to the partner while the profile's saver has not yet written the latest
// change; that change must still come out of SaveIncremental.
func TestSaveDoesNotSwallowIncremental(t *testing.T) {
	a := newCouple(t)
	saved := a.Save()
	a.SaveIncremental()
	_, err := a.AddNeed(alex, "a quiet evening")
	noErr(t, err)
	_ = a.Save() // a snapshot for the partner, or a bundle
	re, err := doc.LoadShared(append(saved, a.SaveIncremental()...))
	noErr(t, err)
	if got := len(re.Needs()); got != 1 {
		t.Fatalf("reloaded: %d needs, want 1", got)
	}
}
