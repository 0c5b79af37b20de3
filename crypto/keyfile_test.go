package crypto_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/kintsugi-app/kintsugi/crypto"
)

func saveTestKeyFile(t *testing.T, id *crypto.Identity, pass string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "identity.age")
	if err := crypto.SaveKeyFile(path, id, pass); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestKeyFileRoundTrip(t *testing.T) {
	alice := testIdentity(t, "alice")
	path := saveTestKeyFile(t, alice, "correct horse")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	got, err := crypto.LoadKeyFile(path, "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !got.Public().Equal(alice.Public()) {
		t.Fatal("loaded a different identity")
	}
	b, _ := os.ReadFile(path)
	if bytes.Contains(b, []byte(alice.AgeIdentity().String())) {
		t.Fatal("the secret key is readable in the key file")
	}
	// No temporary files are left behind.
	ents, _ := os.ReadDir(filepath.Dir(path))
	if len(ents) != 1 {
		t.Fatalf("folder holds %d files, want 1", len(ents))
	}
}

func TestKeyFileErrors(t *testing.T) {
	alice := testIdentity(t, "alice")
	good := saveTestKeyFile(t, alice, "pass")
	goodBytes, _ := os.ReadFile(good)
	write := func(b []byte) string {
		p := filepath.Join(t.TempDir(), "k.age")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	flipped := append([]byte(nil), goodBytes...)
	flipped[len(flipped)-5] ^= 1
	journal := filepath.Join(t.TempDir(), "journal.age")
	if _, err := crypto.CreateJournalKey(journal, "pass"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, path, pass string
		want             error
	}{
		{"wrong passphrase", good, "wrong", crypto.ErrWrongPassphrase},
		{"empty passphrase", good, "", crypto.ErrWrongPassphrase},
		{"missing", filepath.Join(t.TempDir(), "nope"), "pass", crypto.ErrNoKeyFile},
		{"empty file", write(nil), "pass", crypto.ErrKeyFileCorrupt},
		{"truncated", write(goodBytes[:len(goodBytes)-20]), "pass", crypto.ErrKeyFileCorrupt},
		{"truncated header", write(goodBytes[:50]), "pass", crypto.ErrKeyFileCorrupt},
		{"flipped byte", write(flipped), "pass", crypto.ErrKeyFileCorrupt},
		{"not age", write([]byte("hello\n")), "pass", crypto.ErrKeyFileCorrupt},
		{"x25519 age file", write(ageEncrypt(t, []byte("x"), alice)), "pass", crypto.ErrKeyFileCorrupt},
		{"newer outer format", write([]byte("kintsugi-key v2\nwhatever")), "pass", crypto.ErrKeyFileNewer},
		{"newer inner format", write(scryptEncrypt(t, "kintsugi-key v2\nidentity\nsomething new\n", "pass")), "pass", crypto.ErrKeyFileNewer},
		{"no header inside", write(scryptEncrypt(t, alice.AgeIdentity().String(), "pass")), "pass", crypto.ErrKeyFileCorrupt},
		{"bad key inside", write(scryptEncrypt(t, "kintsugi-key v1\nidentity\nAGE-SECRET-KEY-1XYZ\n", "pass")), "pass", crypto.ErrKeyFileCorrupt},
		{"extra lines inside", write(scryptEncrypt(t, "kintsugi-key v1\nidentity\n"+alice.AgeIdentity().String()+"\nmore\n", "pass")), "pass", crypto.ErrKeyFileCorrupt},
		{"journal key file", journal, "pass", crypto.ErrKeyFileCorrupt},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := crypto.LoadKeyFile(c.path, c.pass)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	t.Run("missing is also fs.ErrNotExist", func(t *testing.T) {
		_, err := crypto.LoadKeyFile(filepath.Join(t.TempDir(), "nope"), "pass")
		if !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("wrong passphrase message", func(t *testing.T) {
		_, err := crypto.LoadKeyFile(good, "wrong")
		if err.Error() != "wrong passphrase" {
			t.Fatalf("message %q", err)
		}
	})
}

func TestSaveKeyFileErrors(t *testing.T) {
	alice := testIdentity(t, "alice")
	if err := crypto.SaveKeyFile(filepath.Join(t.TempDir(), "k"), alice, ""); !errors.Is(err, crypto.ErrEmptyPassphrase) {
		t.Fatalf("empty passphrase: got %v", err)
	}
	if err := crypto.SaveKeyFile(filepath.Join(t.TempDir(), "missing", "k"), alice, "p"); err == nil {
		t.Fatal("saved into a missing folder")
	}
}

func TestChangePassphrase(t *testing.T) {
	alice := testIdentity(t, "alice")
	path := saveTestKeyFile(t, alice, "old")
	if err := crypto.ChangePassphrase(path, "wrong", "new"); !errors.Is(err, crypto.ErrWrongPassphrase) {
		t.Fatalf("change with wrong passphrase: got %v", err)
	}
	if _, err := crypto.LoadKeyFile(path, "old"); err != nil {
		t.Fatalf("failed change broke the file: %v", err)
	}
	if err := crypto.ChangePassphrase(path, "old", ""); !errors.Is(err, crypto.ErrEmptyPassphrase) {
		t.Fatalf("change to empty passphrase: got %v", err)
	}
	if err := crypto.ChangePassphrase(path, "old", "new"); err != nil {
		t.Fatal(err)
	}
	if _, err := crypto.LoadKeyFile(path, "old"); !errors.Is(err, crypto.ErrWrongPassphrase) {
		t.Fatalf("old passphrase after change: got %v", err)
	}
	got, err := crypto.LoadKeyFile(path, "new")
	if err != nil {
		t.Fatal(err)
	}
	if !got.Public().Equal(alice.Public()) {
		t.Fatal("identity changed with the passphrase")
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode after change %v", fi.Mode().Perm())
	}
}

func TestJournalKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal-key.age")
	k, err := crypto.CreateJournalKey(path, "journal pass")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := crypto.CreateJournalKey(path, "other"); !errors.Is(err, crypto.ErrKeyFileExists) {
		t.Fatalf("second create: got %v", err)
	}
	if _, err := crypto.UnlockJournalKey(path, "wrong"); !errors.Is(err, crypto.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: got %v", err)
	}
	// The profile key file cannot be used as a journal key, and vice versa.
	profile := saveTestKeyFile(t, testIdentity(t, "alice"), "journal pass")
	if _, err := crypto.UnlockJournalKey(profile, "journal pass"); !errors.Is(err, crypto.ErrKeyFileCorrupt) {
		t.Fatalf("profile key as journal key: got %v", err)
	}
	if err := crypto.ChangeJournalPassphrase(path, "journal pass", "new pass"); err != nil {
		t.Fatal(err)
	}
	k2, err := crypto.UnlockJournalKey(path, "new pass")
	if err != nil {
		t.Fatal(err)
	}
	if k2.Recipient().String() != k.Recipient().String() || k2.Identity().String() != k.Identity().String() {
		t.Fatal("journal key changed")
	}
	// A journal written under the key reads back after the passphrase change,
	// and the profile identity cannot read it.
	dir := t.TempDir()
	l, err := k.OpenLog(dir, "journal")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := l.Load(); err != nil {
		t.Fatal(err)
	}
	if err := l.Append([]byte("dear diary")); err != nil {
		t.Fatal(err)
	}
	l2, _ := k2.OpenLog(dir, "journal")
	_, chunks, err := l2.Load()
	if err != nil || len(chunks) != 1 || string(chunks[0]) != "dear diary" {
		t.Fatalf("journal after passphrase change: %q, %v", chunks, err)
	}
	alice := testIdentity(t, "alice")
	l3, _ := crypto.OpenLog(dir, "journal", alice.AgeIdentity(), alice.Public().Recipient)
	if _, _, err := l3.Load(); !errors.Is(err, crypto.ErrStoreCorrupt) {
		t.Fatalf("journal read with the profile key: got %v", err)
	}
	if id, err := crypto.ImportRecovery(k.ExportRecovery()); err != nil || id.AgeIdentity().String() != k.Identity().String() {
		t.Fatalf("journal recovery export does not import: %v", err)
	}
}

// TestKeyFileGivesKDFMemoryBack checks that unlocking does not leave the
// scrypt buffer (128 × 8 × 2^N bytes: 64 MiB at work factor 16, 256 MiB at
// the real 18) in the process: it is collected and handed back to the system
// at once, not held until some later collection.
func TestKeyFileGivesKDFMemoryBack(t *testing.T) {
	old := crypto.ScryptWorkFactor
	crypto.ScryptWorkFactor = 16
	t.Cleanup(func() { crypto.ScryptWorkFactor = old })
	const buffer = 128 * 8 << 16 // 64 MiB
	alice := testIdentity(t, "alice")
	path := saveTestKeyFile(t, alice, "correct horse")
	for _, pass := range []string{"correct horse", "wrong horse"} {
		crypto.LoadKeyFile(path, pass)
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		// Heap pages still held by the process: in use, or free but not
		// given back.
		if held := ms.HeapSys - ms.HeapReleased; held > buffer/2 {
			t.Fatalf("after unlocking with %q the heap holds %d MiB: the KDF's %d MiB were not given back",
				pass, held>>20, buffer>>20)
		}
	}
}
