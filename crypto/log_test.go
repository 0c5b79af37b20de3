package crypto_test

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
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
	// Old generation files are gone: the snapshot is an age file, the
	// chunks file a tar of age files, both mode 0600.
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 || ents[0].Name() != "doc.0000000001.chunks.tar" || ents[1].Name() != "doc.0000000001.snapshot.age" {
		t.Fatalf("folder holds %v after compaction, want the snapshot and the chunks file", ents)
	}
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		files := [][]byte{b}
		if strings.HasSuffix(e.Name(), ".tar") {
			files = nil
			for _, m := range tarMembers(t, filepath.Join(dir, e.Name())) {
				if m.name != "doc.0000000001.0000000001.chunk.age" || m.mode != 0o600 || m.mtime != 0 {
					t.Fatalf("chunks file member %q, mode %o, time %d", m.name, m.mode, m.mtime)
				}
				files = append(files, m.data)
			}
			if len(files) != 1 {
				t.Fatalf("chunks file holds %d members, want 1", len(files))
			}
		}
		for _, f := range files {
			if !bytes.HasPrefix(f, []byte("age-encryption.org/v1\n")) {
				t.Fatalf("%s is not an age file", e.Name())
			}
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

// tarMember is one member of a chunks file, with where it sits in the file.
type tarMember struct {
	name        string
	mode, mtime int64
	data        []byte
	start, end  int // header offset, and the offset after its padding
}

// tarMembers reads a chunks file with archive/tar, as the tar tool would.
func tarMembers(t *testing.T, path string) []tarMember {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := bytes.NewReader(b)
	tr := tar.NewReader(r)
	var out []tarMember
	for {
		start := (len(b) - r.Len() + 511) / 512 * 512 // Next skips the padding
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s is not a tar archive: %v", filepath.Base(path), err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tarMember{h.Name, h.Mode, h.ModTime.Unix(), data, start, start + 512 + (len(data)+511)/512*512})
	}
}

// TestLogAppendsInPlace checks the steady state of the log: after a
// Compact, each Append adds a member at the end of the same chunks file,
// creating and renaming nothing (so it needs no folder sync), and the file
// stays a tar of the chunks' age files.
func TestLogAppendsInPlace(t *testing.T) {
	dir := t.TempDir()
	l := openTestLog(t, dir)
	mustLoad(t, l)
	if err := l.Compact([]byte("snap")); err != nil {
		t.Fatal(err)
	}
	tarPath := logFile(t, dir, "chunks.tar")
	before, err := os.Stat(tarPath)
	if err != nil || before.Size() != 0 {
		t.Fatalf("Compact left the chunks file %v, %v; want it empty", before, err)
	}
	names := func() []string {
		var n []string
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			n = append(n, e.Name())
		}
		return n
	}
	want := names()
	for i, c := range []string{"a", "b", "c"} {
		if err := l.Append([]byte(c)); err != nil {
			t.Fatal(err)
		}
		after, err := os.Stat(tarPath)
		if err != nil || !os.SameFile(before, after) {
			t.Fatalf("append %d replaced the chunks file (%v)", i, err)
		}
		if got := names(); !slices.Equal(got, want) {
			t.Fatalf("append %d changed the folder: %v, want %v", i, got, want)
		}
	}
	ms := tarMembers(t, tarPath)
	if len(ms) != 3 || ms[2].name != "doc.0000000001.0000000003.chunk.age" {
		t.Fatalf("chunks file members %v", ms)
	}
	_, chunks := mustLoad(t, openTestLog(t, dir))
	assertChunks(t, chunks, "a", "b", "c")
}

