package sync

import (
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	stdsync "sync"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
)

// A mailbox is a folder both laptops see (a cloud drive, a Syncthing or
// Nextcloud folder, a USB stick). Each laptop writes its new changes there
// as sealed bundles and merges the partner's. The folder holds nothing but
// sealed bundles under random names: neither the names nor the sizes say
// who the couple are. Each laptop removes only its own bundles, once the
// partner's show they have them (or when more than keepMine pile up),
// keeping its newest; a
// file that is not a bundle from the partner for me is skipped, reported
// once, and never deleted.

// keepMine bounds how many of my own bundles stay in the folder when the
// partner has not yet shown they have them. The newest holds everything the
// partner lacks, so the older ones are only a margin for a slow cloud.
const keepMine = 3

// bundleExt is the extension of the bundles written into a mailbox: they
// are age files, which their first bytes say anyway.
const bundleExt = ".age"

// SkippedFile is a file in the mailbox that is not a valid bundle from the
// partner for me: a stranger's, garbage, damaged, or still uploading.
type SkippedFile struct {
	Name string // the file's name in the folder
	Err  error  // why, wrapping ErrBundleInvalid or a read error
}

// FolderReport is what one pass over a mailbox did.
type FolderReport struct {
	Wrote string // the name of the bundle written for the partner, or ""
	// Carried is true when the bundle written holds changes the partner
	// lacks; one written only to tell what I have (after merging theirs)
	// holds none.
	Carried bool
	Merged  int           // how many of the partner's bundles brought changes
	Pruned  []string      // my bundles removed: the partner has them
	Skipped []SkippedFile // files skipped, each reported once per Mailbox
}

// Mailbox syncs through one folder. It remembers the files it has read, by
// name, size and time, so a live pass reads only what changed, and it
// reports a bad file once by name, even as it grows while uploading. It is
// safe for concurrent use; passes run one at a time.
type Mailbox struct {
	dir    string
	mu     stdsync.Mutex
	seen   map[string]seenFile
	warned map[string]bool // names reported in Skipped
}

// seenFile is what a file held when last read.
type seenFile struct {
	size  int64
	mod   time.Time
	kind  int // seenMine, seenPartner or seenBad
	seq   uint64
	heads []doc.Hash
}

const (
	seenBad = iota
	seenMine
	seenPartner
)

// NewMailbox returns a mailbox on dir.
func NewMailbox(dir string) *Mailbox {
	return &Mailbox{dir: dir, seen: map[string]seenFile{}, warned: map[string]bool{}}
}

