package sync

import (
	"log/slog"
	stdsync "sync"
	"time"

	"github.com/libp2p/go-libp2p/core/control"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

// gater admits only the paired partner and the configured relay. While an
// invite is open it also admits unknown peers, which may then speak only
// the pairing protocol; while Join runs, it admits the inviter.
type gater struct {
	log *slog.Logger

	mu         stdsync.Mutex
	partner    peer.ID
	relay      peer.ID
	inviteOpen time.Time // zero: no invite; otherwise until when
	joining    map[peer.ID]int
	refused    int // connections refused, for tests
}

func (g *gater) allowed(p peer.ID) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case p == "":
		return false
	case p == g.partner || p == g.relay:
		return true
	case g.joining[p] > 0:
		return true
	case !g.inviteOpen.IsZero() && time.Now().Before(g.inviteOpen):
		return true
	}
	return false
}

func (g *gater) isPartner(p peer.ID) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return p != "" && p == g.partner
}

func (g *gater) setPartner(p peer.ID) {
	g.mu.Lock()
	g.partner = p
	g.mu.Unlock()
}

func (g *gater) openInvite(until time.Time) {
	g.mu.Lock()
	g.inviteOpen = until
	g.mu.Unlock()
}

func (g *gater) allowJoin(p peer.ID) (done func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.joining == nil {
		g.joining = make(map[peer.ID]int)
	}
	g.joining[p]++
	return func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.joining[p]--; g.joining[p] <= 0 {
			delete(g.joining, p)
		}
	}
}

func (g *gater) refusals() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.refused
}

// InterceptPeerDial allows dialing only peers we would accept.
func (g *gater) InterceptPeerDial(p peer.ID) bool { return g.allowed(p) }

// InterceptAddrDial allows any address of an allowed peer.
func (g *gater) InterceptAddrDial(p peer.ID, _ ma.Multiaddr) bool { return g.allowed(p) }

// InterceptAccept lets the handshake run: the peer is not known before it.
func (g *gater) InterceptAccept(network.ConnMultiaddrs) bool { return true }

// InterceptSecured drops a stranger right after the Noise handshake,
// before any protocol runs on the connection.
func (g *gater) InterceptSecured(dir network.Direction, p peer.ID, addrs network.ConnMultiaddrs) bool {
	if g.allowed(p) {
		return true
	}
	g.mu.Lock()
	g.refused++
	g.mu.Unlock()
	g.log.Info("sync: refused a connection from a device that is not the partner",
		"peer", p.String(), "remote", addrs.RemoteMultiaddr().String(), "direction", dir.String())
	return false
}

// InterceptUpgraded allows what InterceptSecured allowed.
func (g *gater) InterceptUpgraded(network.Conn) (bool, control.DisconnectReason) { return true, 0 }
