package sync

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
)

// BundlePurpose is the crypto.Seal purpose of offline bundles.
const BundlePurpose = "kintsugi bundle v1"

// MaxBundleSize is the largest bundle file accepted: years of a couple's
// document are a few MiB, so anything above is refused before decrypting.
const MaxBundleSize = 256 << 20

const (
	bundleVersion  = 1
	bundleChanges  = 1 // the changes since the partner's last known heads
	bundleSnapshot = 2 // the whole document
)

// bundle is the sealed payload.
type bundle struct {
	Kind  byte
	Heads []doc.Hash // the sender's heads when it made the bundle
	Data  []byte
}

func (b bundle) marshal() []byte {
	out := []byte{bundleVersion, b.Kind}
	out = binary.AppendUvarint(out, uint64(len(b.Heads)))
	for _, h := range b.Heads {
		out = append(out, h[:]...)
	}
	return append(out, b.Data...)
}

func parseBundle(p []byte) (bundle, error) {
	var b bundle
	if len(p) < 3 || p[0] != bundleVersion || (p[1] != bundleChanges && p[1] != bundleSnapshot) {
		return b, fmt.Errorf("%w: unknown bundle format", ErrBundleInvalid)
	}
	b.Kind = p[1]
	n, m := uvarint(p[2:])
	rest := p[2:]
	if m <= 0 || n > uint64(len(rest)-m)/32 {
		return b, fmt.Errorf("%w: bad heads", ErrBundleInvalid)
	}
	rest = rest[m:]
	b.Heads = make([]doc.Hash, n)
	for i := range b.Heads {
		copy(b.Heads[i][:], rest[32*i:])
	}
	b.Data = rest[32*n:]
	return b, nil
}

// ExportBundle seals, for the partner and for me, the changes the partner
// lacks since their last known heads (recorded in store by the last sync or
// imported bundle), or the whole document when those are unknown. The file
// can travel on a USB stick or through any cloud folder: it is encrypted
// to the two partners and signed by me. store records the bundle's
// sequence number. Do not use while a Node runs on the same store; use
// Node.ExportBundle then.
func ExportBundle(me *crypto.Identity, partner crypto.PublicIdentity, d *doc.Shared, store StateStore) ([]byte, error) {
	ps, err := loadPeerState(store)
	if err != nil {
		return nil, err
	}
	out, err := exportBundle(me, partner, d, &ps)
	if err != nil {
		return nil, err
	}
	return out, savePeerState(store, ps)
}

// ImportBundle opens a bundle from the partner, checks it was sealed by
// them for me and is newer than the last one imported, and merges it into
// d. Importing the same bundle again returns ErrBundleAlreadyImported and
// changes nothing; a damaged or foreign file returns ErrBundleInvalid and
// changes nothing. Do not use while a Node runs on the same store; use
// Node.ImportBundle then.
func ImportBundle(me *crypto.Identity, partner crypto.PublicIdentity, d *doc.Shared, store StateStore, sealed []byte) error {
	ps, err := loadPeerState(store)
	if err != nil {
		return err
	}
	if err := importBundle(me, partner, d, &ps, sealed); err != nil {
		return err
	}
	return savePeerState(store, ps)
}

// ExportBundle is the package's ExportBundle on the node's partner and state.
func (n *Node) ExportBundle() ([]byte, error) {
	p, ok := n.Partner()
	if !ok {
		return nil, ErrNotPaired
	}
	n.flushMu.Lock()
	defer n.flushMu.Unlock()
	n.mu.Lock()
	ps := n.state
	n.mu.Unlock()
	out, err := exportBundle(n.cfg.Identity, p, n.cfg.Doc, &ps)
	if err != nil {
		return nil, err
	}
	n.mu.Lock()
	n.state.BundleOut = ps.BundleOut
	ps = n.state
	n.mu.Unlock()
	return out, savePeerState(n.cfg.State, ps)
}

