package sync

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// ProtocolVersion is the version of the sync protocol this package speaks,
// sent in the hello. The libp2p protocol ID carries the same number.
const ProtocolVersion = 1

// CoupleID identifies the couple's shared document on the wire. Both
// partners derive the same value from their two public signing keys, so a
// hello from another couple's document is recognised and refused.
type CoupleID [16]byte

// NewCoupleID derives the couple ID from the two partners' signing keys, in
// either order.
func NewCoupleID(a, b ed25519.PublicKey) CoupleID {
	if bytes.Compare(a, b) > 0 {
		a, b = b, a
	}
	h := sha256.New()
	h.Write([]byte("kintsugi couple v1"))
	h.Write(a)
	h.Write(b)
	var id CoupleID
	copy(id[:], h.Sum(nil))
	return id
}

// hello is the first frame each side sends on /kintsugi/sync/1.
type hello struct {
	Version int      // ProtocolVersion of the sender
	Schema  int      // doc.SchemaVersion of the sender's program
	Couple  CoupleID // which document
	Empty   bool     // the sender's document holds only the genesis
}

const helloFlagEmpty = 1 << 0

func (h hello) marshal() []byte {
	b := binary.AppendUvarint(nil, uint64(h.Version))
	b = binary.AppendUvarint(b, uint64(h.Schema))
	b = append(b, h.Couple[:]...)
	var flags uint64
	if h.Empty {
		flags |= helloFlagEmpty
	}
	return binary.AppendUvarint(b, flags)
}

// parseHello decodes a hello. Bytes after the known fields are ignored, so
// later versions can add fields.
func parseHello(b []byte) (hello, error) {
	var h hello
	v, n := uvarint(b)
	if n <= 0 || v > 1<<20 {
		return h, fmt.Errorf("%w: bad hello version", ErrProtocol)
	}
	b = b[n:]
	s, n := uvarint(b)
	if n <= 0 || s > 1<<20 {
		return h, fmt.Errorf("%w: bad hello schema", ErrProtocol)
	}
	b = b[n:]
	if len(b) < len(h.Couple) {
		return h, fmt.Errorf("%w: short hello", ErrProtocol)
	}
	copy(h.Couple[:], b)
	b = b[len(h.Couple):]
	flags, n := uvarint(b)
	if n <= 0 {
		return h, fmt.Errorf("%w: bad hello flags", ErrProtocol)
	}
	h.Version, h.Schema, h.Empty = int(v), int(s), flags&helloFlagEmpty != 0
	return h, nil
}
