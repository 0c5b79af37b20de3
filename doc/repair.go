package doc

import (
	"fmt"
	"time"

	"github.com/automerge/automerge-go"
)

// The five rounds of a repair conversation.
const (
	RoundSpeaker     = 1 // one speaks of their experience, the other reflects back
	RoundSwitch      = 2 // switch roles: the second speaks of their own experience
	RoundPatterns    = 3 // together name what went wrong, not who
	RoundNeeds       = 4 // each says what they need to feel safe
	RoundCommitments = 5 // what each will do differently
)

var roundTitles = [...]string{
	"",
	"Speaker and listener",
	"Switch roles",
	"Patterns: what went wrong, not who",
	"Needs: what each needs to feel safe",
	"Commitments: what each will do differently",
}

// RoundTitle returns the title of round 1–5, or "" for any other number.
func RoundTitle(round int) string {
	if round < RoundSpeaker || round > RoundCommitments {
		return ""
	}
	return roundTitles[round]
}

// RepairSession is one guided repair conversation and what it produced.
type RepairSession struct {
	ID        string       `json:"id"`
	StartedBy string       `json:"started_by"`
	Started   time.Time    `json:"started"`
	Finished  time.Time    `json:"finished,omitzero"`
	Entries   []RoundEntry `json:"entries"` // oldest first
}

// RoundEntry is what one partner said or wrote in one round.
type RoundEntry struct {
	ID    string    `json:"id"`
	Round int       `json:"round"`
	Who   string    `json:"who"`
	Text  string    `json:"text"`
	Time  time.Time `json:"time"`
}

// Round returns the entries of one round, oldest first.
func (r RepairSession) Round(round int) []RoundEntry {
	var out []RoundEntry
	for _, e := range r.Entries {
		if e.Round == round {
			out = append(out, e)
		}
	}
	return out
}

// Patterns returns what the session named as going wrong (round 3).
func (r RepairSession) Patterns() []RoundEntry { return r.Round(RoundPatterns) }

// Needs returns what each partner said they need (round 4).
func (r RepairSession) Needs() []RoundEntry { return r.Round(RoundNeeds) }

// Commitments returns what each partner will do differently (round 5).
func (r RepairSession) Commitments() []RoundEntry { return r.Round(RoundCommitments) }

// A repair record has an "entries" map (random ID → round, who, text, at),
// so both laptops can record rounds of the same session concurrently.
const keyRepairs = "repairs"

// StartRepairSession begins a repair conversation and returns its ID.
func (s *Shared) StartRepairSession(by string) (string, error) {
	var id string
	err := s.change("start a repair conversation", func(_ *automerge.Map) error {
		if err := s.requirePartnerLocked(by); err != nil {
			return err
		}
		var err error
		if id, err = s.newIDLocked(); err != nil {
			return err
		}
		return s.newRecordLocked(keyRepairs, id, map[string]any{
			"by": by, "started": s.nowLocked().UnixMilli(), "entries": automerge.NewMap(),
		})
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// RecordRound records what who said or wrote in round 1–5 of a session.
func (s *Shared) RecordRound(sessionID string, round int, who, text string) error {
	if RoundTitle(round) == "" {
		return fmt.Errorf("%w: round %d is not 1–5", ErrInvalid, round)
	}
	text, err := cleanText("round", text)
	if err != nil {
		return err
	}
	return s.change(fmt.Sprintf("record repair round %d", round), func(_ *automerge.Map) error {
		r, m, err := s.readLocked(keyRepairs, sessionID)
		if err != nil {
			return err
		}
		if err := s.requirePartnerLocked(who); err != nil {
			return err
		}
		if r.int("finished") != 0 {
			return fmt.Errorf("%w: the repair conversation is finished", ErrInvalid)
		}
		entries, err := subMapLocked(m, "entries")
		if err != nil {
			return err
		}
		eid, err := s.newIDLocked()
		if err != nil {
			return err
		}
		e := automerge.NewMap()
		if err := entries.Set(eid, e); err != nil {
			return err
		}
		for _, kv := range []struct {
			k string
			v any
		}{{"round", int64(round)}, {"who", who}, {"text", text}, {"at", s.nowLocked().UnixMilli()}} {
			if err := e.Set(kv.k, kv.v); err != nil {
				return err
			}
		}
		return nil
	})
}

// FinishRepairSession marks a session finished; finishing twice changes
// nothing.
func (s *Shared) FinishRepairSession(sessionID string) error {
	return s.change("finish a repair conversation", func(_ *automerge.Map) error {
		r, m, err := s.readLocked(keyRepairs, sessionID)
		if err != nil {
			return err
		}
		if r.int("finished") != 0 {
			return errNoChange
		}
		return m.Set("finished", s.nowLocked().UnixMilli())
	})
}

// RepairSessions returns every repair session, oldest first.
func (s *Shared) RepairSessions() []RepairSession {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.allLocked(keyRepairs)
	out := make([]RepairSession, 0, len(all))
	for id, r := range all {
		rs := RepairSession{ID: id, StartedBy: r.str("by"), Started: r.time("started"), Finished: r.time("finished"), Entries: []RoundEntry{}}
		for eid, v := range r.sub("entries") {
			if v.Kind() != automerge.KindMap {
				continue
			}
			ev, err := v.Map().Values()
			if err != nil {
				continue
			}
			e := rec(ev)
			rs.Entries = append(rs.Entries, RoundEntry{ID: eid, Round: int(e.int("round")), Who: e.str("who"), Text: e.str("text"), Time: e.time("at")})
		}
		sortByTime(rs.Entries, func(e RoundEntry) (time.Time, string) { return e.Time, e.ID })
		out = append(out, rs)
	}
	sortByTime(out, func(r RepairSession) (time.Time, string) { return r.Started, r.ID })
	return out
}
