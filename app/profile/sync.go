package profile

import (
	"context"
	"errors"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
)

// SyncOptions configure the sync node.
type SyncOptions struct {
	// Listen are multiaddrs to listen on; empty uses the settings, else all
	// interfaces on random ports (TCP and QUIC).
	Listen []string
	// PartnerAddrs are extra multiaddrs to dial the partner at, besides the
	// last known ones and those found on the local network. A missing
	// /p2p/ part is filled in with the partner's peer ID.
	PartnerAddrs []string
	// Relay overrides the relay of the settings.
	Relay string
}

var errNoSync = errors.New("sync is not built yet")

// netState is the running sync node.
type netState struct{}

func (n *netState) stop(p *Profile) error { return nil }

// StartSync starts the sync node. It returns once the node listens.
func (p *Profile) StartSync(ctx context.Context, opts SyncOptions) error { return errNoSync }

// Invite opens an invite for ttl.
func (p *Profile) Invite(ctx context.Context, ttl time.Duration) (crypto.Invite, <-chan PairResult, error) {
	return crypto.Invite{}, nil, errNoSync
}

// Join pairs using the partner's invite code.
func (p *Profile) Join(ctx context.Context, code string) (PairResult, error) {
	return PairResult{}, errNoSync
}

// SyncOnce returns once the two documents are in sync.
func (p *Profile) SyncOnce(ctx context.Context) error { return errNoSync }

// ExportBundle writes a sealed bundle for the partner.
func (p *Profile) ExportBundle(path string) error { return errNoSync }

// ImportBundle merges a sealed bundle from the partner.
func (p *Profile) ImportBundle(path string) error { return errNoSync }

// PartnerAddrs returns the partner's last known addresses.
func (p *Profile) PartnerAddrs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pin == nil {
		return nil
	}
	return append([]string(nil), p.pin.Addrs...)
}

// LastSynced returns when the two documents were last in sync, or zero.
func (p *Profile) LastSynced() time.Time { return time.Time{} }
