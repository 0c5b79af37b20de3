package profile

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkFolderEditToPartner measures one edit on Ann's laptop until it
// is in Bob's document through the shared folder: Ann's pass (seal, write
// atomically, prune) and Bob's (list, read, open, merge, answer). The
// baseline, in the same run and on the same two profiles, carries the
// same kind of edit in a bundle file exported and imported directly
// (kintsugi bundle export/import). Metrics: the median of each, in ms, and
// their ratio.
//
//	go test ./app/profile -run '^$' -bench FolderEditToPartner -benchtime 100x -count 3
func BenchmarkFolderEditToPartner(b *testing.B) {
	ann, bob := apart(b)
	dir := b.TempDir()
	setFolder(b, ann, dir)
	setFolder(b, bob, dir)
	file := filepath.Join(b.TempDir(), "bundle")
	var folder, direct []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := fmt.Sprintf("folder %d", i)
		t0 := time.Now()
		if _, err := ann.Doc().AddNeed(ann.PeerID(), text); err != nil {
			b.Fatal(err)
		}
		if _, err := ann.SyncFolder(); err != nil {
			b.Fatal(err)
		}
		if _, err := bob.SyncFolder(); err != nil {
			b.Fatal(err)
		}
		folder = append(folder, time.Since(t0))
		if !slices.Contains(needTexts(bob), text) {
			b.Fatal("the edit did not arrive through the folder")
		}

		text = fmt.Sprintf("direct %d", i)
		t0 = time.Now()
		if _, err := ann.Doc().AddNeed(ann.PeerID(), text); err != nil {
			b.Fatal(err)
		}
		if err := ann.ExportBundle(file); err != nil {
			b.Fatal(err)
		}
		if err := bob.ImportBundle(file); err != nil {
			b.Fatal(err)
		}
		direct = append(direct, time.Since(t0))
		if !slices.Contains(needTexts(bob), text) {
			b.Fatal("the edit did not arrive in the bundle")
		}
	}
	b.StopTimer()
	f, d := median(folder), median(direct)
	b.ReportMetric(ms(f), "folder-ms")
	b.ReportMetric(ms(d), "direct-ms")
	b.ReportMetric(float64(f)/float64(d), "ratio")
}

// BenchmarkFolderLive measures what the couple sees while apart, with the
// app (or kintsugi sync) running on both laptops: an edit on Ann's until
// it is in Bob's document, carried by the folder watchers alone (the two
// nodes run but cannot reach each other), with their real timings: a pass
// folderEditDelay after the edit, and folderSettle after the file lands.
// The same-run baseline is a pass on each side done at once (no waiting),
// as BenchmarkFolderEditToPartner's folder path.
//
//	go test ./app/profile -run '^$' -bench FolderLive -benchtime 5x -count 3
func BenchmarkFolderLive(b *testing.B) {
	ann, bob := apart(b)
	dir := b.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, p := range []*Profile{ann, bob} {
		p.mu.Lock()
		p.pin.Addrs = nil
		p.mu.Unlock()
		if err := p.StartSync(ctx, loopback); err != nil {
			b.Fatal(err)
		}
		setFolder(b, p, dir)
	}
	wait := func(text string) {
		end := time.Now().Add(time.Minute)
		for !slices.Contains(needTexts(bob), text) {
			if time.Now().After(end) {
				b.Fatalf("%q never arrived", text)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	// Let the first passes (and their answers) settle.
	if _, err := ann.Doc().AddNeed(ann.PeerID(), "warm up"); err != nil {
		b.Fatal(err)
	}
	wait("warm up")
	time.Sleep(2 * (folderEditDelay + folderSettle))
	var live, now []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := fmt.Sprintf("live %d", i)
		t0 := time.Now()
		if _, err := ann.Doc().AddNeed(ann.PeerID(), text); err != nil {
			b.Fatal(err)
		}
		wait(text)
		live = append(live, time.Since(t0))
		b.StopTimer()
		// Let the answers settle, then the baseline: both passes at once.
		time.Sleep(2 * (folderEditDelay + folderSettle))
		text = fmt.Sprintf("now %d", i)
		t0 = time.Now()
		if _, err := ann.Doc().AddNeed(ann.PeerID(), text); err != nil {
			b.Fatal(err)
		}
		if _, err := ann.SyncFolder(); err != nil {
			b.Fatal(err)
		}
		if _, err := bob.SyncFolder(); err != nil {
			b.Fatal(err)
		}
		now = append(now, time.Since(t0))
		wait(text)
		time.Sleep(2 * (folderEditDelay + folderSettle))
		b.StartTimer()
	}
	b.StopTimer()
	l, n := median(live), median(now)
	b.ReportMetric(ms(l), "live-ms")
	b.ReportMetric(ms(n), "passes-ms")
	b.ReportMetric(float64(l)/float64(n), "ratio")
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
