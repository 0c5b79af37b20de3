package doc

import (
	"fmt"
	"sort"
	"time"

	"github.com/automerge/automerge-go"
)

// Cadence is how often a commitment is due.
type Cadence string

// The cadences a commitment may have.
const (
	Daily  Cadence = "daily"
	Weekly Cadence = "weekly"
	Once   Cadence = "once"
)

// Valid reports whether c is a known cadence.
func (c Cadence) Valid() bool { return c == Daily || c == Weekly || c == Once }

// Commitment is a small, verifiable promise one partner keeps.
type Commitment struct {
	ID      string    `json:"id"`
	Owner   string    `json:"owner"`
	Text    string    `json:"text"`
	Cadence Cadence   `json:"cadence"`
	Active  bool      `json:"active"`
	Created time.Time `json:"created"`
	Retired time.Time `json:"retired,omitzero"`
	Edited  time.Time `json:"edited,omitzero"` // the last change of wording
	Log     []Mark    `json:"log"`             // by date, oldest first
}

// Mark is one day's entry in a commitment's log.
type Mark struct {
	Date         string    `json:"date"` // YYYY-MM-DD
	Kept         bool      `json:"kept"`
	Acknowledged time.Time `json:"acknowledged,omitzero"` // by the other partner
}

// A commitment record holds plain fields, its text as Automerge text, and
// two flat per-date maps created with it: "log" (date → kept) and "ack"
// (date → acknowledged at). Flat keys in maps that exist from the start
// mean concurrent marks and acknowledgements never overwrite each other.
const keyCommitments = "commitments"

