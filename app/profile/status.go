package profile

import (
	stdsync "sync"

	"github.com/kintsugi-app/kintsugi/sync"
)

// statusHub fans the sync status out to watchers, across node restarts.
// A slow watcher skips intermediate values and always gets the latest.
type statusHub struct {
	mu   stdsync.Mutex
	cur  sync.Status
	subs map[chan sync.Status]struct{}
}

func (h *statusHub) set(s sync.Status) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.setLocked(s)
}

func (h *statusHub) setLocked(s sync.Status) {
	h.cur = s
	for ch := range h.subs {
		select {
		case <-ch:
		default:
		}
		ch <- s
	}
}

// setIf sets s when ok says so of the current status, in one step.
func (h *statusHub) setIf(ok func(sync.Status) bool, s sync.Status) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if ok(h.cur) {
		h.setLocked(s)
	}
}

func (h *statusHub) watch() (<-chan sync.Status, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.subs == nil {
		h.subs = make(map[chan sync.Status]struct{})
	}
	ch := make(chan sync.Status, 1)
	ch <- h.cur
	h.subs[ch] = struct{}{}
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.subs, ch)
	}
}
