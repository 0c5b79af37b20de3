package sync

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/doc/doctest"
)

// connected starts two nodes already paired with each other, on loopback,
// over the given transport, and waits until they are in sync.
func connected(tb testing.TB, a, b *device, listen string) {
	tb.Helper()
	pa, pb := a.id.Public(), b.id.Public()
	startOn(tb, a, &pb, nil, listen)
	startOn(tb, b, &pa, a.node.Addrs(), listen)
	waitInSync(tb, a, b)
}

// prepared creates two paired nodes without starting them.
func prepared(tb testing.TB, a, b *device, listen string) {
	tb.Helper()
	pa, pb := a.id.Public(), b.id.Public()
	createOn(tb, a, &pb, nil, listen)
	createOn(tb, b, &pa, a.node.Addrs(), listen)
	// Both know the other's last-known addresses, as after a first sync.
	bid, _ := peerIDOf(pb)
	a.node.addAddrs(bid, b.node.Addrs())
}

func waitInSync(tb testing.TB, a, b *device) {
	tb.Helper()
	waitState(tb, a.node, InSync, 30*time.Second)
	waitState(tb, b.node, InSync, 30*time.Second)
}

func startOn(tb testing.TB, d *device, partner *crypto.PublicIdentity, addrs []string, listen string) {
	tb.Helper()
	createOn(tb, d, partner, addrs, listen)
	if err := d.node.Start(context.Background()); err != nil {
		tb.Fatal(err)
	}
}

func createOn(tb testing.TB, d *device, partner *crypto.PublicIdentity, addrs []string, listen string) {
	tb.Helper()
	n, err := New(Config{Identity: d.id, Doc: d.doc, Partner: partner, PartnerAddrs: addrs,
		ListenAddrs: []string{listen}, State: d.store, ResyncInterval: time.Second, Logger: benchLogger(d)})
	if err != nil {
		tb.Fatal(err)
	}
	n.tap = d.tap
	tb.Cleanup(func() { n.Close() })
	d.node = n
}

// memSync runs Automerge's sync between two documents in memory until
// neither has anything to send, and returns the bytes exchanged. If until
// is not nil it also returns how long until until() first held.
func memSync(a, b *doc.Shared, sa, sb *doc.SyncState, until func() bool) (bytes int, took time.Duration) {
	t0 := time.Now()
	if until != nil && until() {
		took = time.Since(t0)
		until = nil
	}
	for {
		progress := false
		for _, dir := range [2]struct {
			from, to   *doc.Shared
			sfrom, sto *doc.SyncState
		}{{a, b, sa, sb}, {b, a, sb, sa}} {
			if msg, ok := dir.from.GenerateSyncMessage(dir.sfrom); ok {
				progress = true
				bytes += len(msg)
				if err := dir.to.ReceiveSyncMessage(dir.sto, msg); err != nil {
					panic(err)
				}
				if until != nil && until() {
					took = time.Since(t0)
					until = nil
				}
			}
		}
		if !progress {
			if took == 0 {
				took = time.Since(t0)
			}
			return bytes, took
		}
	}
}

func setCouple(tb testing.TB, ds ...*doc.Shared) {
	tb.Helper()
	for _, d := range ds {
		if err := d.SetCouple(doctest.Alex, doctest.Sam); err != nil {
			tb.Fatal(err)
		}
	}
}

func pct(xs []time.Duration, p float64) time.Duration {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// BenchmarkCommitLatency measures, per edit, the time from a commit on A
// returning to the change being in B's document: over two libp2p nodes on
// loopback (TCP), and, as the same-run baseline, the same Automerge sync
// done in memory between two documents. Run with -benchtime=1000x for the
// 1,000 edits of the target.
func BenchmarkCommitLatency(b *testing.B) {
	da, db := newDevice(b), newDevice(b)
	setCouple(b, da.doc)
	connected(b, da, db, "/ip4/127.0.0.1/tcp/0")
	ma, mb := doc.NewShared(), doc.NewShared()
	setCouple(b, ma)
	sa, sb := ma.NewSyncState(), mb.NewSyncState()
	memSync(ma, mb, sa, sb, nil)

	changed, cancel := db.doc.Subscribe()
	defer cancel()
	net := make([]time.Duration, 0, b.N)
	mem := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		text := fmt.Sprintf("commitment %d", i)

		// In memory.
		if _, err := ma.AddCommitment(doctest.Alex.ID, text, doc.Daily); err != nil {
			b.Fatal(err)
		}
		h := ma.Heads()[0]
		_, took := memSync(ma, mb, sa, sb, func() bool { return hasHead(mb, h) })
		mem = append(mem, took)

		// Over loopback.
		for len(changed) > 0 {
			<-changed
		}
		if _, err := da.doc.AddCommitment(doctest.Alex.ID, text, doc.Daily); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		h = da.doc.Heads()[0]
		for !hasHead(db.doc, h) {
			select {
			case <-changed:
			case <-time.After(10 * time.Second):
				b.Fatal("edit never arrived")
			}
		}
		net = append(net, time.Since(t0))
	}
	b.StopTimer()
	us := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
	b.ReportMetric(us(pct(net, 0.50)), "p50-µs")
	b.ReportMetric(us(pct(net, 0.99)), "p99-µs")
	b.ReportMetric(us(pct(mem, 0.50)), "mem-p50-µs")
	b.ReportMetric(us(pct(mem, 0.99)), "mem-p99-µs")
	b.ReportMetric(float64(pct(net, 0.5))/float64(pct(mem, 0.5)), "p50-ratio")
	b.ReportMetric(float64(pct(net, 0.99))/float64(pct(mem, 0.99)), "p99-ratio")
}

