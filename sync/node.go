package sync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	stdsync "sync"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/internal/notify"
	lcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/libp2p/go-libp2p/p2p/discovery/mdns"
)

// Protocol IDs.
const (
	SyncProtocol protocol.ID = "/kintsugi/sync/1"
	PairProtocol protocol.ID = "/kintsugi/pair/1"
)

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
	// Status is where the node keeps its status, so that an owner that
	// starts one node after another (the profile) keeps one status, which
	// its readers watch directly, across them. The node changes only the
	// fields it knows of, and LastSynced only forward. Nil: its own.
	Status *notify.Value[Status]
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
		saveReq: make(chan struct{}, 1), synced: make(chan struct{}), status: watchers{cfg.Status}}
	if n.status.v == nil {
		n.status.v = new(notify.Value[Status])
	}
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
	if n.host, err = n.newHost(key); err != nil {
		return nil, err
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
	n.status.update(func(s *Status) {
		if st.LastSynced.After(s.LastSynced) {
			s.LastSynced = st.LastSynced
		}
	})
	return n, nil
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

func (n *Node) tapped(s network.Stream) io.ReadWriteCloser {
	if n.tap != nil {
		return n.tap(s)
	}
	return s
}