// Bad returns the names of the files in the folder, as last read, that
// are not a valid bundle from the partner for me.
func (m *Mailbox) Bad() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for name, s := range m.seen {
		if s.kind == seenBad {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// Dir returns the mailbox's folder.
func (m *Mailbox) Dir() string { return m.dir }

// SyncFolder does one pass over the mailbox m: it merges the partner's
// bundles into d, writes one with my changes the partner lacks, and
// removes my bundles the partner has. Do not use while a Node runs on the
// same store; use Node.SyncFolder then.
func SyncFolder(m *Mailbox, me *crypto.Identity, partner crypto.PublicIdentity, d *doc.Shared, store StateStore) (FolderReport, error) {
	ps, err := loadPeerState(store)
	if err != nil {
		return FolderReport{}, err
	}
	before := ps
	rep, err := m.sync(me, partner, d, &ps)
	if ps.BundleOut != before.BundleOut || ps.BundleIn != before.BundleIn {
		if serr := savePeerState(store, ps); serr != nil && err == nil {
			err = serr
		}
	}
	return rep, err
}

// SyncFolder is the package's SyncFolder on the node's partner and state.
func (n *Node) SyncFolder(m *Mailbox) (FolderReport, error) {
	p, ok := n.Partner()
	if !ok {
		return FolderReport{}, ErrNotPaired
	}
	n.flushMu.Lock()
	defer n.flushMu.Unlock()
	n.mu.Lock()
	ps := n.state
	n.mu.Unlock()
	before := ps
	rep, err := m.sync(n.cfg.Identity, p, n.cfg.Doc, &ps)
	if ps.BundleOut == before.BundleOut && ps.BundleIn == before.BundleIn {
		return rep, err
	}
	n.mu.Lock()
	n.state.BundleOut = ps.BundleOut
	if ps.BundleIn != before.BundleIn {
		n.state.BundleIn, n.state.PartnerHeads = ps.BundleIn, ps.PartnerHeads
	}
	ps = n.state
	n.mu.Unlock()
	if serr := savePeerState(n.cfg.State, ps); serr != nil && err == nil {
		err = serr
	}
	return rep, err
}

// partnerBundle is a partner's bundle read in this pass.
type partnerBundle struct {
	name string
	seq  uint64
	b    bundle
}

// IgnoredName reports files a mailbox never reads: hidden files (the
// temporary files of our own atomic writes, and of most sync clients) and
// the partial downloads of cloud clients.
func IgnoredName(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") {
		return true
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".tmp", ".part", ".partial", ".crdownload", ".download":
		return true
	}
	return false
}

func (m *Mailbox) sync(me *crypto.Identity, partner crypto.PublicIdentity, d *doc.Shared, ps *peerState) (FolderReport, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var rep FolderReport
	entries, err := os.ReadDir(m.dir)
	if err != nil {
		return rep, fmt.Errorf("%w: %w", ErrFolderUnavailable, err)
	}
	var theirs []partnerBundle
	present := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if IgnoredName(name) || e.IsDir() {
			continue
		}
		fi, err := e.Info()
		if err != nil || !fi.Mode().IsRegular() {
			continue // gone since the listing, or not a plain file
		}
		present[name] = true
		if s, ok := m.seen[name]; ok && s.size == fi.Size() && s.mod.Equal(fi.ModTime()) && s.kind != seenPartner {
			continue // mine, or bad and already reported
		} else if ok && s.kind == seenPartner && s.size == fi.Size() && s.mod.Equal(fi.ModTime()) && d.HasHeads(s.heads) {
			continue // the partner's, already merged
		}
		s := seenFile{size: fi.Size(), mod: fi.ModTime()}
		pb, mineSeq, mineHeads, err := readFolderBundle(filepath.Join(m.dir, name), fi.Size(), me, partner)
		switch {
		case err != nil:
			s.kind = seenBad
			m.skip(&rep, name, err)
		case mineHeads != nil:
			s.kind, s.seq, s.heads = seenMine, mineSeq, mineHeads
		default:
			s.kind, s.seq, s.heads = seenPartner, pb.seq, pb.b.Heads
			pb.name = name
			theirs = append(theirs, pb)
		}
		m.seen[name] = s
	}
	for name := range m.seen {
		if !present[name] {
			delete(m.seen, name)
			delete(m.warned, name)
		}
	}

	// The partner's bundles, oldest first, so the partner's heads recorded
	// are those of the newest.
	sort.Slice(theirs, func(i, j int) bool { return theirs[i].seq < theirs[j].seq })
	for _, pb := range theirs {
		if d.HasHeads(pb.b.Heads) {
			if ps.BundleIn == 0 || pb.seq > ps.BundleIn {
				ps.BundleIn, ps.PartnerHeads = pb.seq, pb.b.Heads
			}
			continue
		}
		if err := applyBundle(d, ps, pb.b, pb.seq); err != nil {
			// Authenticated, yet not mergeable here (a newer Kintsugi's
			// document): skip it, keep it for a later version, go on.
			s := m.seen[pb.name]
			s.kind = seenBad
			m.seen[pb.name] = s
			m.skip(&rep, pb.name, err)
			continue
		}
		rep.Merged++
	}

	if err := m.writeMine(me, partner, d, ps, rep.Merged > 0, &rep); err != nil {
		return rep, err
	}
	m.prune(d, ps, &rep)
	return rep, nil
}

// skip reports a bad file, once by name.
func (m *Mailbox) skip(rep *FolderReport, name string, err error) {
	if !m.warned[name] {
		m.warned[name] = true
		rep.Skipped = append(rep.Skipped, SkippedFile{Name: name, Err: err})
	}
}

