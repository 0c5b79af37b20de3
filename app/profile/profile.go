// Package profile composes what a running Kintsugi is: one folder on disk
// holding the identity (under the user's passphrase), the shared document,
// the private journal (under its own passphrase), the partner pin and the
// per-device settings, and the sync node that talks to the partner.
//
// Both the command line and the desktop app use it; it has no Fyne imports.
//
//	p, err := profile.Create(dir, "Sam", passphrase) // or profile.Open(dir, passphrase)
//	...
//	defer p.Close()
//	p.Doc().AddCommitment(...) // saved durably and encrypted, synced if running
//
// Opening takes an exclusive lock on the folder: a second process, or a
// second Open in the same process, fails with [ErrInUse] naming the process
// that holds it. Every change to the shared document is appended, encrypted,
// to the document log as it happens; [Profile.Close] finishes the current
// write before it returns.
//
// # The folder
//
//	identity.key   the identity (age X25519 + Ed25519), under the passphrase
//	profile.age    the display name
//	shared.*       the shared document: an encrypted snapshot, and the
//	               incremental chunks appended after it (a tar of age files)
//	syncstate.age  what the partner's copy is known to hold
//	partner.age    the partner pin: peer ID, public keys, name, last addresses
//	settings.age   per-device settings
//	private.age    what this device keeps for me alone, never synced: the
//	               private notes of my check-ins and the safety sign
//	journal.key    the journal key, under the journal passphrase
//	journal.*      the journal, encrypted to the journal key
//	lock           the process ID of the process that has the profile open
//
// Every file but the lock is an age file: with the recovery key (see
// [Profile.ExportRecovery]) the `age` tool can decrypt the shared files.
// Every file is also authenticated, not only encrypted: the document log
// and the metadata files (files.go) carry a stanza only the key's holder
// can write, and a metadata file deleted, rolled back or swapped is
// reported as damage ([ErrDamaged]) and left as it was.
//
// Unlocking runs scrypt (about a second): never call [Open], [Create] or
// [Profile.UnlockJournal] on a UI goroutine.
package profile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	stdsync "sync"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/internal/notify"
	"github.com/kintsugi-app/kintsugi/sync"
)

// Profile is an open profile folder. Its methods are safe for concurrent use.
type Profile struct {
	dir  string
	lock *folderLock
	id   *crypto.Identity

	store *docStore // the shared document and its log
	mu    stdsync.Mutex
	meta  meta          // guarded by mu
	pin   *partnerPin   // guarded by mu; nil before pairing
	set   Settings      // guarded by mu
	priv  private       // guarded by mu
	jr    *journalState // guarded by mu
	net   *netState     // guarded by mu; nil until StartSync
	// lastFolder is the folder watcher's last pass (zero: none since the
	// node started or the folder changed), set under mu so a stopped
	// watcher's pass is dropped; readers follow it ([Profile.FolderPasses]).
	lastFolder notify.Value[FolderPass]
	// pinDirty: the partner pin holds a folder sync time not yet written;
	// guarded by mu.
	pinDirty bool
	closed   bool
	status   statusHub

	fileMu stdsync.Mutex     // serialises metadata writes (files.go)
	files  map[string]uint64 // guarded by fileMu: versions profile.age records
	ahead  string            // guarded by fileMu: the file found one version ahead
}

// meta is the content of profile.age.
type meta struct {
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	// Files holds the version last written of each other metadata file
	// (see files.go), so a file deleted or rolled back is seen.
	Files map[string]uint64 `json:"files,omitempty"`
}

// Create makes a new profile in dir (created if missing, must not hold a
// profile yet): a new identity under passphrase and an empty shared
// document. The profile is returned open and locked.
func Create(dir, name, passphrase string) (*Profile, error) {
	if strings.TrimSpace(name) == "" {
		return nil, fmt.Errorf("%w: a name is needed", doc.ErrEmptyText)
	}
	if passphrase == "" {
		return nil, crypto.ErrEmptyPassphrase
	}
	lock, err := claimNewFolder(dir)
	if err != nil {
		return nil, err
	}
	id, err := crypto.GenerateIdentity()
	if err != nil {
		lock.unlock()
		return nil, err
	}
	p, err := create(dir, lock, id, name, passphrase)
	if err != nil {
		// The folder held no profile data: all there is, this call wrote.
		for _, n := range dataFiles(dir) {
			os.Remove(filepath.Join(dir, n))
		}
		lock.unlock()
		return nil, err
	}
	return p, nil
}

