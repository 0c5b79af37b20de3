package crypto_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
)

func TestSecretCodeRoundTrip(t *testing.T) {
	var secret [16]byte
	for i := range secret {
		secret[i] = byte(i * 37)
	}
	code := crypto.FormatSecretCode(secret)
	if len(strings.ReplaceAll(code, "-", "")) != 27 || strings.Count(code, "-") != 6 {
		t.Fatalf("code %q: want 27 characters in 7 groups", code)
	}
	for _, in := range []string{code, strings.ToLower(code), strings.ReplaceAll(code, "-", " "), " " + strings.ReplaceAll(code, "-", "") + "\n"} {
		got, err := crypto.ParseSecretCode(in)
		if err != nil || got != secret {
			t.Fatalf("ParseSecretCode(%q) = %x, %v; want %x", in, got, err, secret)
		}
	}
	// o, i and l read as 0, 1 and 1.
	var zeros [16]byte
	z := crypto.FormatSecretCode(zeros)
	if got, err := crypto.ParseSecretCode(strings.ReplaceAll(z, "0", "O")); err != nil || got != zeros {
		t.Fatalf("O for 0: %x, %v", got, err)
	}
}

func TestSecretCodeErrors(t *testing.T) {
	var secret [16]byte
	secret[3] = 9
	code := crypto.FormatSecretCode(secret)
	flip := func(i int) string {
		b := []byte(code)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	for _, tc := range []struct {
		name, in string
		want     error
	}{
		{"empty", "", crypto.ErrSecretCodeMalformed},
		{"short", code[:len(code)-2], crypto.ErrSecretCodeMalformed},
		{"long", code + "7", crypto.ErrSecretCodeMalformed},
		{"bad character", "U" + code[1:], crypto.ErrSecretCodeMalformed},
		{"whole invite", "kintsugi1-" + code, crypto.ErrSecretCodeMalformed},
		{"typo first", flip(0), crypto.ErrSecretCodeTypo},
		{"typo check", flip(len(code) - 1), crypto.ErrSecretCodeTypo},
		{"swap", code[1:2] + code[0:1] + code[2:], crypto.ErrSecretCodeTypo},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.in == code {
				t.Skip("the edit left the code unchanged")
			}
			_, err := crypto.ParseSecretCode(tc.in)
			if !errors.Is(err, tc.want) {
				t.Fatalf("ParseSecretCode(%q) = %v, want %v", tc.in, err, tc.want)
			}
		})
	}
}

// TestSecretCodeCatchesEveryTypo: every single mistyped character, at every
// place, is refused (Luhn mod 32), and never read as another secret.
func TestSecretCodeCatchesEveryTypo(t *testing.T) {
	for _, text := range []string{"a secret of 16 b", "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f", "\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4\xf3\xf2\xf1\xf0"} {
		var secret [16]byte
		copy(secret[:], text)
		code := strings.ReplaceAll(crypto.FormatSecretCode(secret), "-", "")
		const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
		for i := range code {
			for _, c := range alphabet {
				if byte(c) == code[i] {
					continue
				}
				typo := code[:i] + string(c) + code[i+1:]
				got, err := crypto.ParseSecretCode(typo)
				if err == nil {
					t.Fatalf("typo %s (place %d) read as secret %x", typo, i, got)
				}
				if !errors.Is(err, crypto.ErrSecretCodeTypo) {
					t.Fatalf("typo %s: err = %v, want ErrSecretCodeTypo", typo, err)
				}
			}
		}
	}
}

func TestInviteSecretCode(t *testing.T) {
	id, err := crypto.GenerateIdentity()
	if err != nil {
		t.Fatal(err)
	}
	inv, err := crypto.NewInvite(id.Public(), nil, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	got, err := crypto.ParseSecretCode(inv.SecretCode())
	if err != nil || got != inv.Secret {
		t.Fatalf("secret code of an invite: %x, %v", got, err)
	}
}

func FuzzParseSecretCode(f *testing.F) {
	var s [16]byte
	f.Add(crypto.FormatSecretCode(s))
	copy(s[:], "0123456789abcdef")
	f.Add(crypto.FormatSecretCode(s))
	f.Add(strings.ToLower(crypto.FormatSecretCode(s)))
	f.Add("")
	f.Add("ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZ")
	f.Fuzz(func(t *testing.T, in string) {
		secret, err := crypto.ParseSecretCode(in)
		if err != nil {
			if !errors.Is(err, crypto.ErrSecretCodeTypo) && !errors.Is(err, crypto.ErrSecretCodeMalformed) {
				t.Fatalf("unnamed error %v", err)
			}
			return
		}
		again, err := crypto.ParseSecretCode(crypto.FormatSecretCode(secret))
		if err != nil || again != secret {
			t.Fatalf("round trip: %x, %v; want %x", again, err, secret)
		}
	})
}
