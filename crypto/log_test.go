package crypto_test

import (
	"bytes"
	"errors"
	"fmt"
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

func TestLogDamage(t *testing.T) {
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
		return dir
	}
	truncate := func(t *testing.T, path string) {
		b, _ := os.ReadFile(path)
		os.WriteFile(path, b[:len(b)-7], 0o600)
	}
	cases := []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   []string // chunks after load, or nil when ErrStoreCorrupt
	}{
		{"torn newest chunk", func(t *testing.T, dir string) { truncate(t, logFile(t, dir, "0000000003.chunk")) }, []string{"b", "c"}},
		{"empty newest chunk", func(t *testing.T, dir string) { os.WriteFile(logFile(t, dir, "0000000003.chunk"), nil, 0o600) }, []string{"b", "c"}},
		{"leftover temp file", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, ".doc.0000000002.0000000004.chunk.age.tmp-123"), []byte("age-enc"), 0o600)
		}, []string{"b", "c", "d"}},
		{"foreign files ignored", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o600)
			os.WriteFile(filepath.Join(dir, "doc.x.snapshot.age"), []byte("x"), 0o600)
		}, []string{"b", "c", "d"}},
		{"torn older chunk", func(t *testing.T, dir string) { truncate(t, logFile(t, dir, "0000000002.chunk")) }, nil},
		{"missing older chunk", func(t *testing.T, dir string) { os.Remove(logFile(t, dir, "0000000001.chunk")) }, nil},
		{"torn snapshot", func(t *testing.T, dir string) { truncate(t, logFile(t, dir, "snapshot")) }, nil},
		{"forged newest chunk", func(t *testing.T, dir string) {
			// Anyone knowing the public recipient can make an age file; the log drops it.
			os.WriteFile(logFile(t, dir, "0000000003.chunk"), ageEncrypt(t, []byte("x"), testIdentity(t, "alice")), 0o600)
		}, []string{"b", "c"}},
		{"forged older chunk", func(t *testing.T, dir string) {
			os.WriteFile(logFile(t, dir, "0000000001.chunk"), ageEncrypt(t, []byte("x"), testIdentity(t, "alice")), 0o600)
		}, nil},
		{"forged snapshot", func(t *testing.T, dir string) {
			os.WriteFile(logFile(t, dir, "snapshot"), ageEncrypt(t, []byte("x"), testIdentity(t, "alice")), 0o600)
		}, nil},
		{"chunks swapped", func(t *testing.T, dir string) {
			a, b := logFile(t, dir, "0000000001.chunk"), logFile(t, dir, "0000000002.chunk")
			os.Rename(a, a+".x")
			os.Rename(b, a)
			os.Rename(a+".x", b)
		}, nil},
		{"newest chunk from another key", func(t *testing.T, dir string) {
			os.WriteFile(logFile(t, dir, "0000000003.chunk"), ageEncrypt(t, []byte("x"), testIdentity(t, "carol")), 0o600)
		}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := setup(t)
			c.damage(t, dir)
			snap, chunks, err := openTestLog(t, dir).Load()
			if c.want == nil {
				if !errors.Is(err, crypto.ErrStoreCorrupt) {
					t.Fatalf("got %v, want ErrStoreCorrupt", err)
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
			ents, _ := os.ReadDir(dir)
			for _, e := range ents {
				if strings.Contains(e.Name(), ".tmp-") {
					t.Fatalf("temp file %s survived a load", e.Name())
				}
			}
		})
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
