package sync

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
)

// Dialing: the loop that keeps one session with the partner, redialing
// with backoff, and which of the two opens the sync stream.

const (
	minBackoff   = 200 * time.Millisecond
	maxBackoff   = 30 * time.Second
	dialTimeout  = 10 * time.Second
	followerWait = 3 * time.Second
)

// loop keeps a session with the partner: dials, waits for the session to
// end, and redials with backoff.
func (n *Node) loop() {
	defer n.wg.Done()
	backoff := minBackoff
	for {
		if n.ctx.Err() != nil {
			return
		}
		n.mu.Lock()
		partner, active := n.partner, n.active
		n.mu.Unlock()
		if partner == nil || active != nil {
			var done chan struct{}
			if active != nil {
				done = active.done
			}
			select {
			case <-n.wake:
			case <-done:
			case <-n.ctx.Done():
				return
			}
			continue
		}
		err := n.dial(*partner)
		if err == nil {
			backoff = minBackoff
			continue
		}
		if n.ctx.Err() != nil {
			return
		}
		n.log.Debug("sync: partner not reachable", "err", err)
		n.status.update(func(s *Status) {
			if s.State == Connecting {
				s.State = Offline
			}
		})
		wait := backoff/2 + rand.N(backoff/2+1)
		backoff = min(2*backoff, maxBackoff)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-n.wake:
		case <-n.ctx.Done():
		}
		t.Stop()
	}
}

// leader reports whether this node opens the sync stream: the one with the
// lower peer ID does, so the two never run two sessions at once.
func (n *Node) leader(partner peer.ID) bool { return n.host.ID() < partner }

// dial connects to the partner. The leader then opens the sync stream and
// starts the session; the follower waits for the leader's stream, which is
// the only proof the partner accepted the connection.
func (n *Node) dial(p crypto.PublicIdentity) error {
	id, err := peerIDOf(p)
	if err != nil {
		return err
	}
	n.status.update(func(s *Status) {
		if s.State == Offline {
			s.State = Connecting
		}
	})
	ctx, cancel := context.WithTimeout(n.ctx, dialTimeout)
	defer cancel()
	ctx = network.WithAllowLimitedConn(ctx, "kintsugi sync")
	if err := n.host.Connect(ctx, peer.AddrInfo{ID: id}); err != nil {
		return err
	}
	if n.leader(id) {
		s, err := n.host.NewStream(ctx, id, SyncProtocol)
		if err != nil {
			return fmt.Errorf("partner did not accept the connection: %w", err)
		}
		n.startSession(s)
		return nil
	}
	t := time.NewTimer(followerWait)
	defer t.Stop()
	for {
		n.mu.Lock()
		active := n.active != nil
		n.mu.Unlock()
		if active {
			return nil
		}
		select {
		case <-n.wake:
		case <-t.C:
			return errors.New("partner did not open the sync")
		case <-n.ctx.Done():
			return n.ctx.Err()
		}
	}
}
