package sync

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
)

func TestBundleRoundTrip(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	pa, pb := a.id.Public(), b.id.Public()
	ea := newEditor(t, a.doc)
	ea.set(t, "k1", "first")

	// No known heads yet: a snapshot.
	sealed, err := ExportBundle(a.id, pb, a.doc, a.store)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("first")) {
		t.Fatal("bundle is not encrypted")
	}
	if err := ImportBundle(b.id, pa, b.doc, b.store, sealed); err != nil {
		t.Fatal(err)
	}
	if value(t, b.doc, "k1") != "first" {
		t.Fatal("snapshot bundle not merged")
	}
	before := b.doc.Save()
	if err := ImportBundle(b.id, pa, b.doc, b.store, sealed); !errors.Is(err, ErrBundleAlreadyImported) {
		t.Fatalf("second import: err = %v, want ErrBundleAlreadyImported", err)
	}
	if !bytes.Equal(before, b.doc.Save()) {
		t.Fatal("second import changed the document")
	}

	// B answers with its own edit: B knows A's heads now, so only changes.
	eb := newEditor(t, b.doc)
	eb.set(t, "k2", "from b")
	back, err := ExportBundle(b.id, pa, b.doc, b.store)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) >= len(sealed)+200 {
		t.Errorf("changes bundle (%d bytes) not smaller than a snapshot would be (%d)", len(back), len(sealed))
	}
	if err := ImportBundle(a.id, pb, a.doc, a.store, back); err != nil {
		t.Fatal(err)
	}
	waitConverged(t, time.Second, a.doc, b.doc)
	if value(t, a.doc, "k2") != "from b" {
		t.Fatal("changes bundle not merged")
	}
	// A's own bundle: A exports changes since B's heads; importing twice is fine.
	ea.set(t, "k3", "again")
	again, err := ExportBundle(a.id, pb, a.doc, a.store)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := parsePeerState(last2(t, a.store))
	if p.BundleOut != 2 || p.BundleIn != 1 {
		t.Errorf("A's sequence numbers out=%d in=%d, want 2 and 1", p.BundleOut, p.BundleIn)
	}
	if err := ImportBundle(b.id, pa, b.doc, b.store, again); err != nil {
		t.Fatal(err)
	}
	waitConverged(t, time.Second, a.doc, b.doc)
}

func TestBundleRefusals(t *testing.T) {
	a, b, c := newDevice(t), newDevice(t), newDevice(t)
	newEditor(t, a.doc).set(t, "k", "v")
	sealed, err := ExportBundle(a.id, b.id.Public(), a.doc, a.store)
	if err != nil {
		t.Fatal(err)
	}
	before := b.doc.Save()
	tampered := bytes.Clone(sealed)
	tampered[len(tampered)-5] ^= 1
	tests := []struct {
		name   string
		me     *crypto.Identity
		from   crypto.PublicIdentity
		sealed []byte
	}{
		{"tampered", b.id, a.id.Public(), tampered},
		{"wrong sender expected", b.id, c.id.Public(), sealed},
		{"not for me", c.id, a.id.Public(), sealed},
		{"garbage", b.id, a.id.Public(), []byte("not a bundle")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := b.doc
			if tt.me == c.id {
				d = c.doc
			}
			if err := ImportBundle(tt.me, tt.from, d, &MemStore{}, tt.sealed); !errors.Is(err, ErrBundleInvalid) {
				t.Fatalf("err = %v, want ErrBundleInvalid", err)
			}
		})
	}
	if !bytes.Equal(before, b.doc.Save()) {
		t.Fatal("a refused bundle changed the document")
	}
}

func FuzzParseBundle(f *testing.F) {
	f.Add(bundle{Kind: bundleSnapshot, Heads: []doc.Hash{{1}}, Data: []byte("x")}.marshal())
	f.Add(bundle{Kind: bundleChanges}.marshal())
	f.Add([]byte{1, 1, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, p []byte) {
		b, err := parseBundle(p)
		if err != nil {
			if !errors.Is(err, ErrBundleInvalid) {
				t.Fatalf("error does not wrap ErrBundleInvalid: %v", err)
			}
			return
		}
		if !bytes.Equal(b.marshal(), p) {
			t.Fatal("bundle did not round-trip")
		}
	})
}

