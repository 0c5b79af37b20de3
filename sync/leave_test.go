package sync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	stdsync "sync"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

// errLinkReset is what the far end reads when a link is closed abruptly.
var errLinkReset = errors.New("link reset")

// asyncLink is one direction-pair of a stream with a transport's semantics
// (yamux over a connection): Write only queues and returns, CloseWrite
// sends the end of stream after everything queued, and Close drops what is
// still queued, as closing the connection right after a session does. Its
// hold function, when set, keeps back the first outgoing frame it returns
// true for and everything after, until CloseWrite flushes them: a frame
// still in flight when its writer decides to leave.
type asyncLink struct {
	out  *io.PipeWriter // to the far end's reader
	in   *io.PipeReader // from the far end
	hold func(frame) bool

	mu      stdsync.Mutex
	queue   []byte
	held    bool
	eof     bool // CloseWrite: flush, then end the stream
	aborted bool
	kick    chan struct{}
	done    chan struct{}
}

// newAsyncLinks returns the two ends of a stream.
func newAsyncLinks(holdAB func(frame) bool) (a, b *asyncLink) {
	abR, abW := io.Pipe()
	baR, baW := io.Pipe()
	a = &asyncLink{out: abW, in: baR, hold: holdAB, kick: make(chan struct{}, 1), done: make(chan struct{})}
	b = &asyncLink{out: baW, in: abR, kick: make(chan struct{}, 1), done: make(chan struct{})}
	go a.pump()
	go b.pump()
	return a, b
}

func (l *asyncLink) Read(p []byte) (int, error) { return l.in.Read(p) }

func (l *asyncLink) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.eof || l.aborted {
		return 0, io.ErrClosedPipe
	}
	l.queue = append(l.queue, p...)
	l.poke()
	return len(p), nil
}

func (l *asyncLink) CloseWrite() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.eof = true
	l.poke()
	return nil
}

func (l *asyncLink) Close() error {
	l.mu.Lock()
	l.aborted = true
	l.queue = nil
	l.poke()
	l.mu.Unlock()
	l.in.CloseWithError(errLinkReset)
	return nil
}

func (l *asyncLink) poke() {
	select {
	case l.kick <- struct{}{}:
	default:
	}
}

// pump delivers whole queued frames to the far end, in order.
func (l *asyncLink) pump() {
	defer close(l.done)
	for range l.kick {
		for {
			l.mu.Lock()
			if l.aborted {
				l.mu.Unlock()
				l.out.CloseWithError(errLinkReset)
				return
			}
			n := 0
			if !l.held || l.eof {
				n = frameLen(l.queue)
				if n > 0 && !l.eof && l.hold != nil {
					f, err := newFrameReader(bytes.NewReader(l.queue[:n]), 0).next()
					if err == nil && l.hold(f) {
						l.held, n = true, 0
					}
				}
			}
			if n == 0 {
				eof := l.eof && (len(l.queue) == 0)
				l.mu.Unlock()
				if eof {
					l.out.Close()
					return
				}
				break
			}
			b := bytes.Clone(l.queue[:n])
			l.queue = l.queue[n:]
			l.mu.Unlock()
			if _, err := l.out.Write(b); err != nil {
				return
			}
		}
	}
}

// frameLen returns the length of the first whole frame in b, or 0.
func frameLen(b []byte) int {
	var x uint64
	for i := 0; i < len(b) && i < 10; i++ {
		x |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			if n := i + 1 + int(x); n <= len(b) {
				return n
			}
			return 0
		}
	}
	return 0
}

// carries reports whether a sync or heads frame tells heads hs.
func carries(f frame, hs []doc.Hash) bool {
	var got []doc.Hash
	var err error
	switch f.typ {
	case frameSync:
		got, err = parseSyncHeads(f.payload)
	case frameHeads:
		got, err = parseHeads(f.payload)
	default:
		return false
	}
	return err == nil && sameHashes(got, hs)
}

