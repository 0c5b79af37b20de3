package profile

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/sync"
)

var loopback = SyncOptions{Listen: []string{"/ip4/127.0.0.1/tcp/0"}, NoDiscovery: true}

// pairProfiles pairs two new profiles over loopback, both syncing.
func pairProfiles(t testing.TB) (ann, bob *Profile) {
	t.Helper()
	ann, bob = newProfile(t, "Ann"), newProfile(t, "Bob")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	for _, p := range []*Profile{ann, bob} {
		if err := p.StartSync(ctx, loopback); err != nil {
			t.Fatal(err)
		}
	}
	inv, res, err := ann.Invite(ctx, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	jr, err := bob.Join(ctx, inv.Code())
	if err != nil {
		t.Fatal(err)
	}
	ir := checkPairResults(t, jr, res)
	if ann.SafetyNumber() != bob.SafetyNumber() || ir.Partner.PeerID != bob.PeerID() {
		t.Error("pins disagree with the pairing result")
	}
	return ann, bob
}

// checkPairResults waits for Ann's side of a pairing Bob joined with jr,
// and checks that each sees the other under the same safety number.
func checkPairResults(t testing.TB, jr PairResult, res <-chan PairResult) PairResult {
	t.Helper()
	ir := <-res
	if ir.Err != nil {
		t.Fatal(ir.Err)
	}
	if jr.Partner.Name != "Ann" || ir.Partner.Name != "Bob" {
		t.Errorf("partners after pairing: Bob sees %q, Ann sees %q", jr.Partner.Name, ir.Partner.Name)
	}
	if jr.Partner.SafetyNumber == "" || jr.Partner.SafetyNumber != ir.Partner.SafetyNumber {
		t.Errorf("safety numbers differ: %q and %q", jr.Partner.SafetyNumber, ir.Partner.SafetyNumber)
	}
	return ir
}

func TestPairSyncAndReopen(t *testing.T) {
	ann, bob := pairProfiles(t)
	watch, stop := bob.Watch()
	defer stop()
	id, err := ann.Doc().AddCommitment(ann.PeerID(), "walk after dinner", doc.Daily)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := ann.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(30 * time.Second)
	for {
		if _, err := bob.Doc().Commitment(id); err == nil {
			break
		}
		select {
		case <-watch:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatal("the commitment never reached Bob")
		}
	}
	if got := bob.Status().State; got == sync.Unpaired {
		t.Errorf("Bob's status after pairing: %v", got)
	}
	// Bob closes: his copy, the pin and the last sync time are on disk.
	dir := bob.Dir()
	if err := bob.Close(); err != nil {
		t.Fatal(err)
	}
	b2, err := Open(dir, "pass Bob")
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	if _, err := b2.Doc().Commitment(id); err != nil {
		t.Error("Bob lost the synced commitment on reopening")
	}
	pt, ok := b2.Partner()
	if !ok || pt.Name != "Ann" || pt.PeerID != ann.PeerID() {
		t.Errorf("Bob's partner after reopening: %+v %v", pt, ok)
	}
	if b2.LastSynced().IsZero() {
		t.Error("last synced time not kept")
	}
}

func TestBundles(t *testing.T) {
	ann, bob := pairProfiles(t)
	// Stop syncing: the bundle is the only way across.
	for _, p := range []*Profile{ann, bob} {
		n := p.net
		if err := p.stopSync(n); err != nil {
			t.Fatal(err)
		}
	}
	id, err := ann.Doc().AddNeed(ann.PeerID(), "to be asked first")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ann.bundle")
	if err := ann.ExportBundle(path); err != nil {
		t.Fatal(err)
	}
	if err := ann.ImportBundle(path); err == nil {
		t.Error("Ann imported her own bundle")
	}
	if err := bob.ImportBundle(path); err != nil {
		t.Fatal(err)
	}
	if len(bob.Doc().Needs()) != 1 || bob.Doc().Needs()[0].ID != id {
		t.Error("the bundle did not carry the need")
	}
	if err := bob.ImportBundle(path); !errors.Is(err, sync.ErrBundleAlreadyImported) {
		t.Errorf("second import: %v", err)
	}
	stranger := newProfile(t, "Cat")
	if err := stranger.ImportBundle(path); !errors.Is(err, ErrNotPaired) {
		t.Errorf("stranger import: %v", err)
	}
	if err := stranger.ExportBundle(path); !errors.Is(err, ErrNotPaired) {
		t.Errorf("stranger export: %v", err)
	}
	if err := stranger.SyncOnce(context.Background()); !errors.Is(err, ErrNotPaired) {
		t.Errorf("stranger SyncOnce: %v", err)
	}
}

// TestDamagedDocumentComesBackFromPartner follows the advice of a
// DocumentDamagedError: move the shared document's files out, open again,
// and sync; the document comes back from the partner's copy.
func TestDamagedDocumentComesBackFromPartner(t *testing.T) {
	ann, bob := pairProfiles(t)
	id, err := ann.Doc().AddNeed(ann.PeerID(), "to hear about my day")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	waitNeed := func(p *Profile) {
		t.Helper()
		watch, stop := p.Watch()
		defer stop()
		deadline := time.After(30 * time.Second)
		for len(p.Doc().Needs()) != 1 || p.Doc().Needs()[0].ID != id {
			select {
			case <-watch:
			case <-time.After(50 * time.Millisecond):
			case <-deadline:
				t.Fatal("the need never reached Bob")
			}
		}
	}
	if err := ann.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	waitNeed(bob)
	dir := bob.Dir()
	if err := bob.Close(); err != nil {
		t.Fatal(err)
	}
	snaps, _ := filepath.Glob(filepath.Join(dir, docLog+".*.snapshot.age"))
	if len(snaps) != 1 {
		t.Fatalf("snapshots %v", snaps)
	}
	os.WriteFile(snaps[0], []byte("age-encryption.org/v1\n"), 0o600)
	var de *DocumentDamagedError
	if _, err := Open(dir, "pass Bob"); !errors.As(err, &de) || de.Newest {
		t.Fatalf("Open with a damaged snapshot: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, docLog+".*"))
	aside := t.TempDir()
	for _, f := range files {
		if err := os.Rename(f, filepath.Join(aside, filepath.Base(f))); err != nil {
			t.Fatal(err)
		}
	}
	b2, err := Open(dir, "pass Bob")
	if err != nil {
		t.Fatalf("Open with the document moved out: %v", err)
	}
	defer b2.Close()
	if n := len(b2.Doc().Needs()); n != 0 {
		t.Fatalf("%d needs in the restarted document", n)
	}
	if err := b2.StartSync(ctx, loopback); err != nil {
		t.Fatal(err)
	}
	if err := b2.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	waitNeed(b2)
	if len(b2.Doc().Partners()) != 2 {
		t.Errorf("partners after the sync: %+v", b2.Doc().Partners())
	}
}

// Right after pairing, with no edit yet, the inviter's status says what its
// node knows (the two laptops are connected), as the joiner's does: pairing
// once overwrote a connection the node had already reported with Offline,
// and nothing corrected it until the first edit.
func TestStatusRightAfterPairing(t *testing.T) {
	ann, bob := pairProfiles(t)
	deadline := time.Now().Add(20 * time.Second)
	for {
		a, b := ann.Status().State, bob.Status().State
		live := func(s sync.State) bool { return s == sync.Connected || s == sync.InSync || s == sync.Syncing }
		if live(a) && live(b) {
			return
		}
		if time.Now().After(deadline) {
			n, _ := ann.node()
			t.Fatalf("after pairing Ann's laptop says %v (its node: %v), Bob's %v", a, n.Status().State, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Unpairing keeps the document and forgets the partner on this laptop
// only; the couple pair again, the laptop still paired accepting its own
// partner, and a stranger is refused.
func TestUnpairAndPairAgain(t *testing.T) {
	ann, bob := pairProfiles(t)
	if _, err := ann.Doc().AddNeed(ann.PeerID(), "a quiet hour"); err != nil {
		t.Fatal(err)
	}
	sn := ann.SafetyNumber()
	if err := ann.Unpair(); err != nil {
		t.Fatal(err)
	}
	var pin partnerPin
	if err := ann.readJSON(partnerFile, &pin); !errors.Is(err, os.ErrNotExist) || ann.Paired() || len(ann.Doc().Needs()) != 1 {
		t.Fatalf("after unpair: paired %v, pin on disk %v, %d needs", ann.Paired(), err, len(ann.Doc().Needs()))
	}
	if err := ann.Unpair(); !errors.Is(err, ErrNotPaired) {
		t.Errorf("unpair twice: %v", err)
	}
	if !bob.Paired() {
		t.Fatal("bob's pin went too")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// A stranger cannot take Ann's place on Bob's laptop.
	cat := newProfile(t, "Cat")
	if err := cat.StartSync(ctx, loopback); err != nil {
		t.Fatal(err)
	}
	inv, res, err := bob.Invite(ctx, time.Minute)
	if err != nil {
		t.Fatalf("invite when paired: %v", err)
	}
	if _, err := cat.Join(ctx, inv.Code()); err == nil {
		t.Fatal("a stranger paired with a paired laptop")
	}
	if r := <-res; !errors.Is(r.Err, ErrPaired) {
		t.Errorf("bob's side of the stranger's join: %v", r.Err)
	}
	// Ann pairs again with Bob, still paired: the same safety number.
	inv, res, err = bob.Invite(ctx, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	jr, err := ann.Join(ctx, inv.Code())
	if err != nil {
		t.Fatalf("pairing again: %v", err)
	}
	ir := <-res
	if ir.Err != nil || jr.Partner.SafetyNumber != sn || ir.Partner.SafetyNumber != sn {
		t.Fatalf("pairing again: %v; safety numbers %q, %q, want %q", ir.Err, jr.Partner.SafetyNumber, ir.Partner.SafetyNumber, sn)
	}
	if err := ann.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if len(bob.Doc().Needs()) != 1 {
		t.Error("the need made before unpairing did not reach bob after pairing again")
	}
}

// TestPairingSentinelsAreSyncs checks that the profile's pairing sentinels
// are the sync node's, so a node error needs no mapping.
func TestPairingSentinelsAreSyncs(t *testing.T) {
	if !errors.Is(fmt.Errorf("x: %w", sync.ErrNotPaired), ErrNotPaired) || !errors.Is(fmt.Errorf("x: %w", sync.ErrAlreadyPaired), ErrPaired) {
		t.Fatal("a sync error does not match the profile's sentinel")
	}
}
