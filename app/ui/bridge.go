package ui

import (
	stdsync "sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
)

// Bridge is the one place where goroutines hand results to widgets. Widgets
// may be touched only on the UI goroutine: slow work (scrypt, disk, network)
// runs in a goroutine started by [Bridge.Async], and its result, like every
// update from a channel followed by [follow], reaches the UI through
// fyne.Do.
//
// In tests the bridge is manual: async work runs inline, and followed
// updates wait in a queue until the test calls Drain on its own goroutine.
type Bridge struct {
	manual  bool
	hold    bool     // manual only: async work waits in held until the test runs it
	held    []func() // each runs one held work and then its done
	stopped atomic.Bool

	mu    stdsync.Mutex
	queue []func()
}

// Do runs f on the UI goroutine.
func (b *Bridge) Do(f func()) {
	if b.stopped.Load() {
		return
	}
	if b.manual {
		b.mu.Lock()
		b.queue = append(b.queue, f)
		b.mu.Unlock()
		return
	}
	fyne.Do(f)
}

// Wait runs f on the UI goroutine and returns when it is done.
func (b *Bridge) Wait(f func()) {
	if b.manual {
		f()
		return
	}
	fyne.DoAndWait(f)
}

// Async runs work off the UI goroutine, then done on it.
func (b *Bridge) Async(work func(), done func()) {
	if b.manual {
		if b.hold {
			b.held = append(b.held, func() { work(); done() })
			return
		}
		work()
		done()
		return
	}
	go func() {
		work()
		b.Do(done)
	}()
}

// Stop drops every later update: the windows are gone.
func (b *Bridge) Stop() { b.stopped.Store(true) }

// follow applies every value from ch on the UI goroutine until ch closes
// or stop is closed.
func follow[T any](b *Bridge, ch <-chan T, stop <-chan struct{}, apply func(T)) {
	go func() {
		for {
			select {
			case v, ok := <-ch:
				if !ok {
					return
				}
				b.Do(func() { apply(v) })
			case <-stop:
				return
			}
		}
	}()
}

// every calls f on the UI goroutine every d until stop is closed.
func every(b *Bridge, d time.Duration, stop <-chan struct{}, f func()) {
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				b.Do(f)
			case <-stop:
				return
			}
		}
	}()
}

// Drain runs the queued updates (manual bridges only) and reports how many ran.
func (b *Bridge) Drain() int {
	b.mu.Lock()
	q := b.queue
	b.queue = nil
	b.mu.Unlock()
	for _, f := range q {
		f()
	}
	return len(q)
}
