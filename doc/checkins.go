package doc

import (
	"fmt"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// CheckIn is one partner's record of how they feel: scores from 0 to 10
// for safety, trust and connection, a few feeling words and a note.
type CheckIn struct {
	ID         string    `json:"id"`
	Author     string    `json:"author"`
	Time       time.Time `json:"time"`
	Safety     int       `json:"safety"`
	Trust      int       `json:"trust"`
	Connection int       `json:"connection"`
	Feelings   []string  `json:"feelings"`
	Note       string    `json:"note,omitempty"`
}

// MaxScore is the highest check-in score; the lowest is 0.
const MaxScore = 10

const keyCheckIns = "checkins"

// AddCheckIn records a check-in and returns its ID. A zero Time means now;
// c.ID is ignored.
func (s *Shared) AddCheckIn(c CheckIn) (string, error) {
	for _, sc := range []struct {
		name string
		v    int
	}{{"safety", c.Safety}, {"trust", c.Trust}, {"connection", c.Connection}} {
		if sc.v < 0 || sc.v > MaxScore {
			return "", fmt.Errorf("%w: %s score %d is outside 0–10", ErrInvalid, sc.name, sc.v)
		}
	}
	feelings := make([]string, 0, len(c.Feelings))
	for _, f := range c.Feelings {
		f, err := cleanText("feeling word", f)
		if err != nil {
			return "", err
		}
		if strings.Contains(f, ",") {
			return "", fmt.Errorf("%w: feeling word %q contains a comma", ErrInvalid, f)
		}
		feelings = append(feelings, f)
	}
	note, err := optionalText("note", c.Note)
	if err != nil {
		return "", err
	}
	var id string
	err = s.change("add a check-in", func(_ *automerge.Map) error {
		if err := s.requirePartnerLocked(c.Author); err != nil {
			return err
		}
		if id, err = s.newIDLocked(); err != nil {
			return err
		}
		t := c.Time
		if t.IsZero() {
			t = s.nowLocked()
		}
		f := map[string]any{
			"author": c.Author, "at": t.UnixMilli(),
			"safety": int64(c.Safety), "trust": int64(c.Trust), "connection": int64(c.Connection),
		}
		if len(feelings) > 0 {
			f["feelings"] = strings.Join(feelings, ",")
		}
		if note != "" {
			f["note"] = note
		}
		return s.newRecordLocked(keyCheckIns, id, f)
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// CheckIns returns every check-in, oldest first.
func (s *Shared) CheckIns() []CheckIn {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.allLocked(keyCheckIns)
	out := make([]CheckIn, 0, len(all))
	for id, r := range all {
		c := CheckIn{
			ID: id, Author: r.str("author"), Time: r.time("at"),
			Safety: int(r.int("safety")), Trust: int(r.int("trust")), Connection: int(r.int("connection")),
			Feelings: []string{}, Note: r.str("note"),
		}
		if f := r.str("feelings"); f != "" {
			c.Feelings = strings.Split(f, ",")
		}
		out = append(out, c)
	}
	sortByTime(out, func(c CheckIn) (time.Time, string) { return c.Time, c.ID })
	return out
}
