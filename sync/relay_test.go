package sync

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"

	"github.com/libp2p/go-libp2p"
	lcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/protocol/circuitv2/client"
)

// startRelay runs a relay server on loopback for the test, allowing ids.
func startRelay(t testing.TB, dir string, ids ...string) *RelayServer {
	t.Helper()
	r, err := ServeRelay(RelayConfig{StateDir: dir, Listen: []string{"/ip4/127.0.0.1/tcp/0"}, Allow: ids})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func idOf(t testing.TB, d *device) string {
	t.Helper()
	id, err := peerIDOf(d.id.Public())
	if err != nil {
		t.Fatal(err)
	}
	return id.String()
}

// TestSyncThroughRelay: two paired devices on new ports, whose last-known
// addresses of each other are stale and with discovery off, reach each
// other through the relay `kintsugi relay serve` runs, and sync both ways.
func TestSyncThroughRelay(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	r := startRelay(t, t.TempDir(), idOf(t, a), idOf(t, b))
	relayAddr := r.Addrs()[0]

	newEditor(t, a.doc).set(t, "via", "the relay")
	newEditor(t, b.doc).set(t, "and", "back")
	stale := map[*device][]string{a: {freeTCP(t)}, b: {freeTCP(t)}}
	startBoth(t, a, b, func(d *device, partner *crypto.PublicIdentity) Config {
		return Config{Identity: d.id, Doc: d.doc, Partner: partner, Relay: relayAddr, PartnerAddrs: stale[d],
			ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, State: d.store}
	})
	waitConverged(t, 30*time.Second, a.doc, b.doc)
	if value(t, a.doc, "and") != "back" || value(t, b.doc, "via") != "the relay" {
		t.Fatal("edits missing")
	}
	if !a.node.Status().Relayed || !b.node.Status().Relayed {
		t.Errorf("status does not say relayed: %+v, %+v", a.node.Status(), b.node.Status())
	}
	// And a later edit crosses too, on the live relayed session.
	h := newEditor(t, a.doc).set(t, "later", "too")
	waitFor(t, 10*time.Second, "a later edit through the relay", func() bool { return hasHead(b.doc, h) })
}

// TestRelayRefusesPeersNotAllowed: with --allow, a peer not on the list
// cannot reserve a slot; a listed one can.
func TestRelayRefusesPeersNotAllowed(t *testing.T) {
	allowedKey, _, _ := lcrypto.GenerateEd25519Key(nil)
	allowedID, _ := peer.IDFromPrivateKey(allowedKey)
	r := startRelay(t, t.TempDir(), allowedID.String())
	ai, err := peer.AddrInfoFromString(r.Addrs()[0])
	if err != nil {
		t.Fatal(err)
	}
	reserve := func(key lcrypto.PrivKey) error {
		opts := []libp2p.Option{libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics(), libp2p.EnableRelay()}
		if key != nil {
			opts = append(opts, libp2p.Identity(key))
		}
		h, err := libp2p.New(opts...)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := h.Connect(ctx, *ai); err != nil {
			t.Fatal(err)
		}
		_, err = client.Reserve(ctx, h, *ai)
		return err
	}
	if err := reserve(nil); err == nil {
		t.Error("a stranger reserved a slot on a relay with an allow list")
	} else {
		var re client.ReservationError
		if !errors.As(err, &re) {
			t.Errorf("refusal is not a reservation error: %v", err)
		}
		t.Logf("stranger refused: %v", err)
	}
	if err := reserve(allowedKey); err != nil {
		t.Errorf("an allowed peer could not reserve: %v", err)
	}
}

// TestRelayKeepsItsIdentity: the relay's address stays the same across
// restarts, its key is private, and a key others can read is refused.
func TestRelayKeepsItsIdentity(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	r1, err := ServeRelay(RelayConfig{StateDir: dir, Listen: []string{"/ip4/127.0.0.1/tcp/0"}})
	if err != nil {
		t.Fatal(err)
	}
	id := r1.ID()
	r1.Close()
	key := filepath.Join(dir, RelayKeyFile)
	fi, err := os.Stat(key)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	r2 := startRelay(t, dir)
	if r2.ID() != id {
		t.Errorf("identity changed across restarts: %s, then %s", id, r2.ID())
	}
	for _, a := range r2.Addrs() {
		if err := CheckRelayAddr(a); err != nil {
			t.Errorf("printed address %q is not a usable relay address: %v", a, err)
		}
	}
	r2.Close()
	os.Chmod(key, 0o644)
	if _, err := ServeRelay(RelayConfig{StateDir: dir, Listen: []string{"/ip4/127.0.0.1/tcp/0"}}); !errors.Is(err, ErrRelayKey) {
		t.Errorf("a key others can read: got %v, want ErrRelayKey", err)
	}
}

func TestCheckRelayAddr(t *testing.T) {
	for _, tc := range []struct {
		addr string
		ok   bool
	}{
		{"/ip4/203.0.113.7/tcp/4001/p2p/12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf", true},
		{"/dns4/relay.example.org/udp/4001/quic-v1/p2p/12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf", true},
		{"/ip4/203.0.113.7/tcp/4001", false},
		{"/p2p/12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf", false},
		{"relay.example.org:4001", false},
	} {
		err := CheckRelayAddr(tc.addr)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrRelayAddr)) {
			t.Errorf("CheckRelayAddr(%q) = %v, want ok=%v", tc.addr, err, tc.ok)
		}
	}
}

