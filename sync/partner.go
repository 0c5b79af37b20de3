package sync

import (
	"fmt"

	"github.com/kintsugi-app/kintsugi/crypto"
	lcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/peerstore"
	ma "github.com/multiformats/go-multiaddr"
)

// The pinned partner: who it is, and the addresses it is dialed on.

// Partner returns the paired partner, or false before pairing.
func (n *Node) Partner() (crypto.PublicIdentity, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.partner == nil {
		return crypto.PublicIdentity{}, false
	}
	return *n.partner, true
}

// PartnerAddrs returns the partner's addresses the node knows now, for the
// profile to remember as the last-known addresses.
func (n *Node) PartnerAddrs() []string {
	n.mu.Lock()
	p := n.partner
	n.mu.Unlock()
	if p == nil {
		return nil
	}
	id, err := peerIDOf(*p)
	if err != nil {
		return nil
	}
	var out []string
	for _, a := range n.host.Peerstore().Addrs(id) {
		if _, err := a.ValueForProtocol(ma.P_CIRCUIT); err == nil {
			continue
		}
		out = append(out, a.String())
	}
	return out
}

// SetPartner pins the partner after pairing (the profile calls it when it
// paired through another node instance, or to restore a partner).
func (n *Node) SetPartner(p crypto.PublicIdentity, addrs []string) error {
	if err := n.setPartner(p, addrs); err != nil {
		return err
	}
	n.poke()
	return nil
}

func (n *Node) setPartner(p crypto.PublicIdentity, addrs []string) error {
	id, err := peerIDOf(p)
	if err != nil {
		return err
	}
	n.mu.Lock()
	if n.partner != nil && !n.partner.Equal(p) {
		n.mu.Unlock()
		return ErrAlreadyPaired
	}
	pp := p
	n.partner = &pp
	n.couple = NewCoupleID(n.cfg.Identity.Public().SigningKey, p.SigningKey)
	n.mu.Unlock()
	n.gate.setPartner(id)
	n.addAddrs(id, addrs)
	n.status.update(func(s *Status) {
		if s.State == Unpaired {
			s.State = Offline
		}
	})
	return nil
}

func (n *Node) addAddrs(id peer.ID, addrs []string) {
	var mas []ma.Multiaddr
	for _, a := range addrs {
		m, err := ma.NewMultiaddr(a)
		if err != nil {
			n.log.Debug("sync: skipping an unreadable partner address", "addr", a)
			continue
		}
		if pid, err := peer.IDFromP2PAddr(m); err == nil {
			if pid != id {
				continue
			}
			m, _ = ma.SplitLast(m)
		}
		mas = append(mas, m)
	}
	if n.relay != nil {
		for _, ra := range n.relay.Addrs {
			c, err := ma.NewMultiaddr(ra.String() + "/p2p/" + n.relay.ID.String() + "/p2p-circuit")
			if err == nil {
				mas = append(mas, c)
			}
		}
		n.host.Peerstore().AddAddrs(n.relay.ID, n.relay.Addrs, peerstore.PermanentAddrTTL)
	}
	n.host.Peerstore().AddAddrs(id, mas, peerstore.PermanentAddrTTL)
}

func peerIDOf(p crypto.PublicIdentity) (peer.ID, error) {
	pub, err := lcrypto.UnmarshalEd25519PublicKey(p.SigningKey)
	if err != nil {
		return "", fmt.Errorf("partner key is not valid: %w", err)
	}
	return peer.IDFromPublicKey(pub)
}

func parseAddr(a string) (ma.Multiaddr, error) {
	m, err := ma.NewMultiaddr(a)
	if err != nil {
		return nil, err
	}
	if _, err := peer.IDFromP2PAddr(m); err == nil {
		m, _ = ma.SplitLast(m)
	}
	return m, nil
}