// TestSessionLeavingInSyncTellsThePartner is the race behind "sync --once"
// timing out on one side while the other reported in sync: the side that
// catches up last is in sync as soon as its last frame (the one telling its
// new heads) is queued, and leaves. Unless the leaving session makes sure
// that frame reaches the partner before its connection closes, and the
// partner counts it as in sync when the stream ends right behind it, the
// partner never learns the two documents are the same.
func TestSessionLeavingInSyncTellsThePartner(t *testing.T) {
	for _, initiator := range []bool{true, false} {
		name := "leaver initiates"
		if !initiator {
			name = "partner initiates"
		}
		t.Run(name, func(t *testing.T) {
			// B is ahead of A: A catches up last, so A is in sync first,
			// with its new heads still in flight.
			da := doc.NewShared()
			newEditor(t, da).set(t, "shared", "both have it")
			db, err := doc.LoadShared(da.Save())
			if err != nil {
				t.Fatal(err)
			}
			newEditor(t, db).set(t, "b", "only B has it")
			final := db.Heads()

			la, lb := newAsyncLinks(func(f frame) bool { return carries(f, final) })
			a, b := newPipeEnd(da, nil), newPipeEnd(db, nil)
			a.s.initiator, b.s.initiator = initiator, !initiator
			ctxA, leave := context.WithCancel(context.Background())
			defer leave()
			ctxB, cancelB := context.WithCancel(context.Background())
			defer cancelB()
			go func() { a.err <- a.s.run(ctxA, la) }()
			go func() { b.err <- b.s.run(ctxB, lb) }()

			a.waitInSync(t)
			leave() // A is done: "sync --once" returns and closes the node
			select {
			case <-a.err:
			case <-time.After(10 * time.Second):
				t.Fatal("leaving session did not end")
			}
			la.Close() // the node closes the connection after the session

			select {
			case err := <-b.err:
				for {
					select {
					case in := <-b.status:
						if in {
							return
						}
					default:
						t.Fatalf("partner's session ended (%v) without knowing it is in sync", err)
					}
				}
			case <-time.After(10 * time.Second):
				t.Fatal("partner's session did not end after A left")
			}
		})
	}
}

// TestSyncOnceBothSidesThenLeave is "sync --once" on both devices, each
// closing its node as soon as its SyncOnce returns, as the CLI does: both
// must return in sync, whichever finishes first, round after round.
func TestSyncOnceBothSidesThenLeave(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	ea, eb := newEditor(t, a.doc), newEditor(t, b.doc)
	pa, pb := a.id.Public(), b.id.Public()
	ports := []string{freeTCP(t), freeTCP(t)}
	for round := range 3 {
		ea.set(t, "a"+itoa(round), "from a")
		eb.set(t, "b"+itoa(round), "from b")
		createOn(t, a, &pb, []string{ports[1]}, ports[0])
		createOn(t, b, &pa, []string{ports[0]}, ports[1])
		errs := make(chan error, 2)
		for _, n := range []*Node{a.node, b.node} {
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				err := n.SyncOnce(ctx)
				n.Close()
				errs <- err
			}()
		}
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if !sameHashes(a.doc.Heads(), b.doc.Heads()) {
			t.Fatalf("round %d: both returned in sync with different documents", round)
		}
	}
}

// freeTCP returns a loopback TCP multiaddr on a port free right now.
func freeTCP(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return fmt.Sprintf("/ip4/127.0.0.1/tcp/%d", l.Addr().(*net.TCPAddr).Port)
}

// TestSyncOnceAfterAnEditWaitsForIt: on a live session already in sync, a
// SyncOnce right after a local edit returns only once the partner has the
// edit, not on the in-sync that was true before it.
func TestSyncOnceAfterAnEditWaitsForIt(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	ea := newEditor(t, a.doc)
	ea.set(t, "first", "1")
	pa, pb := a.id.Public(), b.id.Public()
	ports := []string{freeTCP(t), freeTCP(t)}
	createOn(t, a, &pb, []string{ports[1]}, ports[0])
	createOn(t, b, &pa, []string{ports[0]}, ports[1])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a.node.Start(ctx)
	if err := b.node.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.node.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		h := ea.set(t, "edit"+itoa(i), "v")
		if err := a.node.SyncOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if !hasHead(b.doc, h) {
			t.Fatalf("edit %d: SyncOnce returned before the partner had it", i)
		}
	}
}
