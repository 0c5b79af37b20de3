package sync

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
)

// folderEnd is one laptop of a mailbox test: its device and mailbox.
type folderEnd struct {
	*device
	partner crypto.PublicIdentity
	box     *Mailbox
}

func newFolderPair(t *testing.T) (a, b *folderEnd, dir string) {
	t.Helper()
	dir = t.TempDir()
	da, db := newDevice(t), newDevice(t)
	return &folderEnd{da, db.id.Public(), NewMailbox(dir)}, &folderEnd{db, da.id.Public(), NewMailbox(dir)}, dir
}

func (e *folderEnd) sync(t *testing.T) FolderReport {
	t.Helper()
	rep, err := SyncFolder(e.box, e.id, e.partner, e.doc, e.store)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

var bundleName = regexp.MustCompile(`^[a-z2-7]{26}\.age$`)

// Two laptops sync through a folder alone, both ways, and the folder ends
// up with what it needs and no more; the files say nothing.
func TestFolderSyncBothWays(t *testing.T) {
	a, b, dir := newFolderPair(t)
	newEditor(t, a.doc).set(t, "k1", "from a, a secret")
	rep := a.sync(t)
	if rep.Wrote == "" || !bundleName.MatchString(rep.Wrote) {
		t.Fatalf("a wrote %q", rep.Wrote)
	}
	if again := a.sync(t); again.Wrote != "" {
		t.Fatalf("a wrote again with nothing new: %+v", again)
	}
	// Written whole, for this user only, and nothing left half-written.
	if fi, err := os.Stat(filepath.Join(dir, rep.Wrote)); err != nil {
		t.Error(err)
	} else if fi.Mode().Perm() != 0o600 {
		t.Errorf("the bundle's mode is %v, want 0600", fi.Mode().Perm())
	}
	if names := listDir(t, dir); len(names) != 1 {
		t.Errorf("the folder holds %q, want only the bundle", names)
	}
	rep = b.sync(t)
	if rep.Merged != 1 || value(t, b.doc, "k1") != "from a, a secret" {
		t.Fatalf("b merged %d; k1 = %q", rep.Merged, value(t, b.doc, "k1"))
	}
	if rep.Wrote == "" {
		t.Fatal("b did not answer with what it has")
	}
	newEditor(t, b.doc).set(t, "k2", "from b")
	b.sync(t)
	rep = a.sync(t)
	if value(t, a.doc, "k2") != "from b" {
		t.Fatal("b's change did not reach a")
	}
	if len(rep.Pruned) == 0 {
		t.Errorf("a kept its bundles b has: %+v", rep)
	}
	// Quiet: a few more passes write nothing, and both hold the same.
	for i := 0; i < 3; i++ {
		b.sync(t)
		a.sync(t)
	}
	if ra, rb := a.sync(t), b.sync(t); ra.Wrote != "" || rb.Wrote != "" || ra.Merged+rb.Merged != 0 {
		t.Fatalf("passes go on after convergence: a %+v, b %+v", ra, rb)
	}
	if !sameHashes(a.doc.Heads(), b.doc.Heads()) {
		t.Fatal("the two documents differ")
	}
	names := listDir(t, dir)
	if len(names) > 2 {
		t.Errorf("the folder holds %d files once both are in sync: %v", len(names), names)
	}
	for _, n := range names {
		if !bundleName.MatchString(n) {
			t.Errorf("file name %q", n)
		}
		raw, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte("secret")) || bytes.Contains(raw, []byte("from b")) {
			t.Errorf("%s holds plaintext", n)
		}
	}
}