// TestLogTornAppend checks what a crash (of the machine, not only the
// process) during an Append can leave at the end of the chunks file: part
// of the new member, or blocks the disk never wrote. Load returns the
// chunks before it, changing nothing, and the next Append replaces it.
func TestLogTornAppend(t *testing.T) {
	setup := func(t *testing.T) (dir, tarPath string, last tarMember) {
		dir = t.TempDir()
		l := openTestLog(t, dir)
		mustLoad(t, l)
		l.Compact([]byte("snap"))
		for _, c := range []string{"a", "b", strings.Repeat("c", 2000)} {
			if err := l.Append([]byte(c)); err != nil {
				t.Fatal(err)
			}
		}
		tarPath = logFile(t, dir, "chunks.tar")
		ms := tarMembers(t, tarPath)
		return dir, tarPath, ms[2]
	}
	edit := func(path string, f func(b []byte) []byte) {
		b, _ := os.ReadFile(path)
		os.WriteFile(path, f(b), 0o600)
	}
	zero := func(b []byte) {
		for i := range b {
			b[i] = 0
		}
	}
	for _, c := range []struct {
		name string
		tear func(b []byte, m tarMember) []byte
	}{
		{"header cut", func(b []byte, m tarMember) []byte { return b[:m.start+100] }},
		{"header never written", func(b []byte, m tarMember) []byte { zero(b[m.start : m.start+512]); return b }},
		{"content cut", func(b []byte, m tarMember) []byte { return b[:m.start+512+len(m.data)/2] }},
		{"a block of the content never written", func(b []byte, m tarMember) []byte { zero(b[m.start+1024 : m.start+1536]); return b }},
		{"last block and padding never written", func(b []byte, m tarMember) []byte { zero(b[m.end-512 : m.end]); return b }},
		{"file grown by blocks never written", func(b []byte, m tarMember) []byte {
			zero(b[m.start:])
			return append(b, make([]byte, 4096)...)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, tarPath, last := setup(t)
			edit(tarPath, func(b []byte) []byte { return c.tear(b, last) })
			before := dirState(t, dir)
			l := openTestLog(t, dir)
			snap, chunks := mustLoad(t, l)
			if string(snap) != "snap" {
				t.Fatalf("snapshot %q", snap)
			}
			assertChunks(t, chunks, "a", "b")
			if !maps.Equal(dirState(t, dir), before) {
				t.Fatal("Load changed the chunks file")
			}
			if err := l.Append([]byte("d")); err != nil {
				t.Fatal(err)
			}
			_, chunks = mustLoad(t, openTestLog(t, dir))
			assertChunks(t, chunks, "a", "b", "d")
			if ms := tarMembers(t, tarPath); len(ms) != 3 {
				t.Fatalf("chunks file holds %d members after the next append, want 3", len(ms))
			}
		})
	}
}