// TestSyncThroughOpenRelay: a relay without --allow carries a small sync
// within go-libp2p's public-relay limits, on a limited connection.
func TestSyncThroughOpenRelay(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	r := startRelay(t, t.TempDir())
	newEditor(t, a.doc).set(t, "open", "relay")
	startBoth(t, a, b, func(d *device, partner *crypto.PublicIdentity) Config {
		return Config{Identity: d.id, Doc: d.doc, Partner: partner, Relay: r.Addrs()[0],
			ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, State: d.store}
	})
	waitConverged(t, 30*time.Second, a.doc, b.doc)
	if !a.node.Status().Relayed || !b.node.Status().Relayed {
		t.Errorf("status does not say relayed: %+v, %+v", a.node.Status(), b.node.Status())
	}
}

// TestRelayedSessionMovesToDirect: once a direct connection to the partner
// opens (as hole punching makes one), the sync leaves the relay for it.
func TestRelayedSessionMovesToDirect(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	r := startRelay(t, t.TempDir(), idOf(t, a), idOf(t, b))
	startBoth(t, a, b, func(d *device, partner *crypto.PublicIdentity) Config {
		return Config{Identity: d.id, Doc: d.doc, Partner: partner, Relay: r.Addrs()[0],
			ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, State: d.store, Logger: slog.New(d.logs)}
	})
	waitState(t, a.node, InSync, 30*time.Second)
	waitState(t, b.node, InSync, 30*time.Second)
	if !a.node.Status().Relayed || !b.node.Status().Relayed {
		t.Fatalf("not relayed to begin with: %+v, %+v", a.node.Status(), b.node.Status())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	bid, _ := peerIDOf(b.id.Public())
	// As hole punching does: a direct dial although a relayed link exists.
	ctx = network.WithForceDirectDial(ctx, "test: as hole punching")
	if err := a.node.host.Connect(ctx, peer.AddrInfo{ID: bid, Addrs: b.node.host.Network().ListenAddresses()}); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if t.Failed() {
			t.Logf("a: %s\nb: %s", a.logs.all(), b.logs.all())
		}
	}()
	waitFor(t, 10*time.Second, "the sync to leave the relay", func() bool {
		return !a.node.Status().Relayed && !b.node.Status().Relayed
	})
	h := newEditor(t, a.doc).set(t, "direct", "now")
	waitFor(t, 10*time.Second, "an edit on the direct link", func() bool { return hasHead(b.doc, h) })
}
