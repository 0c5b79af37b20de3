package sync

import (
	"context"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/protocol/circuitv2/client"
	ma "github.com/multiformats/go-multiaddr"
)

// The user's relay: keeping a slot on it, and moving a relayed session onto
// a direct link once one opens. Running a relay is in relayserve.go.

// keepReservation keeps a slot on the user's relay, so the partner can
// reach this device through it, renewing it before it expires.
func (n *Node) keepReservation() {
	defer n.wg.Done()
	backoff := minBackoff
	for {
		ctx, cancel := context.WithTimeout(n.ctx, dialTimeout)
		rsvp, err := client.Reserve(ctx, n.host, *n.relay)
		cancel()
		wait := backoff
		if err != nil {
			n.log.Debug("sync: relay reservation failed", "err", err)
			backoff = min(2*backoff, maxBackoff)
		} else {
			backoff = minBackoff
			wait = max(time.Until(rsvp.Expiration)-time.Minute, time.Minute)
			n.log.Debug("sync: reserved a slot on the relay")
			n.poke()
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-n.ctx.Done():
			t.Stop()
			return
		}
	}
}

// isRelayed reports whether c goes through a relay.
func isRelayed(c network.Conn) bool {
	if c.Stat().Limited {
		return true
	}
	_, err := c.RemoteMultiaddr().ValueForProtocol(ma.P_CIRCUIT)
	return err == nil
}

// moveToDirect moves a relayed session onto a direct connection to the
// partner that has just opened (hole punching made one, or the partner's
// direct address answered): the leader opens a new sync stream, which
// libp2p puts on the direct connection, and the session on it replaces the
// relayed one on both sides. The relay then carries nothing more.
func (n *Node) moveToDirect(id peer.ID) {
	defer n.wg.Done()
	if !n.leader(id) {
		return
	}
	n.mu.Lock()
	moving := n.active != nil && !n.closing
	n.mu.Unlock()
	if !moving || !n.Status().Relayed {
		return
	}
	ctx, cancel := context.WithTimeout(n.ctx, dialTimeout)
	defer cancel()
	s, err := n.host.NewStream(ctx, id, SyncProtocol)
	if err != nil {
		n.log.Debug("sync: could not move the sync onto the direct link", "err", err)
		return
	}
	if isRelayed(s.Conn()) {
		s.Reset()
		return
	}
	n.log.Debug("sync: moving the sync from the relay onto a direct link")
	n.startSession(s)
}
