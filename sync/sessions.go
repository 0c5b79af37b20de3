package sync

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/libp2p/go-libp2p/core/network"
)

// The node's side of a session: accepting or opening the sync stream,
// running the session on it, and saving what it learns off its goroutine.

// handleSync accepts the leader's sync stream.
func (n *Node) handleSync(s network.Stream) {
	remote := s.Conn().RemotePeer()
	if !n.gate.isPartner(remote) {
		n.log.Warn("sync: refused a sync stream from a peer that is not the partner", "peer", remote.String())
		s.Reset()
		return
	}
	if n.leader(remote) {
		n.log.Debug("sync: ignoring a sync stream opened by the follower")
		s.Reset()
		return
	}
	n.startSession(s)
	n.poke()
}

// startSession runs a session on s in its own goroutine, replacing any
// session already running.
func (n *Node) startSession(s network.Stream) {
	ctx, cancel := context.WithCancel(n.ctx)
	a := &activeSession{cancel: cancel, done: make(chan struct{})}
	n.mu.Lock()
	if n.closing {
		n.mu.Unlock()
		cancel()
		s.Reset()
		return
	}
	n.wg.Add(1)
	prev := n.active
	n.active = a
	state := n.state.Sync
	couple := n.couple
	n.mu.Unlock()
	if prev != nil {
		prev.cancel()
		<-prev.done
	}
	relayed := isRelayed(s.Conn())
	n.log.Debug("sync: session started", "relayed", relayed, "outbound", s.Stat().Direction == network.DirOutbound)
	n.status.update(func(st *Status) { st.State, st.Relayed, st.Err = Connected, relayed, nil })
	go n.runSession(ctx, a, s, state, couple)
}

// runSession runs the session a on s, from the saved sync state, until it
// ends, then marks the node offline unless another session replaced it.
func (n *Node) runSession(ctx context.Context, a *activeSession, s network.Stream, state []byte, couple CoupleID) {
	defer n.wg.Done()
	defer close(a.done)
	// The stream's remote peer was checked against the pinned partner
	// (Noise authenticated it); check again before any doc call.
	if !n.gate.isPartner(s.Conn().RemotePeer()) {
		s.Reset()
		return
	}
	sess := &session{
		doc: n.cfg.Doc, couple: couple, log: n.log, syncState: state,
		resync:    n.cfg.ResyncInterval,
		stall:     n.cfg.StallTimeout,
		initiator: s.Stat().Direction == network.DirOutbound,
		save:      n.saveSession,
		status:    n.sessionStatus,
	}
	err := sess.run(ctx, n.tapped(s))
	n.mu.Lock()
	replaced := n.active != a
	if !replaced {
		n.active = nil
	}
	n.mu.Unlock()
	if ctx.Err() != nil {
		err = nil
	} else if errors.Is(err, io.EOF) {
		err = nil
		n.log.Info("sync: partner ended the sync")
	} else {
		n.log.Warn("sync: sync with the partner stopped", "reason", err)
		s.Reset()
	}
	if !replaced {
		n.status.update(func(st *Status) {
			st.State, st.Relayed = Offline, false
			if err != nil {
				st.Err = err
			}
		})
	}
	n.poke()
}

// sessionStatus is told by the running session when it syncs or is in
// sync, with the heads both documents then have.
func (n *Node) sessionStatus(in bool, heads []doc.Hash) {
	now := time.Now()
	n.log.Debug("sync: status", "inSync", in)
	if in {
		n.mu.Lock()
		n.state.LastSynced = now
		n.mu.Unlock()
	}
	n.status.update(func(st *Status) {
		if in {
			st.State, st.LastSynced = InSync, now
		} else {
			st.State = Syncing
		}
	})
	if in {
		n.mu.Lock()
		n.syncedHeads = heads
		close(n.synced)
		n.synced = make(chan struct{})
		n.mu.Unlock()
	}
}

// saveSession records the session's sync state and asks the saver to
// store it: the session never waits for the disk.
func (n *Node) saveSession(sync []byte, partnerHeads []doc.Hash) {
	n.mu.Lock()
	n.state.Sync = sync
	if partnerHeads != nil {
		n.state.PartnerHeads = partnerHeads
	}
	n.mu.Unlock()
	select {
	case n.saveReq <- struct{}{}:
	default:
	}
}

// saver stores the peer state when asked, off the session's goroutine.
func (n *Node) saver() {
	defer n.wg.Done()
	for {
		select {
		case <-n.saveReq:
			n.flush()
		case <-n.ctx.Done():
			return
		}
	}
}

// flush stores the current peer state. flushMu keeps stores in the order
// of the states they write.
func (n *Node) flush() {
	n.flushMu.Lock()
	defer n.flushMu.Unlock()
	n.mu.Lock()
	st := n.state
	n.mu.Unlock()
	if err := savePeerState(n.cfg.State, st); err != nil {
		n.log.Warn("sync: could not save the sync state", "err", err)
	}
}
