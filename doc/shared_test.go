package doc_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/doc/doctest"
)

// A saved document followed by its incremental chunks loads to the same
// document, whether the changes were made locally, merged, applied or
// synced, and duplicates do no harm.
func TestSaveIncremental(t *testing.T) {
	a := newCouple(t)
	saved := a.Save()
	// Save leaves SaveIncremental alone: what it returns now is already in
	// saved, and loading such duplicates does no harm.
	dup := a.SaveIncremental()
	if len(dup) == 0 {
		t.Fatal("Save swallowed the changes SaveIncremental had not returned yet")
	}
	b := must[*doc.Shared](t)(a.Fork())
	c := must[*doc.Shared](t)(a.Fork())
	d := must[*doc.Shared](t)(a.Fork())
	log := append(append([]byte{}, saved...), dup...)

	must[string](t)(a.AddNeed(alex, "local"))
	log = append(log, a.SaveIncremental()...)

	must[string](t)(b.AddNeed(sam, "merged"))
	noErr(t, a.Merge(b))
	log = append(log, a.SaveIncremental()...)

	must[string](t)(c.AddNeed(sam, "applied"))
	heads := a.Heads()
	ch := must[[]byte](t)(c.ChangesSince(nil)) // includes changes a knows
	noErr(t, a.ApplyChanges(ch))
	log = append(log, a.SaveIncremental()...)

	must[string](t)(d.AddNeed(sam, "synced"))
	syncPair(t, a, d)
	log = append(log, a.SaveIncremental()...)
	log = append(log, a.SaveIncremental()...) // empty

	l := must[*doc.Shared](t)(doc.LoadShared(log))
	if !bytes.Equal(doctest.Dump(l), doctest.Dump(a)) || len(l.Needs()) != 4 {
		t.Fatalf("loaded %d needs; documents differ", len(l.Needs()))
	}
	if act := must[[]doc.Activity](t)(a.Since(heads)); len(act) != 2 {
		t.Fatalf("since = %+v", act)
	}
}

func syncPair(t *testing.T, a, b *doc.Shared) {
	t.Helper()
	syncUntilQuiet(t, a, a.NewSyncState(), b, b.NewSyncState())
}

func TestLoadShared(t *testing.T) {
	s := newCouple(t)
	must[string](t)(s.AddCommitment(alex, "walk", doc.Daily))
	l := must[*doc.Shared](t)(doc.LoadShared(s.Save()))
	if !bytes.Equal(doctest.Dump(l), doctest.Dump(s)) {
		t.Fatal("load differs")
	}
	// A fresh document's genesis is the same everywhere, so two documents
	// started apart still merge without losing a record.
	x, y := newCouple(t), newCouple(t)
	must[string](t)(x.AddNeed(alex, "x"))
	must[string](t)(y.AddNeed(sam, "y"))
	noErr(t, x.Merge(y))
	if len(x.Needs()) != 2 {
		t.Fatalf("needs after merging two fresh documents: %d", len(x.Needs()))
	}
}

func TestSubscribe(t *testing.T) {
	s := newCouple(t)
	ch, cancel := s.Subscribe()
	must[string](t)(s.AddNeed(alex, "x"))
	select {
	case <-ch:
	default:
		t.Fatal("no signal after a change")
	}
	noErr(t, s.SetNeedStatus(s.Needs()[0].ID, doc.NeedOpen)) // same value: no commit, no signal
	select {
	case <-ch:
		t.Fatal("signal without a change")
	default:
	}
	cancel()
	must[string](t)(s.AddNeed(alex, "y"))
	select {
	case <-ch:
		t.Fatal("signal after cancel")
	default:
	}
}

func TestErrorsAreOwn(t *testing.T) {
	s := newCouple(t)
	_, err := s.AddCheckIn(doc.CheckIn{Author: alex, Safety: 12})
	if !errors.Is(err, doc.ErrInvalid) || err.Error() == doc.ErrInvalid.Error() {
		t.Fatalf("error lacks detail: %v", err)
	}
}