// ImportBundle is the package's ImportBundle on the node's partner and state.
func (n *Node) ImportBundle(sealed []byte) error {
	p, ok := n.Partner()
	if !ok {
		return ErrNotPaired
	}
	n.flushMu.Lock()
	defer n.flushMu.Unlock()
	n.mu.Lock()
	ps := n.state
	n.mu.Unlock()
	if err := importBundle(n.cfg.Identity, p, n.cfg.Doc, &ps, sealed); err != nil {
		return err
	}
	n.mu.Lock()
	n.state.BundleIn, n.state.PartnerHeads = ps.BundleIn, ps.PartnerHeads
	ps = n.state
	n.mu.Unlock()
	return savePeerState(n.cfg.State, ps)
}

func exportBundle(me *crypto.Identity, partner crypto.PublicIdentity, d *doc.Shared, ps *peerState) ([]byte, error) {
	b := bundle{Kind: bundleSnapshot, Heads: d.Heads()}
	if len(ps.PartnerHeads) > 0 {
		ch, err := d.ChangesSince(ps.PartnerHeads)
		if err != nil {
			return nil, fmt.Errorf("failed to collect changes: %w", err)
		}
		b.Kind, b.Data = bundleChanges, ch
	} else {
		b.Data = d.Save()
	}
	seq := ps.BundleOut + 1
	sealed, err := crypto.Seal(me, BundlePurpose, seq, []crypto.PublicIdentity{partner, me.Public()}, b.marshal())
	if err != nil {
		return nil, fmt.Errorf("failed to seal the bundle: %w", err)
	}
	ps.BundleOut = seq
	return sealed, nil
}

func importBundle(me *crypto.Identity, partner crypto.PublicIdentity, d *doc.Shared, ps *peerState, sealed []byte) error {
	b, seq, err := openBundle(me, partner, sealed)
	if err != nil {
		return err
	}
	old := ps.BundleIn != 0 && seq <= ps.BundleIn
	if old && d.HasHeads(b.Heads) {
		return ErrBundleAlreadyImported
	}
	return applyBundle(d, ps, b, seq)
}

// openBundle decrypts and authenticates a bundle from the partner for me
// and parses it. Nothing of a bundle that fails is returned.
func openBundle(me *crypto.Identity, from crypto.PublicIdentity, sealed []byte) (bundle, uint64, error) {
	if len(sealed) > MaxBundleSize {
		return bundle{}, 0, fmt.Errorf("%w: %w", ErrBundleInvalid, ErrBundleTooLarge)
	}
	// The sequence number is bookkeeping, not a guard: the signature proves
	// the sender, and merging twice is harmless. A bundle whose sequence
	// looks old (the sender's sync state was lost or restored) is merged
	// all the same when it carries changes this laptop lacks.
	payload, seq, err := crypto.Open(me, from, BundlePurpose, 0, sealed)
	if err != nil {
		return bundle{}, 0, fmt.Errorf("%w: %w", ErrBundleInvalid, err)
	}
	b, err := parseBundle(payload)
	if err != nil {
		return bundle{}, 0, err
	}
	return b, seq, nil
}

// applyBundle merges an authenticated bundle with sequence number seq into
// d, and records the partner's heads when it is the newest seen.
func applyBundle(d *doc.Shared, ps *peerState, b bundle, seq uint64) error {
	// Authenticated from here. Load into a copy first, so a newer schema
	// or a broken change leaves d untouched.
	data := b.Data
	if b.Kind == bundleChanges {
		data = append(d.Save(), b.Data...)
	}
	other, err := doc.LoadShared(data)
	if errors.Is(err, doc.ErrNewerSchema) {
		return fmt.Errorf("%w: %v", ErrPartnerNewer, err)
	}
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBundleInvalid, err)
	}
	if err := d.Merge(other); err != nil {
		return fmt.Errorf("failed to merge the bundle: %w", err)
	}
	if ps.BundleIn == 0 || seq > ps.BundleIn {
		ps.BundleIn = seq
		ps.PartnerHeads = b.Heads
	}
	return nil
}
