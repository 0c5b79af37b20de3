package sync

import (
	"fmt"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/doc/doctest"
)

// BenchmarkRelayLatency measures, per edit, the time from a commit on one
// laptop returning to the change being in the partner's document, through
// a `relay serve` relay (both on loopback TCP, knowing no address of each
// other), and, as the same-run baseline, between two laptops connected
// directly on loopback TCP. Run with -benchtime=200x.
func BenchmarkRelayLatency(b *testing.B) {
	ra, rb := newDevice(b), newDevice(b)
	r := startRelay(b, b.TempDir(), idOf(b, ra), idOf(b, rb))
	setCouple(b, ra.doc)
	startBoth(b, ra, rb, func(d *device, partner *crypto.PublicIdentity) Config {
		return Config{Identity: d.id, Doc: d.doc, Partner: partner, Relay: r.Addrs()[0],
			ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, State: d.store, ResyncInterval: time.Second}
	})
	waitInSync(b, ra, rb)
	if !ra.node.Status().Relayed {
		b.Fatal("not relayed")
	}
	da, db := newDevice(b), newDevice(b)
	setCouple(b, da.doc)
	connected(b, da, db, "/ip4/127.0.0.1/tcp/0")

	measure := func(from, to *doc.Shared, text string) time.Duration {
		changed, cancel := to.Subscribe()
		defer cancel()
		if _, err := from.AddCommitment(doctest.Alex.ID, text, doc.Daily); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		h := from.Heads()[0]
		for !hasHead(to, h) {
			select {
			case <-changed:
			case <-time.After(10 * time.Second):
				b.Fatal("edit never arrived")
			}
		}
		return time.Since(t0)
	}
	relayed := make([]time.Duration, 0, b.N)
	direct := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		text := fmt.Sprintf("commitment %d", i)
		relayed = append(relayed, measure(ra.doc, rb.doc, text))
		direct = append(direct, measure(da.doc, db.doc, text))
	}
	b.StopTimer()
	if !ra.node.Status().Relayed {
		b.Error("the session left the relay during the run")
	}
	us := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
	b.ReportMetric(us(pct(relayed, 0.50)), "relay-p50-µs")
	b.ReportMetric(us(pct(relayed, 0.99)), "relay-p99-µs")
	b.ReportMetric(us(pct(direct, 0.50)), "direct-p50-µs")
	b.ReportMetric(us(pct(direct, 0.99)), "direct-p99-µs")
	b.ReportMetric(float64(pct(relayed, 0.5))/float64(pct(direct, 0.5)), "p50-ratio")
	b.ReportMetric(float64(pct(relayed, 0.99))/float64(pct(direct, 0.99)), "p99-ratio")
}
