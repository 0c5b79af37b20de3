package crypto

import (
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"
)

// x25519Label is the HKDF info of age's X25519 stanza.
const x25519Label = "age-encryption.org/v1/X25519"

// x25519Recipient wraps an age file key for an X25519 public key exactly as
// age's own X25519Recipient does (the same "X25519" stanza: an ephemeral
// share, HKDF-SHA256 over ephemeral‖recipient, ChaCha20-Poly1305 with a
// zero nonce), so the result is a standard age file. It exists for speed:
// age v1.3.1 computes each X25519 through x/crypto's curve25519.X25519,
// which also derives a public key it throws away, so age does four scalar
// multiplications per recipient where two suffice. Those dominate sealing
// a small message.
type x25519Recipient struct {
	raw []byte // the recipient's 32-byte public key
	pub *ecdh.PublicKey
}

func newX25519Recipient(r *age.X25519Recipient) (*x25519Recipient, error) {
	raw := recipientBytes(r)
	pub, err := ecdh.X25519().NewPublicKey(raw)
	if err != nil {
		return nil, fmt.Errorf("invalid age recipient: %w", err)
	}
	return &x25519Recipient{raw: raw, pub: pub}, nil
}

// Wrap implements age.Recipient.
func (r *x25519Recipient) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	eph, err := ecdh.X25519().GenerateKey(rand.Reader) // one multiplication
	if err != nil {
		return nil, err
	}
	shared, err := eph.ECDH(r.pub) // the other; fails on a low-order point
	if err != nil {
		return nil, err
	}
	share := eph.PublicKey().Bytes()
	salt := make([]byte, 0, 64)
	salt = append(salt, share...)
	salt = append(salt, r.raw...)
	key, err := hkdf.Key(sha256.New, shared, salt, x25519Label, chacha20poly1305.KeySize)
	if err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.New(key)
	if err != nil {
		return nil, err
	}
	if len(fileKey) != 16 {
		return nil, errors.New("unexpected file key size")
	}
	// A zero nonce is safe: the key is fresh for every wrap.
	body := aead.Seal(nil, make([]byte, chacha20poly1305.NonceSize), fileKey, nil)
	return []*age.Stanza{{
		Type: "X25519",
		Args: []string{base64.RawStdEncoding.EncodeToString(share)},
		Body: body,
	}}, nil
}