// readFolderBundle reads one file of the mailbox: a partner's bundle for me
// (pb), or one of mine (its sequence number and heads), or an error
// wrapping ErrBundleInvalid. Nothing from a file that fails is returned.
func readFolderBundle(path string, size int64, me *crypto.Identity, partner crypto.PublicIdentity) (pb partnerBundle, mineSeq uint64, mineHeads []doc.Hash, err error) {
	if size > MaxBundleSize {
		return pb, 0, nil, fmt.Errorf("%w: %w", ErrBundleInvalid, ErrBundleTooLarge)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return pb, 0, nil, fmt.Errorf("failed to read it: %w", err)
	}
	b, seq, err := openBundle(me, partner, raw)
	if err == nil {
		return partnerBundle{seq: seq, b: b}, 0, nil, nil
	}
	if errors.Is(err, crypto.ErrWrongSender) {
		// Sealed for me by someone else: perhaps by me.
		if mb, mseq, merr := openBundle(me, me.Public(), raw); merr == nil {
			if mb.Heads == nil {
				mb.Heads = []doc.Hash{}
			}
			return pb, mseq, mb.Heads, nil
		}
	}
	return pb, 0, nil, err
}

// writeMine writes a bundle of the changes the partner lacks, unless the
// partner has them all or my newest bundle in the folder holds them. After
// merging the partner's changes (ack), it writes one even when it holds no
// change: its heads tell the partner what I have, so they can remove
// their bundles. The partner merges nothing from it, and so does not
// answer it: the exchange ends there.
func (m *Mailbox) writeMine(me *crypto.Identity, partner crypto.PublicIdentity, d *doc.Shared, ps *peerState, ack bool, rep *FolderReport) error {
	heads := d.Heads()
	if !ack && len(ps.PartnerHeads) > 0 && d.Covers(ps.PartnerHeads, heads) {
		return nil // the partner has everything I have
	}
	if newest, ok := m.newestMine(); ok && sameHashes(m.seen[newest].heads, heads) {
		return nil // already written
	}
	carried := len(ps.PartnerHeads) == 0 || !d.Covers(ps.PartnerHeads, heads)
	sealed, err := exportBundle(me, partner, d, ps)
	if err != nil {
		return err
	}
	name, err := randomName()
	if err != nil {
		return err
	}
	path := filepath.Join(m.dir, name)
	// Atomic, so the partner never reads half of it: the temporary file's
	// name starts with a dot, which mailboxes do not read.
	if err := crypto.WriteFileAtomic(path, sealed, 0o600); err != nil {
		return fmt.Errorf("failed to write a bundle into the shared folder: %w", err)
	}
	s := seenFile{kind: seenMine, seq: ps.BundleOut, heads: heads}
	if fi, err := os.Stat(path); err == nil {
		s.size, s.mod = fi.Size(), fi.ModTime()
	}
	m.seen[name] = s
	rep.Wrote, rep.Carried = name, carried
	return nil
}

// newestMine returns the name of my bundle with the highest sequence number.
func (m *Mailbox) newestMine() (string, bool) {
	best, found := "", false
	for name, s := range m.seen {
		if s.kind != seenMine {
			continue
		}
		if !found || s.seq > m.seen[best].seq || (s.seq == m.seen[best].seq && name < best) {
			best, found = name, true
		}
	}
	return best, found
}

// prune removes my bundles the partner has, but the newest, and all but my
// keepMine newest. Only files read and authenticated as mine are ever
// removed.
func (m *Mailbox) prune(d *doc.Shared, ps *peerState, rep *FolderReport) {
	var mine []string
	for name, s := range m.seen {
		if s.kind == seenMine {
			mine = append(mine, name)
		}
	}
	// Newest first; a conflict copy of one bundle (same sequence) goes
	// after the first name.
	slices.SortFunc(mine, func(a, b string) int {
		sa, sb := m.seen[a].seq, m.seen[b].seq
		if sa != sb {
			if sa > sb {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	for i, name := range mine {
		s := m.seen[name]
		dup := i > 0 && m.seen[mine[i-1]].seq == s.seq
		// The newest stays even when the partner has its changes: it may
		// be what tells them I have theirs.
		had := i > 0 && len(ps.PartnerHeads) > 0 && d.Covers(ps.PartnerHeads, s.heads)
		if !had && !dup && i < keepMine {
			continue
		}
		if err := os.Remove(filepath.Join(m.dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			continue // try again next pass
		}
		delete(m.seen, name)
		rep.Pruned = append(rep.Pruned, name)
	}
}

// randomName is a new bundle's file name: 26 random characters, nothing
// about who wrote it or when.
func randomName() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("failed to name a bundle: %w", err)
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:])) + bundleExt, nil
}
