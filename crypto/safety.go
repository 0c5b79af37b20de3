package crypto

import (
	"crypto/sha512"
	"encoding/binary"
	"fmt"
	"strings"
	gosync "sync"
)

// Safety numbers are built as Signal's are: each identity has its own
// fingerprint, and the safety number is the two fingerprints side by side
// in a fixed order, so both screens show the same digits.
//
// A fingerprint is 25 digits (five groups of five, about 83 bits) of an
// iterated SHA-512 of the identity's public keys. Because each half depends
// on one identity only, a man in the middle must find a key of his own
// whose fingerprint equals a given partner's: a second preimage costing
// about 2^83 tries of FingerprintIterations hashes each, not a birthday
// search over two keys as a joint hash would allow.

// FingerprintIterations is how many times SHA-512 is applied, as in
// Signal's fingerprint (5200), to make each try costly.
const FingerprintIterations = 5200

const fingerprintVersion = "kintsugi fingerprint v2\x00"

// fingerprints caches fingerprints by public bytes: the screens ask often.
var fingerprints gosync.Map // string(publicBytes) -> string

// Fingerprint returns the identity's own half of a safety number: 25
// digits in five groups of five, for example "01234 56789 01234 56789 01234".
func Fingerprint(p PublicIdentity) string {
	pub := p.publicBytes()
	if v, ok := fingerprints.Load(string(pub)); ok {
		return v.(string)
	}
	h := sha512.Sum512(append([]byte(fingerprintVersion), pub...))
	for range FingerprintIterations - 1 {
		m := make([]byte, 0, len(h)+len(pub))
		m = append(append(m, h[:]...), pub...)
		h = sha512.Sum512(m)
	}
	groups := make([]string, 5)
	for i := range groups {
		// 5 bytes (40 bits) mod 10^5 per group, as Signal does: the bias is
		// below 2^-23 per group.
		var b [8]byte
		copy(b[3:], h[5*i:5*i+5])
		groups[i] = fmt.Sprintf("%05d", binary.BigEndian.Uint64(b[:])%100000)
	}
	f := strings.Join(groups, " ")
	fingerprints.Store(string(pub), f)
	return f
}

// SafetyNumber returns the number both partners compare aloud after pairing:
// the two identities' fingerprints, lower first, joined by " / ", for example
// "01234 56789 01234 56789 01234 / 98765 43210 98765 43210 98765". It is the
// same whichever order a and b are given in, and it changes if either
// partner's keys change.
func SafetyNumber(a, b PublicIdentity) string {
	x, y := Fingerprint(a), Fingerprint(b)
	if x > y {
		x, y = y, x
	}
	return x + " / " + y
}
