package crypto

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
	qrcode "github.com/skip2/go-qrcode"
)

// Invite is what one partner gives the other to pair: the inviter's public
// keys, the addresses to reach them at, when the invite stops working, and a
// one-time secret the two prove to each other when they connect.
type Invite struct {
	SigningKey ed25519.PublicKey    // the inviter's Ed25519 key (libp2p peer ID)
	Recipient  *age.X25519Recipient // the inviter's age recipient
	Addrs      []string             // multiaddrs, treated as opaque strings
	Expires    time.Time            // second precision
	Secret     [16]byte             // one-time secret, 128 bits
}

// Errors from invites, for callers to branch on with errors.Is.
var (
	// ErrInviteTypo means the code's checksum does not match: a character was
	// mistyped or lost. The error is an [*InviteTypoError] saying roughly where.
	ErrInviteTypo = errors.New("invite code has a typo")
	// ErrInviteMalformed means the text is not an invite code at all.
	ErrInviteMalformed = errors.New("this is not a kintsugi invite code")
	// ErrInviteExpired means the invite is past its expiry time.
	ErrInviteExpired = errors.New("invite has expired")
)

// InviteTypoError is returned for a code whose checksum fails. It wraps
// [ErrInviteTypo].
type InviteTypoError struct {
	// Group and LastGroup are the 1-based indexes of the first and last
	// dash-separated groups of the canonical code where the typo most likely
	// is, or 0 if it cannot be placed.
	Group, LastGroup int
	// Groups is the number of groups in the code.
	Groups int
}

func (e *InviteTypoError) Error() string {
	return "invite code has a typo " + e.Where()
}

// Where describes the typo's place in plain words, such as "near the end
// (groups 30-31 of 38)".
func (e *InviteTypoError) Where() string {
	if e.Group == 0 || e.Groups == 0 {
		return "somewhere in the code"
	}
	var part string
	switch f := float64(e.Group+e.LastGroup) / 2 / float64(e.Groups); {
	case f <= 1.0/3:
		part = "near the start"
	case f <= 2.0/3:
		part = "in the middle"
	default:
		part = "near the end"
	}
	if e.LastGroup > e.Group {
		return fmt.Sprintf("%s (groups %d-%d of %d)", part, e.Group, e.LastGroup, e.Groups)
	}
	return fmt.Sprintf("%s (group %d of %d)", part, e.Group, e.Groups)
}

func (e *InviteTypoError) Unwrap() error { return ErrInviteTypo }

// InvitePrefix starts every invite code.
const InvitePrefix = "kintsugi1"

const (
	inviteVersion = 1
	// The code is Crockford base32 (no i, l, o, u) of the payload and a
	// 4-byte checksum, cut into segments of segmentData characters, each
	// followed by one check character so that a typo can be placed.
	segmentData = 9
	groupSize   = 5
	// minCodeLen is well under the length of the shortest valid code (about
	// 160 characters without the prefix): anything shorter was not a whole code.
	minCodeLen = 100
	maxAddrs   = 32
	maxAddrLen = 512
)

const crockfordAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

var crockford = base32.NewEncoding(crockfordAlphabet).WithPadding(base32.NoPadding)

// NewInvite returns an invite from inviter, reachable at addrs, that expires
// after ttl, with a fresh random secret.
func NewInvite(inviter PublicIdentity, addrs []string, ttl time.Duration) (Invite, error) {
	if !inviter.complete() {
		return Invite{}, errIncompleteIdentity
	}
	if ttl <= 0 {
		return Invite{}, errors.New("invite lifetime must be positive")
	}
	if len(addrs) > maxAddrs {
		return Invite{}, fmt.Errorf("too many addresses (%d, at most %d)", len(addrs), maxAddrs)
	}
	for _, a := range addrs {
		if len(a) > maxAddrLen {
			return Invite{}, fmt.Errorf("address too long: %d bytes", len(a))
		}
	}
	inv := Invite{
		SigningKey: bytes.Clone(inviter.SigningKey),
		Recipient:  inviter.Recipient,
		Addrs:      append([]string(nil), addrs...),
		Expires:    time.Now().Add(ttl).Truncate(time.Second),
	}
	rand.Read(inv.Secret[:])
	return inv, nil
}

// Inviter returns the inviter's public identity.
func (inv Invite) Inviter() PublicIdentity {
	return PublicIdentity{SigningKey: inv.SigningKey, Recipient: inv.Recipient}
}

// Expired reports whether the invite no longer works at now.
func (inv Invite) Expired(now time.Time) bool {
	return !now.Before(inv.Expires)
}

