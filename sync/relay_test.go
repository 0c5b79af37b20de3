package sync

import (
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"

	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/p2p/protocol/circuitv2/relay"
)

// TestSyncThroughRelay: neither device knows the other's address, only the
// user's relay; they reach each other through it.
func TestSyncThroughRelay(t *testing.T) {
	r, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := relay.New(r, relay.WithInfiniteLimits()); err != nil {
		t.Fatal(err)
	}
	relayAddr := r.Addrs()[0].String() + "/p2p/" + r.ID().String()

	a, b := newDevice(t), newDevice(t)
	newEditor(t, a.doc).set(t, "via", "the relay")
	newEditor(t, b.doc).set(t, "and", "back")
	startBoth(t, a, b, func(d *device, partner *crypto.PublicIdentity) Config {
		return Config{Identity: d.id, Doc: d.doc, Partner: partner, Relay: relayAddr,
			ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, State: d.store}
	})
	waitConverged(t, 30*time.Second, a.doc, b.doc)
	if value(t, a.doc, "and") != "back" || value(t, b.doc, "via") != "the relay" {
		t.Fatal("edits missing")
	}
	if !a.node.Status().Relayed || !b.node.Status().Relayed {
		t.Errorf("status does not say relayed: %+v, %+v", a.node.Status(), b.node.Status())
	}
}