// Bytes that are not a document, changes or a sync message are refused
// with ErrCorrupt and change nothing. (Only bytes the core rejects before
// parsing are used: the core aborts the process on a panic.)
func TestCorruptInput(t *testing.T) {
	junk := []byte("not an automerge document")
	if _, err := doc.LoadShared(junk); !errors.Is(err, doc.ErrCorrupt) {
		t.Fatalf("LoadShared = %v, want ErrCorrupt", err)
	}
	if _, err := doc.LoadShared(nil); !errors.Is(err, doc.ErrCorrupt) {
		t.Fatalf("LoadShared(nil) = %v, want ErrCorrupt", err)
	}
	s := newCouple(t)
	s.SaveIncremental()
	wantErr(t, s, doc.ErrCorrupt, func() error { return s.ApplyChanges(junk) })
	st := s.NewSyncState()
	wantErr(t, s, doc.ErrCorrupt, func() error { return s.ReceiveSyncMessage(st, junk) })
	if _, err := s.LoadSyncState(junk); !errors.Is(err, doc.ErrCorrupt) {
		t.Fatalf("LoadSyncState = %v, want ErrCorrupt", err)
	}
	if b := s.SaveIncremental(); len(b) != 0 {
		t.Fatalf("refused input handed to SaveIncremental: %d bytes", len(b))
	}
}

// A saved sync state resumes where it left off: after a full sync, the
// reloaded state has nothing to send until the document changes.
func TestSyncStateSaveLoad(t *testing.T) {
	a := newCouple(t)
	b := must[*doc.Shared](t)(a.Fork())
	must[string](t)(a.AddNeed(alex, "to be synced"))
	sa, sb := a.NewSyncState(), b.NewSyncState()
	syncUntilQuiet(t, a, sa, b, sb)
	if len(b.Needs()) != 1 {
		t.Fatal("sync did not deliver the need")
	}
	again := must[*doc.SyncState](t)(a.LoadSyncState(sa.Save()))
	must[string](t)(a.AddNeed(alex, "after the reload"))
	m, ok := a.GenerateSyncMessage(again)
	if !ok {
		t.Fatal("reloaded sync state sends nothing after a change")
	}
	noErr(t, b.ReceiveSyncMessage(sb, m))
	syncUntilQuiet(t, b, sb, a, again)
	if len(b.Needs()) != 2 {
		t.Fatalf("partner has %d needs after resuming, want 2", len(b.Needs()))
	}
}

// ChangesSince with heads the document does not know sends everything.
func TestChangesSinceUnknownHeads(t *testing.T) {
	a := newCouple(t)
	must[string](t)(a.AddNeed(alex, "one"))
	all := must[[]byte](t)(a.ChangesSince(nil))
	got := must[[]byte](t)(a.ChangesSince([]doc.Hash{{1, 2, 3}}))
	if !bytes.Equal(got, all) {
		t.Fatal("unknown heads did not give every change")
	}
	none := must[[]byte](t)(a.ChangesSince(a.Heads()))
	fresh := doc.NewShared()
	noErr(t, fresh.ApplyChanges(got))
	if len(fresh.Needs()) != 1 || len(none) >= len(all) {
		t.Fatalf("applied %d needs; %d bytes since heads, %d in all", len(fresh.Needs()), len(none), len(all))
	}
}

// Covers tells whether a device at some heads holds given changes.
func TestCovers(t *testing.T) {
	a := newCouple(t)
	old := a.Heads()
	b := must[*doc.Shared](t)(a.Fork())
	must[string](t)(a.AddNeed(alex, "one"))
	mid := a.Heads()
	must[string](t)(b.AddNeed(sam, "two"))
	noErr(t, a.Merge(b))
	both := a.Heads()
	cases := []struct {
		name      string
		heads, of []doc.Hash
		want      bool
	}{
		{"itself", mid, mid, true},
		{"an ancestor", mid, old, true},
		{"a descendant", old, mid, false},
		{"the merge holds both", both, append(append([]doc.Hash{}, mid...), b.Heads()...), true},
		{"a side branch", mid, b.Heads(), false},
		{"nothing asked", nil, nil, true},
		{"no heads", nil, old, false},
		{"unknown heads", []doc.Hash{{1, 2, 3}}, old, false},
		{"unknown change", both, []doc.Hash{{4, 5}}, false},
	}
	for _, c := range cases {
		if got := a.Covers(c.heads, c.of); got != c.want {
			t.Errorf("%s: Covers = %v, want %v", c.name, got, c.want)
		}
	}
}