// TestLogReadsChunkFiles checks that a log written by an earlier version,
// one age file per chunk, still loads, and that appends continue it in the
// chunks file.
func TestLogReadsChunkFiles(t *testing.T) {
	dir := t.TempDir()
	l := openTestLog(t, dir)
	mustLoad(t, l)
	l.Compact([]byte("snap"))
	os.Remove(logFile(t, dir, "chunks.tar")) // an earlier version made none
	for i, c := range []string{"a", "b"} {
		if err := crypto.WriteChunkFile(l, 1, uint64(i+1), []byte(c)); err != nil {
			t.Fatal(err)
		}
	}
	l = openTestLog(t, dir)
	_, chunks := mustLoad(t, l)
	assertChunks(t, chunks, "a", "b")
	if err := l.Append([]byte("c")); err != nil {
		t.Fatal(err)
	}
	if ms := tarMembers(t, logFile(t, dir, "chunks.tar")); len(ms) != 1 || ms[0].name != "doc.0000000001.0000000003.chunk.age" {
		t.Fatalf("chunks file members %v", ms)
	}
	_, chunks = mustLoad(t, openTestLog(t, dir))
	assertChunks(t, chunks, "a", "b", "c")
	// A damaged chunk file is no longer the newest file.
	chunk2 := filepath.Join(dir, "doc.0000000001.0000000002.chunk.age")
	os.WriteFile(chunk2, nil, 0o600)
	var ce *crypto.CorruptError
	if _, _, err := openTestLog(t, dir).Load(); !errors.As(err, &ce) || ce.Path != chunk2 || ce.Newest {
		t.Fatalf("Load with a damaged chunk file before the chunks file: %v", err)
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
	// Every case starts from a snapshot, three chunks after it in the
	// chunks file, and the temporary leftover of a write that a crash
	// interrupted.
	const temp = ".doc.0000000001.snapshot.age.tmp-123"
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
		tarName  = "doc.0000000001.chunks.tar"
	)
	// member changes member i (0-based) of the chunks file.
	member := func(t *testing.T, dir string, i int, f func(b []byte, m tarMember) []byte) {
		p := filepath.Join(dir, tarName)
		ms := tarMembers(t, p)
		b, _ := os.ReadFile(p)
		os.WriteFile(p, f(b, ms[i]), 0o600)
	}
	flipData := func(b []byte, m tarMember) []byte { b[m.start+512+len(m.data)-20] ^= 1; return b }
	// forgeMember puts a member with the right name and an age file of
	// owner's making in place of member i.
	forgeMember := func(owner string) func(b []byte, m tarMember) []byte {
		return func(b []byte, m tarMember) []byte {
			var buf bytes.Buffer
			tw := tar.NewWriter(&buf)
			f := ageEncrypt(t, []byte("x"), testIdentity(t, owner))
			tw.WriteHeader(&tar.Header{Name: m.name, Mode: 0o600, Size: int64(len(f)), Typeflag: tar.TypeReg})
			tw.Write(f)
			tw.Flush()
			return append(append(slices.Clone(b[:m.start]), buf.Bytes()...), b[m.end:]...)
		}
	}
	cases := []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   []string // chunks after load, when it succeeds
		bad    string   // the file the error names, when it fails
		cause  error    // what the error unwraps to, when it fails
		newest bool     // whether the error says bad is the newest file
	}{
		{"crash leftovers only", func(t *testing.T, dir string) {
			// An interrupted Compact leaves a torn temporary snapshot, and
			// the next generation's chunks file, empty.
			os.WriteFile(filepath.Join(dir, ".doc.0000000002.snapshot.age.tmp-9"), []byte("age-encryption.org/v1\n-> X"), 0o600)
			os.WriteFile(filepath.Join(dir, "doc.0000000002.chunks.tar"), nil, 0o600)
		}, []string{"b", "c", "d"}, "", nil, false},
		{"foreign files ignored", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o600)
			os.WriteFile(filepath.Join(dir, "doc.x.snapshot.age"), []byte("x"), 0o600)
			os.WriteFile(filepath.Join(dir, "doc.x.chunks.tar"), []byte("x"), 0o600)
		}, []string{"b", "c", "d"}, "", nil, false},
		{"flipped byte in newest chunk", func(t *testing.T, dir string) { member(t, dir, 2, flipData) }, nil, tarName, crypto.ErrFileCorrupt, true},
		{"forged newest chunk", func(t *testing.T, dir string) { member(t, dir, 2, forgeMember("alice")) }, nil, tarName, crypto.ErrFileCorrupt, true},
		{"newest chunk from another key", func(t *testing.T, dir string) { member(t, dir, 2, forgeMember("carol")) }, nil, tarName, crypto.ErrNotDecryptable, true},
		{"flipped byte in older chunk", func(t *testing.T, dir string) { member(t, dir, 0, flipData) }, nil, tarName, crypto.ErrFileCorrupt, true},
		{"forged older chunk", func(t *testing.T, dir string) { member(t, dir, 1, forgeMember("alice")) }, nil, tarName, crypto.ErrFileCorrupt, true},
		{"byte in the padding", func(t *testing.T, dir string) {
			member(t, dir, 1, func(b []byte, m tarMember) []byte { b[m.end-1] = 1; return b })
		}, nil, tarName, crypto.ErrFileCorrupt, true},
		{"damaged header", func(t *testing.T, dir string) {
			member(t, dir, 1, func(b []byte, m tarMember) []byte { b[m.start+5] ^= 1; return b })
		}, nil, tarName, crypto.ErrFileCorrupt, true},
		{"chunks swapped", func(t *testing.T, dir string) {
			ms := tarMembers(t, filepath.Join(dir, tarName))
			member(t, dir, 0, func(b []byte, m tarMember) []byte {
				a, c := slices.Clone(b[ms[0].start:ms[0].end]), slices.Clone(b[ms[1].start:ms[1].end])
				return slices.Concat(c, a, b[ms[1].end:])
			})
		}, nil, tarName, crypto.ErrFileCorrupt, true},
		{"chunks renamed in place", func(t *testing.T, dir string) {
			// The names say 1, 2, 3 but the chunks were written as 2, 1, 3.
			ms := tarMembers(t, filepath.Join(dir, tarName))
			member(t, dir, 0, func(b []byte, m tarMember) []byte {
				var buf bytes.Buffer
				tw := tar.NewWriter(&buf)
				for _, m := range []tarMember{{name: ms[0].name, data: ms[1].data}, {name: ms[1].name, data: ms[0].data}} {
					tw.WriteHeader(&tar.Header{Name: m.name, Mode: 0o600, Size: int64(len(m.data)), Typeflag: tar.TypeReg})
					tw.Write(m.data)
				}
				tw.Flush()
				return slices.Concat(buf.Bytes(), b[ms[1].end:])
			})
		}, nil, tarName, crypto.ErrFileCorrupt, true},
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
					assertChunks(t, chunks)
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
				if strings.Contains(name, ".tmp-") || strings.HasPrefix(name, "doc.0000000002.") {
					t.Fatalf("leftover %s survived a load", name)
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
	if len(ents) != 2 || ents[0].Name() != "doc.0000000001.chunks.tar" || ents[1].Name() != "doc.0000000001.snapshot.age" {
		t.Fatalf("%v remain, want only the new snapshot and its chunks file", ents)
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
