package crypto_test

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/kintsugi-app/kintsugi/crypto"
)

func openTestLog(t *testing.T, dir string) *crypto.Log {
	t.Helper()
	alice := testIdentity(t, "alice")
	l, err := crypto.OpenLog(dir, "doc", alice.AgeIdentity(), alice.Public().Recipient)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func mustLoad(t *testing.T, l *crypto.Log) ([]byte, [][]byte) {
	t.Helper()
	snap, chunks, err := l.Load()
	if err != nil {
		t.Fatal(err)
	}
	return snap, chunks
}

func assertChunks(t *testing.T, got [][]byte, want ...string) {
	t.Helper()
	var g []string
	for _, c := range got {
		g = append(g, string(c))
	}
	if strings.Join(g, "|") != strings.Join(want, "|") {
		t.Fatalf("chunks %q, want %q", g, want)
	}
}

func TestLogRoundTrip(t *testing.T) {
	dir := t.TempDir()
	l := openTestLog(t, dir)
	snap, chunks := mustLoad(t, l)
	if snap != nil || chunks != nil {
		t.Fatal("new log is not empty")
	}
	for _, c := range []string{"one", "two", "three"} {
		if err := l.Append([]byte(c)); err != nil {
			t.Fatal(err)
		}
	}
	if l.Chunks() != 3 {
		t.Fatalf("Chunks() = %d", l.Chunks())
	}
	snap, chunks = mustLoad(t, openTestLog(t, dir))
	if snap != nil {
		t.Fatal("snapshot appeared")
	}
	assertChunks(t, chunks, "one", "two", "three")

	if err := l.Compact([]byte("one two three")); err != nil {
		t.Fatal(err)
	}
	if err := l.Append([]byte("four")); err != nil {
		t.Fatal(err)
	}
	snap, chunks = mustLoad(t, openTestLog(t, dir))
	if string(snap) != "one two three" {
		t.Fatalf("snapshot %q", snap)
	}
	assertChunks(t, chunks, "four")
	// Old generation files are gone; every file is an age file, mode 0600.
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Fatalf("folder holds %d files after compaction, want 2", len(ents))
	}
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		if !bytes.HasPrefix(b, []byte("age-encryption.org/v1\n")) {
			t.Fatalf("%s is not an age file", e.Name())
		}
		if bytes.Contains(b, []byte("one two")) || bytes.Contains(b, []byte("four")) {
			t.Fatalf("%s contains plaintext", e.Name())
		}
		fi, _ := e.Info()
		if fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s has mode %v", e.Name(), fi.Mode().Perm())
		}
	}
}

func TestLogNeedsLoad(t *testing.T) {
	l := openTestLog(t, t.TempDir())
	if err := l.Append([]byte("x")); err == nil {
		t.Fatal("Append before Load succeeded")
	}
	if err := l.Compact([]byte("x")); err == nil {
		t.Fatal("Compact before Load succeeded")
	}
}

func TestOpenLogErrors(t *testing.T) {
	alice := testIdentity(t, "alice")
	for _, name := range []string{"", "a/b", "../x", "with.dot", strings.Repeat("n", 65)} {
		if _, err := crypto.OpenLog(t.TempDir(), name, alice.AgeIdentity(), alice.Public().Recipient); err == nil {
			t.Errorf("OpenLog accepted name %q", name)
		}
	}
	if _, err := crypto.OpenLog(t.TempDir(), "doc", alice.AgeIdentity()); err == nil {
		t.Error("OpenLog accepted no recipients")
	}
	scrypt, _ := age.NewScryptIdentity("pass")
	if _, err := crypto.OpenLog(t.TempDir(), "doc", scrypt, alice.Public().Recipient); err == nil {
		t.Error("OpenLog accepted a non-X25519 identity")
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	if _, err := crypto.OpenLog(filepath.Join(file, "sub"), "doc", alice.AgeIdentity(), alice.Public().Recipient); err == nil {
		t.Error("OpenLog accepted a folder under a file")
	}
}

// logFile returns the path of the only file in dir whose name contains part.
func logFile(t *testing.T, dir, part string) string {
	t.Helper()
	var found []string
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), part) {
			found = append(found, filepath.Join(dir, e.Name()))
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d files match %q", len(found), part)
	}
	return found[0]
}

