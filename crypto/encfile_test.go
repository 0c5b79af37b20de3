package crypto_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/kintsugi-app/kintsugi/crypto"
)

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	for _, content := range []string{"first", "second, longer", ""} {
		if err := crypto.WriteFileAtomic(path, []byte(content), 0o640); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil || string(b) != content {
			t.Fatalf("read %q, %v; want %q", b, err, content)
		}
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o640 {
		t.Fatalf("mode %v", fi.Mode().Perm())
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Fatalf("%d files in folder, want 1", len(ents))
	}
	if err := crypto.WriteFileAtomic(filepath.Join(dir, "missing", "f"), nil, 0o600); err == nil {
		t.Fatal("wrote into a missing folder")
	}
	// Replacing a folder fails and leaves no temp file.
	os.Mkdir(filepath.Join(dir, "sub"), 0o700)
	os.WriteFile(filepath.Join(dir, "sub", "x"), nil, 0o600)
	if err := crypto.WriteFileAtomic(filepath.Join(dir, "sub"), []byte("x"), 0o600); err == nil {
		t.Fatal("replaced a folder")
	}
	ents, _ = os.ReadDir(dir)
	if len(ents) != 2 {
		t.Fatalf("%d files in folder after a failed write, want 2", len(ents))
	}
}

func TestEncryptedFileRoundTrip(t *testing.T) {
	alice, bob := testIdentity(t, "alice"), testIdentity(t, "bob")
	path := filepath.Join(t.TempDir(), "doc.age")
	plain := bytes.Repeat([]byte("a private sentence. "), 10000)
	if err := crypto.WriteEncrypted(path, plain, alice.Public().Recipient, bob.Public().Recipient); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte("private")) {
		t.Fatal("plaintext on disk")
	}
	for _, id := range []*crypto.Identity{alice, bob} {
		got, err := crypto.ReadEncrypted(path, id.AgeIdentity())
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("ReadEncrypted: %v", err)
		}
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode().Perm())
	}
}

func TestReadEncryptedErrors(t *testing.T) {
	alice, carol := testIdentity(t, "alice"), testIdentity(t, "carol")
	dir := t.TempDir()
	good := filepath.Join(dir, "good.age")
	if err := crypto.WriteEncrypted(good, []byte("hello"), alice.Public().Recipient); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(good)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		return p
	}
	cases := []struct {
		name string
		path string
		id   *crypto.Identity
		want error
	}{
		{"wrong key", good, carol, crypto.ErrNotDecryptable},
		{"truncated", write("t", raw[:len(raw)-3]), alice, crypto.ErrFileCorrupt},
		{"empty", write("e", nil), alice, crypto.ErrFileCorrupt},
		{"garbage", write("g", []byte("not age at all")), alice, crypto.ErrFileCorrupt},
		{"missing", filepath.Join(dir, "nope"), alice, fs.ErrNotExist},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := crypto.ReadEncrypted(c.path, c.id.AgeIdentity())
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	if err := crypto.WriteEncrypted(filepath.Join(dir, "x"), []byte("x")); err == nil {
		t.Fatal("WriteEncrypted without recipients succeeded")
	}
}
