package profile

import (
	"github.com/kintsugi-app/kintsugi/internal/notify"
	"github.com/kintsugi-app/kintsugi/sync"
)

// statusHub is the one sync status of the profile, across node restarts:
// the running node keeps its status in it ([sync.Config.Status]), the
// profile adds what it knows (not paired, the shared folder's last sync),
// and readers watch it directly. A slow watcher skips intermediate values
// and always gets the latest.
type statusHub struct{ v notify.Value[sync.Status] }

func (h *statusHub) get() sync.Status { return h.v.Load() }

func (h *statusHub) set(s sync.Status) { h.v.Set(s) }

// setIf sets s when ok says so of the current status, in one step.
func (h *statusHub) setIf(ok func(sync.Status) bool, s sync.Status) {
	h.v.Update(func(cur sync.Status) (sync.Status, bool) { return s, ok(cur) })
}

func (h *statusHub) watch() (<-chan sync.Status, func()) { return h.v.Watch() }

// Statuses is the profile's sync status as a [notify.Source], for a reader
// that converts it as it loads (the GUI's header, through its adapter).
func (p *Profile) Statuses() notify.Source[sync.Status] { return &p.status.v }
