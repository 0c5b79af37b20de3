// Package notify tells goroutines that something changed, without ever
// blocking the one that changed it.
//
// A [Value] holds the latest value of something (a sync status, or nothing
// at all for a document that only says "I changed") and hands out
// subscriptions. A subscription is a channel with room for one value:
// [Value.Set] replaces a value still waiting there with the new one, so a
// slow reader skips the values in between, always reads the latest, and
// never holds up the writer. Many changes while nobody reads coalesce into
// one wake-up.
//
// Use it like this:
//
//	var status notify.Value[Status]
//	ch, cancel := status.Watch() // ch holds the current status at once
//	defer cancel()
//	status.Set(Status{State: Connected}) // never blocks
//	s := <-ch // the latest status
//
// For a bare signal use Value[struct{}] with [Value.Subscribe], which waits
// for the next Set instead of handing over the current value.
//
// A reader that wants the value in its own type, or that lives in a package
// that may not name T, takes a [Source]: [Value.Changed] wakes it, it calls
// Load when it is ready, and [Map] converts on that Load. No goroutine sits
// in between to relay or convert, so the latest value reaches the reader in
// one hop.
//
// The zero Value is ready to use and holds T's zero value. A Value must not
// be copied after first use. Its methods are safe for concurrent use, and
// never call out while holding its lock, so a caller may hold its own lock
// around any of them.
package notify

import "sync"

// Value is the latest value of a T and the subscriptions waiting for the
// next one.
type Value[T any] struct {
	mu   sync.Mutex
	cur  T
	subs map[chan T]struct{}
	sigs map[chan struct{}]struct{} // Changed's subscriptions
}

// Source is the latest value of a T and a wake-up when it changes: a
// [*Value], or a [Map] of one.
type Source[T any] interface {
	Load() T
	Changed() (<-chan struct{}, func())
}

// Load returns the latest value.
func (v *Value[T]) Load() T {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.cur
}

// Set stores x as the latest value and hands it to every subscription,
// replacing a value the reader has not taken yet. It never blocks.
func (v *Value[T]) Set(x T) {
	v.Update(func(T) (T, bool) { return x, true })
}

// Update calls f with the latest value, as one step with respect to the
// other methods. When f reports true, its result becomes the latest value
// and is handed to every subscription as Set does; when false, nothing
// changes and nobody is woken. f must not call v's methods.
func (v *Value[T]) Update(f func(cur T) (T, bool)) {
	v.mu.Lock()
	defer v.mu.Unlock()
	x, ok := f(v.cur)
	if !ok {
		return
	}
	v.cur = x
	for ch := range v.subs {
		select {
		case <-ch: // drop the stale value
		default:
		}
		ch <- x // cannot block: every send happens under v.mu
	}
	for ch := range v.sigs {
		select {
		case ch <- struct{}{}:
		default: // a wake-up is already waiting: one is enough
		}
	}
}

// Subscribe returns a channel that receives the value of the next Set
// (and then of later ones, coalesced), and a cancel func that ends the
// subscription. The channel is never closed.
func (v *Value[T]) Subscribe() (<-chan T, func()) { return v.subscribe(false) }

// Watch is Subscribe with the latest value already waiting in the channel.
func (v *Value[T]) Watch() (<-chan T, func()) { return v.subscribe(true) }

// Changed returns a channel with a wake-up already waiting in it and then
// one after each Set (many Sets while nobody reads make one wake-up), and a
// cancel func that ends the subscription. The reader calls Load when it is
// woken. The channel is never closed.
func (v *Value[T]) Changed() (<-chan struct{}, func()) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.sigs == nil {
		v.sigs = make(map[chan struct{}]struct{})
	}
	ch := make(chan struct{}, 1)
	ch <- struct{}{}
	v.sigs[ch] = struct{}{}
	return ch, func() {
		v.mu.Lock()
		defer v.mu.Unlock()
		delete(v.sigs, ch)
	}
}

// Map is src seen through f: its Load is f(src.Load()), and it wakes when
// src does. f runs on the reader's goroutine, at each Load.
func Map[S, T any](src Source[S], f func(S) T) Source[T] { return mapped[S, T]{src, f} }

type mapped[S, T any] struct {
	src Source[S]
	f   func(S) T
}

func (m mapped[S, T]) Load() T                            { return m.f(m.src.Load()) }
func (m mapped[S, T]) Changed() (<-chan struct{}, func()) { return m.src.Changed() }

func (v *Value[T]) subscribe(primed bool) (<-chan T, func()) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.subs == nil {
		v.subs = make(map[chan T]struct{})
	}
	ch := make(chan T, 1)
	if primed {
		ch <- v.cur
	}
	v.subs[ch] = struct{}{}
	return ch, func() {
		v.mu.Lock()
		defer v.mu.Unlock()
		delete(v.subs, ch)
	}
}
