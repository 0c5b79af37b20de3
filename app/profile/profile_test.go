package profile

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kintsugi-app/kintsugi/app/remind"
	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/sync"
)

func TestMain(m *testing.M) {
	// Cheap scrypt for tests only; production keeps crypto's default.
	crypto.ScryptWorkFactor = 10
	os.Exit(m.Run())
}

// newProfile creates a profile in a temporary folder, closed at cleanup.
func newProfile(t testing.TB, name string) *Profile {
	t.Helper()
	p, err := Create(filepath.Join(t.TempDir(), "p"), name, "pass "+name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// coupleWith records a made-up partner in p's document, so records can be added.
func coupleWith(t *testing.T, p *Profile) string {
	t.Helper()
	other := newIdentity(t)
	oid := peerIDOf(other.Public())
	if err := p.Doc().SetCouple(doc.Partner{ID: p.PeerID(), Name: p.Name()}, doc.Partner{ID: oid, Name: "Robin"}); err != nil {
		t.Fatal(err)
	}
	return oid
}

func newIdentity(t *testing.T) *crypto.Identity {
	t.Helper()
	id, err := crypto.GenerateIdentity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestCreateOpenKeepsEdits(t *testing.T) {
	p := newProfile(t, "Sam")
	dir := p.Dir()
	if !Exists(dir) {
		t.Fatal("Exists = false after Create")
	}
	coupleWith(t, p)
	cid, err := p.Doc().AddCommitment(p.PeerID(), "text you when I am running late", doc.Daily)
	if err != nil {
		t.Fatal(err)
	}
	peer := p.PeerID()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}

	q, err := Open(dir, "pass Sam")
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if q.Name() != "Sam" || q.PeerID() != peer {
		t.Errorf("reopened as %q %s, want Sam %s", q.Name(), q.PeerID(), peer)
	}
	c, err := q.Doc().Commitment(cid)
	if err != nil {
		t.Fatalf("commitment lost after reopen: %v", err)
	}
	if c.Text != "text you when I am running late" {
		t.Errorf("commitment text = %q", c.Text)
	}
	if q.Paired() || q.SafetyNumber() != "" {
		t.Error("a new profile claims to be paired")
	}
}

func TestOpenErrors(t *testing.T) {
	p := newProfile(t, "Sam")
	dir := p.Dir()

	// In use, by this very process: the error names it.
	_, err := Open(dir, "pass Sam")
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second Open: %v, want ErrInUse", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprint(os.Getpid())) {
		t.Errorf("ErrInUse does not name the process: %v", err)
	}
	if _, err := Create(dir, "Sam", "x"); !errors.Is(err, ErrInUse) {
		t.Errorf("Create on an open profile: %v, want ErrInUse", err)
	}
	p.Close()

	if _, err := Create(dir, "Sam", "x"); !errors.Is(err, ErrExists) {
		t.Errorf("Create on a profile: %v, want ErrExists", err)
	}
	_, err = Open(dir, "not it")
	if !errors.Is(err, ErrWrongPassphrase) || !errors.Is(err, crypto.ErrWrongPassphrase) {
		t.Errorf("wrong passphrase: %v", err)
	}
	if _, err := Open(t.TempDir(), "x"); !errors.Is(err, ErrNoProfile) {
		t.Errorf("empty folder: %v, want ErrNoProfile", err)
	}
	// The failed opens released the lock.
	q, err := Open(dir, "pass Sam")
	if err != nil {
		t.Fatal(err)
	}
	q.Close()
}

func TestTamperedDocumentIsRefusedAndKept(t *testing.T) {
	p := newProfile(t, "Sam")
	dir := p.Dir()
	coupleWith(t, p)
	// The saver writes changes as they happen: flush the couple now, so it
	// is a chunk of its own however fast the saver runs.
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := p.Doc().AddNeed(p.PeerID(), fmt.Sprintf("to hear the truth first, %d", i)); err != nil {
			t.Fatal(err)
		}
		if err := p.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	p.Close()
	snaps, _ := filepath.Glob(filepath.Join(dir, docLog+".*.snapshot.age"))
	tars, _ := filepath.Glob(filepath.Join(dir, docLog+".*.chunks.tar"))
	if len(snaps) != 1 || len(tars) != 1 || chunkCount(t, dir) != 4 {
		t.Fatalf("log files: snapshots %v, chunks files %v holding %d chunks", snaps, tars, chunkCount(t, dir))
	}
	flip := func(b []byte) []byte { b[len(b)-20] ^= 1; return b }
	// flipChunk flips a byte inside the content of chunk i.
	flipChunk := func(i int) func([]byte) []byte {
		return func(b []byte) []byte { b[chunkStart(t, b, i)+100] ^= 1; return b }
	}
	for _, tc := range []struct {
		name   string
		path   string
		tamper func([]byte) []byte
		newest bool
	}{
		{"flipped byte in snapshot", snaps[0], flip, false},
		{"truncated snapshot", snaps[0], func(b []byte) []byte { return b[:len(b)/2] }, false},
		{"empty snapshot", snaps[0], func([]byte) []byte { return nil }, false},
		{"flipped byte in older chunk", tars[0], flipChunk(0), true},
		{"flipped byte in newest chunk", tars[0], flipChunk(3), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			orig, err := os.ReadFile(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			defer os.WriteFile(tc.path, orig, 0o600)
			bad := tc.tamper(bytes.Clone(orig))
			if err := os.WriteFile(tc.path, bad, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err = Open(dir, "pass Sam")
			var de *DocumentDamagedError
			if !errors.Is(err, ErrDamaged) || !errors.As(err, &de) {
				t.Fatalf("Open: %v, want a DocumentDamagedError", err)
			}
			if de.Path != tc.path || de.Newest != tc.newest || de.Missing {
				t.Errorf("error blames %s (newest %v, missing %v), want %s (newest %v)", de.Path, de.Newest, de.Missing, tc.path, tc.newest)
			}
			advice := "move that one file out of the folder"
			if !tc.newest {
				advice = `move every file whose name starts with "shared." out of ` + dir
			}
			for _, want := range []string{"your saved shared document could not be read (" + tc.path + " looks damaged)", "Nothing was changed", advice} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			got, _ := os.ReadFile(tc.path)
			if !bytes.Equal(got, bad) {
				t.Error("Open changed the damaged file")
			}
		})
	}
	q, err := Open(dir, "pass Sam")
	if err != nil {
		t.Fatalf("restored files: %v", err)
	}
	if n := len(q.Doc().Needs()); n != 3 {
		t.Errorf("%d needs after restoring, want 3", n)
	}
	q.Close()

	// A chunks file cut inside its last chunk is what a crash during that
	// chunk's write leaves: it opens as saved before it.
	orig, _ := os.ReadFile(tars[0])
	os.WriteFile(tars[0], orig[:chunkStart(t, orig, 3)+100], 0o600)
	q, err = Open(dir, "pass Sam")
	if err != nil {
		t.Fatalf("Open with a torn last chunk: %v", err)
	}
	if n := len(q.Doc().Needs()); n != 2 {
		t.Errorf("%d needs, want the 2 saved before the torn chunk", n)
	}
	q.Close()

	// Following the advice for a damaged newest file: move it out, and the
	// document opens as it was saved before it (here: the snapshot, without
	// the couple and the needs, which the next sync brings back).
	os.WriteFile(tars[0], bytes.Repeat([]byte{1}, 512), 0o600)
	_, err = Open(dir, "pass Sam")
	var de *DocumentDamagedError
	if !errors.As(err, &de) || !de.Newest {
		t.Fatalf("Open with a damaged chunks file: %v", err)
	}
	if err := os.Rename(de.Path, filepath.Join(t.TempDir(), "moved")); err != nil {
		t.Fatal(err)
	}
	q, err = Open(dir, "pass Sam")
	if err != nil {
		t.Fatalf("Open after moving the chunks file out: %v", err)
	}
	if n := len(q.Doc().Needs()); n != 0 {
		t.Errorf("%d needs, want none: they were all in the chunks file", n)
	}
	q.Close()
}

// chunkStart returns where the content of chunk i starts in a chunks file.
func chunkStart(t *testing.T, b []byte, i int) int {
	t.Helper()
	off := 0
	for range i {
		h, err := tar.NewReader(bytes.NewReader(b[off:])).Next()
		if err != nil {
			t.Fatal(err)
		}
		off += 512 + int(h.Size+511)/512*512
	}
	return off + 512
}

// chunkCount counts the chunks in the shared document's chunks files.
func chunkCount(t *testing.T, dir string) int {
	t.Helper()
	tars, _ := filepath.Glob(filepath.Join(dir, docLog+".*.chunks.tar"))
	n := 0
	for _, p := range tars {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		tr := tar.NewReader(f)
		for {
			if _, err := tr.Next(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			n++
		}
		f.Close()
	}
	return n
}

func TestMissingDocumentFile(t *testing.T) {
	p := newProfile(t, "Sam")
	dir := p.Dir()
	coupleWith(t, p)
	p.Flush()
	p.Close()
	snaps, _ := filepath.Glob(filepath.Join(dir, docLog+".*.snapshot.age"))
	if len(snaps) != 1 {
		t.Fatalf("snapshots %v", snaps)
	}
	moved := filepath.Join(t.TempDir(), "moved")
	if err := os.Rename(snaps[0], moved); err != nil {
		t.Fatal(err)
	}
	_, err := Open(dir, "pass Sam")
	var de *DocumentDamagedError
	if !errors.As(err, &de) || !de.Missing || de.Newest || de.Path != snaps[0] {
		t.Fatalf("Open without the snapshot: %#v", err)
	}
	if want := snaps[0] + " is missing"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
}

func TestLogCompactsWhenChunksPileUp(t *testing.T) {
	p := newProfile(t, "Sam")
	dir := p.Dir()
	coupleWith(t, p)
	for i := range compactAfter + 5 {
		if _, err := p.Doc().AddNeed(p.PeerID(), fmt.Sprintf("need %d", i)); err != nil {
			t.Fatal(err)
		}
		if err := p.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	p.Close()
	files := func() int {
		m, _ := filepath.Glob(filepath.Join(dir, docLog+".*"))
		return len(m)
	}
	if n := chunkCount(t, dir); n < compactAfter {
		t.Fatalf("%d chunks before reopening, want one per change", n)
	}
	q, err := Open(dir, "pass Sam")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(q.Doc().Needs()); n != compactAfter+5 {
		t.Errorf("%d needs after compaction, want %d", n, compactAfter+5)
	}
	q.Close()
	if n, c := files(), chunkCount(t, dir); n != 2 || c != 0 {
		t.Errorf("%d log files holding %d chunks after reopening, want the snapshot and an empty chunks file", n, c)
	}
}

func TestSettingsPersist(t *testing.T) {
	p := newProfile(t, "Sam")
	if p.Settings().Reminders != 0 {
		t.Error("reminders off by default")
	}
	s := Settings{Reminders: remind.AllOff, Relay: "/ip4/192.0.2.1/tcp/4001/p2p/12D3KooWGzh5sZcZpZs8RZ9hvZ2YwQ6JzH5jvPXY2i2VNM2xJ6Ta"}
	if err := p.SetSettings(s); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"not an address", "/ip4/192.0.2.1/tcp/4001"} { // no /p2p/: the node could not use it
		if err := p.SetSettings(Settings{Relay: bad}); !errors.Is(err, sync.ErrRelayAddr) {
			t.Errorf("SetSettings(relay %q) = %v, want ErrRelayAddr", bad, err)
		}
	}
	dir := p.Dir()
	p.Close()
	q, err := Open(dir, "pass Sam")
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if got := q.Settings(); got.Reminders != remind.AllOff || got.Relay != s.Relay {
		t.Errorf("settings after reopen = %+v, want %+v", got, s)
	}
}

func TestNothingInPlaintext(t *testing.T) {
	// Long markers: a three-letter name turns up in random ciphertext now
	// and then.
	p := newProfile(t, "Sam Quillfeather")
	coupleWith(t, p)
	const secret = "zebracornflower"
	if _, err := p.Doc().AddNeed(p.PeerID(), secret); err != nil {
		t.Fatal(err)
	}
	dir := p.Dir()
	p.Close()
	files, _ := os.ReadDir(dir)
	for _, f := range files {
		b, _ := os.ReadFile(filepath.Join(dir, f.Name()))
		if bytes.Contains(b, []byte(secret)) || bytes.Contains(b, []byte("Quillfeather")) {
			t.Errorf("%s holds plaintext", f.Name())
		}
	}
}
