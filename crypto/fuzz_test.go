package crypto_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
)

// Fuzz targets for every decoder, seeded from the vectors in testdata. In a
// normal `go test` they run only their seeds; run one for real with e.g.
// go test ./crypto -run '^$' -fuzz FuzzParseInvite -fuzztime 60s

func FuzzParseInvite(f *testing.F) {
	code := strings.TrimSpace(string(readVector(f, "invite.txt")))
	f.Add(code)
	f.Add(strings.ToUpper(code))
	f.Add(strings.ReplaceAll(code, "-", " "))
	f.Add(code[:len(code)-5])
	f.Add("kintsugi1")
	f.Add("")
	past := time.Unix(0, 0)
	f.Fuzz(func(t *testing.T, s string) {
		inv, err := crypto.ParseInviteAt(s, past)
		if err != nil {
			return
		}
		// Whatever parses re-encodes to a code that parses to the same invite.
		again, err := crypto.ParseInviteAt(inv.Code(), past)
		if err != nil {
			t.Fatalf("re-encoded invite does not parse: %v", err)
		}
		if !again.Inviter().Equal(inv.Inviter()) || again.Secret != inv.Secret ||
			!again.Expires.Equal(inv.Expires) || strings.Join(again.Addrs, "\x00") != strings.Join(inv.Addrs, "\x00") {
			t.Fatalf("round trip changed the invite: %+v vs %+v", inv, again)
		}
	})
}

func FuzzLoadKeyFile(f *testing.F) {
	good := readVector(f, "keyfile.age")
	f.Add(good)
	f.Add(good[:len(good)-10])
	f.Add([]byte("kintsugi-key v2\n"))
	f.Add([]byte("age-encryption.org/v1\n-> scrypt AAAA 22\n"))
	f.Add([]byte{})
	alice := testIdentity(f, "alice")
	f.Fuzz(func(t *testing.T, b []byte) {
		id, err := crypto.DecodeIdentityKeyFile(b, vectorPassphrase)
		if err == nil && !bytes.Equal(b, good) && !id.Public().Equal(alice.Public()) {
			// Without the passphrase nothing but a genuine key file opens.
			t.Fatalf("a mutated key file opened to another identity")
		}
	})
}

func FuzzOpen(f *testing.F) {
	good := readVector(f, "bundle.age")
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add(good[:100])
	f.Add([]byte("age-encryption.org/v1\n"))
	f.Add([]byte{})
	alice, bob := testIdentity(f, "alice"), testIdentity(f, "bob")
	f.Fuzz(func(t *testing.T, b []byte) {
		payload, _, err := crypto.Open(bob, alice.Public(), vectorPurpose, 0, b)
		if err == nil && string(payload) != vectorPayload {
			// Nothing but alice's genuine bundle can open.
			t.Fatalf("a forged bundle opened: %q", payload)
		}
	})
}

func FuzzImportRecovery(f *testing.F) {
	f.Add(readVector(f, "alice.key"))
	f.Add([]byte("AGE-SECRET-KEY-1"))
	f.Add([]byte("# only a comment\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		id, err := crypto.ImportRecovery(b)
		if err != nil {
			return
		}
		again, err := crypto.ImportRecovery(crypto.ExportRecovery(id))
		if err != nil || !again.Public().Equal(id.Public()) {
			t.Fatalf("export of an imported key does not round-trip: %v", err)
		}
	})
}

func FuzzUnmarshalPublicIdentity(f *testing.F) {
	f.Add(readVector(f, "alice.pub"))
	f.Add([]byte("kintsugi-public-v1:"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var p crypto.PublicIdentity
		if err := p.UnmarshalText(b); err != nil {
			return
		}
		text, err := p.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var q crypto.PublicIdentity
		if err := q.UnmarshalText(text); err != nil || !q.Equal(p) {
			t.Fatalf("public identity does not round-trip: %v", err)
		}
	})
}
