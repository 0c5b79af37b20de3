package sync

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	stdsync "sync"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/libp2p/go-libp2p"
	lcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/peerstore"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/libp2p/go-libp2p/p2p/discovery/mdns"
	"github.com/libp2p/go-libp2p/p2p/protocol/circuitv2/client"
	"github.com/libp2p/go-libp2p/p2p/security/noise"
	quic "github.com/libp2p/go-libp2p/p2p/transport/quic"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
	ma "github.com/multiformats/go-multiaddr"
)

// Protocol IDs.
const (
	SyncProtocol protocol.ID = "/kintsugi/sync/1"
	PairProtocol protocol.ID = "/kintsugi/pair/1"
)

// DefaultPort returns the TCP and UDP port a node with this identity
// listens on when it is free, so the partner's last-known addresses stay
// valid across restarts. It is derived from the identity, in 20000-32767
// (below Linux's ephemeral ports): one fixed port for every Kintsugi
// laptop would tell a stranger scanning a network which app, and so which
// kind of couple, is there.
func DefaultPort(pub crypto.PublicIdentity) int {
	h := sha256.Sum256(append([]byte("kintsugi listen port\x00"), pub.SigningKey...))
	return 20000 + int(binary.BigEndian.Uint16(h[:2]))%12768
}

// mdnsService is the mDNS service name the paired partners find each
// other under: libp2p's default, which every libp2p program (IPFS and the
// rest) uses, so a device says nothing about the app, let alone the
// couple, to someone watching the LAN. Answers from other programs' peers
// are ignored; their connections are refused by the gater.
const mdnsService = mdns.ServiceName

// Config configures a Node. Identity and Doc are required.
type Config struct {
	Identity *crypto.Identity // this device's keys; the libp2p peer ID
	Doc      *doc.Shared      // the shared document to keep in sync

	// Partner is the paired partner, nil until pairing.
	Partner *crypto.PublicIdentity
	// PartnerAddrs are the partner's last-known multiaddrs, dialed first.
	PartnerAddrs []string

	// ListenAddrs are multiaddrs to listen on. Empty: all interfaces on
	// DefaultPort over TCP and QUIC, or any free port when it is taken.
	ListenAddrs []string
	// Relay is the multiaddr (with /p2p/ID) of a user-configured circuit
	// relay used to reach the partner through NATs. Empty: no relay.
	Relay string
	// MDNS finds the partner on the LAN.
	MDNS bool
	// NATPortMap asks the router (UPnP, NAT-PMP) to forward the port.
	NATPortMap bool

	// State persists the sync state with the partner; nil keeps it in
	// memory only.
	State StateStore
	// Logger receives connection events; never document content. Nil: discard.
	Logger *slog.Logger

	// StallTimeout is how long the partner's stream may stop in the middle
	// of a frame before it is closed. Zero: DefaultStallTimeout.
	StallTimeout time.Duration

	// ResyncInterval is how often an idle, unfinished sync starts over (a
	// guard against the Automerge core's known stall). Zero: 30 seconds.
	ResyncInterval time.Duration
}

// Node is a libp2p host that syncs the shared document with the partner.
type Node struct {
	cfg   Config
	log   *slog.Logger
	host  host.Host
	gate  *gater
	relay *peer.AddrInfo
	mdns  interface{ Close() error }

	ctx    context.Context
	cancel context.CancelFunc
	wg     stdsync.WaitGroup
	wake   chan struct{}
	status watchers

	mu      stdsync.Mutex
	started bool
	closing bool // Close has begun: no new session starts
	// synced is closed, and replaced, each time a session reports the
	// two documents in sync: SyncOnce waits on it, so it cannot miss an
	// in-sync that the partner's leaving turns to offline at once (status
	// watchers see only the latest state).
	synced chan struct{}
	// syncedHeads are the heads of the last in-sync.
	syncedHeads []doc.Hash
	partner     *crypto.PublicIdentity
	couple      CoupleID
	active      *activeSession
	state       peerState
	invite      *openInvite
	advert      interface{ Close() error } // the open invite's mDNS advert

	saveReq chan struct{}
	flushMu stdsync.Mutex

	// tap, when set by a test, wraps every stream the node speaks on, to
	// record the bytes that leave it.
	tap func(io.ReadWriteCloser) io.ReadWriteCloser
}

