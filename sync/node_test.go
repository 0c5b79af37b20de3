package sync

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	stdsync "sync"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/libp2p/go-libp2p/core/peer"
)

// logRecorder is a slog handler that keeps messages, to assert what was
// logged and that no content was.
type logRecorder struct {
	mu   stdsync.Mutex
	msgs []string
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	line := r.Message
	r.Attrs(func(a slog.Attr) bool { line += " " + a.String(); return true })
	l.msgs = append(l.msgs, line)
	return nil
}
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecorder) WithGroup(string) slog.Handler      { return l }
func (l *logRecorder) has(sub string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, m := range l.msgs {
		if bytes.Contains([]byte(m), []byte(sub)) {
			return true
		}
	}
	return false
}
func (l *logRecorder) all() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b bytes.Buffer
	for _, m := range l.msgs {
		b.WriteString(m + "\n")
	}
	return b.String()
}

type device struct {
	id    *crypto.Identity
	doc   *doc.Shared
	store *MemStore
	logs  *logRecorder
	node  *Node
	tap   func(io.ReadWriteCloser) io.ReadWriteCloser
}

func newDevice(t testing.TB) *device {
	t.Helper()
	id, err := crypto.GenerateIdentity()
	if err != nil {
		t.Fatal(err)
	}
	return &device{id: id, doc: doc.NewShared(), store: &MemStore{}, logs: &logRecorder{}}
}

// start creates and starts the device's node on loopback.
func (d *device) start(t testing.TB, partner *crypto.PublicIdentity, addrs []string) *Node {
	t.Helper()
	n, err := New(Config{
		Identity: d.id, Doc: d.doc, Partner: partner, PartnerAddrs: addrs,
		ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"},
		State:       d.store, Logger: slog.New(d.logs),
		ResyncInterval: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	n.tap = d.tap
	if err := n.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	d.node = n
	return n
}

// waitState waits for the node to report state.
// A watcher sees only the latest status: or is the states that also do.
// startBoth starts a node for a and for b, each with the other as its
// partner and the rest of its config from conf, closed at the end of t.
func startBoth(t testing.TB, a, b *device, conf func(d *device, partner *crypto.PublicIdentity) Config) {
	t.Helper()
	pa, pb := a.id.Public(), b.id.Public()
	for _, x := range []struct {
		d *device
		p *crypto.PublicIdentity
	}{{a, &pb}, {b, &pa}} {
		n, err := New(conf(x.d, x.p))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { n.Close() })
		x.d.node = n
	}
	a.node.Start(context.Background())
	b.node.Start(context.Background())
}

func waitState(t testing.TB, n *Node, want State, timeout time.Duration, or ...State) {
	t.Helper()
	ch, stop := n.Watch()
	defer stop()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		select {
		case s := <-ch:
			if s.State == want || slices.Contains(or, s.State) {
				return
			}
		case <-timer.C:
			t.Fatalf("node never reached %v; status %+v", want, n.Status())
		}
	}
}