// Files that are not a bundle from the partner for me change nothing, are
// reported once and are never deleted; conflict copies are read.
func TestFolderSkipsWhatIsNotThePartners(t *testing.T) {
	a, b, dir := newFolderPair(t)
	newEditor(t, a.doc).set(t, "k1", "one")
	sealed, err := ExportBundle(a.id, b.id.Public(), a.doc, &MemStore{})
	if err != nil {
		t.Fatal(err)
	}
	stranger := newDevice(t)
	newEditor(t, stranger.doc).set(t, "k1", "stranger's")
	fromStranger, err := ExportBundle(stranger.id, b.id.Public(), stranger.doc, &MemStore{})
	if err != nil {
		t.Fatal(err)
	}
	other := newDevice(t)
	notForMe, err := ExportBundle(stranger.id, other.id.Public(), stranger.doc, &MemStore{})
	if err != nil {
		t.Fatal(err)
	}
	bad := map[string][]byte{
		"garbage.age":       []byte("this is not a bundle at all"),
		"truncated.age":     sealed[:len(sealed)/2],
		"half-uploaded.age": sealed[:len(sealed)-1],
		"stranger.age":      fromStranger,
		"not-for-me.age":    notForMe,
		"empty":             nil,
	}
	for n, c := range bad {
		if err := os.WriteFile(filepath.Join(dir, n), c, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Ignored without a word: hidden files and partial downloads.
	for _, n := range []string{".abc.age.tmp123", "x.age.part"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	before := b.doc.Save()
	box := NewMailbox(dir)
	rep, err := SyncFolder(box, b.id, a.id.Public(), b.doc, b.store)
	if err != nil {
		t.Fatalf("a bad file stopped the pass: %v", err)
	}
	var skipped []string
	for _, s := range rep.Skipped {
		if !errors.Is(s.Err, ErrBundleInvalid) {
			t.Errorf("%s: %v does not wrap ErrBundleInvalid", s.Name, s.Err)
		}
		skipped = append(skipped, s.Name)
	}
	slices.Sort(skipped)
	want := []string{"empty", "garbage.age", "half-uploaded.age", "not-for-me.age", "stranger.age", "truncated.age"}
	if !slices.Equal(skipped, want) {
		t.Errorf("skipped %v, want %v", skipped, want)
	}
	if rep.Merged != 0 || !bytes.Equal(b.doc.Save(), before) {
		t.Fatal("a bad file changed the document")
	}
	if got := box.Bad(); !slices.Equal(got, want) {
		t.Errorf("Bad() = %v", got)
	}
	if again, _ := SyncFolder(box, b.id, a.id.Public(), b.doc, b.store); len(again.Skipped) != 0 {
		t.Errorf("bad files reported again: %+v", again.Skipped)
	}
	for n := range bad {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}

	// The partner's bundle under a cloud's conflict-copy names is read.
	for _, n := range []string{"abcdef (1).age", "abcdef.sync-conflict-20260101-101010-ABCDEFG.age"} {
		d := doc.NewShared()
		if err := os.WriteFile(filepath.Join(dir, n), sealed, 0o600); err != nil {
			t.Fatal(err)
		}
		rep, err := SyncFolder(NewMailbox(dir), b.id, a.id.Public(), d, &MemStore{})
		if err != nil || rep.Merged != 1 || value(t, d, "k1") != "one" {
			t.Fatalf("%s: merged %d, k1 = %q, err %v", n, rep.Merged, value(t, d, "k1"), err)
		}
		os.Remove(filepath.Join(dir, n))
	}
}

// With a partner who never answers, my bundles stay few: the newest holds
// all they lack.
func TestFolderKeepsFewOfMine(t *testing.T) {
	a, b, dir := newFolderPair(t)
	ed := newEditor(t, a.doc)
	for i := 0; i < 2*keepMine+1; i++ {
		ed.set(t, "k", string(rune('a'+i)))
		a.sync(t)
	}
	if n := len(listDir(t, dir)); n != keepMine {
		t.Errorf("%d files in the folder, want %d", n, keepMine)
	}
	b.sync(t)
	if value(t, b.doc, "k") != string(rune('a'+2*keepMine)) {
		t.Errorf("b has k = %q", value(t, b.doc, "k"))
	}
	// b's answer shows it has them all: a keeps only its newest.
	if rep := a.sync(t); len(rep.Pruned) != keepMine-1 || rep.Wrote != "" {
		t.Errorf("after b's answer a pruned %v and wrote %q", rep.Pruned, rep.Wrote)
	}
	if n := len(listDir(t, dir)); n != 2 {
		t.Errorf("%d files in the folder, want one of each", n)
	}
}

// A folder that is not there is an error, not a crash, and writes nothing.
func TestFolderUnavailable(t *testing.T) {
	a, _, dir := newFolderPair(t)
	a.box = NewMailbox(filepath.Join(dir, "missing"))
	if _, err := SyncFolder(a.box, a.id, a.partner, a.doc, a.store); !errors.Is(err, ErrFolderUnavailable) {
		t.Fatalf("err = %v", err)
	}
}
