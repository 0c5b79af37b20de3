package sync

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	stdsync "sync"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p"
	lcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
	manet "github.com/multiformats/go-multiaddr/net"
)

// flooder keeps n idle TCP connections open from one loopback address to
// a node, reopening each one the node closes, and tracks which are open.
type flooder struct {
	mu     stdsync.Mutex
	opened int
	live   map[net.Conn]time.Time
}

// flood starts a flooder from the loopback address from (127.0.0.2, not
// the partner's 127.0.0.1) to the TCP address of target, until the test
// ends.
func flood(t *testing.T, target ma.Multiaddr, from string, n int) *flooder {
	t.Helper()
	_, hostport, err := manet.DialArgs(target)
	if err != nil {
		t.Fatal(err)
	}
	f := &flooder{live: make(map[net.Conn]time.Time)}
	ctx, cancel := context.WithCancel(context.Background())
	var wg stdsync.WaitGroup
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: time.Second}
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				c, err := d.DialContext(ctx, "tcp", hostport)
				if err != nil {
					time.Sleep(20 * time.Millisecond)
					continue
				}
				f.mu.Lock()
				f.opened++
				f.live[c] = time.Now()
				f.mu.Unlock()
				stop := context.AfterFunc(ctx, func() { c.Close() })
				// Idle: send nothing, read what the node says until it gives up.
				io.Copy(io.Discard, c)
				stop()
				c.Close()
				f.mu.Lock()
				delete(f.live, c)
				f.mu.Unlock()
			}
		}()
	}
	t.Cleanup(func() { cancel(); wg.Wait() })
	return f
}

// held returns how many connections have been open longer than d, and the
// age of the oldest.
func (f *flooder) held(d time.Duration) (n int, oldest time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, t0 := range f.live {
		age := time.Since(t0)
		if age > d {
			n++
		}
		oldest = max(oldest, age)
	}
	return n, oldest
}

func (f *flooder) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.opened
}

func tcpAddr(t *testing.T, n *Node) ma.Multiaddr {
	t.Helper()
	for _, a := range n.host.Network().ListenAddresses() {
		if _, err := a.ValueForProtocol(ma.P_TCP); err == nil {
			return a
		}
	}
	t.Fatal("no TCP address")
	return nil
}

// TestIdleFloodDoesNotKeepThePartnerOut: a stranger holding a hundred idle
// TCP connections open from one address, reopening each one closed, does
// not stop the partner from connecting and syncing; the node holds only a
// few of them at a time (a per-address limit), and none for longer than
// the handshake deadline.
func TestIdleFloodDoesNotKeepThePartnerOut(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	pa, pb := a.id.Public(), b.id.Public()
	// a does not know b's address: only b can dial, into the flood.
	a.start(t, &pb, nil)
	f := flood(t, tcpAddr(t, a.node), "127.0.0.2", 100)
	waitFor(t, 10*time.Second, "the flood to open 100 connections", func() bool { return f.count() >= 100 })
	time.Sleep(time.Second)
	if n, _ := f.held(500 * time.Millisecond); n > maxConnsPerAddr {
		t.Errorf("the node holds %d idle connections from one address, want at most %d", n, maxConnsPerAddr)
	}

	h := newEditor(t, b.doc).set(t, "through", "the flood")
	t0 := time.Now()
	b.start(t, &pa, a.node.Addrs())
	waitFor(t, 10*time.Second, "the edit to reach a through the flood", func() bool { return hasHead(a.doc, h) })
	took := time.Since(t0)
	t.Logf("synced through the flood in %v; the flood opened %d connections", took, f.count())
	if took > 5*time.Second {
		t.Errorf("the partner took %v to sync through the flood", took)
	}

	time.Sleep(handshakeTimeout + time.Second - time.Since(t0))
	if _, oldest := f.held(0); oldest > handshakeTimeout+time.Second {
		t.Errorf("an idle connection stayed open %v, past the %v handshake deadline", oldest, handshakeTimeout)
	}
}

// TestStalledStreamIsClosed: the partner's device that stops sending in
// the middle of a frame is cut off after the stall deadline, not held
// open for ever.
func TestStalledStreamIsClosed(t *testing.T) {
	// b must lead (open the sync stream): the lower peer ID.
	var a, b *device
	for {
		a, b = newDevice(t), newDevice(t)
		ida, _ := peerIDOf(a.id.Public())
		idb, _ := peerIDOf(b.id.Public())
		if idb < ida {
			break
		}
	}
	const stall = 500 * time.Millisecond
	pb := b.id.Public()
	n, err := New(Config{Identity: a.id, Doc: a.doc, Partner: &pb, ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"},
		State: a.store, Logger: slog.New(a.logs), StallTimeout: stall})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	if err := n.Start(context.Background()); err != nil {
		t.Fatal(err)
	}

	// b's device, by hand: it opens the sync stream, sends the start of a
	// hello frame and then nothing.
	key, err := lcrypto.UnmarshalEd25519PrivateKey(b.id.SigningKey())
	if err != nil {
		t.Fatal(err)
	}
	h, err := libp2p.New(libp2p.Identity(key), libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.Connect(ctx, peer.AddrInfo{ID: n.host.ID(), Addrs: n.host.Addrs()}); err != nil {
		t.Fatal(err)
	}
	s, err := h.NewStream(ctx, n.host.ID(), SyncProtocol)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Write([]byte{40, frameHello, 1, 2}); err != nil { // 40 bytes promised, 2 sent
		t.Fatal(err)
	}
	t0 := time.Now()
	s.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, err = io.Copy(io.Discard, s) // a's hello, then the end
	took := time.Since(t0)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatal("the stalled stream was still open after 10 s")
	}
	if took < stall {
		t.Errorf("the stream closed after %v, before the %v stall deadline", took, stall)
	}
	waitFor(t, 5*time.Second, "the node to report the stall", func() bool { return errors.Is(n.Status().Err, ErrStalled) })
	t.Logf("closed after %v (deadline %v): %v", took, stall, n.Status().Err)
}

// TestNothingSaysKintsugi: the default port is the identity's own, not one
// every Kintsugi laptop shares, and the LAN advert uses libp2p's common
// service name.
func TestNothingSaysKintsugi(t *testing.T) {
	ports := map[int]bool{}
	for range 20 {
		d := newDevice(t)
		p := DefaultPort(d.id.Public())
		if p < 20000 || p > 32767 {
			t.Errorf("port %d outside 20000-32767", p)
		}
		if DefaultPort(d.id.Public()) != p {
			t.Error("the default port changed for the same identity")
		}
		ports[p] = true
	}
	if len(ports) < 15 {
		t.Errorf("20 identities share %d ports", len(ports))
	}
	if mdnsService != "_p2p._udp" {
		t.Errorf("mDNS service %q, want libp2p's common _p2p._udp", mdnsService)
	}
}