// Code returns the invite as one copyable string: "kintsugi1-" and groups of
// five letters and digits, with checksums that catch and place typos.
func (inv Invite) Code() string {
	payload := inv.marshal()
	sum := inviteChecksum(payload)
	data := crockford.EncodeToString(append(payload, sum[:]...))
	var body strings.Builder
	for i, seg := 0, 0; i < len(data); i, seg = i+segmentData, seg+1 {
		part := data[i:min(i+segmentData, len(data))]
		body.WriteString(part)
		body.WriteByte(segmentCheck(seg, part))
	}
	s := body.String()
	var out strings.Builder
	out.WriteString(InvitePrefix)
	for i := 0; i < len(s); i += groupSize {
		out.WriteByte('-')
		out.WriteString(s[i:min(i+groupSize, len(s))])
	}
	return out.String()
}

// QRCode returns the code as a PNG QR image of size×size pixels. The code is
// upper-cased, which QR stores more compactly; [ParseInvite] ignores case.
func (inv Invite) QRCode(size int) ([]byte, error) {
	png, err := qrcode.Encode(strings.ToUpper(inv.Code()), qrcode.Medium, size)
	if err != nil {
		return nil, fmt.Errorf("failed to draw QR code: %w", err)
	}
	return png, nil
}

// ParseInvite parses a code made by [Invite.Code] and checks that it has not
// expired. It ignores case, spaces, line breaks and dashes, and reads the
// easily confused letters o, i and l as 0, 1 and 1. An expired invite is
// returned together with an error wrapping [ErrInviteExpired]; other failures
// wrap [ErrInviteTypo] (as an [*InviteTypoError]) or [ErrInviteMalformed].
func ParseInvite(code string) (Invite, error) {
	return ParseInviteAt(code, time.Now())
}

// ParseInviteAt is [ParseInvite] with the expiry checked against now.
func ParseInviteAt(code string, now time.Time) (Invite, error) {
	inv, err := parseInvite(code)
	if err != nil {
		return Invite{}, err
	}
	if inv.Expired(now) {
		return inv, fmt.Errorf("%w (it expired at %s)", ErrInviteExpired, inv.Expires.Local().Format("Jan 2 15:04"))
	}
	return inv, nil
}

func parseInvite(code string) (Invite, error) {
	s := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '-', '_', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u00a0':
			return -1
		}
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, code)
	rest, ok := strings.CutPrefix(s, InvitePrefix)
	if !ok {
		return Invite{}, fmt.Errorf("%w: it should start with %q", ErrInviteMalformed, InvitePrefix)
	}
	rest = strings.Map(func(r rune) rune {
		switch r {
		case 'o':
			return '0'
		case 'i', 'l':
			return '1'
		}
		return r
	}, rest)
	for _, r := range rest {
		if !strings.ContainsRune(crockfordAlphabet, r) {
			return Invite{}, fmt.Errorf("%w: it contains %q, which never appears in a code", ErrInviteMalformed, r)
		}
	}
	groups := (len(rest) + groupSize - 1) / groupSize
	// Split into segments and check each one to place a typo.
	if len(rest) < minCodeLen {
		return Invite{}, fmt.Errorf("%w: it is too short, part of it may be missing", ErrInviteMalformed)
	}
	var data strings.Builder
	firstBad, lastBad := 0, 0
	for i, seg := 0, 0; i < len(rest); i, seg = i+segmentData+1, seg+1 {
		end := min(i+segmentData+1, len(rest))
		if end-i < 2 {
			// A lone trailing character: a character was added or dropped.
			if firstBad == 0 {
				firstBad, lastBad = i+1, i+1
			}
			break
		}
		part, check := rest[i:end-1], rest[end-1]
		if segmentCheck(seg, part) != check && firstBad == 0 {
			firstBad, lastBad = i+1, end
		}
		data.WriteString(part)
	}
	raw, err := decodeCanonical(data.String())
	typo := func() error {
		if firstBad == 0 {
			// Every segment check passed (each is only 5 bits, so one typo
			// in 32 slips through one): look for the single edit that
			// would make the code whole, only to say where it is.
			firstBad, lastBad = locateTypo(rest)
		}
		e := &InviteTypoError{Groups: groups}
		if firstBad > 0 {
			e.Group = (firstBad-1)/groupSize + 1
			e.LastGroup = (lastBad-1)/groupSize + 1
		}
		return e
	}
	if err != nil {
		return Invite{}, typo()
	}
	payload, sum := raw[:len(raw)-4], raw[len(raw)-4:]
	want := inviteChecksum(payload)
	if string(sum) != string(want[:]) || firstBad > 0 {
		return Invite{}, typo()
	}
	inv, err := unmarshalInvite(payload)
	if err != nil {
		return Invite{}, fmt.Errorf("%w: %v", ErrInviteMalformed, err)
	}
	return inv, nil
}

