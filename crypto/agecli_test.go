package crypto_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kintsugi-app/kintsugi/crypto"
)

// TestAgeCLIDecryptsStore checks the promise of DESIGN.md §3: the files the
// store writes are standard age files that the real `age` tool decrypts with
// the exported recovery identity.
func TestAgeCLIDecryptsStore(t *testing.T) {
	agePath, err := exec.LookPath("age")
	if err != nil {
		t.Skip("the age command-line tool is not installed (Debian package `age`); skipping the interoperability check")
	}
	id := newIdentity(t)
	dir := t.TempDir()
	recovery := filepath.Join(dir, "recovery.txt")
	// Saved after pairing: the partner's public identity rides along in
	// comment lines, and the file must still be one the age tool reads.
	partner := newIdentity(t).Public()
	rec := crypto.Recovery{Identity: id, Name: "Sam", Partner: &partner, PartnerName: "Alex"}.Marshal()
	if err := os.WriteFile(recovery, rec, 0o600); err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(dir, "store")
	l, err := crypto.OpenLog(store, "doc", id.AgeIdentity(), id.Public().Recipient)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := l.Load(); err != nil {
		t.Fatal(err)
	}
	snapshot := bytes.Repeat([]byte("the whole shared document "), 5000)
	if err := l.Compact(snapshot); err != nil {
		t.Fatal(err)
	}
	if err := l.Append([]byte("one more change")); err != nil {
		t.Fatal(err)
	}
	single := filepath.Join(dir, "single.age")
	if err := crypto.WriteEncrypted(single, []byte("a single file"), id.Public().Recipient); err != nil {
		t.Fatal(err)
	}
	sealed, err := crypto.Seal(id, "kintsugi bundle", 1, []crypto.PublicIdentity{id.Public()}, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	bundle := filepath.Join(dir, "bundle.age")
	os.WriteFile(bundle, sealed, 0o600)

	// The chunks file is a tar of age files: the tar tool extracts them.
	tarPath, err := exec.LookPath("tar")
	if err != nil {
		t.Skip("the tar tool is not installed")
	}
	extracted := filepath.Join(dir, "extracted")
	os.Mkdir(extracted, 0o700)
	if out, err := exec.Command(tarPath, "-xf", logFile(t, store, "chunks.tar"), "-C", extracted).CombinedOutput(); err != nil {
		t.Fatalf("tar -xf: %v: %s", err, out)
	}
	want := map[string][]byte{
		logFile(t, store, "snapshot"):  snapshot,
		logFile(t, extracted, "chunk"): []byte("one more change"),
		single:                         []byte("a single file"),
	}
	for path, plain := range want {
		out, err := exec.Command(agePath, "-d", "-i", recovery, path).Output()
		if err != nil {
			t.Fatalf("age -d -i recovery %s: %v", filepath.Base(path), errText(err))
		}
		if !bytes.Equal(out, plain) {
			t.Fatalf("age decrypted %s to %d bytes, want %d", filepath.Base(path), len(out), len(plain))
		}
	}
	// A sealed bundle decrypts too (its content is the signed envelope).
	out, err := exec.Command(agePath, "-d", "-i", recovery, bundle).Output()
	if err != nil || !bytes.HasPrefix(out, []byte("KSB1")) {
		t.Fatalf("age -d of a sealed bundle: %v", errText(err))
	}
	// And a file encrypted by the age tool reads back through the store.
	cliFile := filepath.Join(dir, "cli.age")
	cmd := exec.Command(agePath, "-r", id.Public().Recipient.String(), "-o", cliFile)
	cmd.Stdin = bytes.NewReader([]byte("from the cli"))
	if err := cmd.Run(); err != nil {
		t.Fatalf("age -r: %v", errText(err))
	}
	got, err := crypto.ReadEncrypted(cliFile, id.AgeIdentity())
	if err != nil || string(got) != "from the cli" {
		t.Fatalf("ReadEncrypted of an age CLI file: %q, %v", got, err)
	}
}

func errText(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return err.Error() + ": " + string(ee.Stderr)
	}
	if err == nil {
		return "no error"
	}
	return err.Error()
}
