package sync

import (
	stdsync "sync"
	"time"
)

// State is where the node stands with the partner.
type State int

// The states a node moves through. Offline, Connecting and Connected are
// about the link; Syncing and InSync about the document.
const (
	Unpaired   State = iota // no partner yet
	Offline                 // the partner cannot be reached right now
	Connecting              // trying the partner's addresses
	Connected               // connected; the sync is starting
	Syncing                 // changes are being exchanged
	InSync                  // both devices hold the same document
)

func (s State) String() string {
	switch s {
	case Unpaired:
		return "not paired"
	case Offline:
		return "offline"
	case Connecting:
		return "connecting"
	case Connected:
		return "connected"
	case Syncing:
		return "syncing"
	case InSync:
		return "in sync"
	}
	return "unknown"
}

// Status is one observation of the node, for the UI and the CLI.
type Status struct {
	State State
	// Relayed is true when the partner is reached through the relay
	// rather than directly.
	Relayed bool
	// LastSynced is when the two devices were last in sync (zero: never).
	LastSynced time.Time
	// Err is why the last connection or sync ended, if it failed; the
	// sentinel errors of this package tell what to say (for example
	// ErrPartnerNewer: "please update").
	Err error
}

// watchers fans status out to any number of subscribers. Each receives the
// latest status; a slow reader skips intermediate ones, never blocks the node.
type watchers struct {
	mu   stdsync.Mutex
	cur  Status
	subs map[chan Status]struct{}
}

func (w *watchers) get() Status {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cur
}

func (w *watchers) update(f func(*Status)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	old := w.cur
	f(&w.cur)
	if sameStatus(w.cur, old) {
		return
	}
	for ch := range w.subs {
		select {
		case <-ch: // drop the stale value
		default:
		}
		ch <- w.cur
	}
}

func (w *watchers) watch() (<-chan Status, func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.subs == nil {
		w.subs = make(map[chan Status]struct{})
	}
	ch := make(chan Status, 1)
	ch <- w.cur
	w.subs[ch] = struct{}{}
	return ch, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		delete(w.subs, ch)
	}
}

// sameStatus compares without ==, which panics on an error value of an
// uncomparable type.
func sameStatus(a, b Status) bool {
	sameErr := a.Err == nil && b.Err == nil ||
		a.Err != nil && b.Err != nil && a.Err.Error() == b.Err.Error()
	return a.State == b.State && a.Relayed == b.Relayed && a.LastSynced.Equal(b.LastSynced) && sameErr
}