// maxLocateLen bounds the codes [locateTypo] searches: the search costs
// about 66 candidate codes per character. Codes with a few addresses are
// about 200 characters long.
const maxLocateLen = 1000

// locateTypo finds the 1-based range of characters in rest (the code without
// prefix or dashes, all of whose segment checks pass) touched by the one
// changed, dropped, added or swapped character that would make it a valid
// code. It returns 0, 0 if no such edit exists. The edited code is never
// used: a code with a typo is never misread as another invite.
func locateTypo(rest string) (first, last int) {
	if len(rest) > maxLocateLen {
		return 0, 0
	}
	found := func(i, j int) {
		if first == 0 || i < first {
			first = i
		}
		last = max(last, j)
	}
	// Segments wholly before position i are unchanged by an edit at i and
	// already passed their checks, so wholeFrom starts at the edited one.
	for i := 0; i <= len(rest); i++ {
		for k := range 32 {
			c := crockfordAlphabet[k]
			if i < len(rest) && c != rest[i] && wholeFrom(rest[:i]+string(c)+rest[i+1:], i) {
				found(i+1, i+1) // changed
			}
			if wholeFrom(rest[:i]+string(c)+rest[i:], i) {
				found(max(i, 1), min(i+1, len(rest))) // dropped before i+1
			}
		}
		if i < len(rest) && wholeFrom(rest[:i]+rest[i+1:], i) {
			found(i+1, i+1) // added
		}
		if i+1 < len(rest) && rest[i] != rest[i+1] && wholeFrom(rest[:i]+rest[i+1:i+2]+rest[i:i+1]+rest[i+2:], i) {
			found(i+1, i+2) // swapped
		}
	}
	return first, last
}

// wholeFrom reports whether s is a valid code body, checking only the
// segments from the one holding character from onward, then the checksum.
func wholeFrom(s string, from int) bool {
	const seg = segmentData + 1
	for i := from / seg * seg; i < len(s); i += seg {
		end := min(i+seg, len(s))
		if end-i < 2 || segmentCheck(i/seg, s[i:end-1]) != s[end-1] {
			return false
		}
	}
	var data strings.Builder
	for i := 0; i < len(s); i += seg {
		data.WriteString(s[i : min(i+seg, len(s))-1])
	}
	raw, err := decodeCanonical(data.String())
	if err != nil || len(raw) < 4 {
		return false
	}
	want := inviteChecksum(raw[:len(raw)-4])
	return string(raw[len(raw)-4:]) == string(want[:])
}

// decodeCanonical decodes Crockford base32 and rejects text that is not
// exactly what encoding the result gives: the last character's unused low
// bits must be zero, or a typo there would read as the same bytes.
func decodeCanonical(s string) ([]byte, error) {
	raw, err := crockford.DecodeString(s)
	if err != nil {
		return nil, err
	}
	if crockford.EncodeToString(raw) != s {
		return nil, errors.New("unused bits are set")
	}
	return raw, nil
}

// inviteChecksum is 4 bytes of a domain-separated SHA-256 of the payload.
func inviteChecksum(payload []byte) [4]byte {
	h := sha256.New()
	h.Write([]byte("kintsugi invite checksum v1\x00"))
	h.Write(payload)
	var out [4]byte
	copy(out[:], h.Sum(nil))
	return out
}

// segmentCheck is one Crockford character checking a segment and its index.
func segmentCheck(seg int, part string) byte {
	h := sha256.Sum256([]byte("kintsugi invite segment\x00" + strconv.Itoa(seg) + "\x00" + part))
	return crockfordAlphabet[h[0]&31]
}

// Address forms stored compactly; anything else is stored as text.
const (
	addrText     = 0
	addrIP4TCP   = 1 // /ip4/A/tcp/P
	addrIP4QUIC  = 2 // /ip4/A/udp/P/quic-v1
	addrIP6TCP   = 3 // /ip6/A/tcp/P
	addrIP6QUIC  = 4 // /ip6/A/udp/P/quic-v1
	payloadFixed = 1 + 32 + 32 + 16
)

// marshal encodes the invite in binary: version, Ed25519 key, X25519 key,
// secret, expiry (uvarint Unix seconds), address count and addresses.
func (inv Invite) marshal() []byte {
	b := make([]byte, 0, 128)
	b = append(b, inviteVersion)
	b = append(b, inv.SigningKey...)
	b = append(b, recipientBytes(inv.Recipient)...)
	b = append(b, inv.Secret[:]...)
	b = binary.AppendUvarint(b, uint64(max(inv.Expires.Unix(), 0)))
	b = binary.AppendUvarint(b, uint64(len(inv.Addrs)))
	for _, a := range inv.Addrs {
		b = appendAddr(b, a)
	}
	return b
}

