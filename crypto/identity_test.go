package crypto_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/kintsugi-app/kintsugi/crypto"
)

func TestIdentityDerivationIsDeterministic(t *testing.T) {
	alice := testIdentity(t, "alice")
	again, err := crypto.ImportRecovery(crypto.ExportRecovery(alice))
	if err != nil {
		t.Fatal(err)
	}
	if !alice.Public().Equal(again.Public()) {
		t.Fatal("re-imported identity has different public keys")
	}
	if !bytes.Equal(alice.SigningKey(), again.SigningKey()) {
		t.Fatal("re-imported identity has a different signing key")
	}
	msg := []byte("hello")
	if !ed25519.Verify(alice.Public().SigningKey, msg, ed25519.Sign(alice.SigningKey(), msg)) {
		t.Fatal("signing key does not match public signing key")
	}
	if alice.AgeIdentity().Recipient().String() != alice.Public().Recipient.String() {
		t.Fatal("age identity does not match public recipient")
	}
}

func TestIdentitiesDiffer(t *testing.T) {
	a, b := newIdentity(t), newIdentity(t)
	if a.Public().Equal(b.Public()) {
		t.Fatal("two generated identities are equal")
	}
	if bytes.Equal(a.Public().SigningKey, b.Public().SigningKey) {
		t.Fatal("two generated identities share a signing key")
	}
}

func TestSigningKeyIsACopy(t *testing.T) {
	a := newIdentity(t)
	k := a.SigningKey()
	for i := range k {
		k[i] = 0
	}
	if bytes.Equal(a.SigningKey(), k) {
		t.Fatal("SigningKey exposes the internal key")
	}
}

func TestPublicIdentityText(t *testing.T) {
	alice := testIdentity(t, "alice")
	text, err := alice.Public().MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(text), "kintsugi-public-v1:age1") {
		t.Fatalf("unexpected text form %q", text)
	}
	var p crypto.PublicIdentity
	if err := p.UnmarshalText(text); err != nil {
		t.Fatal(err)
	}
	if !p.Equal(alice.Public()) {
		t.Fatal("round trip changed the public identity")
	}
	if p.String() != string(text) {
		t.Fatal("String differs from MarshalText")
	}

	bobText, _ := testIdentity(t, "bob").Public().MarshalText()
	aliceRecip, aliceSig, _ := strings.Cut(strings.TrimPrefix(string(text), "kintsugi-public-v1:"), ":")
	_, bobSig, _ := strings.Cut(strings.TrimPrefix(string(bobText), "kintsugi-public-v1:"), ":")
	bad := map[string]string{
		"empty":         "",
		"no prefix":     aliceRecip + ":" + aliceSig,
		"no signing":    "kintsugi-public-v1:" + aliceRecip,
		"bad recipient": "kintsugi-public-v1:age1qqqq:" + aliceSig,
		"short key":     "kintsugi-public-v1:" + aliceRecip + ":" + aliceSig[:20],
		"not base64":    "kintsugi-public-v1:" + aliceRecip + ":" + strings.Repeat("!", 43),
	}
	for name, s := range bad {
		t.Run(name, func(t *testing.T) {
			var p crypto.PublicIdentity
			if err := p.UnmarshalText([]byte(s)); err == nil {
				t.Fatalf("UnmarshalText(%q) succeeded", s)
			}
		})
	}
	// A mix of two people's keys parses but is not equal to either.
	var mixed crypto.PublicIdentity
	if err := mixed.UnmarshalText([]byte("kintsugi-public-v1:" + aliceRecip + ":" + bobSig)); err != nil {
		t.Fatal(err)
	}
	if mixed.Equal(alice.Public()) {
		t.Fatal("mixed identity equals alice")
	}
	if _, err := (crypto.PublicIdentity{}).MarshalText(); err == nil {
		t.Fatal("marshalled an empty public identity")
	}
	if !(crypto.PublicIdentity{}).IsZero() || alice.Public().IsZero() {
		t.Fatal("IsZero is wrong")
	}
}

