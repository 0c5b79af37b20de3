package profile

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
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

// Restore opens the profile in dir again with a recovery file written by
// [Profile.ExportRecovery], under a new passphrase. It never deletes what
// the recovery key can read:
//
//   - in a folder that still holds the profile (the key file lost, or its
//     passphrase forgotten), the shared document, the journal (still under
//     its own passphrase), the settings and the pairing are kept; the old
//     key file, and any file the key cannot open, are moved to a new
//     recovered-TIME folder inside dir, never deleted;
//   - in an empty folder (a new laptop) it makes a profile with the same
//     identity and peer ID and an empty shared document, which the
//     partner's next sync or bundle fills. A recovery file saved after
//     pairing carries the partner, so no new pairing is needed.
//
// name, if not empty, becomes the display name; else the one kept in the
// folder or in the recovery file is used. A recovery file that opens none
// of the folder's files fails with [ErrWrongRecovery] and changes nothing.
// The report says what was kept and what was moved aside.
func Restore(dir, name, passphrase string, recovery []byte) (*Profile, RestoreReport, error) {
	var rep RestoreReport
	rec, err := crypto.ParseRecovery(recovery)
	if err != nil {
		return nil, rep, err
	}
	if passphrase == "" {
		return nil, rep, crypto.ErrEmptyPassphrase
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, rep, fmt.Errorf("failed to create the profile folder: %w", err)
	}
	lock, err := lockFolder(dir)
	if err != nil {
		return nil, rep, err
	}
	p, rep, err := restore(dir, lock, strings.TrimSpace(name), passphrase, rec)
	if err != nil {
		lock.unlock()
		return nil, rep, err
	}
	return p, rep, nil
}

// RestoreReport says what [Restore] found in the folder.
type RestoreReport struct {
	Kept      []string // files kept as they were
	MovedTo   string   // the recovered-TIME folder, "" if nothing was moved
	Moved     []string // files moved there
	FromEmpty bool     // the folder held no profile data
	Paired    bool     // the restored profile is paired
}

// restore is [Restore] once the folder is claimed: it sorts the folder's
// files into those the key opens and those it does not, moves the latter
// aside, fills in what is missing and opens the result.
func restore(dir string, lock *folderLock, name, passphrase string, rec crypto.Recovery) (*Profile, RestoreReport, error) {
	rep := RestoreReport{FromEmpty: !HasData(dir)}
	p := &Profile{dir: dir, lock: lock, id: rec.Identity, jr: &journalState{}}
	found, err := p.sortForRestore(rec)
	if err != nil {
		return nil, rep, err
	}
	if len(found.aside) > 0 && len(found.keep) == 0 && !found.readable[docLog] {
		return nil, rep, fmt.Errorf("%w: %s holds the data of another profile; nothing was changed. "+
			"Check that this is your own recovery file, or restore into another folder", ErrWrongRecovery, dir)
	}
	if fileExists(p.path(keyFile)) {
		found.aside = append(found.aside, keyFile) // under the forgotten passphrase, or lost: kept, out of the way
	}
	if len(found.aside) > 0 {
		to, err := moveAside(dir, found.aside)
		if err != nil {
			return nil, rep, err
		}
		rep.MovedTo, rep.Moved = to, found.aside
	}
	for _, n := range []string{journalKeyFile} {
		if fileExists(p.path(n)) {
			found.keep = append(found.keep, n)
		}
	}
	rep.Kept = found.keep
	if err := p.fillMissing(found, name, rec); err != nil {
		return nil, rep, err
	}
	if err := crypto.SaveKeyFile(p.path(keyFile), rec.Identity, passphrase); err != nil {
		return nil, rep, fmt.Errorf("failed to save the key file: %w", err)
	}
	op, err := open(dir, lock, passphrase)
	if err != nil {
		return nil, rep, err
	}
	rep.Paired = op.Paired()
	return op, rep, nil
}

// restoreFound is what [Profile.sortForRestore] found in the folder.
type restoreFound struct {
	keep, aside []string        // file names the key opens, and those it does not
	readable    map[string]bool // the files that opened and hold something
	meta        meta            // profile.age's content, if it opened
}

// sortForRestore sorts the profile files in p's folder by whether the
// recovery key opens them: what the key can read stays; what it cannot is
// moved aside. It changes nothing on disk but the tidying of old document
// log generations that loading the log does.
func (p *Profile) sortForRestore(rec crypto.Recovery) (restoreFound, error) {
	found := restoreFound{readable: map[string]bool{}}
	p.files = map[string]uint64{}
	if fileExists(p.path(metaFile)) {
		if err := p.readMeta(); err == nil {
			found.meta = p.meta
			found.readable[metaFile] = true
			found.keep = append(found.keep, metaFile)
		} else {
			found.aside = append(found.aside, metaFile)
		}
	}
	p.sortEnvelopesForRestore(&found)
	err := p.sortDocLogForRestore(rec, &found)
	return found, err
}