func appendAddr(b []byte, a string) []byte {
	if kind, ip, port, ok := compactAddr(a); ok {
		b = append(b, byte(kind))
		b = append(b, ip.AsSlice()...)
		return binary.BigEndian.AppendUint16(b, port)
	}
	b = append(b, addrText)
	b = binary.AppendUvarint(b, uint64(len(a)))
	return append(b, a...)
}

// compactAddr recognises the common multiaddr shapes, only if formatting them
// back gives exactly the same string.
func compactAddr(a string) (kind int, ip netip.Addr, port uint16, ok bool) {
	f := strings.Split(a, "/")
	if len(f) < 5 || f[0] != "" {
		return 0, ip, 0, false
	}
	ip, err := netip.ParseAddr(f[2])
	if err != nil || ip.Zone() != "" {
		return 0, ip, 0, false
	}
	p, err := strconv.ParseUint(f[4], 10, 16)
	if err != nil {
		return 0, ip, 0, false
	}
	switch {
	case f[1] == "ip4" && ip.Is4() && f[3] == "tcp" && len(f) == 5:
		kind = addrIP4TCP
	case f[1] == "ip4" && ip.Is4() && f[3] == "udp" && len(f) == 6 && f[5] == "quic-v1":
		kind = addrIP4QUIC
	case f[1] == "ip6" && ip.Is6() && f[3] == "tcp" && len(f) == 5:
		kind = addrIP6TCP
	case f[1] == "ip6" && ip.Is6() && f[3] == "udp" && len(f) == 6 && f[5] == "quic-v1":
		kind = addrIP6QUIC
	default:
		return 0, ip, 0, false
	}
	if formatAddr(kind, ip, uint16(p)) != a {
		return 0, ip, 0, false
	}
	return kind, ip, uint16(p), true
}

func formatAddr(kind int, ip netip.Addr, port uint16) string {
	ps := strconv.Itoa(int(port))
	switch kind {
	case addrIP4TCP:
		return "/ip4/" + ip.String() + "/tcp/" + ps
	case addrIP4QUIC:
		return "/ip4/" + ip.String() + "/udp/" + ps + "/quic-v1"
	case addrIP6TCP:
		return "/ip6/" + ip.String() + "/tcp/" + ps
	default:
		return "/ip6/" + ip.String() + "/udp/" + ps + "/quic-v1"
	}
}

// errTruncatedAddress means an invite's address list ends inside an
// address.
var errTruncatedAddress = errors.New("truncated address")

func unmarshalInvite(b []byte) (Invite, error) {
	var inv Invite
	if len(b) < payloadFixed {
		return inv, errors.New("too short")
	}
	if b[0] != inviteVersion {
		return inv, fmt.Errorf("made by a different version of kintsugi (format %d)", b[0])
	}
	inv.SigningKey = ed25519.PublicKey(append([]byte(nil), b[1:33]...))
	r, err := recipientFromBytes(b[33:65])
	if err != nil {
		return inv, err
	}
	inv.Recipient = r
	copy(inv.Secret[:], b[65:81])
	b = b[81:]
	exp, n := binary.Uvarint(b)
	if n <= 0 || exp > 1<<40 {
		return inv, errors.New("invalid expiry")
	}
	inv.Expires = time.Unix(int64(exp), 0)
	b = b[n:]
	count, n := binary.Uvarint(b)
	if n <= 0 || count > maxAddrs {
		return inv, errors.New("invalid address count")
	}
	b = b[n:]
	for range count {
		if len(b) == 0 {
			return inv, errTruncatedAddress
		}
		kind := int(b[0])
		b = b[1:]
		switch kind {
		case addrText:
			l, n := binary.Uvarint(b)
			if n <= 0 || l > maxAddrLen || uint64(len(b)-n) < l {
				return inv, errors.New("invalid address")
			}
			inv.Addrs = append(inv.Addrs, string(b[n:n+int(l)]))
			b = b[n+int(l):]
		case addrIP4TCP, addrIP4QUIC, addrIP6TCP, addrIP6QUIC:
			size := 4
			if kind == addrIP6TCP || kind == addrIP6QUIC {
				size = 16
			}
			if len(b) < size+2 {
				return inv, errTruncatedAddress
			}
			ip, _ := netip.AddrFromSlice(b[:size])
			inv.Addrs = append(inv.Addrs, formatAddr(kind, ip, binary.BigEndian.Uint16(b[size:])))
			b = b[size+2:]
		default:
			return inv, fmt.Errorf("unknown address kind %d", kind)
		}
	}
	if len(b) != 0 {
		return inv, errors.New("trailing data")
	}
	return inv, nil
}
