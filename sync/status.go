package sync

import (
	"time"

	"github.com/kintsugi-app/kintsugi/internal/notify"
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
// v is [Config.Status], or the node's own.
type watchers struct{ v *notify.Value[Status] }

func (w *watchers) get() Status { return w.v.Load() }

// update applies f to the status and wakes the watchers if that changed it.
func (w *watchers) update(f func(*Status)) {
	w.v.Update(func(s Status) (Status, bool) {
		old := s
		f(&s)
		return s, !sameStatus(s, old)
	})
}

func (w *watchers) watch() (<-chan Status, func()) { return w.v.Watch() }

// sameStatus compares without ==, which panics on an error value of an
// uncomparable type.
func sameStatus(a, b Status) bool {
	sameErr := a.Err == nil && b.Err == nil ||
		a.Err != nil && b.Err != nil && a.Err.Error() == b.Err.Error()
	return a.State == b.State && a.Relayed == b.Relayed && a.LastSynced.Equal(b.LastSynced) && sameErr
}