// BenchmarkCatchUp measures two devices meeting again after a year apart
// (a year together, then a year in which each records only its own
// partner's activity): time to be in sync and bytes on the wire over
// loopback, against the same sync in memory. bytes/changes compares the
// bytes sent with the size of the changes that had to cross. Times are
// medians over the iterations.
func BenchmarkCatchUp(b *testing.B) {
	var nets, mems []time.Duration
	var netBytes, memBytes, changes int
	for range b.N {
		b.StopTimer()
		a0, b0, err := doctest.GenerateApart(1, 1, 1)
		if err != nil {
			b.Fatal(err)
		}
		// Both paths start from freshly loaded copies, as after a restart.
		ma, _ := doc.LoadShared(a0.Save())
		mb, _ := doc.LoadShared(b0.Save())
		if a0, err = doc.LoadShared(a0.Save()); err != nil {
			b.Fatal(err)
		}
		if b0, err = doc.LoadShared(b0.Save()); err != nil {
			b.Fatal(err)
		}
		ha, hb := a0.Heads(), b0.Heads()
		b.StartTimer()

		mBytes, memTook := memSync(ma, mb, ma.NewSyncState(), mb.NewSyncState(), nil)
		if !sameHashes(ma.Heads(), mb.Heads()) {
			b.Fatal("in-memory sync did not converge")
		}

		da, db := newDevice(b), newDevice(b)
		da.doc, db.doc = a0, b0
		ra, rb := &tapRecorder{}, &tapRecorder{}
		da.tap, db.tap = ra.tap, rb.tap
		prepared(b, da, db, "/ip4/127.0.0.1/tcp/0")
		t0 := time.Now()
		da.node.Start(context.Background())
		db.node.Start(context.Background())
		waitInSync(b, da, db)
		netTook := time.Since(t0)
		if os.Getenv("SYNC_BENCH_DEBUG") != "" {
			fmt.Println("catch-up", netTook, memTook)
		}
		b.StopTimer()
		if !sameHashes(a0.Heads(), b0.Heads()) {
			b.Fatal("loopback sync did not converge")
		}
		ca, _ := a0.ChangesSince(ha) // what A received
		cb, _ := b0.ChangesSince(hb) // what B received
		changes, memBytes = len(ca)+len(cb), mBytes
		netBytes = ra.out.Len() + rb.out.Len()
		nets, mems = append(nets, netTook), append(mems, memTook)
		da.node.Close()
		db.node.Close()
		b.StartTimer()
	}
	// Medians over the iterations.
	net, mem := pct(nets, 0.5), pct(mems, 0.5)
	b.ReportMetric(float64(net.Microseconds())/1e3, "net-ms")
	b.ReportMetric(float64(mem.Microseconds())/1e3, "mem-ms")
	b.ReportMetric(float64(net)/float64(mem), "time-ratio")
	b.ReportMetric(float64(netBytes), "net-bytes")
	b.ReportMetric(float64(memBytes), "mem-bytes")
	b.ReportMetric(float64(changes), "change-bytes")
	b.ReportMetric(float64(netBytes)/float64(changes), "bytes/changes")
}

// BenchmarkPairing measures pairing on loopback from Join to the first
// sync done (both in sync), the inviter holding a year of history and the
// joiner an empty document, so the first sync is a snapshot.
func BenchmarkPairing(b *testing.B) {
	saved, err := doctest.SavedHistory(1, 1)
	if err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	for range b.N {
		b.StopTimer()
		da, db := newDevice(b), newDevice(b)
		if da.doc, err = doc.LoadShared(saved); err != nil {
			b.Fatal(err)
		}
		startOn(b, da, nil, nil, "/ip4/127.0.0.1/tcp/0")
		startOn(b, db, nil, nil, "/ip4/127.0.0.1/tcp/0")
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		inv, res, err := da.node.Invite(ctx, time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		if _, err := db.node.Join(ctx, inv); err != nil {
			b.Fatal(err)
		}
		waitState(b, db.node, InSync, 30*time.Second)
		waitState(b, da.node, InSync, 30*time.Second)
		total += time.Since(t0)
		b.StopTimer()
		if r := <-res; r.Err != nil {
			b.Fatal(r.Err)
		}
		if !sameHashes(da.doc.Heads(), db.doc.Heads()) {
			b.Fatal("not converged after pairing")
		}
		cancel()
		da.node.Close()
		db.node.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/pairing")
}

func benchLogger(d *device) *slog.Logger {
	if os.Getenv("SYNC_BENCH_DEBUG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("dev", fmt.Sprintf("%p", d))
}
