package crypto

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// SafetyNumber returns the number both partners compare aloud after pairing:
// 20 digits in four groups of five, for example "01234 56789 01234 56789".
// It is the same whichever order a and b are given in, and it changes if
// either partner's keys change.
//
// Twenty digits (about 66 bits) keep a man in the middle from grinding keys
// until the numbers on both screens match.
func SafetyNumber(a, b PublicIdentity) string {
	x, y := a.publicBytes(), b.publicBytes()
	if bytes.Compare(x, y) > 0 {
		x, y = y, x
	}
	h := sha256.New()
	h.Write([]byte("kintsugi safety number v1\x00"))
	h.Write(x)
	h.Write(y)
	sum := h.Sum(nil)
	// Two 64-bit values reduced mod 10^10: the bias is below 2^-30.
	hi := binary.BigEndian.Uint64(sum[0:8]) % 1e10
	lo := binary.BigEndian.Uint64(sum[8:16]) % 1e10
	return fmt.Sprintf("%05d %05d %05d %05d", hi/1e5, hi%1e5, lo/1e5, lo%1e5)
}