type activeSession struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// New creates the node and its libp2p host; Start begins connecting.
func New(cfg Config) (*Node, error) {
	if cfg.Identity == nil || cfg.Doc == nil {
		return nil, errors.New("sync: config needs an identity and a document")
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	st, err := loadPeerState(cfg.State)
	if err != nil {
		log.Warn("sync: starting with a fresh sync state", "err", err)
		st = peerState{}
	}
	n := &Node{cfg: cfg, log: log, gate: &gater{log: log}, wake: make(chan struct{}, 1), state: st,
		saveReq: make(chan struct{}, 1), synced: make(chan struct{})}
	if cfg.Relay != "" {
		ri, err := peer.AddrInfoFromString(cfg.Relay)
		if err != nil {
			return nil, fmt.Errorf("relay address %q is not valid: %w", cfg.Relay, err)
		}
		n.relay = ri
		n.gate.relay = ri.ID
	}
	key, err := lcrypto.UnmarshalEd25519PrivateKey(cfg.Identity.SigningKey())
	if err != nil {
		return nil, fmt.Errorf("failed to use the signing key: %w", err)
	}
	var lastErr error
	choices := listenChoices(cfg.ListenAddrs, DefaultPort(cfg.Identity.Public()))
	for i, listen := range choices {
		rm, err := resourceManager()
		if err != nil {
			return nil, err
		}
		h, err := libp2p.New(n.options(key, rm, listen)...)
		if err != nil {
			rm.Close()
			lastErr = err
			continue
		}
		// libp2p starts when any address listens; a default choice must
		// get all of them (the stable port on every transport).
		if got := len(h.Network().ListenAddresses()); got < len(listen) && i < len(choices)-1 {
			h.Close()
			lastErr = fmt.Errorf("listening on %d of %d addresses", got, len(listen))
			continue
		}
		n.host = h
		break
	}
	if n.host == nil {
		return nil, fmt.Errorf("failed to start networking: %w", lastErr)
	}
	n.ctx, n.cancel = context.WithCancel(context.Background())
	n.wg.Add(1)
	go n.saver()
	n.host.SetStreamHandler(SyncProtocol, n.handleSync)
	n.host.SetStreamHandler(PairProtocol, n.handlePair)
	n.host.Network().Notify(&network.NotifyBundle{ConnectedF: func(_ network.Network, c network.Conn) {
		if n.gate.isPartner(c.RemotePeer()) {
			n.poke()
			if !isRelayed(c) {
				n.wg.Add(1)
				go n.moveToDirect(c.RemotePeer())
			}
		}
	}})
	if cfg.Partner != nil {
		if err := n.setPartner(*cfg.Partner, cfg.PartnerAddrs); err != nil {
			n.host.Close()
			return nil, err
		}
	} else {
		n.status.update(func(s *Status) { s.State = Unpaired })
	}
	n.status.update(func(s *Status) { s.LastSynced = st.LastSynced })
	return n, nil
}

func listenChoices(cfg []string, port int) [][]string {
	if len(cfg) > 0 {
		return [][]string{cfg}
	}
	at := func(port int, ip6 bool) []string {
		a := []string{fmt.Sprintf("/ip4/0.0.0.0/tcp/%d", port), fmt.Sprintf("/ip4/0.0.0.0/udp/%d/quic-v1", port)}
		if ip6 {
			a = append(a, fmt.Sprintf("/ip6/::/tcp/%d", port), fmt.Sprintf("/ip6/::/udp/%d/quic-v1", port))
		}
		return a
	}
	return [][]string{at(port, true), at(port, false), at(0, true), at(0, false)}
}

func (n *Node) options(key lcrypto.PrivKey, rm network.ResourceManager, listen []string) []libp2p.Option {
	opts := []libp2p.Option{
		libp2p.Identity(key),
		libp2p.Security(noise.ID, noise.New),
		// Without reuseport: with it, two partners dialing each other at
		// the same moment make one TCP connection by simultaneous open,
		// on which both start a Noise handshake as initiator and fail.
		libp2p.Transport(tcp.NewTCPTransport, tcp.DisableReuseport()),
		libp2p.Transport(quic.NewTransport),
		libp2p.ListenAddrStrings(listen...),
		libp2p.ConnectionGater(n.gate),
		libp2p.ResourceManager(rm),
		handshakeDeadline(),
		libp2p.DisableMetrics(),
		libp2p.Ping(false),
	}
	if n.cfg.NATPortMap {
		opts = append(opts, libp2p.NATPortMap())
	}
	if n.relay != nil {
		// The reservation on the relay is made by keepReservation, not by
		// autorelay, which only starts once AutoNAT decides we are private.
		opts = append(opts, libp2p.EnableRelay(), libp2p.EnableHolePunching())
	} else {
		opts = append(opts, libp2p.DisableRelay())
	}
	return opts
}

// PeerID returns this node's libp2p peer ID.
func (n *Node) PeerID() string { return n.host.ID().String() }

// Addrs returns the multiaddrs the node listens on, for an invite. They
// do not include the /p2p/ part: the invite carries the key.
func (n *Node) Addrs() []string {
	var out []string
	for _, a := range n.host.Addrs() {
		out = append(out, a.String())
	}
	return out
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

// Partner returns the paired partner, or false before pairing.
func (n *Node) Partner() (crypto.PublicIdentity, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.partner == nil {
		return crypto.PublicIdentity{}, false
	}
	return *n.partner, true
}

// Start begins discovering and dialing the partner and syncing (the node
// already listens and answers from New on). It returns at once; the node
// runs until Close, whatever happens to ctx afterwards.
func (n *Node) Start(ctx context.Context) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ctx.Err() != nil {
		return ErrClosed
	}
	if n.started {
		return nil
	}
	n.started = true
	if n.cfg.MDNS {
		svc := mdns.NewMdnsService(n.host, mdnsService, mdnsNotifee{n})
		if err := svc.Start(); err != nil {
			n.log.Warn("sync: local network discovery unavailable", "err", err)
		} else {
			n.mdns = svc
		}
	}
	n.wg.Add(1)
	go n.loop()
	if n.relay != nil {
		n.wg.Add(1)
		go n.keepReservation()
	}
	return nil
}

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

type mdnsNotifee struct{ n *Node }

func (m mdnsNotifee) HandlePeerFound(ai peer.AddrInfo) {
	if !m.n.gate.isPartner(ai.ID) {
		return
	}
	m.n.host.Peerstore().AddAddrs(ai.ID, ai.Addrs, 10*time.Minute)
	m.n.log.Debug("sync: found the partner on the local network")
	m.n.poke()
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

// Watch returns a channel of status updates, starting with the current
// one, and a function to stop watching. A slow reader only misses
// intermediate values; it always gets the latest.
func (n *Node) Watch() (<-chan Status, func()) { return n.status.watch() }

// Status returns the current status.
func (n *Node) Status() Status { return n.status.get() }

// SyncOnce connects to the partner (starting the node if needed) and
// returns once the two documents are in sync, or when ctx ends.
func (n *Node) SyncOnce(ctx context.Context) error {
	if _, ok := n.Partner(); !ok {
		return ErrNotPaired
	}
	if err := n.Start(ctx); err != nil {
		return err
	}
	n.mu.Lock()
	synced, heads := n.synced, n.syncedHeads
	n.mu.Unlock()
	// In sync already, unless the document changed since: the session
	// may not have seen that change yet.
	if n.Status().State == InSync && sameHashes(heads, n.cfg.Doc.Heads()) {
		return nil
	}
	n.poke()
	select {
	case <-synced:
		return nil
	case <-ctx.Done():
		if err := n.Status().Err; err != nil {
			return fmt.Errorf("%w (last error: %v)", ctx.Err(), err)
		}
		return ctx.Err()
	case <-n.ctx.Done():
		return ErrClosed
	}
}

// Close stops syncing and closes the host. The last sync state is saved.
func (n *Node) Close() error {
	n.cancel()
	n.mu.Lock()
	n.closing = true
	a := n.active
	n.mu.Unlock()
	if a != nil {
		<-a.done
	}
	if n.mdns != nil {
		n.mdns.Close()
	}
	n.stopAdvert()
	err := n.host.Close()
	n.wg.Wait()
	n.flush()
	n.status.update(func(s *Status) {
		if s.State != Unpaired {
			s.State = Offline
		}
	})
	return err
}

func (n *Node) poke() {
	select {
	case n.wake <- struct{}{}:
	default:
	}
}

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
	go func() {
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
			status: func(in bool, heads []doc.Hash) {
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
			},
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
	}()
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

func (n *Node) tapped(s network.Stream) io.ReadWriteCloser {
	if n.tap != nil {
		return n.tap(s)
	}
	return s
}
