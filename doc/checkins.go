package doc

import (
	"fmt"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// CheckIn is one partner's record of how they feel: scores from 0 to 10
// for safety, trust and connection, a few feeling words and a note.
//
// The note is private to its writer unless NoteShared is set: the shared
// document holds only shared notes ([Shared.AddCheckIn] refuses a private
// one with [ErrPrivate]); a private note is kept on its writer's device by
// the profile. A note that an older version wrote into the document without
// asking is treated as private: [Shared.CheckIns] shows it only on its
// writer's device (see [Shared.SetAuthor]).
type CheckIn struct {
	ID         string    `json:"id"`
	Author     string    `json:"author"`
	Time       time.Time `json:"time"`
	Safety     int       `json:"safety"`
	Trust      int       `json:"trust"`
	Connection int       `json:"connection"`
	Feelings   []string  `json:"feelings"`
	Note       string    `json:"note,omitempty"`
	// NoteShared is true when the writer chose to share Note with their
	// partner.
	NoteShared bool `json:"note_shared,omitempty"`
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
	// Shared marks a note its writer chose to share. Older versions wrote
	// notes without asking, and without this mark.
	Shared bool `json:"shared,omitempty"`
}

// checkInOf reads a check-in record as the device of viewer sees it: a
// note its writer did not mark shared is blanked unless viewer wrote it.
func checkInOf(id string, r rec, viewer string) CheckIn {
	var f checkInFields
	if !r.unpack(&f) {
		f = checkInFields{
			Author: r.str("author"), At: r.int("at"), Safety: int(r.int("safety")), Trust: int(r.int("trust")),
			Connection: int(r.int("connection")), Feelings: r.str("feelings"), Note: r.str("note"),
			Shared: r.bool("shared"),
		}
	}
	if !f.Shared && f.Author != viewer {
		f.Note = ""
	}
	c := CheckIn{
		ID: id, Author: f.Author, Time: msTime(f.At), Safety: f.Safety, Trust: f.Trust,
		Connection: f.Connection, Feelings: []string{}, Note: f.Note, NoteShared: f.Shared && f.Note != "",
	}
	if f.Feelings != "" {
		c.Feelings = strings.Split(f.Feelings, ",")
	}
	return c
}

// AddCheckIn records a check-in and returns its ID. A zero Time means now;
// c.ID is ignored. A note must be shared (c.NoteShared): a private note is
// not the shared document's to hold, and gives [ErrPrivate].
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
	if note != "" && !c.NoteShared {
		return "", fmt.Errorf("%w: a check-in note that is not shared stays on its writer's device", ErrPrivate)
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
			Feelings: strings.Join(feelings, ","), Note: note, Shared: note != "",
		}
		flat := map[string]any{
			"author": f.Author, "at": f.At,
			"safety": int64(f.Safety), "trust": int64(f.Trust), "connection": int64(f.Connection),
		}
		if f.Feelings != "" {
			flat["feelings"] = f.Feelings
		}
		if f.Note != "" {
			flat["note"], flat["shared"] = f.Note, true
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

// CheckIns returns every check-in, oldest first, as this device's partner
// (see [Shared.SetAuthor]) may see them: the other partner's notes only
// when they were shared.
func (s *Shared) CheckIns() []CheckIn {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.allLocked(keyCheckIns)
	out := make([]CheckIn, 0, len(all))
	for id, r := range all {
		out = append(out, checkInOf(id, r, s.author))
	}
	sortByTime(out, func(c CheckIn) (time.Time, string) { return c.Time, c.ID })
	return out
}
