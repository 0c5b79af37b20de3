package profile

import (
	"errors"
	"fmt"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	lcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

// Partner is the person this profile is paired with.
type Partner struct {
	PeerID       string // their libp2p peer ID, also their ID in the document
	Name         string
	SafetyNumber string // the number both screens show after pairing
}

// PairResult is the outcome of a pairing: the partner, or why it failed.
type PairResult struct {
	Partner Partner
	Err     error
}

// partnerPin is the content of partner.age: who the one partner is. Every
// connection is gated on this peer ID, and bundles are sealed to these keys.
type partnerPin struct {
	PeerID     string                `json:"peer_id"`
	Name       string                `json:"name"`
	Public     crypto.PublicIdentity `json:"public"`
	Addrs      []string              `json:"addrs,omitempty"` // last known addresses
	PairedAt   time.Time             `json:"paired_at"`
	LastSynced time.Time             `json:"last_synced,omitzero"`
	// FolderSynced is when a pass over the shared folder last carried
	// changes (merged the partner's or left mine there).
	FolderSynced time.Time `json:"folder_synced,omitzero"`
	// FolderMerged is when a pass over the shared folder last brought in
	// the partner's changes.
	FolderMerged time.Time `json:"folder_merged,omitzero"`
}

// check verifies the pin is whole and its peer ID matches its keys.
func (pin *partnerPin) check() error {
	if pin.Public.IsZero() {
		return errors.New("no partner keys")
	}
	if got := peerIDOf(pin.Public); got != pin.PeerID {
		return fmt.Errorf("peer id %s does not match the keys (%s)", pin.PeerID, got)
	}
	return nil
}

// Paired reports whether the profile has a partner.
func (p *Profile) Paired() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pin != nil
}

// Partner returns the partner, if paired.
func (p *Profile) Partner() (Partner, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pin == nil {
		return Partner{}, false
	}
	return p.partnerLocked(), true
}

func (p *Profile) partnerLocked() Partner {
	name := p.pin.Name
	if dp, err := partnerName(p.store.doc, p.pin.PeerID); err == nil && dp != "" && dp != placeholderName {
		name = dp
	}
	if name == "" {
		name = placeholderName
	}
	return Partner{
		PeerID:       p.pin.PeerID,
		Name:         name,
		SafetyNumber: crypto.SafetyNumber(p.id.Public(), p.pin.Public),
	}
}

// SafetyNumber returns the number to compare aloud with the partner, or ""
// before pairing.
func (p *Profile) SafetyNumber() string {
	part, ok := p.Partner()
	if !ok {
		return ""
	}
	return part.SafetyNumber
}

// peerIDOf returns the libp2p peer ID of a public identity.
func peerIDOf(pub crypto.PublicIdentity) string {
	k, err := lcrypto.UnmarshalEd25519PublicKey(pub.SigningKey)
	if err != nil {
		return ""
	}
	id, err := peer.IDFromPublicKey(k)
	if err != nil {
		return ""
	}
	return id.String()
}

func checkMultiaddr(s string) error {
	_, err := ma.NewMultiaddr(s)
	return err
}

// partnerName returns the name the document gives a partner.
func partnerName(d *doc.Shared, id string) (string, error) {
	for _, pt := range d.Partners() {
		if pt.ID == id {
			return pt.Name, nil
		}
	}
	return "", doc.ErrNotPartner
}