func TestSafetyNumber(t *testing.T) {
	a, b, c := testIdentity(t, "alice").Public(), testIdentity(t, "bob").Public(), testIdentity(t, "carol").Public()
	ab, ba := crypto.SafetyNumber(a, b), crypto.SafetyNumber(b, a)
	if ab != ba {
		t.Fatalf("safety number depends on order: %q vs %q", ab, ba)
	}
	if !regexp.MustCompile(`^(\d{5} ){4}\d{5} / (\d{5} ){4}\d{5}$`).MatchString(ab) {
		t.Fatalf("safety number %q is not two fingerprints of five groups of five digits", ab)
	}
	// Per identity, as Signal's: each half is one partner's own
	// fingerprint, so changing one partner's keys changes only their half.
	fa, fb, fc := crypto.Fingerprint(a), crypto.Fingerprint(b), crypto.Fingerprint(c)
	if !strings.Contains(ab, fa) || !strings.Contains(ab, fb) {
		t.Fatalf("safety number %q does not hold the fingerprints %q and %q", ab, fa, fb)
	}
	if ac := crypto.SafetyNumber(a, c); !strings.Contains(ac, fa) || !strings.Contains(ac, fc) || strings.Contains(ac, fb) {
		t.Fatalf("another partner's safety number %q", ac)
	}
	if ab == crypto.SafetyNumber(a, c) || ab == crypto.SafetyNumber(c, b) {
		t.Fatal("safety number does not change with the keys")
	}
	// Changing only one half of one identity changes the number.
	half := crypto.PublicIdentity{SigningKey: a.SigningKey, Recipient: c.Recipient}
	if crypto.SafetyNumber(half, b) == ab {
		t.Fatal("safety number ignores the age recipient")
	}
}

func TestRecoveryRoundTripAndErrors(t *testing.T) {
	alice := testIdentity(t, "alice")
	exp := crypto.ExportRecovery(alice)
	if !bytes.Contains(exp, []byte("AGE-SECRET-KEY-1")) || !bytes.HasPrefix(exp, []byte("#")) {
		t.Fatalf("export does not look like an age identity file:\n%s", exp)
	}
	line := string(exp[bytes.Index(exp, []byte("AGE-SECRET-KEY-1")):])
	line = strings.TrimSpace(line)
	good := map[string]string{
		"export":         string(exp),
		"bare":           line,
		"crlf":           strings.ReplaceAll(string(exp), "\n", "\r\n"),
		"lower case":     strings.ToLower(line),
		"spaces":         "\n\n   " + line + "   \n\n",
		"comment inside": "# a\n\n" + line + "\n# b\n",
	}
	for name, s := range good {
		t.Run(name, func(t *testing.T) {
			id, err := crypto.ImportRecovery([]byte(s))
			if err != nil {
				t.Fatal(err)
			}
			if !id.Public().Equal(alice.Public()) {
				t.Fatal("imported a different identity")
			}
		})
	}
	bob := string(crypto.ExportRecovery(testIdentity(t, "bob")))
	bad := map[string]string{
		"empty":         "",
		"only comments": "# nothing\n# here\n",
		"two keys":      string(exp) + bob,
		"truncated":     line[:len(line)-3],
		"typo":          line[:20] + "Q" + line[21:],
		"public key":    alice.Public().Recipient.String(),
		"garbage":       "\x00\x01\x02",
	}
	for name, s := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := crypto.ImportRecovery([]byte(s))
			if !errors.Is(err, crypto.ErrRecoveryMalformed) {
				t.Fatalf("got %v, want ErrRecoveryMalformed", err)
			}
		})
	}
}

// A recovery file saved after pairing names the partner and carries their
// public identity in comment lines; it still reads as the same identity.
func TestRecoveryCarriesPartner(t *testing.T) {
	alice, bob := testIdentity(t, "alice"), testIdentity(t, "bob")
	pub := bob.Public()
	b := crypto.Recovery{Identity: alice, Name: "Alice\nX", Partner: &pub, PartnerName: "Bob"}.Marshal()
	r, err := crypto.ParseRecovery(b)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Identity.Public().Equal(alice.Public()) || r.Partner == nil || !r.Partner.Equal(bob.Public()) {
		t.Fatalf("parsed %+v", r)
	}
	if r.Name != "Alice X" || r.PartnerName != "Bob" {
		t.Errorf("names %q, %q", r.Name, r.PartnerName)
	}
	if id, err := crypto.ImportRecovery(b); err != nil || !id.Public().Equal(alice.Public()) {
		t.Errorf("ImportRecovery: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if !strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "AGE-SECRET-KEY-1") {
			t.Errorf("line %q is neither a comment nor the key: not an age identity file", line)
		}
	}
	bad := strings.Replace(string(b), "# kintsugi-partner: kintsugi-public-v1:", "# kintsugi-partner: kintsugi-public-v1:x", 1)
	if _, err := crypto.ParseRecovery([]byte(bad)); !errors.Is(err, crypto.ErrRecoveryMalformed) {
		t.Errorf("a damaged partner line: %v", err)
	}
}
