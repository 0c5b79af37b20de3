package crypto_test

import (
	"bytes"
	"errors"
	"testing"

	"filippo.io/age"

	"github.com/kintsugi-app/kintsugi/crypto"
)

const purpose = "kintsugi test bundle"

func TestSealOpenRoundTrip(t *testing.T) {
	alice, bob := testIdentity(t, "alice"), testIdentity(t, "bob")
	both := []crypto.PublicIdentity{alice.Public(), bob.Public()}
	for _, size := range []int{0, 1, 300, 64 << 10, 1 << 20} {
		payload := bytes.Repeat([]byte{byte(size)}, size)
		sealed, err := crypto.Seal(alice, purpose, 7, both, payload)
		if err != nil {
			t.Fatal(err)
		}
		for _, me := range []*crypto.Identity{alice, bob} {
			got, seq, err := crypto.Open(me, alice.Public(), purpose, 6, sealed)
			if err != nil {
				t.Fatalf("size %d: Open: %v", size, err)
			}
			if seq != 7 || !bytes.Equal(got, payload) {
				t.Fatalf("size %d: got seq %d and %d bytes", size, seq, len(got))
			}
		}
	}
}

func TestSealIsAStandardAgeFile(t *testing.T) {
	alice, bob := testIdentity(t, "alice"), testIdentity(t, "bob")
	sealed, err := crypto.Seal(alice, purpose, 1, []crypto.PublicIdentity{bob.Public()}, []byte("secret words"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(sealed, []byte("age-encryption.org/v1\n")) {
		t.Fatal("sealed bundle is not an age file")
	}
	if bytes.Contains(sealed, []byte("secret words")) {
		t.Fatal("payload visible in the sealed bundle")
	}
	if _, err := age.Decrypt(bytes.NewReader(sealed), bob.AgeIdentity()); err != nil {
		t.Fatalf("age cannot decrypt the bundle: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	alice, bob, carol := testIdentity(t, "alice"), testIdentity(t, "bob"), testIdentity(t, "carol")
	ab := []crypto.PublicIdentity{alice.Public(), bob.Public()}
	seal := func(sender *crypto.Identity, purpose string, seq uint64, to []crypto.PublicIdentity) []byte {
		t.Helper()
		b, err := crypto.Seal(sender, purpose, seq, to, []byte("payload of the bundle"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	good := seal(alice, purpose, 5, ab)
	flip := func(b []byte, i int) []byte {
		c := bytes.Clone(b)
		if i < 0 {
			i += len(c)
		}
		c[i] ^= 0x01
		return c
	}
	// carol seals a bundle to bob and herself claiming nothing: a valid file from a third key.
	fromCarol := seal(carol, purpose, 9, []crypto.PublicIdentity{bob.Public(), carol.Public()})
	// alice's bundle addressed to carol, re-encrypted by carol to bob: forwarded.
	forwarded := reencrypt(t, seal(alice, purpose, 6, []crypto.PublicIdentity{alice.Public(), carol.Public()}), carol, bob)

	cases := []struct {
		name    string
		me      *crypto.Identity
		from    crypto.PublicIdentity
		purpose string
		lastSeq uint64
		sealed  []byte
		want    error
	}{
		{"wrong recipient", carol, alice.Public(), purpose, 0, good, crypto.ErrNotForMe},
		{"forwarded to me", bob, alice.Public(), purpose, 0, forwarded, crypto.ErrNotForMe},
		{"tampered body", bob, alice.Public(), purpose, 0, flip(good, -20), crypto.ErrTampered},
		{"tampered header", bob, alice.Public(), purpose, 0, flip(good, 30), crypto.ErrTampered},
		{"truncated", bob, alice.Public(), purpose, 0, good[:len(good)-10], crypto.ErrTampered},
		{"truncated header", bob, alice.Public(), purpose, 0, good[:40], crypto.ErrTampered},
		{"empty", bob, alice.Public(), purpose, 0, nil, crypto.ErrTampered},
		{"not age", bob, alice.Public(), purpose, 0, []byte("hello there"), crypto.ErrTampered},
		{"age but not a bundle", bob, alice.Public(), purpose, 0, ageEncrypt(t, []byte("plain"), bob), crypto.ErrTampered},
		{"forged signature", bob, alice.Public(), purpose, 0, forgeSignature(t, good, bob), crypto.ErrTampered},
		{"third key", bob, alice.Public(), purpose, 0, fromCarol, crypto.ErrWrongSender},
		{"other purpose", bob, alice.Public(), "kintsugi pairing", 0, good, crypto.ErrWrongPurpose},
		{"replay same seq", bob, alice.Public(), purpose, 5, good, crypto.ErrReplay},
		{"replay older seq", bob, alice.Public(), purpose, 100, good, crypto.ErrReplay},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			payload, seq, err := crypto.Open(c.me, c.from, c.purpose, c.lastSeq, c.sealed)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if payload != nil || seq != 0 {
				t.Fatal("a failed Open returned data")
			}
		})
	}
}

func TestSealErrors(t *testing.T) {
	alice := testIdentity(t, "alice")
	to := []crypto.PublicIdentity{alice.Public()}
	long := string(bytes.Repeat([]byte("p"), 256))
	cases := map[string]func() error{
		"no purpose":      func() error { _, err := crypto.Seal(alice, "", 1, to, nil); return err },
		"long purpose":    func() error { _, err := crypto.Seal(alice, long, 1, to, nil); return err },
		"no recipients":   func() error { _, err := crypto.Seal(alice, purpose, 1, nil, nil); return err },
		"empty recipient": func() error { _, err := crypto.Seal(alice, purpose, 1, []crypto.PublicIdentity{{}}, nil); return err },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			if f() == nil {
				t.Fatal("Seal succeeded")
			}
		})
	}
}

func TestSealDuplicateRecipients(t *testing.T) {
	alice, bob := testIdentity(t, "alice"), testIdentity(t, "bob")
	sealed, err := crypto.Seal(alice, purpose, 1, []crypto.PublicIdentity{bob.Public(), bob.Public()}, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := crypto.Open(bob, alice.Public(), purpose, 0, sealed); err != nil {
		t.Fatal(err)
	}
}

// ageEncrypt encrypts b to id with plain age.
func ageEncrypt(t *testing.T, b []byte, id *crypto.Identity) []byte {
	t.Helper()
	var out bytes.Buffer
	w, err := age.Encrypt(&out, id.Public().Recipient)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// ageDecrypt decrypts b with id.
func ageDecrypt(t *testing.T, b []byte, id *crypto.Identity) []byte {
	t.Helper()
	r, err := age.Decrypt(bytes.NewReader(b), id.AgeIdentity())
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(r); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// reencrypt opens a bundle's age layer as from and encrypts the same inner
// bytes to to: what a recipient could do to forward a bundle.
func reencrypt(t *testing.T, sealed []byte, from, to *crypto.Identity) []byte {
	t.Helper()
	return ageEncrypt(t, ageDecrypt(t, sealed, from), to)
}

// forgeSignature changes the payload inside a bundle and re-encrypts it to
// me: the age layer is valid but the signature no longer matches.
func forgeSignature(t *testing.T, sealed []byte, me *crypto.Identity) []byte {
	t.Helper()
	inner := ageDecrypt(t, sealed, me)
	inner[len(inner)-1] ^= 0xff
	return ageEncrypt(t, inner, me)
}
