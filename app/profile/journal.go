package profile

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
)

// journalState is the unlocked journal, if any. Its fields are set under
// Profile.mu; the saver goroutine only reads the open journal.
type journalState struct {
	open *openJournal
}

// openJournal is an unlocked journal and its saver, which writes the whole
// journal each time it changes.
type openJournal struct {
	j     *doc.Journal
	log   *crypto.Log
	saver *saver

	last []byte // the saver's: what is on disk
}

// JournalExists reports whether this device has a journal.
func (p *Profile) JournalExists() bool {
	return fileExists(p.path(journalKeyFile))
}

// CreateJournal makes the private journal under its own passphrase and
// leaves it unlocked. It fails with ErrJournalExists if there is one.
func (p *Profile) CreateJournal(passphrase string) error {
	if passphrase == "" {
		return crypto.ErrEmptyPassphrase
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	key, err := crypto.CreateJournalKey(p.path(journalKeyFile), passphrase)
	if errors.Is(err, crypto.ErrKeyFileExists) {
		return ErrJournalExists
	}
	if err != nil {
		return fmt.Errorf("failed to create the journal key: %w", err)
	}
	lg, err := key.OpenLog(p.dir, journalLog)
	if err != nil {
		return err
	}
	if _, _, err := lg.Load(); err != nil {
		return fmt.Errorf("failed to create the journal: %w", err)
	}
	oj := startJournal(doc.NewJournal(), lg, nil)
	if err := oj.save(); err != nil {
		oj.close()
		return err
	}
	p.jr.lock()
	p.jr.open = oj
	return nil
}

// UnlockJournal unlocks the journal with its passphrase (scrypt: about a
// second) and returns it. Changes made through the journal's methods are
// saved, encrypted, as soon as they happen, and again at LockJournal and
// Close. It fails with ErrNoJournal, ErrWrongPassphrase or ErrDamaged.
func (p *Profile) UnlockJournal(passphrase string) (*doc.Journal, error) {
	if !p.JournalExists() {
		return nil, ErrNoJournal
	}
	key, err := crypto.UnlockJournalKey(p.path(journalKeyFile), passphrase)
	switch {
	case errors.Is(err, crypto.ErrWrongPassphrase):
		return nil, ErrWrongPassphrase
	case err != nil:
		return nil, fmt.Errorf("%w: the journal key: %v", ErrDamaged, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrClosed
	}
	if p.jr.open != nil {
		return p.jr.open.j, nil
	}
	lg, err := key.OpenLog(p.dir, journalLog)
	if err != nil {
		return nil, err
	}
	snap, chunks, err := lg.Load()
	if err != nil {
		return nil, fmt.Errorf("%w: the journal: %v", ErrDamaged, err)
	}
	// Each save is a whole journal: the newest one wins.
	if len(chunks) > 0 {
		snap = chunks[len(chunks)-1]
	}
	if len(snap) == 0 {
		return nil, fmt.Errorf("%w: the journal is missing", ErrDamaged)
	}
	j, err := doc.LoadJournal(snap)
	if err != nil {
		if errors.Is(err, doc.ErrNewerSchema) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: the journal: %v", ErrDamaged, err)
	}
	p.jr.open = startJournal(j, lg, snap)
	return j, nil
}

// Journal returns the unlocked journal, or ErrJournalLocked.
func (p *Profile) Journal() (*doc.Journal, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.jr.open == nil {
		return nil, ErrJournalLocked
	}
	return p.jr.open.j, nil
}

// LockJournal saves the journal and forgets it and its key.
func (p *Profile) LockJournal() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.jr.lock()
}

// lock saves and forgets the unlocked journal. Called with Profile.mu held.
func (s *journalState) lock() error {
	if s.open == nil {
		return nil
	}
	err := s.open.close()
	s.open = nil
	return err
}

func startJournal(j *doc.Journal, lg *crypto.Log, onDisk []byte) *openJournal {
	oj := &openJournal{j: j, log: lg, last: onDisk}
	changed, cancel := j.Subscribe()
	oj.saver = startSaver(changed, cancel, oj.write)
	return oj
}

// save writes the journal if it changed since the last save.
func (oj *openJournal) save() error { return oj.saver.flush() }

// close stops the saver after the current save and saves what is left.
func (oj *openJournal) close() error { return oj.saver.close() }

// write writes the journal if it changed since the last write. A failed
// write leaves last as it was, so the next one tries again.
func (oj *openJournal) write() error {
	b := oj.j.Save()
	if bytes.Equal(b, oj.last) {
		return nil
	}
	if err := oj.log.Compact(b); err != nil {
		return fmt.Errorf("failed to save the journal: %w", err)
	}
	oj.last = b
	return nil
}
