package crypto

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"filippo.io/age"

	"github.com/kintsugi-app/kintsugi/crypto/internal/bech32"
)

// ed25519Info is the HKDF info string that derives the Ed25519 seed from the
// X25519 secret. Changing it changes every user's peer ID.
const ed25519Info = "kintsugi ed25519 v1"

// Identity is a profile's secret keys: an age X25519 identity and an Ed25519
// signing key derived from it. One 32-byte secret is the whole identity.
type Identity struct {
	scalar [32]byte
	age    *age.X25519Identity
	sign   ed25519.PrivateKey
	pub    PublicIdentity
	pubBin []byte // pub.publicBytes(), computed once
}

// GenerateIdentity returns a new random identity.
func GenerateIdentity() (*Identity, error) {
	a, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, fmt.Errorf("failed to generate identity: %w", err)
	}
	return identityFromAge(a)
}

// identityFromAge derives the full identity from an age X25519 identity.
func identityFromAge(a *age.X25519Identity) (*Identity, error) {
	hrp, scalar, err := bech32.Decode(a.String())
	if err != nil || !strings.EqualFold(hrp, "AGE-SECRET-KEY-") || len(scalar) != 32 {
		return nil, errors.New("malformed age identity")
	}
	id := &Identity{age: a}
	copy(id.scalar[:], scalar)
	seed, err := hkdf.Key(sha256.New, scalar, nil, ed25519Info, ed25519.SeedSize)
	if err != nil {
		return nil, fmt.Errorf("failed to derive signing key: %w", err)
	}
	id.sign = ed25519.NewKeyFromSeed(seed)
	id.pub = PublicIdentity{SigningKey: id.sign.Public().(ed25519.PublicKey), Recipient: a.Recipient()}
	id.pubBin = id.pub.publicBytes()
	return id, nil
}

// identityFromString parses an "AGE-SECRET-KEY-1..." line.
func identityFromString(s string) (*Identity, error) {
	a, err := age.ParseX25519Identity(strings.ToUpper(strings.TrimSpace(s)))
	if err != nil {
		return nil, err
	}
	return identityFromAge(a)
}

// SigningKey returns a copy of the Ed25519 private key.
func (id *Identity) SigningKey() ed25519.PrivateKey {
	return bytes.Clone(id.sign)
}

// AgeIdentity returns the age X25519 identity, to decrypt files with.
func (id *Identity) AgeIdentity() *age.X25519Identity {
	return id.age
}

// Public returns the public half of the identity, to give to the partner.
func (id *Identity) Public() PublicIdentity {
	return PublicIdentity{
		SigningKey: bytes.Clone(id.pub.SigningKey),
		Recipient:  id.pub.Recipient,
	}
}

// PublicIdentity is what a partner knows about the other: the Ed25519 public
// key (their libp2p peer ID and signature key) and the age recipient.
type PublicIdentity struct {
	SigningKey ed25519.PublicKey
	Recipient  *age.X25519Recipient
}

// Equal reports whether p and q are the same keys.
func (p PublicIdentity) Equal(q PublicIdentity) bool {
	if p.Recipient == nil || q.Recipient == nil {
		return p.Recipient == q.Recipient && p.SigningKey.Equal(q.SigningKey)
	}
	return p.SigningKey.Equal(q.SigningKey) && p.Recipient.String() == q.Recipient.String()
}

// IsZero reports whether p holds no keys.
func (p PublicIdentity) IsZero() bool {
	return len(p.SigningKey) == 0 && p.Recipient == nil
}

// errIncompleteIdentity means a PublicIdentity lacks its signing key or
// its age recipient: it can be neither written nor sealed to.
var errIncompleteIdentity = errors.New("incomplete public identity")

// complete reports whether p has both its keys.
func (p PublicIdentity) complete() bool {
	return len(p.SigningKey) == ed25519.PublicKeySize && p.Recipient != nil
}

// publicTextPrefix starts the text form of a PublicIdentity.
const publicTextPrefix = "kintsugi-public-v1:"

// MarshalText encodes p as "kintsugi-public-v1:<age recipient>:<base64url
// Ed25519 key>", one line safe for a config file.
func (p PublicIdentity) MarshalText() ([]byte, error) {
	if !p.complete() {
		return nil, errIncompleteIdentity
	}
	s := publicTextPrefix + p.Recipient.String() + ":" +
		base64.RawURLEncoding.EncodeToString(p.SigningKey)
	return []byte(s), nil
}

// UnmarshalText parses the form written by MarshalText.
func (p *PublicIdentity) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	rest, ok := strings.CutPrefix(s, publicTextPrefix)
	if !ok {
		return fmt.Errorf("malformed public identity: missing %q prefix", publicTextPrefix)
	}
	recip, sig, ok := strings.Cut(rest, ":")
	if !ok {
		return errors.New("malformed public identity: missing signing key")
	}
	r, err := age.ParseX25519Recipient(recip)
	if err != nil {
		return fmt.Errorf("malformed public identity: %w", err)
	}
	k, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || len(k) != ed25519.PublicKeySize {
		return errors.New("malformed public identity: invalid signing key")
	}
	p.SigningKey, p.Recipient = ed25519.PublicKey(k), r
	return nil
}

// String returns the text form, or "(incomplete public identity)".
func (p PublicIdentity) String() string {
	b, err := p.MarshalText()
	if err != nil {
		return "(incomplete public identity)"
	}
	return string(b)
}

// recipientBytes returns the raw 32-byte X25519 public key of r.
func recipientBytes(r *age.X25519Recipient) []byte {
	if r == nil {
		return nil
	}
	_, b, err := bech32.Decode(r.String())
	if err != nil {
		return nil
	}
	return b
}

// recipientFromBytes builds an age recipient from a raw X25519 public key.
func recipientFromBytes(b []byte) (*age.X25519Recipient, error) {
	if len(b) != 32 {
		return nil, errors.New("invalid X25519 public key length")
	}
	s, err := bech32.Encode("age", b)
	if err != nil {
		return nil, err
	}
	return age.ParseX25519Recipient(s)
}

// publicBytes is the canonical binary form: Ed25519 key then X25519 key.
func (p PublicIdentity) publicBytes() []byte {
	b := make([]byte, 0, 64)
	b = append(b, p.SigningKey...)
	return append(b, recipientBytes(p.Recipient)...)
}
