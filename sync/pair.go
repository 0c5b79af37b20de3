package sync

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/peerstore"
)

// Paired is the outcome of pairing, on both sides.
type Paired struct {
	// Partner is the partner's public identity, now pinned by the node.
	// The profile stores it.
	Partner crypto.PublicIdentity
	// Addrs are the partner's addresses, for the profile to remember.
	Addrs []string
	// SafetyNumber is what both screens show, to compare aloud.
	SafetyNumber string
}

// PairResult is delivered once per invite: the pairing, or why none happened.
type PairResult struct {
	Paired Paired
	Err    error
}

type openInvite struct {
	inv    crypto.Invite
	result chan PairResult
}

const (
	pairTimeout = 15 * time.Second
	maxPairMsg  = 16 << 10
	maxAddrs    = 32
	maxAddrLen  = 512
)

// Invite opens an invite for ttl: it returns the invite to show (its Code
// and QR image) and a channel that receives the result once, when a
// partner joined, the invite expired, or ctx ended. While it is open the
// node accepts connections from unknown devices for the pairing protocol
// only. The node must be started.
//
// A node that is paired already may invite again: only its pinned partner
// (who unpaired on their side, or restored) can then join, and both
// screens show the safety number to confirm again; anyone else is refused
// with ErrAlreadyPaired.
func (n *Node) Invite(ctx context.Context, ttl time.Duration) (crypto.Invite, <-chan PairResult, error) {
	inv, err := crypto.NewInvite(n.cfg.Identity.Public(), n.Addrs(), ttl)
	if err != nil {
		return crypto.Invite{}, nil, fmt.Errorf("failed to make the invite: %w", err)
	}
	oi := &openInvite{inv: inv, result: make(chan PairResult, 1)}
	n.mu.Lock()
	if n.invite != nil {
		n.invite.result <- PairResult{Err: ErrNoInvite}
	}
	n.invite = oi
	n.mu.Unlock()
	n.gate.openInvite(inv.Expires)
	n.advertiseInvite(oi)
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		t := time.NewTimer(time.Until(inv.Expires))
		defer t.Stop()
		var err error
		select {
		case <-t.C:
			err = ErrInviteExpired
		case <-ctx.Done():
			err = ctx.Err()
		case <-n.ctx.Done():
			err = ErrClosed
		}
		if n.closeInvite(oi) {
			oi.result <- PairResult{Err: err}
		}
	}()
	return inv, oi.result, nil
}

// closeInvite closes oi if it is still the open invite, and reports whether
// it was.
func (n *Node) closeInvite(oi *openInvite) bool {
	n.mu.Lock()
	if n.invite != oi {
		n.mu.Unlock()
		return false
	}
	n.invite = nil
	n.gate.openInvite(time.Time{})
	a := n.advert
	n.advert = nil
	n.mu.Unlock()
	if a != nil {
		a.Close() // the invite is no longer shown on the LAN
	}
	return true
}

// pairMAC proves knowledge of the invite's secret without revealing it,
// bound to both peer IDs (which Noise authenticated), the role and the
// identity sent.
func pairMAC(secret [16]byte, role string, inviter, joiner peer.ID, identity []byte) []byte {
	m := hmac.New(sha256.New, secret[:])
	m.Write([]byte("kintsugi pair v1 " + role + "\x00"))
	for _, b := range [][]byte{[]byte(inviter), []byte(joiner), identity} {
		m.Write(binary.AppendUvarint(nil, uint64(len(b))))
		m.Write(b)
	}
	return m.Sum(nil)
}

// pairMsg is the join request and the inviter's reply.
type pairMsg struct {
	MAC      []byte
	Identity []byte // crypto.PublicIdentity text
	Addrs    []string
}

func (p pairMsg) marshal() []byte {
	b := []byte{1}
	b = append(b, p.MAC...)
	b = binary.AppendUvarint(b, uint64(len(p.Identity)))
	b = append(b, p.Identity...)
	b = binary.AppendUvarint(b, uint64(len(p.Addrs)))
	for _, a := range p.Addrs {
		b = binary.AppendUvarint(b, uint64(len(a)))
		b = append(b, a...)
	}
	return b
}

