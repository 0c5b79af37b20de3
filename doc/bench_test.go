package doc_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/doc/doctest"
)

// The benchmarks run on the five-year history of doctest (about 30,000
// commits), generated once per test binary. Each has a baseline measured in
// the same run: the same records as plain JSON, or the same operation on a
// document with no history.

const benchYears = 5

func history(b *testing.B) []byte {
	b.Helper()
	saved, err := doctest.SavedHistory(1, benchYears)
	if err != nil {
		b.Fatal(err)
	}
	return saved
}

func loadHistory(b *testing.B) *doc.Shared {
	b.Helper()
	s, err := doc.LoadShared(history(b))
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkLoad loads the five-year document; the baseline decodes the same
// records from JSON.
func BenchmarkLoad(b *testing.B) {
	saved := history(b)
	b.Run("history", func(b *testing.B) {
		b.SetBytes(int64(len(saved)))
		var cpu time.Duration
		for b.Loop() {
			cpu0 := cpuTime()
			if _, err := doc.LoadShared(saved); err != nil {
				b.Fatal(err)
			}
			cpu += cpuTime() - cpu0
			freeCore(b)
		}
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "ms-cpu/op")
	})
	// The same history with check-ins and interactions written one key per
	// field, as before they were packed (see keyPacked in record.go), loaded
	// alternately with the packed one so both see the same machine.
	b.Run("paired-flat-layout", func(b *testing.B) {
		doc.SetWriteFlat(true)
		s, err := doctest.GenerateHistory(1, benchYears)
		doc.SetWriteFlat(false)
		if err != nil {
			b.Fatal(err)
		}
		flat := s.Save()
		s = nil
		freeCore(b)
		var cpuPacked, cpuFlat time.Duration
		load := func(saved []byte) time.Duration {
			cpu0 := cpuTime()
			if _, err := doc.LoadShared(saved); err != nil {
				b.Fatal(err)
			}
			d := cpuTime() - cpu0
			freeCore(b)
			return d
		}
		for i := 0; b.Loop(); i++ {
			if i%2 == 0 {
				cpuFlat += load(flat)
				cpuPacked += load(saved)
			} else {
				cpuPacked += load(saved)
				cpuFlat += load(flat)
			}
		}
		b.ReportMetric(float64(cpuPacked.Milliseconds())/float64(b.N), "packed-ms-cpu/op")
		b.ReportMetric(float64(cpuFlat.Milliseconds())/float64(b.N), "flat-ms-cpu/op")
		b.ReportMetric(float64(cpuPacked)/float64(cpuFlat), "ratio")
	})
	b.Run("baseline-json", func(b *testing.B) {
		s := loadHistory(b)
		js := doctest.Dump(s)
		b.SetBytes(int64(len(js)))
		for b.Loop() {
			var st doctest.State
			if err := json.Unmarshal(js, &st); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSave saves the whole five-year document; the baseline encodes
// the same records as JSON.
func BenchmarkSave(b *testing.B) {
	s := loadHistory(b)
	b.Run("history", func(b *testing.B) {
		for b.Loop() {
			s.Save()
		}
	})
	b.Run("baseline-json", func(b *testing.B) {
		st := doctest.Read(s)
		for b.Loop() {
			if _, err := json.Marshal(st); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkApply applies every change of the history to an empty document,
// as a first sync from changes would; the baseline loads the saved
// snapshot.
func BenchmarkApply(b *testing.B) {
	s := loadHistory(b)
	changes, err := s.ChangesSince(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("history", func(b *testing.B) {
		for b.Loop() {
			if err := doc.NewShared().ApplyChanges(changes); err != nil {
				b.Fatal(err)
			}
			freeCore(b)
		}
	})
	b.Run("baseline-load", func(b *testing.B) {
		saved := history(b)
		for b.Loop() {
			if _, err := doc.LoadShared(saved); err != nil {
				b.Fatal(err)
			}
			freeCore(b)
		}
	})
}

// freeCore runs the garbage collector outside the timer so that the
// Automerge core's memory, which Go's collector does not see and frees only
// through finalizers, does not pile up across iterations.
func freeCore(b *testing.B) {
	b.StopTimer()
	runtime.GC()
	runtime.GC()
	b.StartTimer()
}

// BenchmarkIncrementalSave makes one edit (a check-in) and saves it
// incrementally, on the five-year document and, as the baseline, on a
// document holding only the couple. It reports CPU time per operation.
func BenchmarkIncrementalSave(b *testing.B) {
	run := func(b *testing.B, s *doc.Shared) {
		s.SaveIncremental()
		c := doc.CheckIn{Author: doctest.Alex.ID, Safety: 6, Trust: 5, Connection: 7, Feelings: []string{"calm"}}
		// The first edit after loading builds the core's indexes once.
		first := cpuTime()
		if _, err := s.AddCheckIn(c); err != nil {
			b.Fatal(err)
		}
		s.SaveIncremental()
		first = cpuTime() - first
		cpu0 := cpuTime()
		for b.Loop() {
			if _, err := s.AddCheckIn(c); err != nil {
				b.Fatal(err)
			}
			if len(s.SaveIncremental()) == 0 {
				b.Fatal("empty incremental save")
			}
		}
		b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "µs-cpu/op")
		b.ReportMetric(float64(first.Microseconds()), "first-µs-cpu")
	}
	b.Run("history", func(b *testing.B) { run(b, loadHistory(b)) })
	b.Run("baseline-empty", func(b *testing.B) {
		s := doc.NewShared()
		if err := s.SetCouple(doctest.Alex, doctest.Sam); err != nil {
			b.Fatal(err)
		}
		run(b, s)
	})
}

// BenchmarkMemory reports the memory in use after loading the five-year
// document: the growth of the resident set (which counts the Automerge
// core's own heap, invisible to Go) in a fresh child process, so that
// memory freed by earlier work cannot be reused and hide the cost. The
// baseline holds the same records decoded from JSON.
func BenchmarkMemory(b *testing.B) {
	dir := b.TempDir()
	saved := filepath.Join(dir, "history.am")
	js := filepath.Join(dir, "history.json")
	if err := os.WriteFile(saved, history(b), 0o600); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(js, doctest.Dump(loadHistory(b)), 0o600); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, kind, file string }{{"history", "am", saved}, {"baseline-json", "json", js}} {
		b.Run(bc.name, func(b *testing.B) {
			var total float64
			for b.Loop() {
				cmd := exec.Command(os.Args[0], "-test.run=^TestMemoryChild$", "-test.v")
				cmd.Env = append(os.Environ(), "DOC_MEMORY_CHILD="+bc.kind+":"+bc.file)
				out, err := cmd.CombinedOutput()
				if err != nil {
					b.Fatalf("child: %v\n%s", err, out)
				}
				_, after, ok := strings.Cut(string(out), "in-use-bytes=")
				if !ok {
					b.Fatalf("child said:\n%s", out)
				}
				n, err := strconv.ParseInt(strings.Fields(after)[0], 10, 64)
				if err != nil {
					b.Fatal(err)
				}
				total += float64(n)
			}
			b.ReportMetric(total/float64(b.N)/(1<<20), "MB-in-use")
		})
	}
}

// TestMemoryChild is BenchmarkMemory's child process; it does nothing in a
// normal test run.
func TestMemoryChild(t *testing.T) {
	spec := os.Getenv("DOC_MEMORY_CHILD")
	if spec == "" {
		t.Skip("run by BenchmarkMemory")
	}
	kind, file, _ := strings.Cut(spec, ":")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	before := rssBytes(t)
	var v any
	if kind == "am" {
		s, err := doc.LoadShared(data)
		if err != nil {
			t.Fatal(err)
		}
		v = s
	} else {
		var st doctest.State
		if err := json.Unmarshal(data, &st); err != nil {
			t.Fatal(err)
		}
		v = &st
	}
	runtime.GC()
	after := rssBytes(t)
	runtime.KeepAlive(v)
	fmt.Printf("in-use-bytes=%d\n", after-before)
}

// rssBytes reads the resident set size of this process.
func rssBytes(b testing.TB) int64 {
	b.Helper()
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		b.Skip("no /proc/self/statm on this system")
	}
	f := strings.Fields(string(data))
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		b.Fatal(err)
	}
	return pages * int64(os.Getpagesize())
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReceiveChange measures what the partner's side spends on one
// edit: A adds a check-in, and the two documents exchange sync messages
// until neither has one to send; the time is B's and A's
// ReceiveSyncMessage calls only (reported per edit, as wall time and as the
// CPU time of the benchmark's own thread, which runs the Automerge core's
// calls and not the garbage collector's workers), on the five-year history
// and on a document holding only the couple.
func BenchmarkReceiveChange(b *testing.B) {
	run := func(b *testing.B, a, z *doc.Shared) {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		sa, sz := a.NewSyncState(), z.NewSyncState()
		var recv, recvCPU time.Duration
		var msgs int
		exchange := func() {
			for {
				sent := false
				if m, ok := a.GenerateSyncMessage(sa); ok {
					t0, c0 := time.Now(), threadCPU()
					if err := z.ReceiveSyncMessage(sz, m); err != nil {
						b.Fatal(err)
					}
					recv, recvCPU = recv+time.Since(t0), recvCPU+threadCPU()-c0
					msgs, sent = msgs+1, true
				}
				if m, ok := z.GenerateSyncMessage(sz); ok {
					t0, c0 := time.Now(), threadCPU()
					if err := a.ReceiveSyncMessage(sa, m); err != nil {
						b.Fatal(err)
					}
					recv, recvCPU = recv+time.Since(t0), recvCPU+threadCPU()-c0
					msgs, sent = msgs+1, true
				}
				if !sent {
					return
				}
			}
		}
		exchange()
		c := doc.CheckIn{Author: doctest.Alex.ID, Safety: 6, Trust: 5, Connection: 7, Feelings: []string{"calm"}}
		if _, err := a.AddCheckIn(c); err != nil {
			b.Fatal(err)
		}
		exchange() // the first edit builds the core's indexes once
		recv, recvCPU, msgs = 0, 0, 0
		for b.Loop() {
			if _, err := a.AddCheckIn(c); err != nil {
				b.Fatal(err)
			}
			exchange()
		}
		if got, want := len(z.CheckIns()), len(a.CheckIns()); got != want {
			b.Fatalf("B holds %d check-ins, A %d", got, want)
		}
		b.ReportMetric(float64(recv.Nanoseconds())/float64(b.N)/1e3, "µs-recv/edit")
		b.ReportMetric(float64(recvCPU.Nanoseconds())/float64(b.N)/1e3, "µs-cpu-recv/edit")
		b.ReportMetric(float64(msgs)/float64(b.N), "msgs/edit")
	}
	b.Run("history", func(b *testing.B) {
		a, z := loadHistory(b), loadHistory(b)
		run(b, a, z)
	})
	b.Run("couple", func(b *testing.B) {
		a := doc.NewShared()
		if err := a.SetCouple(doctest.Alex, doctest.Sam); err != nil {
			b.Fatal(err)
		}
		z, err := doc.LoadShared(a.Save())
		if err != nil {
			b.Fatal(err)
		}
		run(b, a, z)
	})
}

// threadCPU returns the CPU time of the calling OS thread.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