// sortEnvelopesForRestore sorts the settings, the partner's pin and the sync
// state. Whatever the key wrote is kept, whichever version it is:
// profile.age is written afresh with the versions found, so p.files starts
// empty.
func (p *Profile) sortEnvelopesForRestore(found *restoreFound) {
	p.files = map[string]uint64{}
	for _, f := range []struct {
		name string
		v    any
	}{{settingsFile, &Settings{}}, {partnerFile, &partnerPin{}}, {syncStateFile, &[]byte{}}} {
		if !fileExists(p.path(f.name)) {
			continue
		}
		e, err := p.readEnvelope(f.name)
		if err == nil && string(e.Data) != "null" {
			err = json.Unmarshal(e.Data, f.v)
		}
		if pin, ok := f.v.(*partnerPin); ok && err == nil && string(e.Data) != "null" {
			err = pin.check()
		}
		if err == nil {
			found.readable[f.name] = string(e.Data) != "null"
			p.files[f.name] = e.Version
			found.keep = append(found.keep, f.name)
		} else {
			found.aside = append(found.aside, f.name)
		}
	}
}

// sortDocLogForRestore sorts the shared document's log generations: all are
// kept if the key loads the log, all moved aside if not.
func (p *Profile) sortDocLogForRestore(rec crypto.Recovery, found *restoreFound) error {
	docFiles, _ := filepath.Glob(filepath.Join(p.dir, docLog+".*"))
	if len(docFiles) == 0 {
		return nil
	}
	lg, err := openLog(p.dir, rec.Identity)
	if err != nil {
		return err
	}
	if _, _, err := lg.Load(); err == nil {
		found.readable[docLog] = true
	}
	docFiles, _ = filepath.Glob(filepath.Join(p.dir, docLog+".*")) // Load tidies old generations
	for _, f := range docFiles {
		if found.readable[docLog] {
			found.keep = append(found.keep, filepath.Base(f))
		} else {
			found.aside = append(found.aside, filepath.Base(f))
		}
	}
	return nil
}

// moveAside moves the files names of dir into a new recovered-TIME folder
// inside it, which it returns: files the key cannot open are never deleted.
func moveAside(dir string, names []string) (string, error) {
	base := filepath.Join(dir, "recovered-"+time.Now().UTC().Format("20060102-150405"))
	to := base
	for i := 2; fileExists(to); i++ {
		to = fmt.Sprintf("%s-%d", base, i)
	}
	if err := os.Mkdir(to, 0o700); err != nil {
		return "", fmt.Errorf("failed to make a folder for the files that cannot be opened: %w", err)
	}
	for _, n := range names {
		if err := os.Rename(filepath.Join(dir, n), filepath.Join(to, n)); err != nil {
			return "", fmt.Errorf("failed to move %s aside: %w", n, err)
		}
	}
	if err := crypto.SyncDir(dir); err != nil {
		return "", err
	}
	return to, nil
}

// fillMissing writes what the folder lacks after the sort, from the
// recovery file where it can: profile.age (always afresh, with the versions
// found), the settings, the partner's pin and an empty shared document.
func (p *Profile) fillMissing(found restoreFound, name string, rec crypto.Recovery) error {
	m := found.meta
	if !found.readable[metaFile] {
		m = meta{Name: rec.Name, Created: time.Now().UTC().Truncate(time.Second)}
	}
	if name != "" {
		m.Name = name
	}
	if strings.TrimSpace(m.Name) == "" {
		return fmt.Errorf("%w: a name is needed (--name)", doc.ErrEmptyText)
	}
	m.Files = nil
	p.meta = m
	if err := p.writeMeta(); err != nil {
		return err
	}
	if !found.readable[settingsFile] {
		if err := p.writeJSON(settingsFile, defaultSettings()); err != nil {
			return err
		}
	}
	if !found.readable[partnerFile] && rec.Partner != nil {
		pin := &partnerPin{PeerID: peerIDOf(*rec.Partner), Name: rec.PartnerName, Public: *rec.Partner, PairedAt: time.Now().UTC()}
		if err := pin.check(); err == nil {
			if err := p.writeJSON(partnerFile, pin); err != nil {
				return err
			}
		}
	}
	if !found.readable[docLog] {
		st, err := createDocStore(p.dir, rec.Identity)
		if err != nil {
			return err
		}
		if err := st.close(); err != nil {
			return err
		}
	}
	return nil
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