// dirState returns every file in dir with its content, to tell whether a
// call changed anything on disk.
func dirState(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

func TestLogDamage(t *testing.T) {
	// Every case starts from a snapshot, three chunks after it, and the
	// temporary leftover of a write that a crash interrupted.
	const temp = ".doc.0000000001.0000000004.chunk.age.tmp-123"
	setup := func(t *testing.T) string {
		dir := t.TempDir()
		l := openTestLog(t, dir)
		mustLoad(t, l)
		l.Append([]byte("a"))
		if err := l.Compact([]byte("snap")); err != nil {
			t.Fatal(err)
		}
		for _, c := range []string{"b", "c", "d"} {
			if err := l.Append([]byte(c)); err != nil {
				t.Fatal(err)
			}
		}
		os.WriteFile(filepath.Join(dir, temp), []byte("age-enc"), 0o600)
		return dir
	}
	truncate := func(path string) {
		b, _ := os.ReadFile(path)
		os.WriteFile(path, b[:len(b)-7], 0o600)
	}
	forge := func(t *testing.T, path, owner string) {
		// Anyone knowing a recipient can make an age file; the log refuses it.
		os.WriteFile(path, ageEncrypt(t, []byte("x"), testIdentity(t, owner)), 0o600)
	}
	const (
		snapName = "doc.0000000001.snapshot.age"
		chunk1   = "doc.0000000001.0000000001.chunk.age"
		chunk2   = "doc.0000000001.0000000002.chunk.age"
		chunk3   = "doc.0000000001.0000000003.chunk.age"
	)
	cases := []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   []string // chunks after load, when it succeeds
		bad    string   // the file the error names, when it fails
		cause  error    // what the error unwraps to, when it fails
		newest bool     // whether the error says bad is the newest file
	}{
		{"crash leftovers only", func(t *testing.T, dir string) {
			// An interrupted Compact leaves a torn temporary snapshot too.
			os.WriteFile(filepath.Join(dir, ".doc.0000000002.snapshot.age.tmp-9"), []byte("age-encryption.org/v1\n-> X"), 0o600)
		}, []string{"b", "c", "d"}, "", nil, false},
		{"foreign files ignored", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o600)
			os.WriteFile(filepath.Join(dir, "doc.x.snapshot.age"), []byte("x"), 0o600)
		}, []string{"b", "c", "d"}, "", nil, false},
		{"torn newest chunk", func(t *testing.T, dir string) { truncate(filepath.Join(dir, chunk3)) }, nil, chunk3, crypto.ErrFileCorrupt, true},
		{"empty newest chunk", func(t *testing.T, dir string) { os.WriteFile(filepath.Join(dir, chunk3), nil, 0o600) }, nil, chunk3, crypto.ErrFileCorrupt, true},
		{"forged newest chunk", func(t *testing.T, dir string) { forge(t, filepath.Join(dir, chunk3), "alice") }, nil, chunk3, crypto.ErrFileCorrupt, true},
		{"newest chunk from another key", func(t *testing.T, dir string) { forge(t, filepath.Join(dir, chunk3), "carol") }, nil, chunk3, crypto.ErrNotDecryptable, true},
		{"torn older chunk", func(t *testing.T, dir string) { truncate(filepath.Join(dir, chunk2)) }, nil, chunk2, crypto.ErrFileCorrupt, false},
		{"forged older chunk", func(t *testing.T, dir string) { forge(t, filepath.Join(dir, chunk1), "alice") }, nil, chunk1, crypto.ErrFileCorrupt, false},
		{"missing older chunk", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, chunk1)) }, nil, chunk1, nil, false},
		{"chunks swapped", func(t *testing.T, dir string) {
			a, b := filepath.Join(dir, chunk1), filepath.Join(dir, chunk2)
			os.Rename(a, a+".x")
			os.Rename(b, a)
			os.Rename(a+".x", b)
		}, nil, chunk1, crypto.ErrFileCorrupt, false},
		{"torn snapshot", func(t *testing.T, dir string) { truncate(filepath.Join(dir, snapName)) }, nil, snapName, crypto.ErrFileCorrupt, false},
		{"forged snapshot", func(t *testing.T, dir string) { forge(t, filepath.Join(dir, snapName), "alice") }, nil, snapName, crypto.ErrFileCorrupt, false},
		{"missing snapshot", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, snapName)) }, nil, snapName, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := setup(t)
			c.damage(t, dir)
			before := dirState(t, dir)
			snap, chunks, err := openTestLog(t, dir).Load()
			if c.bad != "" {
				var ce *crypto.CorruptError
				if !errors.Is(err, crypto.ErrStoreCorrupt) || !errors.As(err, &ce) {
					t.Fatalf("got %v, want a CorruptError", err)
				}
				if ce.Path != filepath.Join(dir, c.bad) || !strings.Contains(err.Error(), ce.Path) {
					t.Fatalf("error names %q (%v), want %s", ce.Path, err, c.bad)
				}
				if ce.Newest != c.newest {
					t.Fatalf("Newest = %v, want %v", ce.Newest, c.newest)
				}
				if c.cause != nil && !errors.Is(err, c.cause) {
					t.Fatalf("got %v, want it to wrap %v", err, c.cause)
				}
				if !maps.Equal(dirState(t, dir), before) {
					t.Fatal("a failed Load changed the folder")
				}
				if c.newest {
					// Without the newest file, the log holds the state before it.
					os.Rename(ce.Path, filepath.Join(t.TempDir(), "moved"))
					snap, chunks := mustLoad(t, openTestLog(t, dir))
					if string(snap) != "snap" {
						t.Fatalf("snapshot %q", snap)
					}
					assertChunks(t, chunks, "b", "c")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(snap) != "snap" {
				t.Fatalf("snapshot %q", snap)
			}
			assertChunks(t, chunks, c.want...)
			// The log keeps working: the next chunk follows the last good one.
			l := openTestLog(t, dir)
			mustLoad(t, l)
			if err := l.Append([]byte("e")); err != nil {
				t.Fatal(err)
			}
			_, chunks = mustLoad(t, openTestLog(t, dir))
			assertChunks(t, chunks, append(c.want, "e")...)
			for name := range dirState(t, dir) {
				if strings.Contains(name, ".tmp-") {
					t.Fatalf("temp file %s survived a load", name)
				}
			}
		})
	}
}

