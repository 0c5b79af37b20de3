package crypto_test

import (
	"bytes"
	"errors"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
)

var testAddrs = []string{
	"/ip4/192.168.1.23/tcp/4001",
	"/ip4/192.168.1.23/udp/4001/quic-v1",
	"/ip6/fe80::1c2b:3aff:fe4d:5e6f/tcp/4001",
	"/ip6/2001:db8::1/udp/4001/quic-v1",
	"/dns4/example.org/tcp/443/wss",
	"/ip4/010.0.0.1/tcp/1",      // not canonical: kept as text
	"/ip4/10.0.0.1/tcp/0004001", // not canonical: kept as text
}

func newTestInvite(t *testing.T, addrs []string) crypto.Invite {
	t.Helper()
	inv, err := crypto.NewInvite(testIdentity(t, "alice").Public(), addrs, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func TestInviteRoundTrip(t *testing.T) {
	for _, addrs := range [][]string{nil, testAddrs[:1], testAddrs} {
		inv := newTestInvite(t, addrs)
		code := inv.Code()
		if !strings.HasPrefix(code, "kintsugi1-") {
			t.Fatalf("code %q lacks the prefix", code)
		}
		got, err := crypto.ParseInvite(code)
		if err != nil {
			t.Fatalf("ParseInvite(%q): %v", code, err)
		}
		assertSameInvite(t, got, inv)
		t.Logf("%d addresses: %d characters", len(addrs), len(code))
	}
}

func assertSameInvite(t *testing.T, got, want crypto.Invite) {
	t.Helper()
	if !got.Inviter().Equal(want.Inviter()) {
		t.Error("inviter keys differ")
	}
	if got.Secret != want.Secret {
		t.Error("secret differs")
	}
	if !got.Expires.Equal(want.Expires) {
		t.Errorf("expiry %v, want %v", got.Expires, want.Expires)
	}
	if strings.Join(got.Addrs, " ") != strings.Join(want.Addrs, " ") {
		t.Errorf("addresses %q, want %q", got.Addrs, want.Addrs)
	}
}

func TestInviteIsCompact(t *testing.T) {
	code := strings.ReplaceAll(newTestInvite(t, testAddrs[:2]).Code(), "-", "")
	// 32+32+16 bytes of keys and secret alone need 128 base32 characters.
	if len(code) > 200 {
		t.Fatalf("invite with two LAN addresses is %d characters long", len(code))
	}
}

func TestInviteSecretsAreFresh(t *testing.T) {
	a, b := newTestInvite(t, nil), newTestInvite(t, nil)
	if a.Secret == b.Secret || a.Secret == [16]byte{} {
		t.Fatal("invite secrets repeat or are zero")
	}
}

func TestInviteTolerantParsing(t *testing.T) {
	inv := newTestInvite(t, testAddrs[:2])
	code := inv.Code()
	bare := strings.ReplaceAll(code, "-", "")
	variants := map[string]string{
		"upper case":     strings.ToUpper(code),
		"no dashes":      bare,
		"spaces":         strings.ReplaceAll(code, "-", " "),
		"line breaks":    bare[:40] + "\n" + bare[40:80] + "\r\n" + bare[80:],
		"surrounding":    "  \t" + code + "\n",
		"en dashes":      strings.ReplaceAll(code, "-", "\u2013"),
		"o for zero":     "kintsugi1" + strings.ReplaceAll(bare[9:], "0", "o"),
		"l and i for 1":  "kintsugi1" + strings.ReplaceAll(strings.ReplaceAll(bare[9:], "1", "l"), "l1", "li"),
		"mixed case pfx": "KinTsuGi1" + bare[9:],
	}
	for name, s := range variants {
		t.Run(name, func(t *testing.T) {
			got, err := crypto.ParseInvite(s)
			if err != nil {
				t.Fatalf("ParseInvite: %v", err)
			}
			assertSameInvite(t, got, inv)
		})
	}
}

func TestInviteTypos(t *testing.T) {
	inv := newTestInvite(t, testAddrs[:2])
	code := inv.Code()
	body := strings.ReplaceAll(strings.TrimPrefix(code, "kintsugi1-"), "-", "")
	swap := func(i int) string { // replace one character with a different valid one
		c := byte('2')
		if body[i] == '2' {
			c = '3'
		}
		return "kintsugi1" + body[:i] + string(c) + body[i+1:]
	}
	n := len(body)
	cases := []struct {
		name  string
		code  string
		where string
	}{
		{"start", swap(2), "near the start"},
		{"middle", swap(n / 2), "in the middle"},
		{"end", swap(n - 3), "near the end"},
		{"dropped char", "kintsugi1" + body[:n/2] + body[n/2+1:], "in the middle"},
		{"added char", "kintsugi1" + body[:n-5] + "x" + body[n-5:], "near the end"},
		{"swapped pair", "kintsugi1" + body[:10] + string(body[11]) + string(body[10]) + body[12:], "near the start"},
		{"truncated", "kintsugi1" + body[:n-10], ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "swapped pair" && body[10] == body[11] {
				t.Skip("the two characters are equal in this code")
			}
			_, err := crypto.ParseInvite(c.code)
			if !errors.Is(err, crypto.ErrInviteTypo) {
				t.Fatalf("got %v, want ErrInviteTypo", err)
			}
			var te *crypto.InviteTypoError
			if !errors.As(err, &te) {
				t.Fatalf("error %T is not an *InviteTypoError", err)
			}
			if c.where != "" && !strings.Contains(err.Error(), c.where) {
				t.Errorf("error %q does not say %q", err, c.where)
			}
		})
	}
}

func TestInviteTypoIsAlwaysCaught(t *testing.T) {
	// Every single-character substitution anywhere in the code is caught.
	inv := newTestInvite(t, testAddrs[:1])
	body := strings.ReplaceAll(strings.TrimPrefix(inv.Code(), "kintsugi1-"), "-", "")
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	placed := 0
	for i := range body {
		for _, c := range []byte{alphabet[(strings.IndexByte(alphabet, body[i])+1)%32], alphabet[(strings.IndexByte(alphabet, body[i])+17)%32]} {
			_, err := crypto.ParseInvite("kintsugi1" + body[:i] + string(c) + body[i+1:])
			var te *crypto.InviteTypoError
			if !errors.As(err, &te) {
				t.Fatalf("substitution at %d: got %v, want a typo error", i, err)
			}
			if g := i/5 + 1; te.Group <= g && g <= te.LastGroup {
				placed++
			}
		}
	}
	if total := 2 * len(body); placed != total {
		t.Fatalf("only %d of %d typos placed in the right group", placed, total)
	}
}

func TestInviteUnusedBits(t *testing.T) {
	// The last data character carries a few bits that encode nothing. A typo
	// that changes only those must be caught, not read as the same invite.
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	tested := 0
	for n := range len(testAddrs) + 1 {
		inv := newTestInvite(t, testAddrs[:n])
		body := strings.ReplaceAll(strings.TrimPrefix(inv.Code(), "kintsugi1-"), "-", "")
		dataChars := len(body) - (len(body)+9)/10 // one check character per segment of ten
		if dataChars*5%8 == 0 {
			continue // no unused bits in this code
		}
		i := len(body) - 2 // the last data character
		c := alphabet[strings.IndexByte(alphabet, body[i])^1]
		// Try every check character, so the segment check passes once.
		for k := range 32 {
			code := "kintsugi1" + body[:i] + string(c) + string(alphabet[k])
			if _, err := crypto.ParseInvite(code); !errors.Is(err, crypto.ErrInviteTypo) {
				t.Fatalf("%d addresses, check %q: got %v, want ErrInviteTypo", n, alphabet[k], err)
			}
		}
		tested++
	}
	if tested == 0 {
		t.Fatal("no code had unused bits")
	}
}

func TestInviteTypoPastSegmentCheck(t *testing.T) {
	// Each segment's check character has 5 bits, so one substitution in 32
	// passes it; the typo must still be placed, never read as another invite.
	inv := newTestInvite(t, testAddrs[:2])
	body := strings.ReplaceAll(strings.TrimPrefix(inv.Code(), "kintsugi1-"), "-", "")
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	groups := (len(body) + 4) / 5
	tried := 0
	for i := range body {
		if i%10 == 9 {
			continue // a check character
		}
		for k := range 32 {
			c := alphabet[k]
			if c == body[i] {
				continue
			}
			code := "kintsugi1" + body[:i] + string(c) + body[i+1:]
			_, err := crypto.ParseInvite(code)
			var te *crypto.InviteTypoError
			if !errors.As(err, &te) {
				t.Fatalf("substitution %q at %d: got %v, want a typo error", c, i, err)
			}
			if g := i/5 + 1; te.Group > g || g > te.LastGroup || te.Groups != groups {
				t.Errorf("substitution %q at %d (group %d of %d): error says %q", c, i, g, groups, err)
			}
			tried++
		}
		if tried > 2000 {
			break
		}
	}
}

func TestInviteMalformed(t *testing.T) {
	bad := map[string]string{
		"empty":        "",
		"other prefix": "kintsugi2-abcde",
		"no prefix":    "abcdefghjk",
		"bad char":     "kintsugi1-abcde-fghj#",
		"unicode":      "kintsugi1-ab\u00e9de",
		"only prefix":  "kintsugi1",
		"short":        "kintsugi1-abc",
		"half a code":  "kintsugi1-" + strings.Repeat("a", 90),
	}
	for name, s := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := crypto.ParseInvite(s)
			if !errors.Is(err, crypto.ErrInviteMalformed) {
				t.Fatalf("got %v, want ErrInviteMalformed", err)
			}
		})
	}
}

