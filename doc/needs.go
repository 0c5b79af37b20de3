package doc

import (
	"fmt"
	"time"

	"github.com/automerge/automerge-go"
)

// NeedStatus is how far a need is being met.
type NeedStatus string

// The statuses of a need.
const (
	NeedOpen     NeedStatus = "open"
	NeedBeingMet NeedStatus = "being-met"
	NeedMet      NeedStatus = "met"
)

// Valid reports whether st is a known status.
func (st NeedStatus) Valid() bool { return st == NeedOpen || st == NeedBeingMet || st == NeedMet }

// Need is something one partner needs ("I need you to initiate affection
// more"), with the other partner's response.
type Need struct {
	ID          string     `json:"id"`
	Owner       string     `json:"owner"`
	Text        string     `json:"text"`
	Status      NeedStatus `json:"status"`
	Created     time.Time  `json:"created"`
	Edited      time.Time  `json:"edited,omitzero"` // the last change of wording
	Response    string     `json:"response,omitempty"`
	RespondedBy string     `json:"responded_by,omitempty"`
	RespondedAt time.Time  `json:"responded_at,omitzero"`
}

const keyNeeds = "needs"

// AddNeed records an open need of owner and returns its ID.
func (s *Shared) AddNeed(owner, text string) (string, error) {
	text, err := cleanText("need", text)
	if err != nil {
		return "", err
	}
	var id string
	err = s.change("add a need", func(_ *automerge.Map) error {
		if err := s.requirePartnerLocked(owner); err != nil {
			return err
		}
		if id, err = s.newIDLocked(); err != nil {
			return err
		}
		return s.newRecordLocked(keyNeeds, id, newNeed(owner, text, s.nowLocked()))
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// newNeed is the fields of a new, open need of owner's.
func newNeed(owner, text string, now time.Time) map[string]any {
	return map[string]any{"owner": owner, "text": automerge.NewText(text), "status": string(NeedOpen), "created": now.UnixMilli()}
}

// EditNeedText changes the wording of a need of by's own; the partner's
// needs are theirs to word ([ErrNotYours]). Concurrent edits on the owner's
// devices merge; Automerge keeps the earlier wording in the history.
func (s *Shared) EditNeedText(id, by, text string) error {
	text, err := cleanText("need", text)
	if err != nil {
		return err
	}
	return s.change("edit a need", func(_ *automerge.Map) error {
		r, m, err := s.readLocked(keyNeeds, id)
		if err != nil {
			return err
		}
		if err := s.requireOwnerLocked(by, r.str("owner"), "a need is worded by the partner who has it"); err != nil {
			return err
		}
		if textOf(m, "text") == text {
			return errNoChange
		}
		if err := spliceText(m, "text", text); err != nil {
			return err
		}
		return m.Set("edited", s.nowLocked().UnixMilli())
	})
}

// SetNeedStatus records how far a need is being met.
func (s *Shared) SetNeedStatus(id string, st NeedStatus) error {
	if !st.Valid() {
		return fmt.Errorf("%w: need status %q is not open, being-met or met", ErrInvalid, st)
	}
	return s.change("update a need", func(_ *automerge.Map) error {
		m, err := s.recordLocked(keyNeeds, id)
		if err != nil {
			return err
		}
		return m.Set("status", string(st))
	})
}

// RespondToNeed records the other partner's response to a need.
func (s *Shared) RespondToNeed(id, by, text string) error {
	text, err := cleanText("response", text)
	if err != nil {
		return err
	}
	return s.change("respond to a need", func(_ *automerge.Map) error {
		r, m, err := s.readLocked(keyNeeds, id)
		if err != nil {
			return err
		}
		if err := s.requireOtherLocked(by, r.str("owner"), "respond to a need"); err != nil {
			return err
		}
		for _, kv := range []struct {
			k string
			v any
		}{{"response", text}, {"respondedBy", by}, {"respondedAt", s.nowLocked().UnixMilli()}} {
			if err := m.Set(kv.k, kv.v); err != nil {
				return err
			}
		}
		return nil
	})
}

// Needs returns every need, oldest first.
func (s *Shared) Needs() []Need {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.allLocked(keyNeeds)
	out := make([]Need, 0, len(all))
	for id, r := range all {
		out = append(out, Need{
			ID: id, Owner: r.str("owner"), Text: r.str("text"), Status: NeedStatus(r.str("status")),
			Created: r.time("created"), Edited: r.time("edited"), Response: r.str("response"), RespondedBy: r.str("respondedBy"),
			RespondedAt: r.time("respondedAt"),
		})
	}
	sortByTime(out, func(n Need) (time.Time, string) { return n.Created, n.ID })
	return out
}
