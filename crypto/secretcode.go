package crypto

import (
	"errors"
	"fmt"
	"strings"
)

// A secret code is the short form of just an invite's one-time secret, for
// a partner who picks the inviter's laptop from those found on the local
// network instead of entering the whole invite: 26 Crockford base32
// characters holding the 128 bits and one check character, in groups of
// four, such as "7K3M-...-Q2X". Without the rest of the invite, a secret
// code only works against a device that proves it knows the same secret.

// Errors from secret codes, for callers to branch on with errors.Is.
var (
	// ErrSecretCodeTypo means the secret code's check character does not
	// match: a character was mistyped.
	ErrSecretCodeTypo = errors.New("secret code has a typo")
	// ErrSecretCodeMalformed means the text is not a secret code at all: a
	// wrong length or characters that never appear in one.
	ErrSecretCodeMalformed = errors.New("this is not a kintsugi secret code")
)

const (
	secretChars     = 26 // base32 of 16 bytes
	secretGroupSize = 4
)

// SecretCode returns the invite's secret alone as a short code to type, for
// joining a device found on the local network. See [ParseSecretCode].
func (inv Invite) SecretCode() string {
	return FormatSecretCode(inv.Secret)
}

// FormatSecretCode formats a secret as a secret code.
func FormatSecretCode(secret [16]byte) string {
	s := crockford.EncodeToString(secret[:])
	s += string(secretCheck(s))
	s = strings.ToUpper(s)
	var out strings.Builder
	for i := 0; i < len(s); i += secretGroupSize {
		if i > 0 {
			out.WriteByte('-')
		}
		out.WriteString(s[i:min(i+secretGroupSize, len(s))])
	}
	return out.String()
}

// ParseSecretCode reads a code made by [FormatSecretCode]. Like
// [ParseInvite] it ignores case, spaces and dashes and reads o, i and l as
// 0, 1 and 1. Failures wrap [ErrSecretCodeTypo] or [ErrSecretCodeMalformed].
func ParseSecretCode(code string) ([16]byte, error) {
	var secret [16]byte
	s := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '-', '_', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u00a0':
			return -1
		case 'o', 'O':
			return '0'
		case 'i', 'I', 'l', 'L':
			return '1'
		}
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, code)
	for _, r := range s {
		if !strings.ContainsRune(crockfordAlphabet, r) {
			return secret, fmt.Errorf("%w: it contains %q, which never appears in a code", ErrSecretCodeMalformed, r)
		}
	}
	switch {
	case len(s) < secretChars+1:
		return secret, fmt.Errorf("%w: it is too short, part of it may be missing (it has %d of %d characters)", ErrSecretCodeMalformed, len(s), secretChars+1)
	case len(s) > secretChars+1:
		return secret, fmt.Errorf("%w: it is too long (it has %d of %d characters); is it the whole invite code?", ErrSecretCodeMalformed, len(s), secretChars+1)
	}
	data, check := s[:secretChars], s[secretChars]
	raw, err := decodeCanonical(data)
	if err != nil || len(raw) != len(secret) || secretCheck(data) != check {
		return secret, ErrSecretCodeTypo
	}
	copy(secret[:], raw)
	return secret, nil
}

// secretCheck is one Crockford character checking a secret code's data:
// Luhn mod 32, which catches every single mistyped character (a hash-based
// check would miss one in 32) and most swaps of neighbours.
func secretCheck(data string) byte {
	const n = 32
	factor, sum := 2, 0
	for i := len(data) - 1; i >= 0; i-- {
		addend := factor * strings.IndexByte(crockfordAlphabet, data[i])
		factor = 3 - factor
		sum += addend/n + addend%n
	}
	return crockfordAlphabet[(n-sum%n)%n]
}
