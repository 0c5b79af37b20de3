package crypto

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"filippo.io/age"
)

// ScryptWorkFactor is the log2 of the scrypt cost used for new key files:
// 18 takes about a second on a laptop, once per unlock. Tests lower it.
// Loading accepts files up to four steps above it.
var ScryptWorkFactor = 18

// keyFileVersion is the version written into new key files. A file with a
// higher version is refused with [ErrKeyFileNewer].
const keyFileVersion = 1

// keyFileMagic starts the encrypted content of a key file, followed by the
// version. Should a later version ever change the outer format, its files
// must start with this magic in the clear so that this version can say so.
const keyFileMagic = "kintsugi-key v"

// Kinds of secret a key file can hold.
const (
	kindIdentity = "identity"
	kindJournal  = "journal"
)

// Errors from key files, for callers to branch on with errors.Is.
var (
	// ErrWrongPassphrase means the passphrase does not open the key file.
	ErrWrongPassphrase = errors.New("wrong passphrase")
	// ErrKeyFileCorrupt means the key file is damaged, truncated or not a key file.
	ErrKeyFileCorrupt = errors.New("key file is damaged or is not a kintsugi key file")
	// ErrKeyFileNewer means a newer version of Kintsugi wrote the key file.
	ErrKeyFileNewer = errors.New("key file was written by a newer version of kintsugi")
	// ErrNoKeyFile means there is no key file at the path; it also matches fs.ErrNotExist.
	ErrNoKeyFile = errors.New("no key file")
	// ErrEmptyPassphrase means an empty passphrase was given for a new key file.
	ErrEmptyPassphrase = errors.New("passphrase is empty")
)

// SaveKeyFile writes id to path, encrypted with passphrase (age scrypt), with
// mode 0600, atomically: path holds the old file or the new, never a mix.
func SaveKeyFile(path string, id *Identity, passphrase string) error {
	return saveSecret(path, kindIdentity, id.age.String(), passphrase)
}

// LoadKeyFile reads the identity from path. It fails with [ErrNoKeyFile],
// [ErrWrongPassphrase], [ErrKeyFileCorrupt] or [ErrKeyFileNewer].
func LoadKeyFile(path, passphrase string) (*Identity, error) {
	secret, err := loadSecret(path, kindIdentity, passphrase)
	if err != nil {
		return nil, err
	}
	id, err := identityFromString(secret)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeyFileCorrupt, err)
	}
	return id, nil
}

// ChangePassphrase re-encrypts the key file at path under newPass. The new
// file replaces the old one atomically, so if the change is interrupted the
// old passphrase still opens the file.
func ChangePassphrase(path, oldPass, newPass string) error {
	return changeSecretPassphrase(path, kindIdentity, oldPass, newPass)
}

func changeSecretPassphrase(path, kind, oldPass, newPass string) error {
	secret, err := loadSecret(path, kind, oldPass)
	if err != nil {
		return err
	}
	return saveSecret(path, kind, secret, newPass)
}

// saveSecret writes an age secret key string of the given kind.
func saveSecret(path, kind, secret, passphrase string) error {
	if passphrase == "" {
		return ErrEmptyPassphrase
	}
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return fmt.Errorf("failed to prepare key file encryption: %w", err)
	}
	r.SetWorkFactor(ScryptWorkFactor)
	plain := fmt.Sprintf("%s%d\n%s\n%s\n", keyFileMagic, keyFileVersion, kind, secret)
	var buf bytes.Buffer
	err = encryptTo(&buf, []byte(plain), r)
	releaseKDFMemory()
	if err != nil {
		return err
	}
	if err := WriteFileAtomic(path, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("failed to save key file: %w", err)
	}
	return nil
}

// loadSecret reads a key file and returns its age secret key string.
func loadSecret(path, kind, passphrase string) (string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("%w: %w", ErrNoKeyFile, err)
	}
	if err != nil {
		return "", fmt.Errorf("failed to read key file: %w", err)
	}
	return decodeKeyFile(b, kind, passphrase)
}

// decodeKeyFile decrypts and parses the bytes of a key file.
func decodeKeyFile(b []byte, kind, passphrase string) (string, error) {
	if v, ok := clearVersion(b); ok && v > keyFileVersion {
		return "", ErrKeyFileNewer
	}
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return "", ErrWrongPassphrase // only an empty passphrase fails here
	}
	id.SetMaxWorkFactor(ScryptWorkFactor + 4)
	r, err := age.Decrypt(bytes.NewReader(b), id)
	releaseKDFMemory()
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) && len(nm.StanzaTypes) == 1 && nm.StanzaTypes[0] == "scrypt" {
			return "", ErrWrongPassphrase
		}
		return "", fmt.Errorf("%w: %v", ErrKeyFileCorrupt, err)
	}
	var plain bytes.Buffer
	if _, err := plain.ReadFrom(r); err != nil {
		return "", fmt.Errorf("%w: %v", ErrKeyFileCorrupt, err)
	}
	v, ok := clearVersion(plain.Bytes())
	if !ok {
		return "", fmt.Errorf("%w: missing header", ErrKeyFileCorrupt)
	}
	if v > keyFileVersion {
		return "", ErrKeyFileNewer
	}
	lines := strings.Split(strings.TrimSuffix(plain.String(), "\n"), "\n")
	if len(lines) != 3 {
		return "", fmt.Errorf("%w: unexpected layout", ErrKeyFileCorrupt)
	}
	if lines[1] != kind {
		return "", fmt.Errorf("%w: holds a %s key, not a %s key", ErrKeyFileCorrupt, lines[1], kind)
	}
	return lines[2], nil
}

// releaseKDFMemory gives the memory of the scrypt step back to the system
// at once. scrypt at work factor 18 fills a 256 MiB buffer that is garbage
// as soon as the key is derived, but it raised the heap, so the garbage
// collector's next goal sat far above what a running profile holds, and
// the freed pages stayed in the process (about 300 MB resident for an idle
// profile). One forced collection and release after each derivation (a few
// milliseconds, once per unlock or passphrase change) keeps the KDF as
// strong and the process as small as what it really holds.
func releaseKDFMemory() { debug.FreeOSMemory() }

// clearVersion parses a leading "kintsugi-key vN" line.
func clearVersion(b []byte) (int, bool) {
	line, err := bufio.NewReader(bytes.NewReader(b)).ReadString('\n')
	if err != nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), keyFileMagic)
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(rest)
	if err != nil || v < 1 {
		return 0, false
	}
	return v, true
}
