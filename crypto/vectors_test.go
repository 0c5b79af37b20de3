package crypto_test

import (
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
)

// The vectors in testdata pin the formats: a code, key file or bundle made by
// this version must keep opening in later ones. They also seed the fuzzers.
// Regenerate with: go test ./crypto -run TestVectors -update
var update = flag.Bool("update", false, "rewrite the test vectors in testdata")

const (
	vectorPassphrase = "kintsugi test passphrase"
	vectorPurpose    = "kintsugi bundle"
	vectorPayload    = "hello bob, this is alice"
	vectorSecret     = "000102030405060708090a0b0c0d0e0f"
)

var (
	vectorAddrs   = []string{"/ip4/192.168.1.23/tcp/4001", "/ip4/192.168.1.23/udp/4001/quic-v1", "/ip6/fe80::1/tcp/4001"}
	vectorExpires = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

func vectorPath(name string) string { return filepath.Join("testdata", name) }

func readVector(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(vectorPath(name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeVectors(t *testing.T) {
	alice, bob := testIdentity(t, "alice"), testIdentity(t, "bob")
	inv := crypto.Invite{SigningKey: alice.Public().SigningKey, Recipient: alice.Public().Recipient, Addrs: vectorAddrs, Expires: vectorExpires}
	hex.Decode(inv.Secret[:], []byte(vectorSecret))
	os.WriteFile(vectorPath("invite.txt"), []byte(inv.Code()+"\n"), 0o644)
	if err := crypto.SaveKeyFile(vectorPath("keyfile.age"), alice, vectorPassphrase); err != nil {
		t.Fatal(err)
	}
	os.Chmod(vectorPath("keyfile.age"), 0o644)
	sealed, err := crypto.Seal(alice, vectorPurpose, 1, []crypto.PublicIdentity{alice.Public(), bob.Public()}, []byte(vectorPayload))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(vectorPath("bundle.age"), sealed, 0o644)
	safety := crypto.SafetyNumber(alice.Public(), bob.Public())
	os.WriteFile(vectorPath("safety-number.txt"), []byte(safety+"\n"), 0o644)
	pub, _ := alice.Public().MarshalText()
	os.WriteFile(vectorPath("alice.pub"), append(pub, '\n'), 0o644)
}

func TestVectors(t *testing.T) {
	if *update {
		writeVectors(t)
	}
	alice, bob := testIdentity(t, "alice"), testIdentity(t, "bob")

	t.Run("invite", func(t *testing.T) {
		inv, err := crypto.ParseInviteAt(string(readVector(t, "invite.txt")), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if !inv.Inviter().Equal(alice.Public()) || hex.EncodeToString(inv.Secret[:]) != vectorSecret ||
			!inv.Expires.Equal(vectorExpires) || strings.Join(inv.Addrs, " ") != strings.Join(vectorAddrs, " ") {
			t.Fatalf("vector invite decoded to %+v", inv)
		}
	})
	t.Run("key file", func(t *testing.T) {
		id, err := crypto.LoadKeyFile(vectorPath("keyfile.age"), vectorPassphrase)
		if err != nil {
			t.Fatal(err)
		}
		if !id.Public().Equal(alice.Public()) {
			t.Fatal("vector key file holds another identity")
		}
	})
	t.Run("bundle", func(t *testing.T) {
		payload, seq, err := crypto.Open(bob, alice.Public(), vectorPurpose, 0, readVector(t, "bundle.age"))
		if err != nil {
			t.Fatal(err)
		}
		if string(payload) != vectorPayload || seq != 1 {
			t.Fatalf("vector bundle opened to %q, seq %d", payload, seq)
		}
	})
	t.Run("safety number", func(t *testing.T) {
		want := strings.TrimSpace(string(readVector(t, "safety-number.txt")))
		if got := crypto.SafetyNumber(bob.Public(), alice.Public()); got != want {
			t.Fatalf("safety number %q, want %q", got, want)
		}
	})
	t.Run("public identity", func(t *testing.T) {
		var p crypto.PublicIdentity
		if err := p.UnmarshalText(readVector(t, "alice.pub")); err != nil || !p.Equal(alice.Public()) {
			t.Fatalf("vector public identity: %v", err)
		}
	})
}
