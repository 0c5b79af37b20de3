package sync

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/libp2p/go-libp2p/core/network"
)

// startLAN starts the device's node with mDNS, on every interface (mDNS
// advertises interface addresses, not loopback-only listeners).
func (d *device) startLAN(t testing.TB) *Node {
	t.Helper()
	n, err := New(Config{Identity: d.id, Doc: d.doc, MDNS: true, State: d.store,
		ListenAddrs: []string{"/ip4/0.0.0.0/tcp/0"}, Logger: slog.New(d.logs)})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	d.node = n
	return n
}

// discover browses from n for up to within, and returns the open invite
// of the device want if it was found.
func discover(t testing.TB, n *Node, want string, within time.Duration) (Found, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	found, err := n.Discover(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for f := range found {
		if f.PeerID == n.PeerID() {
			t.Error("Discover reported this device itself")
		}
		if f.PeerID == want {
			return f, true
		}
	}
	return Found{}, false
}

func TestLANDiscoverAndJoin(t *testing.T) {
	a, b, c := newDevice(t), newDevice(t), newDevice(t)
	a.startLAN(t)
	b.startLAN(t)
	c.startLAN(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	// Nothing is advertised before an invite opens.
	if _, ok := discover(t, b.node, a.node.PeerID(), 2*time.Second); ok {
		t.Fatal("found an invite before one was opened")
	}
	inv, res, err := a.node.Invite(ctx, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := crypto.ParseSecretCode(inv.SecretCode())
	if err != nil {
		t.Fatal(err)
	}

	// A wrong secret code is refused and changes nothing on either side.
	f, ok := discover(t, c.node, a.node.PeerID(), 20*time.Second)
	if !ok {
		t.Fatal("C did not find A's invite on the local network")
	}
	wrong := secret
	wrong[15] ^= 1
	if _, err := c.node.JoinFound(ctx, f, wrong); !errors.Is(err, ErrInviteRefused) {
		t.Fatalf("wrong secret: err = %v, want ErrInviteRefused", err)
	}
	if _, ok := a.node.Partner(); ok {
		t.Fatal("a wrong secret paired A")
	}
	if _, ok := c.node.Partner(); ok {
		t.Fatal("a refused join paired C")
	}

	// The right secret pairs the two, with the same safety number.
	f, ok = discover(t, b.node, a.node.PeerID(), 20*time.Second)
	if !ok {
		t.Fatal("B did not find A's invite on the local network")
	}
	pb, err := b.node.JoinFound(ctx, f, secret)
	if err != nil {
		t.Fatalf("join by pick and secret: %v", err)
	}
	r := <-res
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if !pb.Partner.Equal(a.id.Public()) || !r.Paired.Partner.Equal(b.id.Public()) {
		t.Fatal("the two did not pin each other")
	}
	if pb.SafetyNumber == "" || pb.SafetyNumber != r.Paired.SafetyNumber {
		t.Fatalf("safety numbers %q and %q", pb.SafetyNumber, r.Paired.SafetyNumber)
	}
	waitConverged(t, 30*time.Second, a.doc, b.doc)

	// The used invite is no longer advertised.
	if _, ok := discover(t, c.node, a.node.PeerID(), 3*time.Second); ok {
		t.Fatal("the invite is still advertised after it was used")
	}
}

func TestLANImpostorRefused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply func(req pairMsg, m *Node) pairMsg
	}{
		{"own secret", func(req pairMsg, m *Node) pairMsg {
			me, _ := m.cfg.Identity.Public().MarshalText()
			var guess [16]byte
			return pairMsg{MAC: pairMAC(guess, "accept", m.host.ID(), "", me), Identity: me}
		}},
		{"reflected proof", func(req pairMsg, m *Node) pairMsg {
			me, _ := m.cfg.Identity.Public().MarshalText()
			return pairMsg{MAC: req.MAC, Identity: me}
		}},
		{"joiner's identity", func(req pairMsg, m *Node) pairMsg {
			return pairMsg{MAC: req.MAC, Identity: req.Identity}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b, m := newDevice(t), newDevice(t), newDevice(t)
			a.start(t, nil, nil)
			b.startLAN(t)
			m.startLAN(t)
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			// The real partner's invite is elsewhere; an impostor on the LAN
			// advertises an invite and answers every join with an "accept".
			inv, _, err := a.node.Invite(ctx, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := m.node.Invite(ctx, time.Minute); err != nil {
				t.Fatal(err)
			}
			m.node.host.SetStreamHandler(PairProtocol, func(s network.Stream) {
				defer s.Close()
				f, err := newFrameReader(s, maxPairMsg).next()
				if err != nil {
					return
				}
				req, err := parsePairMsg(f.payload)
				if err != nil {
					return
				}
				writeFrame(s, framePair, tc.reply(req, m.node).marshal())
			})
			f, ok := discover(t, b.node, m.node.PeerID(), 20*time.Second)
			if !ok {
				t.Fatal("B did not find the impostor's advert")
			}
			if _, err := b.node.JoinFound(ctx, f, inv.Secret); !errors.Is(err, ErrInviteRefused) {
				t.Fatalf("impostor: err = %v, want ErrInviteRefused", err)
			}
			if _, ok := b.node.Partner(); ok {
				t.Fatal("B pinned an impostor")
			}
			if b.node.Status().State != Unpaired {
				t.Fatalf("B's state is %v", b.node.Status().State)
			}
		})
	}
}

func TestFoundIn(t *testing.T) {
	const id = "12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN"
	got := foundIn([]string{"dnsaddr=/ip4/192.168.1.2/tcp/4001/p2p/" + id, "junk", "dnsaddr=/nonsense", "dnsaddr=/ip4/10.0.0.1/udp/4001/quic-v1/p2p/" + id})
	if len(got) != 1 || got[0].PeerID != id || len(got[0].Addrs) != 2 || got[0].Addrs[0] != "/ip4/192.168.1.2/tcp/4001" {
		t.Fatalf("foundIn = %+v", got)
	}
	if got := foundIn([]string{"dnsaddr=/ip4/192.168.1.2/tcp/4001"}); len(got) != 0 {
		t.Fatalf("an address without a peer ID: %+v", got)
	}
}

func TestDiscoverNeedsDiscoveryOn(t *testing.T) {
	a := newDevice(t)
	a.start(t, nil, nil)
	if _, err := a.node.Discover(context.Background()); !errors.Is(err, ErrDiscoveryOff) {
		t.Fatalf("Discover with discovery off: %v", err)
	}
}
