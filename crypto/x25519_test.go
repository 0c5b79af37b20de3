package crypto

import (
	"bytes"
	"crypto/rand"
	"testing"

	"filippo.io/age"
)

// Our X25519 wrap must be exactly age's: age's own identity unwraps it, and
// the stanza has age's shape. (TestAgeCLIDecryptsStore checks a sealed
// bundle with the real age tool too.)
func TestX25519WrapIsAges(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	other, _ := age.GenerateX25519Identity()
	r, err := newX25519Recipient(id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for range 50 {
		fileKey := make([]byte, 16)
		rand.Read(fileKey)
		ss, err := r.Wrap(fileKey)
		if err != nil {
			t.Fatal(err)
		}
		if len(ss) != 1 || ss[0].Type != "X25519" || len(ss[0].Args) != 1 || len(ss[0].Args[0]) != 43 || len(ss[0].Body) != 32 {
			t.Fatalf("stanza %+v is not age's X25519 shape", ss[0])
		}
		if seen[ss[0].Args[0]] {
			t.Fatal("ephemeral share reused")
		}
		seen[ss[0].Args[0]] = true
		got, err := id.Unwrap(ss)
		if err != nil || !bytes.Equal(got, fileKey) {
			t.Fatalf("age's identity unwraps to %x, %v; want %x", got, err, fileKey)
		}
		if _, err := other.Unwrap(ss); err == nil {
			t.Fatal("another identity unwrapped the key")
		}
		// A changed body must not unwrap.
		ss[0].Body[3] ^= 1
		if _, err := id.Unwrap(ss); err == nil {
			t.Fatal("a tampered stanza unwrapped")
		}
	}
	// Whole files round-trip through age.Decrypt.
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("hello"))
	w.Close()
	rd, err := age.Decrypt(&buf, id)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	out.ReadFrom(rd)
	if out.String() != "hello" {
		t.Fatalf("decrypted %q", out.String())
	}
}