func parsePairMsg(b []byte) (pairMsg, error) {
	var p pairMsg
	bad := fmt.Errorf("%w: malformed pairing message", ErrProtocol)
	if len(b) < 1+sha256.Size || b[0] != 1 {
		return p, bad
	}
	p.MAC = b[1 : 1+sha256.Size]
	b = b[1+sha256.Size:]
	field := func(max uint64) ([]byte, bool) {
		l, n := uvarint(b)
		if n <= 0 || l > max || l > uint64(len(b)-n) {
			return nil, false
		}
		v := b[n : n+int(l)]
		b = b[n+int(l):]
		return v, true
	}
	var ok bool
	if p.Identity, ok = field(maxPairMsg); !ok {
		return p, bad
	}
	count, n := uvarint(b)
	if n <= 0 || count > maxAddrs {
		return p, bad
	}
	b = b[n:]
	for range count {
		a, ok := field(maxAddrLen)
		if !ok {
			return p, bad
		}
		p.Addrs = append(p.Addrs, string(a))
	}
	return p, nil
}

// handlePair answers a join on the inviter's side.
func (n *Node) handlePair(s network.Stream) {
	defer s.Close()
	s.SetDeadline(time.Now().Add(pairTimeout))
	remote := s.Conn().RemotePeer()
	rw := n.tapped(s)
	n.mu.Lock()
	oi := n.invite
	n.mu.Unlock()
	refuse := func(why string, err error) {
		n.log.Info("sync: refused a pairing attempt", "peer", remote.String(), "why", why)
		writeFrame(rw, frameClose, closePayload(err))
	}
	if oi == nil || oi.inv.Expired(time.Now()) {
		refuse("no open invite", ErrInviteRefused)
		return
	}
	f, err := newFrameReader(rw, maxPairMsg).next()
	if err != nil || f.typ != framePair {
		refuse("unreadable request", ErrProtocol)
		return
	}
	req, err := parsePairMsg(f.payload)
	if err != nil {
		refuse("malformed request", ErrProtocol)
		return
	}
	want := pairMAC(oi.inv.Secret, "join", n.host.ID(), remote, req.Identity)
	if !hmac.Equal(want, req.MAC) {
		refuse("wrong secret", ErrInviteRefused)
		return
	}
	var joiner crypto.PublicIdentity
	if err := joiner.UnmarshalText(req.Identity); err != nil {
		refuse("unreadable identity", ErrProtocol)
		return
	}
	if id, err := peerIDOf(joiner); err != nil || id != remote {
		refuse("identity does not match the connection", ErrInviteRefused)
		return
	}
	if !n.closeInvite(oi) { // used or closed meanwhile: works once
		refuse("invite already used", ErrInviteRefused)
		return
	}
	me, err := n.cfg.Identity.Public().MarshalText()
	if err != nil {
		refuse("internal error", errors.New("internal"))
		return
	}
	addrs := append(req.Addrs, s.Conn().RemoteMultiaddr().String())
	if err := n.setPartner(joiner, addrs); err != nil {
		refuse("already paired", ErrInviteRefused)
		oi.result <- PairResult{Err: err}
		return
	}
	reply := pairMsg{MAC: pairMAC(oi.inv.Secret, "accept", n.host.ID(), remote, me), Identity: me, Addrs: n.Addrs()}
	if err := writeFrame(rw, framePair, reply.marshal()); err != nil {
		n.log.Warn("sync: pairing reply failed", "err", err)
	}
	n.log.Info("sync: paired with a partner", "peer", remote.String())
	oi.result <- PairResult{Paired: Paired{
		Partner:      joiner,
		Addrs:        addrs,
		SafetyNumber: crypto.SafetyNumber(n.cfg.Identity.Public(), joiner),
	}}
	n.poke()
}