// create writes a fresh profile for id in a folder that holds no profile
// data. The key file is written last, so a folder without it is not a
// profile.
func create(dir string, lock *folderLock, id *crypto.Identity, name, passphrase string) (*Profile, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, fmt.Errorf("%w: a name is needed", doc.ErrEmptyText)
	}
	p := &Profile{dir: dir, lock: lock, id: id, jr: &journalState{}}
	p.meta = meta{Name: name, Created: time.Now().UTC().Truncate(time.Second)}
	p.set = defaultSettings()
	p.files = map[string]uint64{}
	if err := p.writeMeta(); err != nil {
		return nil, err
	}
	if err := p.writeJSON(settingsFile, p.set); err != nil {
		return nil, err
	}
	st, err := createDocStore(dir, id)
	if err != nil {
		return nil, err
	}
	p.store = st
	st.doc.SetAuthor(peerIDOf(id.Public()))
	if err := crypto.SaveKeyFile(p.path(keyFile), id, passphrase); err != nil {
		st.close()
		return nil, fmt.Errorf("failed to save the key file: %w", err)
	}
	return p, nil
}

// Open unlocks the profile in dir with its passphrase and locks the folder.
// It fails with [ErrNoProfile], [ErrInUse], [ErrWrongPassphrase] or
// [ErrDamaged]; on failure no file is changed. When the shared document
// cannot be read, the error is a [*DocumentDamagedError] whose message
// tells the user what to do.
func Open(dir, passphrase string) (*Profile, error) {
	if !Exists(dir) {
		if HasData(dir) {
			return nil, fmt.Errorf("%w from %s (its shared document and pairing are still there): "+
				"restore it with your recovery file, kintsugi identity import RECOVERY-FILE; nothing was changed: %w", ErrKeyMissing, dir, ErrNoProfile)
		}
		return nil, fmt.Errorf("%w in %s", ErrNoProfile, dir)
	}
	lock, err := lockFolder(dir)
	if err != nil {
		return nil, err
	}
	p, err := open(dir, lock, passphrase)
	if err != nil {
		lock.unlock()
		return nil, err
	}
	return p, nil
}

func open(dir string, lock *folderLock, passphrase string) (*Profile, error) {
	p := &Profile{dir: dir, lock: lock, jr: &journalState{}}
	id, err := crypto.LoadKeyFile(p.path(keyFile), passphrase)
	switch {
	case errors.Is(err, crypto.ErrWrongPassphrase):
		return nil, ErrWrongPassphrase
	case errors.Is(err, crypto.ErrNoKeyFile):
		return nil, fmt.Errorf("%w in %s", ErrNoProfile, dir)
	case err != nil:
		return nil, fmt.Errorf("%w: %s: %v", ErrDamaged, keyFile, err)
	}
	p.id = id
	if err := p.readMeta(); err != nil {
		return nil, err
	}
	p.set = defaultSettings()
	if err := p.readJSON(settingsFile, &p.set); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var pin partnerPin
	switch err := p.readJSON(partnerFile, &pin); {
	case err == nil:
		if err := pin.check(); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrDamaged, partnerFile, err)
		}
		p.pin = &pin
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	// The sync state is read when syncing starts; check it now, so damage
	// is reported by every command, before anything is written.
	var ss []byte
	if err := p.readJSON(syncStateFile, &ss); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := p.readPrivate(); err != nil {
		return nil, err
	}
	st, err := openDocStore(dir, id)
	if err != nil {
		return nil, err
	}
	p.store = st
	st.doc.SetAuthor(peerIDOf(id.Public()))
	if err := p.movePrivateTicks(); err != nil {
		st.close()
		return nil, err
	}
	p.status.set(sync.Status{State: p.offlineStateLocked(), LastSynced: p.lastSyncedLocked()})
	p.fixMyName()
	return p, nil
}

// Close stops sync, finishes the current write and releases the folder.
// Closing twice is harmless.
func (p *Profile) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	n := p.net
	p.net = nil
	jerr := p.jr.lock()
	var perr error
	if p.pinDirty && p.pin != nil && n == nil { // a running node writes it as it stops
		perr = p.writeJSON(partnerFile, p.pin)
		p.pinDirty = false
	}
	p.mu.Unlock()
	errs := []error{jerr, perr}
	if n != nil {
		errs = append(errs, n.stop(p))
	}
	errs = append(errs, p.store.close())
	errs = append(errs, p.lock.unlock())
	return errors.Join(errs...)
}

// Dir returns the profile folder.
func (p *Profile) Dir() string { return p.dir }

// Name returns my display name.
func (p *Profile) Name() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.meta.Name
}

// PeerID returns my libp2p peer ID, which is also my partner ID in the
// shared document.
func (p *Profile) PeerID() string { return peerIDOf(p.id.Public()) }

// Identity returns the public half of my identity.
func (p *Profile) Identity() crypto.PublicIdentity { return p.id.Public() }

// Doc returns the shared document. Edit it through its methods; every
// change is saved durably, encrypted, and sent to the partner when syncing.
func (p *Profile) Doc() *doc.Shared { return p.store.doc }

// path returns the path of a file of the profile.
func (p *Profile) path(name string) string { return filepath.Join(p.dir, name) }
