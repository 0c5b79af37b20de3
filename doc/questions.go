package doc

import (
	"fmt"
	"time"

	"github.com/automerge/automerge-go"
)

// Question is a question from one partner, asked after a reflection ("do I
// need to know this to move forward?"), and the other partner's answer.
type Question struct {
	ID         string    `json:"id"`
	By         string    `json:"by"`
	Reflection string    `json:"reflection"`
	Text       string    `json:"text"`
	Asked      time.Time `json:"asked"`
	Edited     time.Time `json:"edited,omitzero"` // the last change of wording
	Answer     string    `json:"answer,omitempty"`
	AnsweredBy string    `json:"answered_by,omitempty"`
	Answered   time.Time `json:"answered,omitzero"`
}

// ReflectionPrompt is shown before a question is sent.
const ReflectionPrompt = "Do I need to know this to move forward?"

const keyQuestions = "questions"

// AskQuestion records a question by by, with the asker's reflection on
// [ReflectionPrompt], and returns its ID.
func (s *Shared) AskQuestion(by, reflection, text string) (string, error) {
	reflection, err := cleanText("reflection", reflection)
	if err != nil {
		return "", err
	}
	text, err = cleanText("question", text)
	if err != nil {
		return "", err
	}
	var id string
	err = s.change("ask a question", func(_ *automerge.Map) error {
		if err := s.requirePartnerLocked(by); err != nil {
			return err
		}
		if id, err = s.newIDLocked(); err != nil {
			return err
		}
		return s.newRecordLocked(keyQuestions, id, map[string]any{
			"by": by, "reflection": reflection, "text": text, "at": s.nowLocked().UnixMilli(),
		})
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// EditQuestion changes the wording of a question by asked, until it is
// answered: an answer must keep the question it answers. The partner's
// questions are theirs to word ([ErrNotYours]). Automerge keeps the
// earlier wording in the history.
func (s *Shared) EditQuestion(id, by, text string) error {
	text, err := cleanText("question", text)
	if err != nil {
		return err
	}
	return s.change("edit a question", func(_ *automerge.Map) error {
		r, m, err := s.readLocked(keyQuestions, id)
		if err != nil {
			return err
		}
		if err := s.requireOwnerLocked(by, r.str("by"), "a question is worded by the partner who asked it"); err != nil {
			return err
		}
		if r.str("answeredBy") != "" {
			return fmt.Errorf("%w: the question is answered, so it stays as it was asked", ErrInvalid)
		}
		if r.str("text") == text {
			return errNoChange
		}
		if err := m.Set("text", text); err != nil {
			return err
		}
		return m.Set("edited", s.nowLocked().UnixMilli())
	})
}

// AnswerQuestion records the other partner's answer; answering again
// replaces the answer.
func (s *Shared) AnswerQuestion(id, by, answer string) error {
	answer, err := cleanText("answer", answer)
	if err != nil {
		return err
	}
	return s.change("answer a question", func(_ *automerge.Map) error {
		r, m, err := s.readLocked(keyQuestions, id)
		if err != nil {
			return err
		}
		if err := s.requireOtherLocked(by, r.str("by"), "answer a question"); err != nil {
			return err
		}
		if err := m.Set("answer", answer); err != nil {
			return err
		}
		if err := m.Set("answeredBy", by); err != nil {
			return err
		}
		return m.Set("answered", s.nowLocked().UnixMilli())
	})
}

// Questions returns every question, oldest first.
func (s *Shared) Questions() []Question {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.allLocked(keyQuestions)
	out := make([]Question, 0, len(all))
	for id, r := range all {
		out = append(out, Question{
			ID: id, By: r.str("by"), Reflection: r.str("reflection"), Text: r.str("text"), Asked: r.time("at"), Edited: r.time("edited"),
			Answer: r.str("answer"), AnsweredBy: r.str("answeredBy"), Answered: r.time("answered"),
		})
	}
	sortByTime(out, func(q Question) (time.Time, string) { return q.Asked, q.ID })
	return out
}
