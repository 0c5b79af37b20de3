package crypto

import (
	"errors"
	"fmt"
	"os"

	"filippo.io/age"
)

// ErrKeyFileExists is returned by [CreateJournalKey] when a key file is
// already at the path: replacing it would lock the journal away for good.
var ErrKeyFileExists = errors.New("a key file already exists there")

// JournalKey is the key of the private journal: an age X25519 identity kept
// in its own key file under the journal's own passphrase, separate from the
// profile's. The slow scrypt step runs once, at unlock; encrypting and
// decrypting journal files after that is fast.
type JournalKey struct {
	id *age.X25519Identity
}

// CreateJournalKey makes a new journal key and saves it to path (mode 0600,
// atomically) encrypted with passphrase. It refuses to replace an existing
// file with [ErrKeyFileExists].
func CreateJournalKey(path, passphrase string) (*JournalKey, error) {
	if _, err := os.Lstat(path); err == nil {
		return nil, ErrKeyFileExists
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, fmt.Errorf("failed to generate journal key: %w", err)
	}
	if err := saveSecret(path, kindJournal, id.String(), passphrase); err != nil {
		return nil, err
	}
	return &JournalKey{id: id}, nil
}

// UnlockJournalKey reads the journal key at path. It fails with the same
// errors as [LoadKeyFile].
func UnlockJournalKey(path, passphrase string) (*JournalKey, error) {
	secret, err := loadSecret(path, kindJournal, passphrase)
	if err != nil {
		return nil, err
	}
	id, err := age.ParseX25519Identity(secret)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeyFileCorrupt, err)
	}
	return &JournalKey{id: id}, nil
}

// ChangeJournalPassphrase re-encrypts the journal key file under newPass,
// atomically, like [ChangePassphrase]. The journal files themselves do not
// change: they are encrypted to the key, not to the passphrase.
func ChangeJournalPassphrase(path, oldPass, newPass string) error {
	return changeSecretPassphrase(path, kindJournal, oldPass, newPass)
}

// Identity returns the age identity that decrypts journal files.
func (k *JournalKey) Identity() *age.X25519Identity { return k.id }

// Recipient returns the age recipient to encrypt journal files to.
func (k *JournalKey) Recipient() *age.X25519Recipient { return k.id.Recipient() }

// OpenLog opens an encrypted [Log] under the journal key.
func (k *JournalKey) OpenLog(dir, name string) (*Log, error) {
	return OpenLog(dir, name, k.id, k.id.Recipient())
}

// ExportRecovery returns the journal key as a plain age identity file, like
// the package-level [ExportRecovery] does for the profile identity.
func (k *JournalKey) ExportRecovery() []byte {
	return []byte("# Kintsugi private journal key\n" +
		"# Keep this private: anyone with it can read your journal.\n" +
		"# public key: " + k.id.Recipient().String() + "\n" +
		k.id.String() + "\n")
}
