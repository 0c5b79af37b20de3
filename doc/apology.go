package doc

import (
	"fmt"
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

	// The answer of the partner who received it, if any: the writer sees it.
	Response     ApologyResponse `json:"response,omitempty"`
	ResponseNote string          `json:"response_note,omitempty"`
	RespondedBy  string          `json:"responded_by,omitempty"`
	RespondedAt  time.Time       `json:"responded_at,omitzero"`
}

// ApologyResponse is how the partner who received an apology answers it.
// None asks for forgiveness: each is only an honest word back.
type ApologyResponse string

// The answers to an apology.
const (
	ApologyRead     ApologyResponse = "read"      // "I've read this"
	ApologyNotReady ApologyResponse = "not-ready" // "I'm not ready yet"
	ApologyThanks   ApologyResponse = "thanks"    // "Thank you"
)

// ApologyResponses lists the answers, in the order they are offered.
var ApologyResponses = []ApologyResponse{ApologyRead, ApologyNotReady, ApologyThanks}

// Valid reports whether r is a known answer.
func (r ApologyResponse) Valid() bool {
	return r == ApologyRead || r == ApologyNotReady || r == ApologyThanks
}

// Words returns the answer as the one who received the apology says it.
func (r ApologyResponse) Words() string {
	switch r {
	case ApologyRead:
		return "I've read this"
	case ApologyNotReady:
		return "I'm not ready yet"
	case ApologyThanks:
		return "Thank you"
	}
	return ""
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

// RespondToApology records the answer of by, the partner who received the
// apology (never its writer), with an optional note. Answering again
// replaces the answer: "not ready yet" may become "thank you" in time.
func (s *Shared) RespondToApology(id, by string, r ApologyResponse, note string) error {
	if !r.Valid() {
		return fmt.Errorf("%w: answer %q is not read, not-ready or thanks", ErrInvalid, r)
	}
	note, err := optionalText("note", note)
	if err != nil {
		return err
	}
	return s.change("respond to an apology", func(_ *automerge.Map) error {
		rc, m, err := s.readLocked(keyApologies, id)
		if err != nil {
			return err
		}
		if err := s.requireOtherLocked(by, rc.str("by"), "answer an apology"); err != nil {
			return err
		}
		if rc.str("response") == string(r) && rc.str("responseNote") == note {
			return errNoChange
		}
		for _, kv := range []struct {
			k string
			v any
		}{{"response", string(r)}, {"responseNote", note}, {"respondedBy", by}, {"respondedAt", s.nowLocked().UnixMilli()}} {
			if err := m.Set(kv.k, kv.v); err != nil {
				return err
			}
		}
		return nil
	})
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
			Response: ApologyResponse(r.str("response")), ResponseNote: r.str("responseNote"),
			RespondedBy: r.str("respondedBy"), RespondedAt: r.time("respondedAt"),
		})
	}
	sortByTime(out, func(a Apology) (time.Time, string) { return a.Time, a.ID })
	return out
}
