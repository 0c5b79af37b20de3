package doc

import (
	"time"

	"github.com/automerge/automerge-go"
)

// Boundary is a limit with an agreed consequence. It is in force only once
// both partners agreed to its current wording; a revision keeps the old
// wording in History and needs both agreements again.
type Boundary struct {
	ID          string             `json:"id"`
	ProposedBy  string             `json:"proposed_by"`
	Text        string             `json:"text"`
	Consequence string             `json:"consequence"`
	Created     time.Time          `json:"created"`
	RevisedBy   string             `json:"revised_by,omitempty"`
	Revised     time.Time          `json:"revised,omitzero"`
	AgreedBy    []string           `json:"agreed_by"` // to the current wording
	InForce     bool               `json:"in_force"`
	History     []BoundaryRevision `json:"history,omitempty"` // earlier wordings, oldest first
}

// BoundaryRevision is an earlier wording of a boundary.
type BoundaryRevision struct {
	Text        string    `json:"text"`
	Consequence string    `json:"consequence"`
	By          string    `json:"by"`   // who wrote this wording
	Time        time.Time `json:"time"` // when it was written
	Replaced    time.Time `json:"replaced"`
}

// A boundary record holds its wording as Automerge text, a "ver" ID naming
// the current wording, an "agreed" map (partner → ver they agreed to) and a
// "hist" map (random ID → earlier wording). Agreement to an older wording
// does not count, so an agreement made concurrently with a revision never
// puts the new wording in force.
const keyBoundaries = "boundaries"

// ProposeBoundary records a boundary proposed by by, who agrees to it by
// proposing; it is in force once the other partner agrees too.
func (s *Shared) ProposeBoundary(by, text, consequence string) (string, error) {
	text, err := cleanText("boundary", text)
	if err != nil {
		return "", err
	}
	consequence, err = cleanText("consequence", consequence)
	if err != nil {
		return "", err
	}
	var id string
	err = s.change("propose a boundary", func(_ *automerge.Map) error {
		if err := s.requirePartnerLocked(by); err != nil {
			return err
		}
		if id, err = s.newIDLocked(); err != nil {
			return err
		}
		ver, err := s.newIDLocked()
		if err != nil {
			return err
		}
		now := s.nowLocked().UnixMilli()
		if err := s.newRecordLocked(keyBoundaries, id, map[string]any{
			"by": by, "text": automerge.NewText(text), "consequence": automerge.NewText(consequence),
			"created": now, "ver": ver, "verBy": by, "verAt": now,
			"agreed": automerge.NewMap(), "hist": automerge.NewMap(),
		}); err != nil {
			return err
		}
		m, err := s.recordLocked(keyBoundaries, id)
		if err != nil {
			return err
		}
		agreed, err := subMapLocked(m, "agreed")
		if err != nil {
			return err
		}
		return agreed.Set(by, ver)
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// AgreeBoundary records that by agrees to the boundary's current wording.
// Agreeing twice changes nothing.
func (s *Shared) AgreeBoundary(id, by string) error {
	return s.change("agree to a boundary", func(_ *automerge.Map) error {
		r, m, err := s.readLocked(keyBoundaries, id)
		if err != nil {
			return err
		}
		if err := s.requirePartnerLocked(by); err != nil {
			return err
		}
		ver := r.str("ver")
		if r.sub("agreed").str(by) == ver {
			return errNoChange
		}
		agreed, err := subMapLocked(m, "agreed")
		if err != nil {
			return err
		}
		return agreed.Set(by, ver)
	})
}

// ReviseBoundary changes a boundary's wording. The old wording goes to its
// history; the boundary is out of force until the other partner agrees to
// the new one (the reviser agrees by revising).
func (s *Shared) ReviseBoundary(id, by, text, consequence string) error {
	text, err := cleanText("boundary", text)
	if err != nil {
		return err
	}
	consequence, err = cleanText("consequence", consequence)
	if err != nil {
		return err
	}
	return s.change("revise a boundary", func(_ *automerge.Map) error {
		r, m, err := s.readLocked(keyBoundaries, id)
		if err != nil {
			return err
		}
		if err := s.requirePartnerLocked(by); err != nil {
			return err
		}
		oldText, oldCons := r.str("text"), r.str("consequence")
		if oldText == text && oldCons == consequence {
			return errNoChange
		}
		hid, err := s.newIDLocked()
		if err != nil {
			return err
		}
		ver, err := s.newIDLocked()
		if err != nil {
			return err
		}
		hist, err := subMapLocked(m, "hist")
		if err != nil {
			return err
		}
		agreed, err := subMapLocked(m, "agreed")
		if err != nil {
			return err
		}
		now := s.nowLocked().UnixMilli()
		old := automerge.NewMap()
		if err := hist.Set(hid, old); err != nil {
			return err
		}
		for _, kv := range []struct {
			k string
			v any
		}{{"text", oldText}, {"consequence", oldCons}, {"by", r.str("verBy")}, {"at", r.int("verAt")}, {"replaced", now}} {
			if err := old.Set(kv.k, kv.v); err != nil {
				return err
			}
		}
		if err := spliceText(m, "text", text); err != nil {
			return err
		}
		if err := spliceText(m, "consequence", consequence); err != nil {
			return err
		}
		for _, kv := range []struct {
			k string
			v any
		}{{"ver", ver}, {"verBy", by}, {"verAt", now}} {
			if err := m.Set(kv.k, kv.v); err != nil {
				return err
			}
		}
		return agreed.Set(by, ver)
	})
}

// Boundaries returns every boundary, oldest first.
func (s *Shared) Boundaries() []Boundary {
	s.mu.Lock()
	defer s.mu.Unlock()
	ps := s.partnersLocked()
	all := s.allLocked(keyBoundaries)
	out := make([]Boundary, 0, len(all))
	for id, r := range all {
		b := Boundary{
			ID: id, ProposedBy: r.str("by"), Text: r.str("text"), Consequence: r.str("consequence"),
			Created: r.time("created"), AgreedBy: []string{},
		}
		ver := r.str("ver")
		agreed := r.sub("agreed")
		for _, p := range ps {
			if agreed.str(p.ID) == ver {
				b.AgreedBy = append(b.AgreedBy, p.ID)
			}
		}
		b.InForce = len(ps) == 2 && len(b.AgreedBy) == 2
		for _, v := range r.sub("hist") {
			if v.Kind() != automerge.KindMap {
				continue
			}
			hv, err := v.Map().Values()
			if err != nil {
				continue
			}
			h := rec(hv)
			b.History = append(b.History, BoundaryRevision{
				Text: h.str("text"), Consequence: h.str("consequence"), By: h.str("by"),
				Time: h.time("at"), Replaced: h.time("replaced"),
			})
		}
		sortByTime(b.History, func(h BoundaryRevision) (time.Time, string) { return h.Replaced, h.Text + "\x00" + h.Consequence })
		if len(b.History) > 0 {
			b.RevisedBy, b.Revised = r.str("verBy"), r.time("verAt")
		}
		out = append(out, b)
	}
	sortByTime(out, func(b Boundary) (time.Time, string) { return b.Created, b.ID })
	return out
}
