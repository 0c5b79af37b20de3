package ui

import (
	stdsync "sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"github.com/kintsugi-app/kintsugi/internal/notify"
)

// Bridge is the one place where goroutines hand results to widgets. Widgets
// may be touched only on the UI goroutine: slow work (scrypt, disk, network)
// runs in a goroutine started by [Bridge.Async], and its result, like every
// update from a channel followed by [follow] or a value followed by
// [followLatest], reaches the UI through fyne.Do.
//
// In tests the bridge is manual: async work runs inline, and followed
// updates wait in a queue until the test calls Drain on its own goroutine.
type Bridge struct {
	manual  bool
	hold    bool     // manual only: async work waits in held until the test runs it
	held    []func() // each runs one held work and then its done
	stopped atomic.Bool
	// ended (manual only) stands for the UI loop having ended: Do then
	// runs f at once on the caller's goroutine, as fyne.Do does once the
	// app has quit.
	ended atomic.Bool

	mu    stdsync.Mutex
	queue []func()
}

// Do runs f on the UI goroutine, unless the bridge has stopped by the time
// f would run: once the app's loop has ended, fyne.Do runs f at once on
// the caller's goroutine, where it must not touch a widget.
func (b *Bridge) Do(f func()) {
	if b.stopped.Load() {
		return
	}
	if b.manual {
		if b.ended.Load() {
			f()
			return
		}
		b.mu.Lock()
		b.queue = append(b.queue, f)
		b.mu.Unlock()
		return
	}
	fyne.Do(func() {
		if !b.stopped.Load() {
			f()
		}
	})
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

// Stop drops every later update: the windows are gone. The shell stops
// the bridge before it closes a session (see [Flow.Close]).
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

// followLatest applies the latest value of src on the UI goroutine each
// time it changes, from its current one on, until stop is closed. It is the
// one hop between the writer and the widgets: a goroutine wakes on the
// change, loads the value (off the UI goroutine: a load may take a lock or
// convert) and hands it over through Do. Changes that come while an update
// waits for the UI goroutine only replace the value it will apply: the
// latest wins, at most one update waits, and nothing blocks the writer.
func followLatest[T any](b *Bridge, src notify.Source[T], stop <-chan struct{}, apply func(T)) {
	changed, cancel := src.Changed()
	var (
		mu      stdsync.Mutex
		latest  T
		waiting bool // an update is queued and will apply latest
	)
	update := func() {
		mu.Lock()
		v := latest
		waiting = false
		mu.Unlock()
		apply(v)
	}
	go func() {
		defer cancel()
		for {
			select {
			case <-changed:
			case <-stop:
				return
			}
			v := src.Load()
			mu.Lock()
			latest = v
			queue := !waiting
			waiting = true
			mu.Unlock()
			if queue {
				b.Do(update)
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
