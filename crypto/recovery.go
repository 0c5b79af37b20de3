package crypto

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// ErrRecoveryMalformed is returned by [ImportRecovery] when the file holds no
// single valid age X25519 identity.
var ErrRecoveryMalformed = errors.New("recovery file is not a valid kintsugi recovery key")

// Comment lines of a recovery file that carry what a restore needs besides
// the key. They are comments to age, so the file stays a standard age
// identity file.
const (
	recoveryName        = "# kintsugi-name: "
	recoveryPartner     = "# kintsugi-partner: "
	recoveryPartnerName = "# kintsugi-partner-name: "
)

// Recovery is what a recovery file holds: the whole secret identity and,
// once paired, who the partner is, so that a restore needs no new pairing.
type Recovery struct {
	Identity    *Identity
	Name        string          // my display name, "" if unknown
	Partner     *PublicIdentity // nil before pairing
	PartnerName string
}

// ExportRecovery returns the identity as a plain age identity file: a comment
// header and one AGE-SECRET-KEY-1... line. The `age` tool decrypts Kintsugi's
// files with it (`age -d -i FILE`), and [ImportRecovery] reads it back.
// The result is the whole secret: it must never be written to disk unasked.
func ExportRecovery(id *Identity) []byte {
	return Recovery{Identity: id}.Marshal()
}

// Marshal writes r as an age identity file: comment lines (the name and the
// partner's public identity among them) and one AGE-SECRET-KEY-1... line.
func (r Recovery) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("# Kintsugi recovery key\n")
	b.WriteString("# Keep this private and somewhere safe, for example printed on paper.\n")
	b.WriteString("# Anyone with it can read your Kintsugi data; with it you can restore your profile.\n")
	b.WriteString("# It is a standard age identity: age -d -i THIS_FILE FILE.age\n")
	fmt.Fprintf(&b, "# public key: %s\n", r.Identity.age.Recipient())
	if n := oneLine(r.Name); n != "" {
		b.WriteString(recoveryName + n + "\n")
	}
	if r.Partner != nil {
		if t, err := r.Partner.MarshalText(); err == nil {
			b.WriteString(recoveryPartner + string(t) + "\n")
			if n := oneLine(r.PartnerName); n != "" {
				b.WriteString(recoveryPartnerName + n + "\n")
			}
		}
	}
	b.WriteString(r.Identity.age.String())
	b.WriteString("\n")
	return b.Bytes()
}

// oneLine keeps a name to one printable line.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// ImportRecovery parses a file written by [ExportRecovery], or any age
// identity file holding exactly one X25519 identity. Comments, blank lines,
// surrounding spaces and Windows line endings are ignored.
func ImportRecovery(b []byte) (*Identity, error) {
	r, err := ParseRecovery(b)
	if err != nil {
		return nil, err
	}
	return r.Identity, nil
}

// ParseRecovery parses a file written by [Recovery.Marshal] or
// [ExportRecovery], or any age identity file holding exactly one X25519
// identity. A partner line that cannot be read fails the whole file.
func ParseRecovery(b []byte) (Recovery, error) {
	var r Recovery
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line+" ", recoveryName):
			r.Name = strings.TrimSpace(line[len(recoveryName)-1:])
			continue
		case strings.HasPrefix(line+" ", recoveryPartnerName):
			r.PartnerName = strings.TrimSpace(line[len(recoveryPartnerName)-1:])
			continue
		case strings.HasPrefix(line, recoveryPartner):
			var p PublicIdentity
			if err := p.UnmarshalText([]byte(line[len(recoveryPartner):])); err != nil {
				return Recovery{}, fmt.Errorf("%w: line %d: %v", ErrRecoveryMalformed, n, err)
			}
			r.Partner = &p
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if r.Identity != nil {
			return Recovery{}, fmt.Errorf("%w: more than one key (line %d)", ErrRecoveryMalformed, n)
		}
		id, err := identityFromString(line)
		if err != nil {
			return Recovery{}, fmt.Errorf("%w: line %d: %v", ErrRecoveryMalformed, n, err)
		}
		r.Identity = id
	}
	if err := sc.Err(); err != nil {
		return Recovery{}, fmt.Errorf("%w: %v", ErrRecoveryMalformed, err)
	}
	if r.Identity == nil {
		return Recovery{}, fmt.Errorf("%w: no key found", ErrRecoveryMalformed)
	}
	return r, nil
}
