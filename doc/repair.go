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

// SpeakTime is each speaker's uninterrupted time in rounds one and two.
const SpeakTime = 5 * time.Minute

// RepairSession is one guided repair conversation and what it produced.
// While it is not finished it is one shared session: both laptops show
// its round, who is speaking and its timer, and either partner moves it on.
type RepairSession struct {
	ID        string       `json:"id"`
	StartedBy string       `json:"started_by"`
	Started   time.Time    `json:"started"`
	Finished  time.Time    `json:"finished,omitzero"`
	Entries   []RoundEntry `json:"entries"` // oldest first

	Current int `json:"round"` // 1–5: the round the conversation is in now
	// First is the partner who speaks in round one; the other speaks in
	// round two.
	First string      `json:"first,omitempty"`
	Timer RepairTimer `json:"timer"` // the speaker's timer of this round
}

// RepairTimer is the shared speaker's timer: Left remained when it was last
// started or paused; Started is when it was started, zero while paused.
// Each laptop counts down from these on its own clock: nothing is written
// while it runs.
type RepairTimer struct {
	Left    time.Duration `json:"left"`
	Started time.Time     `json:"started,omitzero"`
}

// Remaining returns the time left at now, never below zero.
func (t RepairTimer) Remaining(now time.Time) time.Duration {
	left := t.Left
	if !t.Started.IsZero() {
		left -= now.Sub(t.Started)
	}
	return max(left, 0)
}

// Running reports whether the timer counts down at now.
func (t RepairTimer) Running(now time.Time) bool {
	return !t.Started.IsZero() && t.Remaining(now) > 0
}

// Speaker returns who speaks in the current round (one or two), or "".
func (r RepairSession) Speaker(other func(string) string) string {
	switch r.Current {
	case RoundSpeaker:
		return r.First
	case RoundSwitch:
		return other(r.First)
	}
	return ""
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
			"round": int64(RoundSpeaker), "first": by, "timerLeft": SpeakTime.Milliseconds(), "timerStarted": int64(0),
		})
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// liveLocked reads an unfinished session for an edit by a partner.
func (s *Shared) liveLocked(id, by string) (rec, *automerge.Map, error) {
	r, m, err := s.readLocked(keyRepairs, id)
	if err != nil {
		return nil, nil, err
	}
	if err := s.requirePartnerLocked(by); err != nil {
		return nil, nil, err
	}
	if r.int("finished") != 0 {
		return nil, nil, fmt.Errorf("%w: the repair conversation is finished", ErrInvalid)
	}
	return r, m, nil
}

