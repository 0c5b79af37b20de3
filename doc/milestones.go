package doc

import (
	"fmt"
	"time"

	"github.com/automerge/automerge-go"
)

// Milestone is a guideline, not a deadline: an item both partners tick
// when it feels true. Due counts from the journey's start date.
type Milestone struct {
	ID       string    `json:"id"`
	Period   string    `json:"period"` // "Week 1", "Month 3", …
	Text     string    `json:"text"`
	Days     int       `json:"days"`         // days after the start
	Due      time.Time `json:"due,omitzero"` // zero before the start date is set
	TickedBy []string  `json:"ticked_by"`    // peer IDs
	Done     bool      `json:"done"`         // both partners ticked it
	// Reached is when the shared document itself shows the milestone
	// happened, whoever ticks it: for "The repair conversation is done",
	// when the first repair conversation was saved; for "A pause was
	// agreed", when one partner first agreed to the other's request. Zero
	// otherwise. It is no one's tick: ticks stay each partner's own.
	Reached time.Time `json:"reached,omitzero"`
}

var milestoneList = []Milestone{
	{ID: "w1-repair", Period: "Week 1", Days: 7, Text: "The repair conversation is done"},
	{ID: "w1-pause", Period: "Week 1", Days: 7, Text: "A pause was agreed"},
	{ID: "w1-name", Period: "Week 1", Days: 7, Text: "Both can name what went wrong without blame"},
	{ID: "w2-positive", Period: "Week 2", Days: 14, Text: "Two positive interactions a day, and they are noticed"},
	{ID: "w4-calm", Period: "Week 4", Days: 28, Text: "We can talk about it without escalating"},
	{ID: "w4-growth", Period: "Week 4", Days: 28, Text: "Each of us is working on our own growth"},
	{ID: "w8-intimacy", Period: "Week 8", Days: 56, Text: "Intimacy at a level both feel safe with"},
	{ID: "w8-future", Period: "Week 8", Days: 56, Text: "We can discuss the future without pressure"},
	{ID: "m3-trust", Period: "Month 3", Days: 91, Text: "A check-in on whether trust is substantially rebuilt"},
	{ID: "m6-story", Period: "Month 6+", Days: 182, Text: "It no longer dominates our story"},
}

// MilestoneIDs returns the IDs of the fixed milestone list, in order.
func MilestoneIDs() []string {
	ids := make([]string, len(milestoneList))
	for i, m := range milestoneList {
		ids[i] = m.ID
	}
	return ids
}

func milestoneKnown(id string) bool {
	for _, m := range milestoneList {
		if m.ID == id {
			return true
		}
	}
	return false
}

// The milestones map has flat keys "<milestone>/<peer ID>" → ticked at.
const keyMilestones = "milestones"

// TickMilestone records that by feels milestone id is reached.
func (s *Shared) TickMilestone(id, by string) error {
	return s.tickFlat(keyMilestones, "tick a milestone", id, by, milestoneKnown(id), true)
}

// UntickMilestone takes back by's tick of milestone id.
func (s *Shared) UntickMilestone(id, by string) error {
	return s.tickFlat(keyMilestones, "untick a milestone", id, by, milestoneKnown(id), false)
}

// tickFlat sets or deletes the flat key "<item>/<by>" of a container.
func (s *Shared) tickFlat(container, msg, item, by string, known, tick bool) error {
	if !known {
		return fmt.Errorf("%w: %q", ErrNotFound, item)
	}
	return s.change(msg, func(_ *automerge.Map) error {
		if err := s.requirePartnerLocked(by); err != nil {
			return err
		}
		c, err := s.containerLocked(container)
		if err != nil {
			return err
		}
		key := item + "/" + by
		v, err := c.Get(key)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrInternal, err)
		}
		if tick == !v.IsVoid() {
			return errNoChange
		}
		if !tick {
			return c.Delete(key)
		}
		return c.Set(key, s.nowLocked().UnixMilli())
	})
}

// tickedLocked returns, per item, the partners who ticked it, in couple order.
func (s *Shared) tickedLocked(container string) map[string][]string {
	out := map[string][]string{}
	vals := s.fieldsLocked(container)
	for _, p := range s.partnersLocked() {
		for k := range vals {
			if n := len(k) - len(p.ID) - 1; n > 0 && k[n:] == "/"+p.ID {
				out[k[:n]] = append(out[k[:n]], p.ID)
			}
		}
	}
	return out
}

// Milestones returns the fixed milestone list with each partner's ticks and
// the due dates from the journey's start.
func (s *Shared) Milestones() []Milestone {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := s.journeyLocked().Start
	ticked := s.tickedLocked(keyMilestones)
	var firstFinished time.Time
	for _, r := range s.allLocked(keyRepairs) {
		if f := r.time("finished"); !f.IsZero() && (firstFinished.IsZero() || f.Before(firstFinished)) {
			firstFinished = f
		}
	}
	firstPause := s.firstPauseLocked()
	out := make([]Milestone, len(milestoneList))
	for i, m := range milestoneList {
		m.TickedBy = append([]string{}, ticked[m.ID]...)
		m.Done = len(m.TickedBy) == 2
		switch m.ID {
		case "w1-repair":
			m.Reached = firstFinished
		case "w1-pause":
			m.Reached = firstPause
		}
		if !start.IsZero() {
			m.Due = start.AddDate(0, 0, m.Days)
		}
		out[i] = m
	}
	return out
}