func FuzzPeerState(f *testing.F) {
	f.Add(peerState{Sync: []byte{1, 2}, PartnerHeads: []doc.Hash{{3}}, BundleOut: 4, BundleIn: 5}.marshal())
	f.Add([]byte{1})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := parsePeerState(b)
		if err != nil {
			return
		}
		q, err := parsePeerState(p.marshal())
		if err != nil || !bytes.Equal(q.marshal(), p.marshal()) {
			t.Fatalf("state did not round-trip: %v", err)
		}
	})
}

func FuzzPairMsg(f *testing.F) {
	f.Add(pairMsg{MAC: make([]byte, 32), Identity: []byte("id"), Addrs: []string{"/ip4/1.2.3.4/tcp/1"}}.marshal())
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := parsePairMsg(b)
		if err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatal(err)
			}
			return
		}
		if !bytes.Equal(p.marshal(), b[:len(p.marshal())]) {
			t.Fatal("pairing message did not round-trip")
		}
	})
}

func TestNodeBundles(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	pa, pb := a.id.Public(), b.id.Public()
	createOn(t, a, &pb, nil, "/ip4/127.0.0.1/tcp/0")
	createOn(t, b, &pa, nil, "/ip4/127.0.0.1/tcp/0")
	newEditor(t, a.doc).set(t, "carried", "on a usb stick")
	sealed, err := a.node.ExportBundle()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.node.ImportBundle(sealed); err != nil {
		t.Fatal(err)
	}
	if err := b.node.ImportBundle(sealed); !errors.Is(err, ErrBundleAlreadyImported) {
		t.Fatalf("second import: %v", err)
	}
	if value(t, b.doc, "carried") != "on a usb stick" {
		t.Fatal("bundle not merged")
	}
	if p, _ := parsePeerState(last2(t, b.store)); p.BundleIn != 1 || len(p.PartnerHeads) == 0 {
		t.Fatalf("B's stored state after import: in=%d heads=%d", p.BundleIn, len(p.PartnerHeads))
	}
	if p, _ := parsePeerState(last2(t, a.store)); p.BundleOut != 1 {
		t.Fatalf("A's stored state after export: out=%d", p.BundleOut)
	}
	c := newDevice(t)
	createOn(t, c, nil, nil, "/ip4/127.0.0.1/tcp/0")
	if _, err := c.node.ExportBundle(); !errors.Is(err, ErrNotPaired) {
		t.Fatalf("export without a partner: %v", err)
	}
}

// A sender whose sync state was lost (a restore, a backup) numbers its
// bundles from 1 again: a bundle that looks old is still merged when it
// carries changes this laptop lacks, and refused as already imported
// only when it brings nothing new.
func TestBundleAfterLostSyncState(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	pa, pb := a.id.Public(), b.id.Public()
	ea := newEditor(t, a.doc)
	for i, v := range []string{"one", "two", "three"} {
		ea.set(t, "k", v)
		sealed, err := ExportBundle(a.id, pb, a.doc, a.store)
		if err != nil {
			t.Fatal(err)
		}
		if err := ImportBundle(b.id, pa, b.doc, b.store, sealed); err != nil {
			t.Fatalf("bundle %d: %v", i+1, err)
		}
	}
	a.store = &MemStore{} // lost: the next bundle is number 1 again
	ea.set(t, "k", "after the restore")
	sealed, err := ExportBundle(a.id, pb, a.doc, a.store)
	if err != nil {
		t.Fatal(err)
	}
	if err := ImportBundle(b.id, pa, b.doc, b.store, sealed); err != nil {
		t.Fatalf("a bundle with new changes and an old sequence: %v", err)
	}
	if value(t, b.doc, "k") != "after the restore" {
		t.Fatal("its changes were dropped")
	}
	if err := ImportBundle(b.id, pa, b.doc, b.store, sealed); !errors.Is(err, ErrBundleAlreadyImported) {
		t.Fatalf("the same bundle again: %v, want ErrBundleAlreadyImported", err)
	}
}

// A file above MaxBundleSize is refused before it is decrypted.
func TestBundleTooLarge(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	big := make([]byte, MaxBundleSize+1)
	err := ImportBundle(b.id, a.id.Public(), b.doc, b.store, big)
	if !errors.Is(err, ErrBundleTooLarge) || !errors.Is(err, ErrBundleInvalid) {
		t.Fatalf("a 256 MiB + 1 file: %v", err)
	}
}