func TestLogNewestSnapshotDamaged(t *testing.T) {
	dir := t.TempDir()
	l := openTestLog(t, dir)
	mustLoad(t, l)
	l.Append([]byte("a"))
	if err := l.Compact([]byte("A")); err != nil {
		t.Fatal(err)
	}
	p := logFile(t, dir, "snapshot")
	os.WriteFile(p, []byte("age-encryption.org/v1\n"), 0o600)
	_, _, err := openTestLog(t, dir).Load()
	var ce *crypto.CorruptError
	if !errors.As(err, &ce) || ce.Path != p || !ce.Newest {
		t.Fatalf("got %#v, want a CorruptError for the newest file %s", err, p)
	}
	os.Rename(p, filepath.Join(t.TempDir(), "moved"))
	if snap, chunks := mustLoad(t, openTestLog(t, dir)); snap != nil || chunks != nil {
		t.Fatalf("got %q + %q, want an empty log", snap, chunks)
	}
}

func TestLogInterruptedCompaction(t *testing.T) {
	// A crash after the new snapshot was renamed into place but before the
	// old generation was removed: the new snapshot wins.
	dir := t.TempDir()
	l := openTestLog(t, dir)
	mustLoad(t, l)
	l.Append([]byte("a"))
	old := t.TempDir()
	copyDir(t, dir, old)
	if err := l.Compact([]byte("A")); err != nil {
		t.Fatal(err)
	}
	copyDir(t, old, dir) // put the old generation back beside the new one
	snap, chunks := mustLoad(t, openTestLog(t, dir))
	if string(snap) != "A" || len(chunks) != 0 {
		t.Fatalf("got %q + %q, want the compacted state", snap, chunks)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Fatalf("%d files remain, want only the new snapshot", len(ents))
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	ents, _ := os.ReadDir(from)
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(to, e.Name()), b, 0o600)
	}
}

func TestLogMany(t *testing.T) {
	dir := t.TempDir()
	l := openTestLog(t, dir)
	mustLoad(t, l)
	var want []string
	for i := range 25 {
		c := fmt.Sprint(i)
		if err := l.Append([]byte(c)); err != nil {
			t.Fatal(err)
		}
		want = append(want, c)
	}
	_, chunks := mustLoad(t, openTestLog(t, dir))
	assertChunks(t, chunks, want...)
}
