package sync

import (
	"context"
	"strings"
	stdsync "sync"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/discovery/mdns"
	"github.com/libp2p/zeroconf/v2"
	ma "github.com/multiformats/go-multiaddr"
)

// inviteService is the mDNS service name under which a node with an open
// invite advertises, apart from the paired-sync service. Like that one it
// says nothing about the couple or the app. The advert carries only what
// libp2p mDNS carries: the peer ID and addresses.
const inviteService = "_h4r8w3._udp"

// Found is an open invite found on the local network. Nothing in it is
// authenticated: joining it still needs the invite's secret code, and the
// device must prove it knows that secret before it is pinned.
type Found struct {
	PeerID string   // the inviting device's libp2p peer ID
	Addrs  []string // its multiaddrs on the local network, without /p2p/
}

// advertiseInvite starts advertising the open invite on the LAN, when
// discovery is on. It is stopped by stopAdvert.
func (n *Node) advertiseInvite(oi *openInvite) {
	if !n.cfg.MDNS {
		return
	}
	svc := mdns.NewMdnsService(n.host, inviteService, ignoreFound{})
	if err := svc.Start(); err != nil {
		n.log.Warn("sync: could not show the invite on the local network", "err", err)
		return
	}
	n.mu.Lock()
	if n.invite != oi { // closed meanwhile
		n.mu.Unlock()
		svc.Close()
		return
	}
	old := n.advert
	n.advert = svc
	n.mu.Unlock()
	if old != nil {
		old.Close()
	}
}

// stopAdvert stops advertising an invite on the LAN.
func (n *Node) stopAdvert() {
	n.mu.Lock()
	a := n.advert
	n.advert = nil
	n.mu.Unlock()
	if a != nil {
		a.Close()
	}
}

// maxFound bounds the devices one Discover call reports, against a flood
// of adverts.
const maxFound = 64

type ignoreFound struct{}

func (ignoreFound) HandlePeerFound(peer.AddrInfo) {}

// Discover browses the local network for devices with an open invite
// until ctx ends, then closes the channel. Each device is reported once
// per call; this device never is. Browse again to refresh a list. With
// discovery off (Config.MDNS false) it returns [ErrDiscoveryOff].
func (n *Node) Discover(ctx context.Context) (<-chan Found, error) {
	if n.ctx.Err() != nil {
		return nil, ErrClosed
	}
	if !n.cfg.MDNS {
		return nil, ErrDiscoveryOff
	}
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(n.ctx, cancel)
	entries := make(chan *zeroconf.ServiceEntry, 64)
	out := make(chan Found, 16)
	var wg stdsync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := zeroconf.Browse(ctx, inviteService, "local", entries); err != nil {
			n.log.Debug("sync: browsing the local network failed", "err", err)
			cancel()
		}
	}()
	browsed := make(chan struct{})
	go func() {
		wg.Wait()
		close(browsed)
	}()
	go func() {
		defer close(out)
		defer stop()
		defer func() {
			// zeroconf sends entries without watching ctx: drain them
			// until it returns, so it never blocks.
			for {
				select {
				case _, ok := <-entries:
					if !ok {
						return
					}
				case <-browsed:
					return
				}
			}
		}()
		defer cancel()
		seen := map[peer.ID]bool{}
		for {
			var e *zeroconf.ServiceEntry
			select {
			case <-ctx.Done():
				return
			case e = <-entries:
			}
			if e == nil { // zeroconf closed the channel: browsing ended
				return
			}
			for _, f := range foundIn(e.Text) {
				id, _ := peer.Decode(f.PeerID)
				if id == n.host.ID() || seen[id] || len(seen) >= maxFound {
					continue
				}
				seen[id] = true
				select {
				case out <- f:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}

// foundIn reads the devices in an advert's TXT records, which libp2p
// writes as "dnsaddr=" and a multiaddr ending in /p2p/ID.
func foundIn(txt []string) []Found {
	var mas []ma.Multiaddr
	for _, s := range txt {
		rest, ok := strings.CutPrefix(s, "dnsaddr=")
		if !ok || len(rest) > maxAddrLen {
			continue
		}
		if m, err := ma.NewMultiaddr(rest); err == nil {
			mas = append(mas, m)
		}
	}
	infos, err := peer.AddrInfosFromP2pAddrs(mas...)
	if err != nil {
		return nil
	}
	var out []Found
	for _, ai := range infos {
		f := Found{PeerID: ai.ID.String()}
		for _, a := range ai.Addrs {
			if len(f.Addrs) < maxAddrs {
				f.Addrs = append(f.Addrs, a.String())
			}
		}
		out = append(out, f)
	}
	return out
}

// JoinFound pairs with a device found by [Node.Discover], proving secret
// (the invite's, from [crypto.ParseSecretCode]). Since the advert is not
// authenticated, the device must prove it knows the secret too, and hold
// the key of the peer ID that answered, before anything is pinned. A
// wrong secret, or a device that cannot prove it, changes nothing.
func (n *Node) JoinFound(ctx context.Context, f Found, secret [16]byte) (Paired, error) {
	id, err := peer.Decode(f.PeerID)
	if err != nil {
		return Paired{}, ErrInviteUnreachable
	}
	return n.join(ctx, id, f.Addrs, secret, nil)
}
