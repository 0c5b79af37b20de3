package doc

import (
	"fmt"
	"time"

	"github.com/automerge/automerge-go"
)

// InteractionKind is the kind of a positive, non-conflict interaction.
type InteractionKind string

// The kinds of positive interaction.
const (
	Compliment     InteractionKind = "compliment"     // a genuine compliment
	Affection      InteractionKind = "affection"      // affection without expectation
	Thoughtfulness InteractionKind = "thoughtfulness" // an act of thoughtfulness
)

// Valid reports whether k is a known kind.
func (k InteractionKind) Valid() bool {
	return k == Compliment || k == Affection || k == Thoughtfulness
}

// Interaction is one positive interaction, which the other partner may mark
// as noticed.
type Interaction struct {
	ID        string          `json:"id"`
	Author    string          `json:"author"`
	Kind      InteractionKind `json:"kind"`
	Text      string          `json:"text"`
	Time      time.Time       `json:"time"`
	NoticedBy string          `json:"noticed_by,omitempty"`
	Noticed   time.Time       `json:"noticed,omitzero"`
}

const keyInteractions = "interactions"

// AddInteraction records a positive interaction by author and returns its ID.
func (s *Shared) AddInteraction(author string, kind InteractionKind, text string) (string, error) {
	if !kind.Valid() {
		return "", fmt.Errorf("%w: interaction kind %q is not compliment, affection or thoughtfulness", ErrInvalid, kind)
	}
	text, err := cleanText("interaction", text)
	if err != nil {
		return "", err
	}
	var id string
	err = s.change("add a positive interaction", func(_ *automerge.Map) error {
		if err := s.requirePartnerLocked(author); err != nil {
			return err
		}
		if id, err = s.newIDLocked(); err != nil {
			return err
		}
		f := interactionFields{Author: author, Kind: string(kind), Text: text, At: s.nowLocked().UnixMilli()}
		fields, err := writeOnceFields(f, map[string]any{"author": f.Author, "kind": f.Kind, "text": f.Text, "at": f.At})
		if err != nil {
			return err
		}
		return s.newRecordLocked(keyInteractions, id, fields)
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// NoticeInteraction records that by noticed an interaction. Only the
// partner who did not author it may notice it; noticing twice changes
// nothing.
func (s *Shared) NoticeInteraction(id, by string) error {
	return s.change("notice a positive interaction", func(_ *automerge.Map) error {
		r, m, err := s.readLocked(keyInteractions, id)
		if err != nil {
			return err
		}
		if err := s.requireOtherLocked(by, interactionOf(id, r).Author, "notice an interaction"); err != nil {
			return err
		}
		if r.int("noticed") != 0 {
			return errNoChange
		}
		if err := m.Set("noticedBy", by); err != nil {
			return err
		}
		return m.Set("noticed", s.nowLocked().UnixMilli())
	})
}

// Interactions returns every positive interaction, oldest first.
func (s *Shared) Interactions() []Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.allLocked(keyInteractions)
	out := make([]Interaction, 0, len(all))
	for id, r := range all {
		out = append(out, interactionOf(id, r))
	}
	sortByTime(out, func(i Interaction) (time.Time, string) { return i.Time, i.ID })
	return out
}

// interactionFields are an interaction's packed, write-once fields (see
// keyPacked); "noticedBy" and "noticed" are keys of their own.
type interactionFields struct {
	Author string `json:"author"`
	Kind   string `json:"kind"`
	Text   string `json:"text"`
	At     int64  `json:"at"`
}

func interactionOf(id string, r rec) Interaction {
	var f interactionFields
	if !r.unpack(&f) {
		f = interactionFields{Author: r.str("author"), Kind: r.str("kind"), Text: r.str("text"), At: r.int("at")}
	}
	return Interaction{
		ID: id, Author: f.Author, Kind: InteractionKind(f.Kind), Text: f.Text,
		Time: msTime(f.At), NoticedBy: r.str("noticedBy"), Noticed: r.time("noticed"),
	}
}
