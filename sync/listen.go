package sync

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/libp2p/go-libp2p"
	lcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/p2p/security/noise"
	quic "github.com/libp2p/go-libp2p/p2p/transport/quic"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
)

// Listening: the libp2p host, its transports and the addresses it listens
// on. The limits that keep a stranger from crowding the partner out are in
// open.go.

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

// newHost starts the libp2p host on the first of the listen choices that
// works in full.
func (n *Node) newHost(key lcrypto.PrivKey) (host.Host, error) {
	var lastErr error
	choices := listenChoices(n.cfg.ListenAddrs, DefaultPort(n.cfg.Identity.Public()))
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
		return h, nil
	}
	return nil, fmt.Errorf("failed to start networking: %w", lastErr)
}

// listenChoices are the sets of addresses New tries to listen on, in
// order: the configured ones, or DefaultPort with and without IPv6, then
// any free port.
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