func TestInviteExpiry(t *testing.T) {
	inv := newTestInvite(t, testAddrs[:1])
	if inv.Expired(time.Now()) {
		t.Fatal("fresh invite is expired")
	}
	if !inv.Expired(inv.Expires) || !inv.Expired(time.Now().Add(2*time.Hour)) {
		t.Fatal("invite does not expire")
	}
	later := inv.Expires.Add(time.Second)
	got, err := crypto.ParseInviteAt(inv.Code(), later)
	if !errors.Is(err, crypto.ErrInviteExpired) {
		t.Fatalf("got %v, want ErrInviteExpired", err)
	}
	if got.Secret != inv.Secret {
		t.Fatal("expired invite is not returned alongside the error")
	}
	if _, err := crypto.ParseInviteAt(inv.Code(), inv.Expires.Add(-time.Second)); err != nil {
		t.Fatalf("invite refused before its expiry: %v", err)
	}
}

func TestNewInviteErrors(t *testing.T) {
	alice := testIdentity(t, "alice").Public()
	long := []string{"/dns4/" + strings.Repeat("a", 600) + "/tcp/1"}
	many := make([]string, 40)
	for i := range many {
		many[i] = "/ip4/10.0.0.1/tcp/1"
	}
	cases := map[string]func() error{
		"no keys":      func() error { _, err := crypto.NewInvite(crypto.PublicIdentity{}, nil, time.Hour); return err },
		"zero ttl":     func() error { _, err := crypto.NewInvite(alice, nil, 0); return err },
		"long address": func() error { _, err := crypto.NewInvite(alice, long, time.Hour); return err },
		"too many":     func() error { _, err := crypto.NewInvite(alice, many, time.Hour); return err },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			if f() == nil {
				t.Fatal("NewInvite succeeded")
			}
		})
	}
}

func TestInviteQRCode(t *testing.T) {
	inv := newTestInvite(t, testAddrs[:2])
	b, err := inv.QRCode(256)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("QR code is not a PNG: %v", err)
	}
	if img.Bounds().Dx() != 256 {
		t.Fatalf("QR code is %d pixels wide, want 256", img.Bounds().Dx())
	}
	// What the QR code holds parses back to the same invite.
	got, err := crypto.ParseInvite(strings.ToUpper(inv.Code()))
	if err != nil {
		t.Fatal(err)
	}
	assertSameInvite(t, got, inv)
}
