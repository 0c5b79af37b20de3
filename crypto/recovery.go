package crypto

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// ErrRecoveryMalformed is returned by [ImportRecovery] when the file holds no
// single valid age X25519 identity.
var ErrRecoveryMalformed = errors.New("recovery file is not a valid kintsugi recovery key")

// ExportRecovery returns the identity as a plain age identity file: a comment
// header and one AGE-SECRET-KEY-1... line. The `age` tool decrypts Kintsugi's
// files with it (`age -d -i FILE`), and [ImportRecovery] reads it back.
// The result is the whole secret: it must never be written to disk unasked.
func ExportRecovery(id *Identity) []byte {
	var b bytes.Buffer
	b.WriteString("# Kintsugi recovery key\n")
	b.WriteString("# Keep this private and somewhere safe, for example printed on paper.\n")
	b.WriteString("# Anyone with it can read your Kintsugi data; with it you can restore your profile.\n")
	b.WriteString("# It is a standard age identity: age -d -i THIS_FILE FILE.age\n")
	fmt.Fprintf(&b, "# public key: %s\n", id.age.Recipient())
	b.WriteString(id.age.String())
	b.WriteString("\n")
	return b.Bytes()
}

// ImportRecovery parses a file written by [ExportRecovery], or any age
// identity file holding exactly one X25519 identity. Comments, blank lines,
// surrounding spaces and Windows line endings are ignored.
func ImportRecovery(b []byte) (*Identity, error) {
	var found *Identity
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if found != nil {
			return nil, fmt.Errorf("%w: more than one key (line %d)", ErrRecoveryMalformed, n)
		}
		id, err := identityFromString(line)
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrRecoveryMalformed, n, err)
		}
		found = id
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRecoveryMalformed, err)
	}
	if found == nil {
		return nil, fmt.Errorf("%w: no key found", ErrRecoveryMalformed)
	}
	return found, nil
}
