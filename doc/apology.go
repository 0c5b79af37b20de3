package doc

import (
	"time"

	"github.com/automerge/automerge-go"
)

// Apology is a meaningful apology in four parts.
type Apology struct {
	ID           string    `json:"id"`
	By           string    `json:"by"`
	Time         time.Time `json:"time"`
	WhatHappened string    `json:"what_happened"` // what happened, without minimising
	Hurt         string    `json:"hurt"`          // the hurt it caused
	Remorse      string    `json:"remorse"`       // sincere remorse
	Plan         string    `json:"plan"`          // a plan to prevent it
}

const keyApologies = "apologies"

// AddApology records an apology by a.By with all four parts and returns its
// ID. a.ID and a.Time are ignored. Use [BlameShiftingPhrases] to offer
// gentle suggestions before saving; it does not block saving.
func (s *Shared) AddApology(a Apology) (string, error) {
	parts := []struct {
		name string
		v    *string
	}{{"what happened", &a.WhatHappened}, {"the hurt it caused", &a.Hurt}, {"remorse", &a.Remorse}, {"a plan", &a.Plan}}
	for _, p := range parts {
		t, err := cleanText(p.name, *p.v)
		if err != nil {
			return "", err
		}
		*p.v = t
	}
	var id string
	err := s.change("add an apology", func(_ *automerge.Map) error {
		if err := s.requirePartnerLocked(a.By); err != nil {
			return err
		}
		var err error
		if id, err = s.newIDLocked(); err != nil {
			return err
		}
		return s.newRecordLocked(keyApologies, id, map[string]any{
			"by": a.By, "at": s.nowLocked().UnixMilli(),
			"happened": a.WhatHappened, "hurt": a.Hurt, "remorse": a.Remorse, "plan": a.Plan,
		})
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// Apologies returns every apology, oldest first.
func (s *Shared) Apologies() []Apology {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.allLocked(keyApologies)
	out := make([]Apology, 0, len(all))
	for id, r := range all {
		out = append(out, Apology{
			ID: id, By: r.str("by"), Time: r.time("at"), WhatHappened: r.str("happened"),
			Hurt: r.str("hurt"), Remorse: r.str("remorse"), Plan: r.str("plan"),
		})
	}
	sortByTime(out, func(a Apology) (time.Time, string) { return a.Time, a.ID })
	return out
}