// AddCommitment adds an active commitment owned by owner and returns its ID.
func (s *Shared) AddCommitment(owner, text string, c Cadence) (string, error) {
	text, err := cleanText("commitment", text)
	if err != nil {
		return "", err
	}
	if !c.Valid() {
		return "", fmt.Errorf("%w: cadence %q is not daily, weekly or once", ErrInvalid, c)
	}
	var id string
	err = s.change("add a commitment", func(_ *automerge.Map) error {
		if err := s.requirePartnerLocked(owner); err != nil {
			return err
		}
		if id, err = s.newIDLocked(); err != nil {
			return err
		}
		return s.newRecordLocked(keyCommitments, id, newCommitment(owner, text, c, s.nowLocked()))
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// newCommitment is the fields of a new, active commitment of owner's.
func newCommitment(owner, text string, c Cadence, now time.Time) map[string]any {
	return map[string]any{
		"owner": owner, "text": automerge.NewText(text), "cadence": string(c),
		"active": true, "created": now.UnixMilli(),
		"log": automerge.NewMap(), "ack": automerge.NewMap(),
	}
}

// EditCommitmentText changes the wording of a commitment of by's own; the
// partner's commitments are theirs to word ([ErrNotYours]). Only the
// characters that differ are replaced, so an edit on the owner's other
// device at the same time merges with this one. Automerge keeps the
// earlier wording in the history.
func (s *Shared) EditCommitmentText(id, by, text string) error {
	text, err := cleanText("commitment", text)
	if err != nil {
		return err
	}
	return s.change("edit a commitment", func(_ *automerge.Map) error {
		r, m, err := s.readLocked(keyCommitments, id)
		if err != nil {
			return err
		}
		if err := s.requireOwnerLocked(by, r.str("owner"), "a commitment is worded by the partner who made it"); err != nil {
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

// MarkCommitment records whether the commitment was kept on date
// (YYYY-MM-DD). Marking the same date again replaces the earlier mark.
func (s *Shared) MarkCommitment(id, date string, kept bool) error {
	date, err := parseDate(date)
	if err != nil {
		return err
	}
	msg := "mark a commitment missed"
	if kept {
		msg = "mark a commitment kept"
	}
	return s.change(msg, func(_ *automerge.Map) error {
		r, m, err := s.readLocked(keyCommitments, id)
		if err != nil {
			return err
		}
		if !r.bool("active") {
			return fmt.Errorf("%w: the commitment is retired", ErrInvalid)
		}
		log, err := subMapLocked(m, "log")
		if err != nil {
			return err
		}
		return log.Set(date, kept)
	})
}

// UnmarkCommitment takes back the kept or missed mark of date, for by, the
// commitment's owner: a mis-click is not a withdrawal from the trust
// account. The partner's acknowledgement of that day goes with it. The
// mark stays in Automerge's history. A date without a mark is ErrNotFound.
func (s *Shared) UnmarkCommitment(id, date, by string) error {
	date, err := parseDate(date)
	if err != nil {
		return err
	}
	return s.change("undo a commitment mark", func(_ *automerge.Map) error {
		r, m, err := s.readLocked(keyCommitments, id)
		if err != nil {
			return err
		}
		if err := s.requireOwnerLocked(by, r.str("owner"), "a mark is undone by the partner who made the commitment"); err != nil {
			return err
		}
		if !r.bool("active") {
			return fmt.Errorf("%w: the commitment is retired", ErrInvalid)
		}
		log, err := subMapLocked(m, "log")
		if err != nil {
			return err
		}
		v, err := log.Get(date)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrInternal, err)
		}
		if v.IsVoid() {
			return fmt.Errorf("%w: no mark on %s", ErrNotFound, date)
		}
		ack, err := subMapLocked(m, "ack")
		if err != nil {
			return err
		}
		if a, err := ack.Get(date); err == nil && !a.IsVoid() {
			if err := ack.Delete(date); err != nil {
				return err
			}
		}
		return log.Delete(date)
	})
}

// AcknowledgeCommitment records that by, the partner who does not own the
// commitment, saw that it was kept on date.
func (s *Shared) AcknowledgeCommitment(id, date, by string) error {
	date, err := parseDate(date)
	if err != nil {
		return err
	}
	return s.change("acknowledge a kept commitment", func(_ *automerge.Map) error {
		r, m, err := s.readLocked(keyCommitments, id)
		if err != nil {
			return err
		}
		if err := s.requireOtherLocked(by, r.str("owner"), "acknowledge a commitment"); err != nil {
			return err
		}
		log, err := subMapLocked(m, "log")
		if err != nil {
			return err
		}
		v, err := log.Get(date)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrInternal, err)
		}
		if v.IsVoid() {
			return fmt.Errorf("%w: no mark on %s", ErrNotFound, date)
		}
		if v.Kind() != automerge.KindBool || !v.Bool() {
			return fmt.Errorf("%w: only a kept commitment can be acknowledged", ErrInvalid)
		}
		ack, err := subMapLocked(m, "ack")
		if err != nil {
			return err
		}
		return ack.Set(date, s.nowLocked().UnixMilli())
	})
}

// RetireCommitment stops a commitment; its log is kept. Retiring a retired
// commitment changes nothing.
func (s *Shared) RetireCommitment(id string) error {
	return s.change("retire a commitment", func(_ *automerge.Map) error {
		r, m, err := s.readLocked(keyCommitments, id)
		if err != nil {
			return err
		}
		if !r.bool("active") {
			return errNoChange
		}
		if err := m.Set("active", false); err != nil {
			return err
		}
		return m.Set("retired", s.nowLocked().UnixMilli())
	})
}

// Commitment returns one commitment.
func (s *Shared) Commitment(id string) (Commitment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, _, err := s.readLocked(keyCommitments, id)
	if err != nil {
		return Commitment{}, err
	}
	return commitmentOf(id, r), nil
}

// Commitments returns every commitment, active and retired, oldest first.
func (s *Shared) Commitments() []Commitment {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.allLocked(keyCommitments)
	out := make([]Commitment, 0, len(all))
	for id, r := range all {
		out = append(out, commitmentOf(id, r))
	}
	sortByTime(out, func(c Commitment) (time.Time, string) { return c.Created, c.ID })
	return out
}

func commitmentOf(id string, r rec) Commitment {
	c := Commitment{
		ID: id, Owner: r.str("owner"), Text: r.str("text"), Cadence: Cadence(r.str("cadence")),
		Active: r.bool("active"), Created: r.time("created"), Retired: r.time("retired"), Edited: r.time("edited"),
		Log: []Mark{},
	}
	ack := r.sub("ack")
	for date, v := range r.sub("log") {
		if v.Kind() != automerge.KindBool {
			continue
		}
		c.Log = append(c.Log, Mark{Date: date, Kept: v.Bool(), Acknowledged: ack.time(date)})
	}
	sort.Slice(c.Log, func(i, j int) bool { return c.Log[i].Date < c.Log[j].Date })
	return c
}

// subMapLocked returns the nested map at key of m.
func subMapLocked(m *automerge.Map, key string) (*automerge.Map, error) {
	v, err := m.Get(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInternal, err)
	}
	if v.Kind() != automerge.KindMap {
		return nil, fmt.Errorf("%w: record has no %q", ErrCorrupt, key)
	}
	return v.Map(), nil
}