// Join pairs with the partner who made inv: it dials the invite's
// addresses, proves the secret, checks the inviter proves it too, and pins
// the inviter as the partner. A wrong, used or expired invite changes
// nothing. The node must be started for the sync to follow.
func (n *Node) Join(ctx context.Context, inv crypto.Invite) (Paired, error) {
	if inv.Expired(time.Now()) {
		return Paired{}, ErrInviteExpired
	}
	inviter := crypto.PublicIdentity{SigningKey: inv.SigningKey, Recipient: inv.Recipient}
	if p, ok := n.Partner(); ok && !p.Equal(inviter) {
		return Paired{}, ErrAlreadyPaired // only the pinned partner may pair again
	}
	id, err := peerIDOf(inviter)
	if err != nil {
		return Paired{}, fmt.Errorf("%w: %v", ErrInviteRefused, err)
	}
	return n.join(ctx, id, inv.Addrs, inv.Secret, &inviter)
}

// join runs the pairing protocol as the joiner against id, reached at
// addrs. With inviter nil (a device found on the LAN), the inviter's
// identity is learnt from its reply, trusted only once its MAC over it
// proves the secret and its key is the one Noise authenticated as id.
func (n *Node) join(ctx context.Context, id peer.ID, addrs []string, secret [16]byte, inviter *crypto.PublicIdentity) (Paired, error) {
	if p, ok := n.Partner(); ok {
		if pid, err := peerIDOf(p); err != nil || pid != id {
			return Paired{}, ErrAlreadyPaired // only the pinned partner may pair again
		}
	}
	if id == n.host.ID() {
		return Paired{}, fmt.Errorf("%w: this is your own invite", ErrInviteRefused)
	}
	done := n.gate.allowJoin(id)
	defer done()
	n.addInviteAddrs(id, addrs)
	ctx, cancel := context.WithTimeout(ctx, pairTimeout)
	defer cancel()
	if err := n.host.Connect(ctx, peer.AddrInfo{ID: id}); err != nil {
		return Paired{}, fmt.Errorf("%w: %v", ErrInviteUnreachable, err)
	}
	s, err := n.host.NewStream(ctx, id, PairProtocol)
	if err != nil {
		return Paired{}, fmt.Errorf("%w: %v", ErrInviteRefused, err)
	}
	defer s.Close()
	rw := n.tapped(s)
	if d, ok := ctx.Deadline(); ok {
		s.SetDeadline(d)
	}
	me, err := n.cfg.Identity.Public().MarshalText()
	if err != nil {
		return Paired{}, err
	}
	req := pairMsg{MAC: pairMAC(secret, "join", id, n.host.ID(), me), Identity: me, Addrs: n.Addrs()}
	if err := writeFrame(rw, framePair, req.marshal()); err != nil {
		return Paired{}, fmt.Errorf("failed to send the join: %w", err)
	}
	f, err := newFrameReader(rw, maxPairMsg).next()
	if err != nil {
		return Paired{}, fmt.Errorf("%w: %v", ErrInviteRefused, err)
	}
	if f.typ == frameClose {
		return Paired{}, parseClose(f.payload)
	}
	if f.typ != framePair {
		return Paired{}, fmt.Errorf("%w: unexpected reply", ErrProtocol)
	}
	reply, err := parsePairMsg(f.payload)
	if err != nil {
		return Paired{}, err
	}
	// The inviter's MAC is checked before its identity is even parsed.
	var got crypto.PublicIdentity
	proven := hmac.Equal(reply.MAC, pairMAC(secret, "accept", id, n.host.ID(), reply.Identity)) &&
		got.UnmarshalText(reply.Identity) == nil
	if proven && inviter != nil {
		proven = got.Equal(*inviter)
	}
	if proven {
		gotID, err := peerIDOf(got)
		proven = err == nil && gotID == id
	}
	if !proven {
		return Paired{}, fmt.Errorf("%w: the inviter could not prove the invite", ErrInviteRefused)
	}
	all := append(append([]string{}, addrs...), reply.Addrs...)
	if err := n.setPartner(got, all); err != nil {
		return Paired{}, err
	}
	n.poke()
	return Paired{
		Partner:      got,
		Addrs:        all,
		SafetyNumber: crypto.SafetyNumber(n.cfg.Identity.Public(), got),
	}, nil
}

func (n *Node) addInviteAddrs(id peer.ID, addrs []string) {
	for _, a := range addrs {
		if m, err := parseAddr(a); err == nil {
			n.host.Peerstore().AddAddr(id, m, peerstore.TempAddrTTL)
		}
	}
}
