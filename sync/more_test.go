package sync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/internal/notify"
)

func TestSyncOnceOverQUIC(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	newEditor(t, a.doc).set(t, "q", "over quic")
	newEditor(t, b.doc).set(t, "r", "and back")
	pa, pb := a.id.Public(), b.id.Public()
	quic := "/ip4/127.0.0.1/udp/0/quic-v1"
	startOn(t, a, &pb, nil, quic)
	createOn(t, b, &pa, a.node.Addrs(), quic)
	if !bytes.Contains([]byte(a.node.Addrs()[0]), []byte("quic")) {
		t.Fatalf("not listening on QUIC: %v", a.node.Addrs())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := b.node.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if value(t, b.doc, "q") != "over quic" {
		t.Fatal("SyncOnce returned before B had A's edit")
	}
	waitConverged(t, 30*time.Second, a.doc, b.doc)
	if s := b.node.Status(); s.LastSynced.IsZero() || s.Relayed {
		t.Errorf("status after sync: %+v", s)
	}
}

func TestSyncOnceNeedsPartner(t *testing.T) {
	a := newDevice(t)
	createOn(t, a, nil, nil, "/ip4/127.0.0.1/tcp/0")
	if err := a.node.SyncOnce(context.Background()); !errors.Is(err, ErrNotPaired) {
		t.Fatalf("err = %v, want ErrNotPaired", err)
	}
	if s := a.node.Status(); s.State != Unpaired {
		t.Fatalf("state %v, want unpaired", s.State)
	}
}

// dropFirstSync copies frames from src to dst, dropping the first sync
// frame: a lost message after which Automerge waits forever.
func dropFirstSync(dst io.WriteCloser, src io.Reader) {
	defer dst.Close()
	fr := newFrameReader(src, 0)
	dropped := false
	for {
		f, err := fr.next()
		if err != nil {
			return
		}
		if f.typ == frameSync && !dropped {
			dropped = true
			continue
		}
		if writeFrame(dst, f.typ, f.payload) != nil {
			return
		}
	}
}

func TestResyncAfterStall(t *testing.T) {
	da, db := doc.NewShared(), doc.NewShared()
	newEditor(t, da).set(t, "a", "1")
	newEditor(t, db).set(t, "b", "2")
	a, b := newPipeEnd(da, nil), newPipeEnd(db, nil)
	a.s.resync, b.s.resync = 50*time.Millisecond, 50*time.Millisecond
	a.s.initiator = true

	// A's frames go through a relay that loses A's first sync message.
	aConn, aRelay := net.Pipe()
	bConn, bRelay := net.Pipe()
	go dropFirstSync(bRelay, aRelay) // A → B, lossy
	go func() { io.Copy(aRelay, bRelay) }()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { a.err <- a.s.run(ctx, aConn) }()
	go func() { b.err <- b.s.run(ctx, bConn) }()
	t.Cleanup(func() { cancel(); <-a.err; <-b.err })
	waitConverged(t, 30*time.Second, da, db)
	if value(t, db, "a") != "1" || value(t, da, "b") != "2" {
		t.Fatal("edits missing")
	}
}

func TestStatusStrings(t *testing.T) {
	seen := map[string]bool{}
	for s := Unpaired; s <= InSync; s++ {
		str := s.String()
		if str == "unknown" || seen[str] {
			t.Errorf("state %d has string %q", s, str)
		}
		seen[str] = true
	}
}

func TestWatchGivesLatest(t *testing.T) {
	w := watchers{new(notify.Value[Status])}
	ch, stop := w.watch()
	defer stop()
	for _, s := range []State{Offline, Connecting, Connected, Syncing} {
		w.update(func(st *Status) { st.State = s })
	}
	if got := <-ch; got.State != Syncing {
		t.Fatalf("got %v, want the latest (syncing)", got.State)
	}
	stop()
	w.update(func(st *Status) { st.State = InSync }) // must not block
}

// Two devices that paired earlier sync once over loopback, as
// "kintsugi sync --once" does.
func Example() {
	alex, _ := crypto.GenerateIdentity()
	sam, _ := crypto.GenerateIdentity()
	alexDoc, samDoc := doc.NewShared(), doc.NewShared()
	if err := alexDoc.SetCouple(doc.Partner{ID: "alex", Name: "Alex"}, doc.Partner{ID: "sam", Name: "Sam"}); err != nil {
		log.Fatal(err)
	}
	alexPub, samPub := alex.Public(), sam.Public()

	a, err := New(Config{Identity: alex, Doc: alexDoc, Partner: &samPub,
		ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, State: &MemStore{}})
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	a.Start(context.Background())

	s, err := New(Config{Identity: sam, Doc: samDoc, Partner: &alexPub, PartnerAddrs: a.Addrs(),
		ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, State: &MemStore{}})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.SyncOnce(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Status().State)
	fmt.Println(len(samDoc.Partners()))
	// Output:
	// in sync
	// 2
}

func TestDefaultPortFallsBackWhenTaken(t *testing.T) {
	a := newDevice(t)
	port := DefaultPort(a.id.Public())
	held, err := net.Listen("tcp4", fmt.Sprintf("0.0.0.0:%d", port))
	if err == nil {
		defer held.Close()
	}
	n, err := New(Config{Identity: a.id, Doc: a.doc})
	if err != nil {
		t.Fatalf("node did not start with its default port taken: %v", err)
	}
	defer n.Close()
	if len(n.Addrs()) == 0 {
		t.Fatal("no listen addresses")
	}
	if held != nil {
		for _, addr := range n.Addrs() {
			if bytes.Contains([]byte(addr), []byte(fmt.Sprintf("/tcp/%d", port))) {
				t.Fatalf("listening on the taken port: %s", addr)
			}
		}
	}
}

// TestInviteExpiredIsCryptos checks that an invite that ran out on the
// node matches crypto.ErrInviteExpired, the one sentinel callers test,
// while keeping its own words.
func TestInviteExpiredIsCryptos(t *testing.T) {
	err := fmt.Errorf("join: %w", ErrInviteExpired)
	if !errors.Is(err, crypto.ErrInviteExpired) || !errors.Is(err, ErrInviteExpired) {
		t.Fatalf("%v does not match both sentinels", err)
	}
	if errors.Is(fmt.Errorf("parse: %w", crypto.ErrInviteExpired), ErrInviteExpired) {
		t.Fatal("crypto's sentinel matches sync's: the arrow points the wrong way")
	}
	if got := ErrInviteExpired.Error(); got != "this invite has expired; please ask for a new one" {
		t.Fatalf("message = %q", got)
	}
}
