package profile

import (
	"errors"
	"fmt"
	"os"

	"github.com/kintsugi-app/kintsugi/crypto"
)

// ErrFileExists means a file is in the way of one the profile would write.
var ErrFileExists = errors.New("a file with that name exists already")

// ExportRecovery writes the recovery key (the whole secret identity, as a
// standard age identity file) to path with mode 0600, atomically. Once
// paired, the file also names the partner and carries their public
// identity (as comment lines, so it stays an age identity file), so that a
// restore from it needs no new pairing. It refuses to replace a file that
// holds anything, but takes the place of an empty one: a save dialog
// creates the chosen file empty before the app writes it. Keep it private:
// anyone with it can read the shared document; with it, a lost profile can
// be restored ([Restore]).
func (p *Profile) ExportRecovery(path string) error {
	if fi, err := os.Lstat(path); err == nil && (!fi.Mode().IsRegular() || fi.Size() > 0) {
		return fmt.Errorf("%w: %s", ErrFileExists, path)
	}
	if err := crypto.WriteFileAtomic(path, p.recovery().Marshal(), 0o600); err != nil {
		return fmt.Errorf("failed to write the recovery key: %w", err)
	}
	return nil
}

// recovery is what the recovery file holds now.
func (p *Profile) recovery() crypto.Recovery {
	pt, paired := p.Partner() // takes p.mu
	p.mu.Lock()
	defer p.mu.Unlock()
	r := crypto.Recovery{Identity: p.id, Name: p.meta.Name}
	if paired && p.pin != nil {
		pub := p.pin.Public
		r.Partner, r.PartnerName = &pub, pt.Name
	}
	return r
}

// Restore creates a profile in dir from a recovery key written by
// [Profile.ExportRecovery], under a new passphrase. The shared document
// starts empty and comes back from the partner at the next sync or bundle;
// the pairing must be done again if the partner pin was lost too.
func Restore(dir, name, passphrase string, recovery []byte) (*Profile, error) {
	id, err := crypto.ImportRecovery(recovery)
	if err != nil {
		return nil, err
	}
	if passphrase == "" {
		return nil, crypto.ErrEmptyPassphrase
	}
	lock, err := claimNewFolder(dir)
	if err != nil {
		return nil, err
	}
	p, err := create(dir, lock, id, name, passphrase)
	if err != nil {
		lock.unlock()
		return nil, err
	}
	return p, nil
}

// ChangePassphrase re-encrypts the key file under a new passphrase. It
// fails with ErrWrongPassphrase if old is not the current one.
func (p *Profile) ChangePassphrase(old, new string) error {
	if new == "" {
		return crypto.ErrEmptyPassphrase
	}
	err := crypto.ChangePassphrase(p.path(keyFile), old, new)
	if errors.Is(err, crypto.ErrWrongPassphrase) {
		return ErrWrongPassphrase
	}
	return err
}

// ChangeJournalPassphrase re-encrypts the journal key under a new
// passphrase. It fails with ErrNoJournal or ErrWrongPassphrase.
func (p *Profile) ChangeJournalPassphrase(old, new string) error {
	if !p.JournalExists() {
		return ErrNoJournal
	}
	if new == "" {
		return crypto.ErrEmptyPassphrase
	}
	err := crypto.ChangeJournalPassphrase(p.path(journalKeyFile), old, new)
	if errors.Is(err, crypto.ErrWrongPassphrase) {
		return ErrWrongPassphrase
	}
	return err
}