// setAll sets the keys of m in the given order.
func setAll(m *automerge.Map, kvs ...any) error {
	for i := 0; i+1 < len(kvs); i += 2 {
		if err := m.Set(kvs[i].(string), kvs[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// MoveRepairRound moves a session from round from to round to (1–5), for
// either partner, and resets the speaker's timer. It moves only from the
// round the caller saw: when both partners press "Next round" at once, or
// one presses twice before the other's move arrives, the session moves
// one round, not two. A session already past from is left as it is.
func (s *Shared) MoveRepairRound(id, by string, from, to int) error {
	if RoundTitle(to) == "" {
		return fmt.Errorf("%w: round %d is not 1–5", ErrInvalid, to)
	}
	return s.change("move a repair conversation on", func(_ *automerge.Map) error {
		r, m, err := s.liveLocked(id, by)
		if err != nil {
			return err
		}
		if roundOf(r) != from || from == to {
			return errNoChange
		}
		return setAll(m, "round", int64(to), "timerLeft", SpeakTime.Milliseconds(), "timerStarted", int64(0))
	})
}

// SetRepairFirst chooses who speaks in round one; the other speaks in
// round two.
func (s *Shared) SetRepairFirst(id, by, first string) error {
	return s.change("choose who speaks first", func(_ *automerge.Map) error {
		r, m, err := s.liveLocked(id, by)
		if err != nil {
			return err
		}
		if err := s.requirePartnerLocked(first); err != nil {
			return err
		}
		if r.str("first") == first {
			return errNoChange
		}
		return m.Set("first", first)
	})
}

// StartRepairTimer starts (or continues) the speaker's timer for both
// laptops. A running timer, or one with no time left, is left as it is.
func (s *Shared) StartRepairTimer(id, by string) error {
	return s.change("start the speaker's timer", func(_ *automerge.Map) error {
		r, m, err := s.liveLocked(id, by)
		if err != nil {
			return err
		}
		t := timerOf(r)
		now := s.nowLocked()
		if !t.Started.IsZero() || t.Remaining(now) <= 0 {
			return errNoChange
		}
		return m.Set("timerStarted", now.UnixMilli())
	})
}

// PauseRepairTimer pauses the speaker's timer, keeping the time left.
func (s *Shared) PauseRepairTimer(id, by string) error {
	return s.change("pause the speaker's timer", func(_ *automerge.Map) error {
		r, m, err := s.liveLocked(id, by)
		if err != nil {
			return err
		}
		t := timerOf(r)
		if t.Started.IsZero() {
			return errNoChange
		}
		return setAll(m, "timerLeft", t.Remaining(s.nowLocked()).Milliseconds(), "timerStarted", int64(0))
	})
}

// ResetRepairTimer sets the speaker's timer back to [SpeakTime], paused.
func (s *Shared) ResetRepairTimer(id, by string) error {
	return s.change("reset the speaker's timer", func(_ *automerge.Map) error {
		r, m, err := s.liveLocked(id, by)
		if err != nil {
			return err
		}
		if t := timerOf(r); t.Started.IsZero() && t.Left == SpeakTime {
			return errNoChange
		}
		return setAll(m, "timerLeft", SpeakTime.Milliseconds(), "timerStarted", int64(0))
	})
}

// ActiveRepairSession returns the shared session in progress: the earliest
// started one not finished, so two laptops that started one each at the
// same moment still agree on one.
func (s *Shared) ActiveRepairSession() (RepairSession, bool) {
	for _, r := range s.RepairSessions() {
		if r.Finished.IsZero() {
			return r, true
		}
	}
	return RepairSession{}, false
}

func roundOf(r rec) int {
	if n := int(r.int("round")); RoundTitle(n) != "" {
		return n
	}
	return RoundSpeaker // sessions from before rounds were shared
}

func timerOf(r rec) RepairTimer {
	t := RepairTimer{Left: SpeakTime, Started: r.time("timerStarted")}
	if v := r["timerLeft"]; v != nil {
		t.Left = time.Duration(r.int("timerLeft")) * time.Millisecond
	}
	return t
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

// FinishRepairSession saves a session in one change: each need said in
// round 4 and each commitment of round 5 becomes a record of its own, in
// the name of the partner who said it (a daily commitment), and the
// session is marked finished. Each record is keyed by its round entry's ID,
// so two laptops that save the same session at once write the same
// records, which merge into one of each, not two. Finishing twice changes
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
		now := s.nowLocked()
		rs := repairSessionFrom(sessionID, r)
		for _, e := range rs.Needs() {
			if err := s.newRecordLocked(keyNeeds, e.ID, newNeed(e.Who, e.Text, now)); err != nil {
				return err
			}
		}
		for _, e := range rs.Commitments() {
			if err := s.newRecordLocked(keyCommitments, e.ID, newCommitment(e.Who, e.Text, Daily, now)); err != nil {
				return err
			}
		}
		return m.Set("finished", now.UnixMilli())
	})
}

// repairSessionFrom reads the repair record r of ID id.
func repairSessionFrom(id string, r rec) RepairSession {
	rs := RepairSession{ID: id, StartedBy: r.str("by"), Started: r.time("started"), Finished: r.time("finished"), Entries: []RoundEntry{},
		Current: roundOf(r), First: r.str("first"), Timer: timerOf(r)}
	if rs.First == "" {
		rs.First = rs.StartedBy
	}
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
	return rs
}

// RepairSessions returns every repair session, oldest first.
func (s *Shared) RepairSessions() []RepairSession {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.allLocked(keyRepairs)
	out := make([]RepairSession, 0, len(all))
	for id, r := range all {
		out = append(out, repairSessionFrom(id, r))
	}
	sortByTime(out, func(r RepairSession) (time.Time, string) { return r.Started, r.ID })
	return out
}
