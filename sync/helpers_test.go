package sync

import (
	"bytes"
	"context"
	"io"
	"net"
	stdsync "sync"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/libp2p/go-libp2p/core/protocol"
)

// editor makes local commits on a doc.Shared through a private Automerge
// copy, standing in for the record methods of package doc.
type editor struct {
	d     *doc.Shared
	am    *automerge.Doc
	heads []automerge.ChangeHash
}

func newEditor(t testing.TB, d *doc.Shared) *editor {
	t.Helper()
	am, err := automerge.Load(d.Save())
	if err != nil {
		t.Fatal(err)
	}
	if err := am.SetActorID(automerge.NewActorID()); err != nil {
		t.Fatal(err)
	}
	return &editor{d: d, am: am, heads: am.Heads()}
}

// set commits one change writing val under key in the commitments map.
func (e *editor) set(t testing.TB, key, val string) doc.Hash {
	t.Helper()
	if err := e.am.Path("commitments", key).Set(val); err != nil {
		t.Fatal(err)
	}
	h, err := e.am.Commit("edit " + key)
	if err != nil {
		t.Fatal(err)
	}
	chs, err := e.am.Changes(e.heads...)
	if err != nil {
		t.Fatal(err)
	}
	e.heads = e.am.Heads()
	if err := e.d.ApplyChanges(automerge.SaveChanges(chs)); err != nil {
		t.Fatal(err)
	}
	return doc.Hash(h)
}

// value reads key from the commitments map of d.
func value(t testing.TB, d *doc.Shared, key string) string {
	t.Helper()
	am, err := automerge.Load(d.Save())
	if err != nil {
		t.Fatal(err)
	}
	v, err := am.Path("commitments", key).Get()
	if err != nil || v.Kind() != automerge.KindStr {
		return ""
	}
	return v.Str()
}

func hasHead(d *doc.Shared, h doc.Hash) bool {
	for _, x := range d.Heads() {
		if x == h {
			return true
		}
	}
	return false
}

// waitFor polls cond, failing the test after timeout. Used only where no
// signal exists; most waits use status channels.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitConverged waits, on change signals, until both docs have the same heads.
func waitConverged(t testing.TB, timeout time.Duration, a, b *doc.Shared) {
	t.Helper()
	ca, cancelA := a.Subscribe()
	defer cancelA()
	cb, cancelB := b.Subscribe()
	defer cancelB()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for !sameHashes(a.Heads(), b.Heads()) {
		select {
		case <-ca:
		case <-cb:
		case <-timer.C:
			t.Fatalf("documents did not converge: %v vs %v", a.Heads(), b.Heads())
		}
	}
}

// recorder keeps a copy of every byte written through it.
type recorder struct {
	io.ReadWriter
	mu  stdsync.Mutex
	buf bytes.Buffer
}

func (r *recorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	r.buf.Write(p)
	r.mu.Unlock()
	return r.ReadWriter.Write(p)
}

func (r *recorder) Close() error {
	if c, ok := r.ReadWriter.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

func (r *recorder) bytes() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return bytes.Clone(r.buf.Bytes())
}

// pipeSessions runs two sessions over a net.Pipe and returns their status
// channels and a function that stops both and returns their errors.
type pipeEnd struct {
	s      *session
	status chan bool
	err    chan error
	rec    *recorder
	saved  chan []byte
}

var testCouple = CoupleID{1, 2, 3}

func newPipeEnd(d *doc.Shared, state []byte) *pipeEnd {
	e := &pipeEnd{status: make(chan bool, 100), err: make(chan error, 1), saved: make(chan []byte, 1000)}
	e.s = &session{
		doc: d, couple: testCouple, syncState: state, persist: 10 * time.Millisecond,
		status: func(in bool, _ []doc.Hash) { e.status <- in },
		save:   func(st []byte, _ []doc.Hash) { e.saved <- st },
	}
	return e
}

func runPipe(t testing.TB, a, b *pipeEnd) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ca, cb := net.Pipe()
	a.rec, b.rec = &recorder{ReadWriter: ca}, &recorder{ReadWriter: cb}
	a.s.initiator = true
	go func() { a.err <- a.s.run(ctx, a.rec) }()
	go func() { b.err <- b.s.run(ctx, b.rec) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		for _, e := range []*pipeEnd{a, b} {
			select {
			case <-e.err:
			case <-time.After(20 * time.Second):
				t.Error("session did not stop")
			}
		}
	}
	t.Cleanup(stop)
	return stop
}

// waitInSync waits for an in-sync report.
func (e *pipeEnd) waitInSync(t testing.TB) {
	t.Helper()
	timer := time.NewTimer(30 * time.Second)
	defer timer.Stop()
	for {
		select {
		case in := <-e.status:
			if in {
				return
			}
		case err := <-e.err:
			t.Fatalf("session ended: %v", err)
		case <-timer.C:
			t.Fatal("no in-sync report")
		}
	}
}

func protocolID(s string) protocol.ID { return protocol.ID(s) }
