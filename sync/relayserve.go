package sync

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/libp2p/go-libp2p"
	lcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/protocol/circuitv2/relay"
	ma "github.com/multiformats/go-multiaddr"
	manet "github.com/multiformats/go-multiaddr/net"
)

// DefaultRelayPort is the TCP and UDP port a relay listens on by default:
// the port every IPFS node uses, so a relay looks like one of them.
const DefaultRelayPort = 4001

// RelayKeyFile is the file in the relay's state folder that keeps its
// identity, so its address stays the same across restarts.
const RelayKeyFile = "relay.key"

// CheckRelayAddr reports whether s is a usable relay address: a multiaddr
// that ends in /p2p/ and the relay's peer ID. Errors wrap ErrRelayAddr.
func CheckRelayAddr(s string) error {
	ai, err := peer.AddrInfoFromString(s)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrRelayAddr, err)
	}
	if len(ai.Addrs) == 0 {
		return fmt.Errorf("%w: it has no network address before /p2p/", ErrRelayAddr)
	}
	return nil
}

// RelayConfig configures a relay server.
type RelayConfig struct {
	// StateDir keeps the relay's identity (RelayKeyFile, mode 0600),
	// created on the first run.
	StateDir string
	// Listen are the multiaddrs to listen on. Empty: all interfaces on
	// DefaultRelayPort, TCP and QUIC, IPv4 and IPv6.
	Listen []string
	// Allow, when not empty, are the only peer IDs that may reserve a slot
	// on the relay or connect through it: the two laptops of a couple.
	// Circuits between them then have no time or data limit. Empty: anyone
	// may, within go-libp2p's limits for public relays (2 minutes and
	// 128 KiB per circuit: enough to punch a hole and for small syncs).
	Allow []string
	// Logger receives reservation and connection events. Nil: discard.
	Logger *slog.Logger
}

// RelayServer is a libp2p circuit relay v2 service (go-libp2p's own, with
// its resource limits) with a stable identity.
type RelayServer struct {
	host  host.Host
	relay *relay.Relay
}

// ServeRelay starts a relay server; it runs until Close.
func ServeRelay(cfg RelayConfig) (*RelayServer, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var allow map[peer.ID]bool
	for _, s := range cfg.Allow {
		id, err := peer.Decode(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not a peer ID: %w", s, err)
		}
		if allow == nil {
			allow = make(map[peer.ID]bool)
		}
		allow[id] = true
	}
	key, err := relayKey(cfg.StateDir)
	if err != nil {
		return nil, err
	}
	listen := cfg.Listen
	if len(listen) == 0 {
		p := DefaultRelayPort
		listen = []string{
			fmt.Sprintf("/ip4/0.0.0.0/tcp/%d", p), fmt.Sprintf("/ip4/0.0.0.0/udp/%d/quic-v1", p),
			fmt.Sprintf("/ip6/::/tcp/%d", p), fmt.Sprintf("/ip6/::/udp/%d/quic-v1", p),
		}
	}
	rm, err := resourceManager()
	if err != nil {
		return nil, err
	}
	h, err := libp2p.New(
		libp2p.Identity(key),
		libp2p.ListenAddrStrings(listen...),
		libp2p.ResourceManager(rm),
		handshakeDeadline(),
		libp2p.DisableRelay(), // the relay is a service here, not a transport
		libp2p.DisableMetrics(),
	)
	if err != nil {
		rm.Close()
		return nil, fmt.Errorf("failed to start the relay: %w", err)
	}
	res := relay.DefaultResources()
	opts := []relay.Option{relay.WithResources(res)}
	if allow != nil {
		opts = append(opts, relay.WithACL(allowList{allow: allow, log: log}), relay.WithLimit(nil))
	}
	r, err := relay.New(h, opts...)
	if err != nil {
		h.Close()
		return nil, fmt.Errorf("failed to start the relay: %w", err)
	}
	return &RelayServer{host: h, relay: r}, nil
}

// relayKey loads the relay's key from dir, or makes one and keeps it.
func relayKey(dir string) (lcrypto.PrivKey, error) {
	if dir == "" {
		return nil, fmt.Errorf("%w: no state folder given", ErrRelayKey)
	}
	path := filepath.Join(dir, RelayKeyFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		key, _, err := lcrypto.GenerateEd25519Key(nil)
		if err != nil {
			return nil, fmt.Errorf("failed to make the relay's key: %w", err)
		}
		b, err := lcrypto.MarshalPrivateKey(key)
		if err != nil {
			return nil, fmt.Errorf("failed to make the relay's key: %w", err)
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("failed to create the relay's state folder: %w", err)
		}
		if err := crypto.WriteFileAtomic(path, b, 0o600); err != nil {
			return nil, fmt.Errorf("failed to keep the relay's key: %w", err)
		}
		return key, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRelayKey, err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%w: %s can be read by other users (chmod 600 it)", ErrRelayKey, path)
	}
	key, err := lcrypto.UnmarshalPrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrRelayKey, path, err)
	}
	return key, nil
}

// allowList is the relay's ACL: only the listed peers reserve, and only
// they connect to one another through it.
type allowList struct {
	allow map[peer.ID]bool
	log   *slog.Logger
}

func (a allowList) AllowReserve(p peer.ID, addr ma.Multiaddr) bool {
	if !a.allow[p] {
		a.log.Info("relay: refused a reservation from a peer not allowed", "peer", p.String(), "remote", addr.String())
		return false
	}
	return true
}

func (a allowList) AllowConnect(src peer.ID, _ ma.Multiaddr, dest peer.ID) bool {
	return a.allow[src] && a.allow[dest]
}

// ID returns the relay's peer ID.
func (r *RelayServer) ID() string { return r.host.ID().String() }

// Addrs returns the relay's full addresses, with /p2p/ID, those others can
// most likely reach first: public, then private, then loopback.
func (r *RelayServer) Addrs() []string {
	addrs := r.host.Addrs()
	if len(addrs) == 0 {
		addrs = r.host.Network().ListenAddresses()
	}
	rank := func(a ma.Multiaddr) int {
		switch {
		case manet.IsPublicAddr(a):
			return 0
		case manet.IsIPLoopback(a):
			return 2
		}
		return 1
	}
	addrs = slices.Clone(addrs)
	slices.SortStableFunc(addrs, func(x, y ma.Multiaddr) int { return cmp.Compare(rank(x), rank(y)) })
	out := make([]string, 0, len(addrs))
	for _, a := range addrs {
		out = append(out, a.String()+"/p2p/"+r.ID())
	}
	return out
}

// Close stops the relay and its host.
func (r *RelayServer) Close() error {
	r.relay.Close()
	return r.host.Close()
}
