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

// A check-in record holds its fields packed (see keyPacked): check-ins are
// never edited.
const keyCheckIns = "checkins"

// checkInFields are a check-in's packed fields. Feelings are joined by
// commas (feeling words may not contain one).
type checkInFields struct {
	Author     string `json:"author"`
	At         int64  `json:"at"`
	Safety     int    `json:"safety"`
	Trust      int    `json:"trust"`
	Connection int    `json:"connection"`
	Feelings   string `json:"feelings,omitempty"`
	Note       string `json:"note,omitempty"`
}

func checkInOf(id string, r rec) CheckIn {
	var f checkInFields
	if !r.unpack(&f) {
		f = checkInFields{
			Author: r.str("author"), At: r.int("at"), Safety: int(r.int("safety")), Trust: int(r.int("trust")),
			Connection: int(r.int("connection")), Feelings: r.str("feelings"), Note: r.str("note"),
		}
	}
	c := CheckIn{
		ID: id, Author: f.Author, Time: msTime(f.At), Safety: f.Safety, Trust: f.Trust,
		Connection: f.Connection, Feelings: []string{}, Note: f.Note,
	}
	if f.Feelings != "" {
		c.Feelings = strings.Split(f.Feelings, ",")
	}
	return c
}

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
		f := checkInFields{
			Author: c.Author, At: t.UnixMilli(), Safety: c.Safety, Trust: c.Trust, Connection: c.Connection,
			Feelings: strings.Join(feelings, ","), Note: note,
		}
		flat := map[string]any{
			"author": f.Author, "at": f.At,
			"safety": int64(f.Safety), "trust": int64(f.Trust), "connection": int64(f.Connection),
		}
		if f.Feelings != "" {
			flat["feelings"] = f.Feelings
		}
		if f.Note != "" {
			flat["note"] = f.Note
		}
		fields, err := writeOnceFields(f, flat)
		if err != nil {
			return err
		}
		return s.newRecordLocked(keyCheckIns, id, fields)
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
		out = append(out, checkInOf(id, r))
	}
	sortByTime(out, func(c CheckIn) (time.Time, string) { return c.Time, c.ID })
	return out
}