// pair runs an invite on a and a join from b, both started.
func pair(t testing.TB, a, b *device) Paired {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	inv, res, err := a.node.Invite(ctx, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := b.node.Join(ctx, inv)
	if err != nil {
		t.Fatalf("join: %v", err)
	}
	r := <-res
	if r.Err != nil {
		t.Fatalf("invite: %v", r.Err)
	}
	if r.Paired.SafetyNumber != pb.SafetyNumber || pb.SafetyNumber == "" {
		t.Fatalf("safety numbers differ: %q vs %q", r.Paired.SafetyNumber, pb.SafetyNumber)
	}
	if !r.Paired.Partner.Equal(b.id.Public()) || !pb.Partner.Equal(a.id.Public()) {
		t.Fatal("pairing pinned the wrong identities")
	}
	return pb
}

func TestPairSyncReconnectAndRefuseStranger(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	ea := newEditor(t, a.doc)
	ea.set(t, "before", "pairing")
	a.start(t, nil, nil)
	b.start(t, nil, nil)
	pb := pair(t, a, b)

	// First sync: B is empty, so A sends a snapshot.
	waitConverged(t, 30*time.Second, a.doc, b.doc)
	waitState(t, a.node, InSync, 30*time.Second)
	waitState(t, b.node, InSync, 30*time.Second)
	if value(t, b.doc, "before") != "pairing" {
		t.Fatal("B lacks A's edit after the first sync")
	}

	// Live edits both ways.
	eb := newEditor(t, b.doc)
	h := eb.set(t, "live", "from b")
	waitFor(t, 20*time.Second, "live edit on A", func() bool { return hasHead(a.doc, h) })

	// Disconnect B, edit on both, reconnect, converge.
	b.node.Close()
	waitState(t, a.node, Offline, 30*time.Second)
	ea.set(t, "apart-a", "written by a while apart")
	eb.set(t, "apart-b", "written by b while apart")
	pa := a.id.Public()
	b.start(t, &pa, pb.Addrs)
	waitConverged(t, 30*time.Second, a.doc, b.doc)
	for _, d := range []*doc.Shared{a.doc, b.doc} {
		if value(t, d, "apart-a") == "" || value(t, d, "apart-b") == "" || value(t, d, "live") == "" {
			t.Fatal("an edit was lost across the reconnect")
		}
	}
	if st, _ := parsePeerState(last2(t, b.store)); st.LastSynced.IsZero() || len(st.Sync) == 0 {
		t.Error("B did not persist its sync state")
	}

	// A stranger: connecting may appear to work, but no stream opens, and
	// A's document is untouched.
	c := newDevice(t)
	cn := c.start(t, &pa, nil)
	before := a.doc.Heads()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ai := peer.AddrInfo{ID: a.node.host.ID(), Addrs: a.node.host.Addrs()}
	cn.host.Connect(ctx, ai)
	for _, proto := range []string{string(SyncProtocol), string(PairProtocol), "/ipfs/id/1.0.0"} {
		if s, err := cn.host.NewStream(ctx, ai.ID, protocolID(proto)); err == nil {
			b := make([]byte, 1)
			if _, err := s.Read(b); err == nil {
				t.Fatalf("stranger read from A on %s", proto)
			}
			s.Reset()
		}
	}
	if a.node.gate.refusals() == 0 || !a.logs.has("refused a connection") {
		t.Errorf("A did not log refusing the stranger; logs:\n%s", a.logs.all())
	}
	if !sameHashes(before, a.doc.Heads()) || !isEmpty(c.doc) {
		t.Error("the stranger changed or learned a document")
	}
	if a.logs.has("apart-a") || a.logs.has("written by") {
		t.Error("document content reached the log")
	}
}

func last2(t testing.TB, s *MemStore) []byte {
	t.Helper()
	b, _ := s.LoadSyncState()
	return b
}

func TestJoinRefusals(t *testing.T) {
	a, b, c := newDevice(t), newDevice(t), newDevice(t)
	a.start(t, nil, nil)
	b.start(t, nil, nil)
	c.start(t, nil, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	inv, res, err := a.node.Invite(ctx, time.Minute)
	if err != nil {
		t.Fatal(err)
	}

	wrong := inv
	wrong.Secret[0] ^= 1
	if _, err := c.node.Join(ctx, wrong); !errors.Is(err, ErrInviteRefused) {
		t.Fatalf("wrong secret: err = %v, want ErrInviteRefused", err)
	}
	if _, ok := a.node.Partner(); ok {
		t.Fatal("a wrong secret paired A")
	}
	if _, ok := c.node.Partner(); ok {
		t.Fatal("a refused join paired C")
	}

	expired := inv
	expired.Expires = time.Now().Add(-time.Second)
	if _, err := b.node.Join(ctx, expired); !errors.Is(err, ErrInviteExpired) {
		t.Fatalf("expired: err = %v", err)
	}

	if _, err := b.node.Join(ctx, inv); err != nil {
		t.Fatalf("right secret after a wrong one: %v", err)
	}
	if r := <-res; r.Err != nil {
		t.Fatal(r.Err)
	}

	// Used once: a second join is refused and changes nothing.
	if _, err := c.node.Join(ctx, inv); !errors.Is(err, ErrInviteRefused) {
		t.Fatalf("reused invite: err = %v, want ErrInviteRefused", err)
	}
	if p, _ := a.node.Partner(); !p.Equal(b.id.Public()) {
		t.Fatal("reuse changed A's partner")
	}
	// Paired, A may invite again: a stranger is refused, and only the
	// pinned partner pairs again (after unpairing on their side, or a
	// restore), with the same safety number to confirm.
	inv2, res2, err := a.node.Invite(ctx, time.Minute)
	if err != nil {
		t.Fatalf("invite after pairing: %v", err)
	}
	if _, err := c.node.Join(ctx, inv2); err == nil {
		t.Fatal("a stranger joined a paired node's invite")
	}
	if r := <-res2; !errors.Is(r.Err, ErrAlreadyPaired) {
		t.Fatalf("the stranger's join on A's side: %v", r.Err)
	}
	if p, _ := a.node.Partner(); !p.Equal(b.id.Public()) {
		t.Fatal("a stranger changed A's partner")
	}
	inv3, res3, err := a.node.Invite(ctx, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	again, err := b.node.Join(ctx, inv3)
	if err != nil {
		t.Fatalf("the pinned partner pairing again: %v", err)
	}
	if r := <-res3; r.Err != nil || r.Paired.SafetyNumber != again.SafetyNumber {
		t.Fatalf("pairing again: %v, safety numbers %q and %q", r.Err, r.Paired.SafetyNumber, again.SafetyNumber)
	}
}

func TestInviteExpires(t *testing.T) {
	a := newDevice(t)
	a.start(t, nil, nil)
	_, res, err := a.node.Invite(context.Background(), 50*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-res:
		if !errors.Is(r.Err, ErrInviteExpired) {
			t.Fatalf("err = %v", r.Err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("invite did not expire")
	}
}

func TestKillMidSyncLosesNothing(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	ea, eb := newEditor(t, a.doc), newEditor(t, b.doc)
	for i := range 200 {
		ea.set(t, "a"+itoa(i), "a's record "+itoa(i))
	}
	eb.set(t, "b0", "b's record") // not empty: the sync protocol runs
	pa, pbID := a.id.Public(), b.id.Public()
	a.start(t, &pbID, nil)
	b.start(t, &pa, a.node.Addrs())

	// Kill B as soon as the sync is under way (a watcher sees only the
	// latest state: on a fast machine that may be in sync already).
	waitState(t, b.node, Syncing, 30*time.Second, InSync)
	b.node.Close()
	eb.set(t, "b1", "written after the kill")

	b.start(t, &pa, a.node.Addrs())
	waitConverged(t, 30*time.Second, a.doc, b.doc)
	for _, d := range []*doc.Shared{a.doc, b.doc} {
		if value(t, d, "a199") == "" || value(t, d, "b0") == "" || value(t, d, "b1") == "" {
			t.Fatal("records lost after the kill")
		}
	}
}

func itoa(i int) string {
	return string([]byte{byte('0' + i/100%10), byte('0' + i/10%10), byte('0' + i%10)})[3-digits(i):]
}

func digits(i int) int {
	switch {
	case i >= 100:
		return 3
	case i >= 10:
		return 2
	}
	return 1
}

// tapRecorder records every byte a node writes on its streams.
type tapRecorder struct {
	mu  stdsync.Mutex
	out bytes.Buffer
}

type tappedStream struct {
	io.ReadWriteCloser
	t *tapRecorder
}

func (s tappedStream) Write(p []byte) (int, error) {
	s.t.mu.Lock()
	s.t.out.Write(p)
	s.t.mu.Unlock()
	return s.ReadWriteCloser.Write(p)
}

func (r *tapRecorder) tap(s io.ReadWriteCloser) io.ReadWriteCloser { return tappedStream{s, r} }

func (r *tapRecorder) contains(marker string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return bytes.Contains(r.out.Bytes(), []byte(marker))
}

// TestJournalNeverSent writes a unique marker into the device's journal and
// another into the shared document, pairs and syncs, and checks every byte
// the node wrote on its streams (pairing and sync): the shared marker is
// there (the recorder works), the journal marker never is.
func TestJournalNeverSent(t *testing.T) {
	const journalMarker = "JOURNAL-MARKER-7f3a9c1e"
	const sharedMarker = "SHARED-MARKER-2b8d4e6f"
	journal := doc.NewJournal()
	if _, err := journal.Add(doc.JournalEntry{Text: journalMarker, Mood: 5}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(journal.Save(), []byte(journalMarker)) {
		t.Fatal("the marker is not in the journal's bytes: the test would prove nothing")
	}

	a, b := newDevice(t), newDevice(t)
	newEditor(t, a.doc).set(t, "shared", sharedMarker)
	rec := &tapRecorder{}
	a.tap = rec.tap
	a.start(t, nil, nil)
	b.start(t, nil, nil)
	pair(t, a, b)
	waitConverged(t, 30*time.Second, a.doc, b.doc)
	waitState(t, a.node, InSync, 30*time.Second)
	newEditor(t, a.doc).set(t, "shared2", sharedMarker)
	waitConverged(t, 30*time.Second, a.doc, b.doc)

	if !rec.contains(sharedMarker) {
		t.Fatal("recorder saw no shared content: the test would prove nothing")
	}
	if rec.contains(journalMarker) {
		t.Fatal("the journal marker left the device")
	}
}
