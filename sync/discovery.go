package sync

import (
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/discovery/mdns"
)

// Discovery of the paired partner on the local network (mDNS). Finding an
// open invite on the network is in lan.go.

// mdnsService is the mDNS service name the paired partners find each
// other under: libp2p's default, which every libp2p program (IPFS and the
// rest) uses, so a device says nothing about the app, let alone the
// couple, to someone watching the LAN. Answers from other programs' peers
// are ignored; their connections are refused by the gater.
const mdnsService = mdns.ServiceName

// mdnsNotifee pokes the node when mDNS finds the partner; other peers are
// ignored.
type mdnsNotifee struct{ n *Node }

func (m mdnsNotifee) HandlePeerFound(ai peer.AddrInfo) {
	if !m.n.gate.isPartner(ai.ID) {
		return
	}
	m.n.host.Peerstore().AddAddrs(ai.ID, ai.Addrs, 10*time.Minute)
	m.n.log.Debug("sync: found the partner on the local network")
	m.n.poke()
}
