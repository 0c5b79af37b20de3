package crypto_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"filippo.io/age"

	"github.com/kintsugi-app/kintsugi/crypto"
)

// testIdentity loads a fixed identity from testdata (alice, bob or carol).
func testIdentity(t testing.TB, name string) *crypto.Identity {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".key"))
	if err != nil {
		t.Fatal(err)
	}
	id, err := crypto.ImportRecovery(b)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// newIdentity returns a fresh random identity.
func newIdentity(t testing.TB) *crypto.Identity {
	t.Helper()
	id, err := crypto.GenerateIdentity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// scryptEncrypt encrypts plain with a passphrase, at the test work factor.
func scryptEncrypt(t *testing.T, plain, pass string) []byte {
	t.Helper()
	r, err := age.NewScryptRecipient(pass)
	if err != nil {
		t.Fatal(err)
	}
	r.SetWorkFactor(crypto.ScryptWorkFactor)
	var out bytes.Buffer
	w, err := age.Encrypt(&out, r)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, plain)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
