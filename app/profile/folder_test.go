package profile

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	stdsync "sync"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/sync"
)

// apart pairs two profiles, then stops their nodes: from then on nothing
// goes over the network.
func apart(t testing.TB) (ann, bob *Profile) {
	t.Helper()
	ann, bob = pairProfiles(t)
	for _, p := range []*Profile{ann, bob} {
		if err := p.stopSync(p.net); err != nil {
			t.Fatal(err)
		}
	}
	return ann, bob
}

func setFolder(t testing.TB, p *Profile, dir string) {
	t.Helper()
	st := p.Settings()
	st.Folder = dir
	if err := p.SetSettings(st); err != nil {
		t.Fatal(err)
	}
}

func needTexts(p *Profile) []string {
	var out []string
	for _, n := range p.Doc().Needs() {
		out = append(out, n.Text)
	}
	slices.Sort(out)
	return out
}

// Two real profiles sync through a folder with no network at all, both
// ways; files in it that are not the partner's bundles change nothing and
// stay.
func TestFolderSyncApart(t *testing.T) {
	ann, bob := apart(t)
	dir := t.TempDir()
	if _, err := ann.SyncFolder(); !errors.Is(err, ErrNoFolder) {
		t.Fatalf("no folder: %v", err)
	}
	for _, p := range []*Profile{ann, bob} {
		setFolder(t, p, dir)
	}
	if _, err := ann.Doc().AddNeed(ann.PeerID(), "to be asked first"); err != nil {
		t.Fatal(err)
	}
	rep, err := ann.SyncFolder()
	if err != nil || rep.Wrote == "" {
		t.Fatalf("Ann's pass: %+v, %v", rep, err)
	}

	// What is not a bundle from Ann, for Bob: garbage, a truncated one, and
	// a stranger's sealed to Bob.
	raw, err := os.ReadFile(filepath.Join(dir, rep.Wrote))
	if err != nil {
		t.Fatal(err)
	}
	stranger, err := crypto.GenerateIdentity()
	if err != nil {
		t.Fatal(err)
	}
	fromStranger, err := sync.ExportBundle(stranger, bob.Identity(), ann.Doc(), &sync.MemStore{})
	if err != nil {
		t.Fatal(err)
	}
	bad := map[string][]byte{"garbage.age": []byte("not a bundle"), "truncated.age": raw[:len(raw)*2/3], "stranger.age": fromStranger}
	for n, b := range bad {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	before := bob.Doc().Heads()
	rep, err = bob.SyncFolder()
	if err != nil {
		t.Fatal(err)
	}
	if got := needTexts(bob); !slices.Equal(got, []string{"to be asked first"}) {
		t.Fatalf("Bob's needs after the folder: %v (heads before %v)", got, before)
	}
	if len(rep.Skipped) != len(bad) {
		t.Errorf("skipped %+v", rep.Skipped)
	}
	if _, err := bob.Doc().AddNeed(bob.PeerID(), "a walk after dinner"); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.SyncFolder(); err != nil {
		t.Fatal(err)
	}
	if _, err := ann.SyncFolder(); err != nil {
		t.Fatal(err)
	}
	want := []string{"a walk after dinner", "to be asked first"}
	if got := needTexts(ann); !slices.Equal(got, want) {
		t.Fatalf("Ann's needs: %v", got)
	}
	for n, b := range bad {
		got, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil || string(got) != string(b) {
			t.Errorf("%s was changed or deleted: %v", n, err)
		}
	}

	// What each merged is saved: it is there after reopening.
	bobDir := bob.Dir()
	if err := bob.Close(); err != nil {
		t.Fatal(err)
	}
	b2, err := Open(bobDir, "pass Bob")
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	if got := needTexts(b2); !slices.Equal(got, want) {
		t.Fatalf("Bob's needs after reopening: %v", got)
	}
	if b2.Settings().Folder != dir {
		t.Errorf("folder setting after reopening: %q", b2.Settings().Folder)
	}
}

func TestFolderSettingMustBeAbsolute(t *testing.T) {
	p := newProfile(t, "Ann")
	if err := p.SetSettings(Settings{Folder: "relative/dir"}); !errors.Is(err, ErrBadFolder) {
		t.Fatalf("err = %v", err)
	}
}

// The running app syncs through the folder by itself: shortly after an
// edit, and when the partner's bundle lands. The two nodes run but cannot
// reach each other (no discovery, no address).
func TestFolderWatcher(t *testing.T) {
	e, s := folderEditDelay, folderSettle
	t.Cleanup(func() { folderEditDelay, folderSettle = e, s }) // after the profiles close
	folderEditDelay, folderSettle = 50*time.Millisecond, 50*time.Millisecond
	ann, bob := apart(t)
	dir := t.TempDir()
	var mu stdsync.Mutex
	var skipped []string
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, p := range []*Profile{ann, bob} {
		p.mu.Lock()
		p.pin.Addrs = nil
		p.mu.Unlock()
		opts := loopback
		opts.OnFolder = func(fp FolderPass) {
			mu.Lock()
			defer mu.Unlock()
			for _, s := range fp.Report.Skipped {
				skipped = append(skipped, s.Name)
			}
		}
		if err := p.StartSync(ctx, opts); err != nil {
			t.Fatal(err)
		}
		setFolder(t, p, dir) // while running: the watcher starts at once
	}
	if err := os.WriteFile(filepath.Join(dir, "garbage.age"), []byte("not a bundle"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ann.Doc().AddNeed(ann.PeerID(), "from Ann"); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, 20*time.Second, "Bob to get Ann's need", func() bool { return slices.Contains(needTexts(bob), "from Ann") })
	if _, err := bob.Doc().AddNeed(bob.PeerID(), "from Bob"); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, 20*time.Second, "Ann to get Bob's need", func() bool { return slices.Contains(needTexts(ann), "from Bob") })
	if s := ann.Status(); s.State == sync.InSync || s.State == sync.Connected {
		t.Fatalf("the two reached each other over the network: %v", s.State)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(skipped, []string{"garbage.age", "garbage.age"}) {
		t.Errorf("skipped lines: %v, want the garbage once on each laptop", skipped)
	}
	if fp := ann.FolderPasses().Load(); fp.At.IsZero() || fp.Dir != dir || fp.Err != nil {
		t.Errorf("Ann's last pass: %+v", fp)
	}
}

// FolderPasses wakes its reader after every pass of the watcher, also one
// that carried nothing (a screen saying when the folder was last looked
// in keeps up), and when the folder changes, to the zero pass.
func TestFolderPassesWakes(t *testing.T) {
	e, s, poll := folderEditDelay, folderSettle, folderPoll
	t.Cleanup(func() { folderEditDelay, folderSettle, folderPoll = e, s, poll })
	folderEditDelay, folderSettle, folderPoll = 50*time.Millisecond, 50*time.Millisecond, 100*time.Millisecond
	ann, _ := apart(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := ann.StartSync(ctx, loopback); err != nil {
		t.Fatal(err)
	}
	changed, stop := ann.FolderPasses().Changed()
	defer stop()
	next := func(what string, ok func(FolderPass) bool) FolderPass {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case <-changed:
				if fp := ann.FolderPasses().Load(); ok(fp) {
					return fp
				}
			case <-deadline:
				t.Fatalf("no wake-up for %s; last pass %+v", what, ann.FolderPasses().Load())
			}
		}
	}
	dir := t.TempDir()
	setFolder(t, ann, dir)
	first := next("the first pass", func(fp FolderPass) bool { return !fp.At.IsZero() && fp.Dir == dir })
	later := next("a pass that carried nothing", func(fp FolderPass) bool { return fp.At.After(first.At) })
	if r := later.Report; r.Wrote != "" || r.Merged > 0 || len(r.Pruned) > 0 || len(r.Skipped) > 0 || later.Err != nil {
		t.Fatalf("the later pass did something: %+v", later)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a bundle"), 0o600); err != nil {
		t.Fatal(err)
	}
	next("a pass that sees the file", func(fp FolderPass) bool { return len(fp.Bad) == 1 })
	setFolder(t, ann, "")
	next("the folder to be unset", func(fp FolderPass) bool { return fp.At.IsZero() })
	if !ann.FolderPasses().Load().At.IsZero() {
		t.Error("a last pass is kept after the folder was unset")
	}
}

func waitUntil(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(d)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A pass over the shared folder that brought in the partner's changes is
// the last sync: the status and LastSynced move, FolderSynced and
// FolderMerged say the folder did it. A pass that only left mine there
// moves FolderSynced and sends the status again, but not LastSynced nor
// FolderMerged: the partner has nothing yet. All are kept across
// reopening. A pass with nothing to carry moves none; without a folder
// set, FolderSynced and FolderMerged are zero.
func TestFolderPassIsLastSync(t *testing.T) {
	ann, bob := apart(t)
	dir := t.TempDir()
	for _, p := range []*Profile{ann, bob} {
		setFolder(t, p, dir)
	}
	before := ann.LastSynced()
	if !ann.FolderSynced().IsZero() {
		t.Fatalf("folder synced before any pass: %v", ann.FolderSynced())
	}
	ch, stop := ann.Watch()
	defer stop()
	<-ch
	if _, err := ann.Doc().AddNeed(ann.PeerID(), "to be asked first"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if rep, err := ann.SyncFolder(); err != nil || rep.Wrote == "" {
		t.Fatalf("Ann's pass: %+v, %v", rep, err)
	}
	fs := ann.FolderSynced()
	if fs.Before(start) || !ann.LastSynced().Equal(before) || !ann.FolderMerged().IsZero() {
		t.Fatalf("after writing: folder synced %v, merged %v, last synced %v (was %v)", fs, ann.FolderMerged(), ann.LastSynced(), before)
	}
	select {
	case s := <-ch:
		if !s.LastSynced.Equal(before) || s.State != sync.Offline {
			t.Errorf("status after the pass: %+v, want offline, last synced %v", s, before)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no status after the pass")
	}
	if s := ann.Status(); !s.LastSynced.Equal(before) {
		t.Errorf("Status().LastSynced = %v, want %v", s.LastSynced, before)
	}
	time.Sleep(10 * time.Millisecond)
	if _, err := ann.SyncFolder(); err != nil {
		t.Fatal(err)
	}
	if !ann.FolderSynced().Equal(fs) {
		t.Errorf("a pass with nothing to carry moved FolderSynced: %v", ann.FolderSynced())
	}

	// Bob merging Ann's bundle is a folder sync for Bob too.
	if rep, err := bob.SyncFolder(); err != nil || rep.Merged != 1 {
		t.Fatalf("Bob's pass: %+v, %v", rep, err)
	}
	bm := bob.FolderSynced()
	if bm.Before(start) || !bob.LastSynced().Equal(bm) || !bob.FolderMerged().Equal(bm) {
		t.Fatalf("Bob after merging: folder synced %v, merged %v, last synced %v", bm, bob.FolderMerged(), bob.LastSynced())
	}
	// A second carrying pass within the minute is kept when Bob closes.
	if _, err := bob.Doc().AddNeed(bob.PeerID(), "a walk after dinner"); err != nil {
		t.Fatal(err)
	}
	if rep, err := bob.SyncFolder(); err != nil || rep.Wrote == "" {
		t.Fatalf("Bob's second pass: %+v, %v", rep, err)
	}
	bf := bob.FolderSynced()
	bobDir := bob.Dir()
	if err := bob.Close(); err != nil {
		t.Fatal(err)
	}
	b2, err := Open(bobDir, "pass Bob")
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	if !b2.FolderSynced().Equal(bf) || !b2.LastSynced().Equal(bm) || !b2.FolderMerged().Equal(bm) {
		t.Errorf("Bob after reopening: folder synced %v, merged %v, last synced %v; want %v, %v, %v", b2.FolderSynced(), b2.FolderMerged(), b2.LastSynced(), bf, bm, bm)
	}

	annDir := ann.Dir()
	if err := ann.Close(); err != nil {
		t.Fatal(err)
	}
	a2, err := Open(annDir, "pass Ann")
	if err != nil {
		t.Fatal(err)
	}
	defer a2.Close()
	if !a2.FolderSynced().Equal(fs) || !a2.LastSynced().Equal(before) || !a2.Status().LastSynced.Equal(before) {
		t.Errorf("after reopening: folder synced %v, last synced %v, status %v; want %v, %v", a2.FolderSynced(), a2.LastSynced(), a2.Status().LastSynced, fs, before)
	}
	setFolder(t, a2, "")
	if !a2.FolderSynced().IsZero() || !a2.FolderMerged().IsZero() {
		t.Errorf("folder synced with no folder set: %v, %v", a2.FolderSynced(), a2.FolderMerged())
	}
}
