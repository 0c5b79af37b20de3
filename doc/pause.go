package doc

import (
	"fmt"
	"time"

	"github.com/automerge/automerge-go"
)

// Pause is a deliberate pause before talking, agreed by both: one partner
// asks for it, with an end time; it runs once the other agrees, from then
// until that end time. The other may also say not now, and the one who
// asked may withdraw the request. A request no one answered lapses at its
// end time. The journey keeps the latest pause (a new request replaces an
// old one) and when a pause was first agreed.
//
// Pauses from before asking existed have no Asked time: they were agreed
// when set, and run from Since.
type Pause struct {
	By         string    `json:"by,omitempty"` // who asked
	Asked      time.Time `json:"asked,omitzero"`
	Until      time.Time `json:"until,omitzero"`
	AgreedBy   string    `json:"agreed_by,omitempty"`
	Since      time.Time `json:"since,omitzero"` // when agreed: the pause runs from here
	DeclinedBy string    `json:"declined_by,omitempty"`
	Declined   time.Time `json:"declined,omitzero"`
	Ended      time.Time `json:"ended,omitzero"` // ended early, or the request withdrawn
	EndBy      string    `json:"ended_by,omitempty"`
}

// Active reports whether the pause is in effect at now: agreed, not ended,
// not over.
func (p Pause) Active(now time.Time) bool {
	return !p.Since.IsZero() && p.Ended.IsZero() && now.Before(p.Until)
}

// Asking reports whether the pause is a request waiting for the other
// partner's answer at now.
func (p Pause) Asking(now time.Time) bool {
	return !p.Asked.IsZero() && p.Since.IsZero() && p.Declined.IsZero() && p.Ended.IsZero() && now.Before(p.Until)
}

func pauseFrom(r rec) Pause {
	return Pause{
		By: r.str("pause.by"), Asked: r.time("pause.asked"), Until: r.time("pause.until"),
		AgreedBy: r.str("pause.agreedBy"), Since: r.time("pause.since"),
		DeclinedBy: r.str("pause.declinedBy"), Declined: r.time("pause.declined"),
		Ended: r.time("pause.ended"), EndBy: r.str("pause.endBy"),
	}
}

// AskPause records by's request for a pause until until. It runs once the
// other partner agrees ([Shared.AgreePause]). It replaces an earlier
// request; while a pause runs, a new one cannot be asked for.
func (s *Shared) AskPause(by string, until time.Time) error {
	return s.change("ask for a pause", func(_ *automerge.Map) error {
		if err := s.requirePartnerLocked(by); err != nil {
			return err
		}
		now := s.nowLocked()
		if !until.After(now) {
			return fmt.Errorf("%w: a pause must end in the future", ErrInvalid)
		}
		if s.journeyLocked().Pause.Active(now) {
			return fmt.Errorf("%w: a pause is already running", ErrInvalid)
		}
		return s.setFieldsLocked(keyJourney, map[string]any{
			"pause.by": by, "pause.asked": now.UnixMilli(), "pause.until": until.UnixMilli(),
			"pause.agreedBy": "", "pause.since": int64(0),
			"pause.declinedBy": "", "pause.declined": int64(0),
			"pause.ended": int64(0), "pause.endBy": "",
		})
	})
}

// AgreePause agrees, as by, to the pause the other partner asked for: it
// runs from now until the end time they asked for. The one who asked
// cannot agree for both ([ErrInvalid]).
func (s *Shared) AgreePause(by string) error {
	return s.answerPause(by, "agree to the pause", func(now time.Time, first bool) map[string]any {
		f := map[string]any{"pause.agreedBy": by, "pause.since": now.UnixMilli()}
		if first {
			f["pauseFirstAgreed"] = now.UnixMilli()
		}
		return f
	})
}

// DeclinePause says, as by, not now to the pause the other partner asked
// for.
func (s *Shared) DeclinePause(by string) error {
	return s.answerPause(by, "not now to the pause", func(now time.Time, _ bool) map[string]any {
		return map[string]any{"pause.declinedBy": by, "pause.declined": now.UnixMilli()}
	})
}

// answerPause checks that by may answer the waiting request and writes
// fields(now, whether no pause was agreed before).
func (s *Shared) answerPause(by, msg string, fields func(now time.Time, first bool) map[string]any) error {
	return s.change(msg, func(_ *automerge.Map) error {
		if err := s.requirePartnerLocked(by); err != nil {
			return err
		}
		now := s.nowLocked()
		p := s.journeyLocked().Pause
		switch {
		case !p.Asking(now):
			return fmt.Errorf("%w: no pause is waiting for an answer", ErrInvalid)
		case p.By == by:
			return fmt.Errorf("%w: the other partner answers a request for a pause", ErrInvalid)
		}
		return s.setFieldsLocked(keyJourney, fields(now, s.firstPauseLocked().IsZero()))
	})
}

// EndPause ends the running pause early, or withdraws a request not yet
// answered (only its asker can). With neither, it changes nothing.
func (s *Shared) EndPause(by string) error {
	// The message names what is ended for the partner's "since you last
	// looked"; read apart from the change, it may be a moment old.
	msg := "end the pause"
	s.mu.Lock()
	if s.journeyLocked().Pause.Asking(s.nowLocked()) {
		msg = "withdraw a request for a pause"
	}
	s.mu.Unlock()
	return s.change(msg, func(_ *automerge.Map) error {
		if err := s.requirePartnerLocked(by); err != nil {
			return err
		}
		now := s.nowLocked()
		p := s.journeyLocked().Pause
		if !p.Active(now) && !(p.Asking(now) && p.By == by) {
			return errNoChange
		}
		return s.setFieldsLocked(keyJourney, map[string]any{"pause.ended": now.UnixMilli(), "pause.endBy": by})
	})
}

// firstPauseLocked returns when a pause was first agreed: the first
// agreement on record, or, for a pause from before asking existed, its
// start. Zero when none was.
func (s *Shared) firstPauseLocked() time.Time {
	r := s.fieldsLocked(keyJourney)
	if t := r.time("pauseFirstAgreed"); !t.IsZero() {
		return t
	}
	if p := pauseFrom(r); p.Asked.IsZero() {
		return p.Since
	}
	return time.Time{}
}
