package crypto

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"filippo.io/age"
)

// Errors from [Open], for callers to branch on with errors.Is.
var (
	// ErrNotForMe means the sealed bundle is not encrypted to, or not
	// addressed to, the opening identity.
	ErrNotForMe = errors.New("sealed bundle is not addressed to this identity")
	// ErrTampered means the bundle was changed, truncated or is not a bundle.
	ErrTampered = errors.New("sealed bundle is damaged or was tampered with")
	// ErrWrongSender means the bundle is valid but signed by someone other
	// than the expected sender.
	ErrWrongSender = errors.New("sealed bundle is from an unexpected sender")
	// ErrWrongPurpose means the bundle is valid but was sealed for another purpose.
	ErrWrongPurpose = errors.New("sealed bundle was made for a different purpose")
	// ErrReplay means the bundle's sequence number is not newer than the
	// last one seen from this sender.
	ErrReplay = errors.New("sealed bundle is older than one already received")
)

const (
	sealMagic     = "KSB1"
	sealContext   = "kintsugi sealed bundle v1\x00"
	maxPurpose    = 255
	maxRecipients = 255
	pubSize       = 64 // Ed25519 key then X25519 key
)

// Seal signs payload with the sender's Ed25519 key and encrypts it with age
// to every identity in to (include the sender to be able to read it back).
//
// The signature covers a domain-separated context: the purpose (a short
// label such as "kintsugi bundle" that keeps a signature made for one use
// from being accepted for another), the sender, the whole recipient set, seq
// and the SHA-256 of the payload. Use an increasing seq per sender and
// purpose, starting at 1: [Open] rejects replays with it.
func Seal(sender *Identity, purpose string, seq uint64, to []PublicIdentity, payload []byte) ([]byte, error) {
	if purpose == "" || len(purpose) > maxPurpose {
		return nil, fmt.Errorf("purpose must be 1 to %d bytes", maxPurpose)
	}
	if len(to) == 0 || len(to) > maxRecipients {
		return nil, fmt.Errorf("must seal to 1 to %d recipients", maxRecipients)
	}
	recips := make([][]byte, 0, len(to))
	ageRecips := make([]age.Recipient, 0, len(to))
	for _, p := range to {
		if !p.complete() {
			return nil, fmt.Errorf("%w among recipients", errIncompleteIdentity)
		}
		pb := p.publicBytes()
		if slices.ContainsFunc(recips, func(q []byte) bool { return bytes.Equal(q, pb) }) {
			continue
		}
		recips = append(recips, pb)
		ageRecips = append(ageRecips, p.Recipient)
	}
	slices.SortFunc(recips, bytes.Compare)

	hdr := make([]byte, 0, 4+1+len(purpose)+pubSize+1+len(recips)*pubSize+8)
	hdr = append(hdr, sealMagic...)
	hdr = append(hdr, byte(len(purpose)))
	hdr = append(hdr, purpose...)
	hdr = append(hdr, sender.pubBin...)
	hdr = append(hdr, byte(len(recips)))
	for _, r := range recips {
		hdr = append(hdr, r...)
	}
	hdr = binary.BigEndian.AppendUint64(hdr, seq)
	sig := ed25519.Sign(sender.sign, signedMessage(hdr, payload))

	// age's stream adds 16 bytes per 64 KiB chunk, and each recipient a stanza.
	size := len(hdr) + len(sig) + len(payload)
	out := bytes.NewBuffer(make([]byte, 0, size+size/4096+200*len(ageRecips)+256))
	w, err := age.Encrypt(out, ageRecips...)
	if err != nil {
		return nil, fmt.Errorf("failed to encrypt: %w", err)
	}
	for _, part := range [][]byte{hdr, sig, payload} {
		if _, err := w.Write(part); err != nil {
			return nil, fmt.Errorf("failed to encrypt: %w", err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("failed to encrypt: %w", err)
	}
	return out.Bytes(), nil
}

// signedMessage is what the Ed25519 signature covers.
func signedMessage(hdr, payload []byte) []byte {
	h := sha256.Sum256(payload)
	m := make([]byte, 0, len(sealContext)+len(hdr)+len(h))
	m = append(m, sealContext...)
	m = append(m, hdr...)
	return append(m, h[:]...)
}

// Open decrypts a sealed bundle with me, checks that it was signed by from
// (the partner's pinned keys) for purpose and addressed to me, and that its
// sequence number is above lastSeq (0 means none seen yet). It returns the
// payload and its sequence number, or an error wrapping [ErrNotForMe],
// [ErrTampered], [ErrWrongSender], [ErrWrongPurpose] or [ErrReplay].
// Nothing from a bundle that fails is returned.
func Open(me *Identity, from PublicIdentity, purpose string, lastSeq uint64, sealed []byte) (payload []byte, seq uint64, err error) {
	plain, err := decryptBytes(sealed, me.age)
	if errors.Is(err, ErrNotDecryptable) {
		return nil, 0, ErrNotForMe
	}
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %v", ErrTampered, err)
	}
	b := plain
	bad := func(what string) ([]byte, uint64, error) {
		return nil, 0, fmt.Errorf("%w: %s", ErrTampered, what)
	}
	if len(b) < 4+1 || string(b[:4]) != sealMagic {
		return bad("not a sealed bundle")
	}
	pl := int(b[4])
	off := 5 + pl
	if pl == 0 || len(b) < off+pubSize+1 {
		return bad("truncated header")
	}
	gotPurpose := string(b[5:off])
	senderBytes := b[off : off+pubSize]
	off += pubSize
	n := int(b[off])
	off++
	if n == 0 || len(b) < off+n*pubSize+8+ed25519.SignatureSize {
		return bad("truncated header")
	}
	recips := b[off : off+n*pubSize]
	off += n * pubSize
	seq = binary.BigEndian.Uint64(b[off:])
	off += 8
	hdr := b[:off]
	sig := b[off : off+ed25519.SignatureSize]
	payload = b[off+ed25519.SignatureSize:]

	if !ed25519.Verify(ed25519.PublicKey(senderBytes[:32]), signedMessage(hdr, payload), sig) {
		return bad("bad signature")
	}
	if !bytes.Equal(senderBytes, from.publicBytes()) {
		return nil, 0, ErrWrongSender
	}
	if gotPurpose != purpose {
		return nil, 0, fmt.Errorf("%w: %q, expected %q", ErrWrongPurpose, gotPurpose, purpose)
	}
	mine := me.pubBin
	addressed := false
	for i := 0; i < n; i++ {
		if bytes.Equal(recips[i*pubSize:(i+1)*pubSize], mine) {
			addressed = true
		}
	}
	if !addressed {
		return nil, 0, ErrNotForMe
	}
	if lastSeq != 0 && seq <= lastSeq {
		return nil, 0, fmt.Errorf("%w: sequence %d, already saw %d", ErrReplay, seq, lastSeq)
	}
	return payload, seq, nil
}
