package crypto_test

import (
	"os"
	"path/filepath"
	"testing"

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
