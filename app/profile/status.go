package profile

import (
	"github.com/kintsugi-app/kintsugi/internal/notify"
	"github.com/kintsugi-app/kintsugi/sync"
)

// statusHub fans the sync status out to watchers, across node restarts.
// A slow watcher skips intermediate values and always gets the latest.
type statusHub struct{ v notify.Value[sync.Status] }

func (h *statusHub) set(s sync.Status) { h.v.Set(s) }

// setIf sets s when ok says so of the current status, in one step.
func (h *statusHub) setIf(ok func(sync.Status) bool, s sync.Status) {
	h.v.Update(func(cur sync.Status) (sync.Status, bool) { return s, ok(cur) })
}

func (h *statusHub) watch() (<-chan sync.Status, func()) { return h.v.Watch() }
