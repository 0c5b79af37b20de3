package sync

import "encoding/binary"

// uvarint reads a uvarint like binary.Uvarint, and also refuses one written
// longer than needed (n = -1): every message has exactly one encoding, so a
// decoder never accepts bytes it would not have written.
func uvarint(b []byte) (uint64, int) {
	v, n := binary.Uvarint(b)
	if n > 0 && n != uvarintLen(v) {
		return 0, -1
	}
	return v, n
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}
