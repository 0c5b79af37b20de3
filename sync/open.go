package sync

import (
	"fmt"
	"time"

	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/connmgr"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/pnet"
	"github.com/libp2p/go-libp2p/core/sec"
	"github.com/libp2p/go-libp2p/core/transport"
	rcmgr "github.com/libp2p/go-libp2p/p2p/host/resource-manager"
	tptu "github.com/libp2p/go-libp2p/p2p/net/upgrader"
	"go.uber.org/fx"
)

// What keeps a node reachable from the open internet usable by the
// partner: a stranger may open connections, but cannot hold many, nor for
// long, so the partner always finds a free slot.
const (
	// handshakeTimeout is how long an inbound connection has to finish the
	// Noise handshake and the muxer negotiation: after it, a connection
	// that has not said who it is is closed. go-libp2p's default is 15
	// seconds; a real peer takes milliseconds, a relayed one a second.
	handshakeTimeout = 5 * time.Second
	// maxConnsPerAddr bounds the connections, in any state, to and from
	// one IP address (an IPv6 /64), loopback included. go-libp2p's
	// default, 8, but it exempts loopback and allows 8 per IPv6 /56.
	maxConnsPerAddr = 8
	// maxConnsPerV6Net bounds them per IPv6 /48.
	maxConnsPerV6Net = 64
)

// resourceManager returns go-libp2p's default resource manager (limits
// scaled to the machine) with the per-address limits above.
func resourceManager() (network.ResourceManager, error) {
	limits := rcmgr.DefaultLimits
	libp2p.SetDefaultServiceLimits(&limits)
	rm, err := rcmgr.NewResourceManager(rcmgr.NewFixedLimiter(limits.AutoScale()),
		// No exemption for loopback: a local process is a stranger too.
		rcmgr.WithNetworkPrefixLimit([]rcmgr.NetworkPrefixLimit{}, []rcmgr.NetworkPrefixLimit{}),
		rcmgr.WithLimitPerSubnet(
			[]rcmgr.ConnLimitPerSubnet{{PrefixLength: 32, ConnCount: maxConnsPerAddr}},
			[]rcmgr.ConnLimitPerSubnet{{PrefixLength: 64, ConnCount: maxConnsPerAddr}, {PrefixLength: 48, ConnCount: maxConnsPerV6Net}},
		))
	if err != nil {
		return nil, fmt.Errorf("failed to set connection limits: %w", err)
	}
	return rm, nil
}

// handshakeDeadline replaces the host's connection upgrader with one whose
// inbound handshakes time out after handshakeTimeout (go-libp2p offers no
// option for it but its own upgrader's).
func handshakeDeadline() libp2p.Option {
	return libp2p.WithFxOption(fx.Decorate(fx.Annotate(
		func(_ transport.Upgrader, security []sec.SecureTransport, muxers []tptu.StreamMuxer, psk pnet.PSK,
			rm network.ResourceManager, gater connmgr.ConnectionGater) (transport.Upgrader, error) {
			return tptu.New(security, muxers, psk, rm, gater, tptu.WithAcceptTimeout(handshakeTimeout))
		},
		fx.ParamTags(``, `name:"security"`),
	)))
}
