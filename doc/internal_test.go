package doc

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

func TestTextDiff(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		pos  int
		del  int
		ins  string
	}{
		{"", "", 0, 0, ""},
		{"abc", "abc", 3, 0, ""},
		{"", "abc", 0, 0, "abc"},
		{"abc", "", 0, 3, ""},
		{"I call", "I will call", 2, 0, "will "},
		{"héllo wörld", "héllo, wörld", 5, 0, ","},
		{"aaa", "aa", 2, 1, ""},
		{"😀🙃", "😀🧟🙃", 1, 0, "🧟"},
	} {
		pos, del, ins := textDiff(tc.a, tc.b)
		if pos != tc.pos || del != tc.del || ins != tc.ins {
			t.Errorf("textDiff(%q, %q) = %d, %d, %q; want %d, %d, %q", tc.a, tc.b, pos, del, ins, tc.pos, tc.del, tc.ins)
		}
		r := []rune(tc.a)
		got := string(r[:pos]) + ins + string(r[pos+del:])
		if got != tc.b {
			t.Errorf("applying textDiff(%q, %q) gives %q", tc.a, tc.b, got)
		}
	}
}

func FuzzTextDiff(f *testing.F) {
	f.Add("I will call", "I will call you")
	f.Add("😀", "")
	f.Fuzz(func(t *testing.T, a, b string) {
		pos, del, ins := textDiff(a, b)
		r := []rune(a)
		if got := string(r[:pos]) + ins + string(r[pos+del:]); got != string([]rune(b)) {
			t.Fatalf("textDiff(%q, %q) gives %q", a, b, got)
		}
	})
}

func TestNewerSchema(t *testing.T) {
	s := NewShared()
	if err := s.am.Path(keyMeta, "schema").Set(int64(SchemaVersion + 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.am.Commit("from the future"); err != nil {
		t.Fatal(err)
	}
	saved := s.Save()
	if _, err := LoadShared(saved); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("LoadShared = %v, want ErrNewerSchema", err)
	}
	// Its changes are refused too.
	ch, err := s.ChangesSince(nil)
	if err != nil {
		t.Fatal(err)
	}
	old := NewShared()
	if err := old.ApplyChanges(ch); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("ApplyChanges = %v, want ErrNewerSchema", err)
	}
	// The refused changes are never saved, and the document takes no edit.
	if b := old.SaveIncremental(); len(b) != 0 {
		t.Fatalf("refused changes handed to SaveIncremental: %d bytes", len(b))
	}
	if err := old.SetStage(StageAffirm); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("edit after refused changes = %v, want ErrNewerSchema", err)
	}
	// The same through the sync protocol.
	peer := NewShared()
	sf, sp := s.NewSyncState(), peer.NewSyncState()
	var got error
	for range 10 {
		if m, ok := s.GenerateSyncMessage(sf); ok {
			if got = peer.ReceiveSyncMessage(sp, m); got != nil {
				break
			}
		}
		if m, ok := peer.GenerateSyncMessage(sp); ok {
			// s plays the newer program, which reads its own version.
			_ = s.ReceiveSyncMessage(sf, m)
		}
	}
	if !errors.Is(got, ErrNewerSchema) {
		t.Fatalf("ReceiveSyncMessage = %v, want ErrNewerSchema", got)
	}
	if b := peer.SaveIncremental(); len(b) != 0 {
		t.Fatalf("refused sync changes handed to SaveIncremental: %d bytes", len(b))
	}
	if err := peer.SetStage(StageAffirm); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("edit after refused sync = %v, want ErrNewerSchema", err)
	}
}

func TestOlderSchemaUpgradesOnEdit(t *testing.T) {
	s := NewShared() // genesis only: version 0
	l, err := LoadShared(s.Save())
	if err != nil {
		t.Fatal(err)
	}
	if l.Schema() != 0 {
		t.Fatalf("schema = %d", l.Schema())
	}
	if err := l.SetStage(StageAffirm); err != nil {
		t.Fatal(err)
	}
	if l.Schema() != SchemaVersion {
		t.Fatalf("schema after edit = %d", l.Schema())
	}
}

func TestNotKintsugi(t *testing.T) {
	d := automerge.New()
	if err := d.RootMap().Set("x", int64(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Commit("x"); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadShared(d.Save()); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("LoadShared = %v, want ErrCorrupt", err)
	}
}

// Check-ins and interactions written by earlier builds, with every field a
// key of its own rather than packed, still read the same.
func TestUnpackedRecordsStillRead(t *testing.T) {
	s := NewShared()
	if err := s.SetCouple(Partner{ID: "a", Name: "Alex"}, Partner{ID: "b", Name: "Sam"}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 5, 1, 20, 0, 0, 0, time.UTC)
	s.mu.Lock()
	err := s.newRecordLocked(keyCheckIns, "c1", map[string]any{
		"author": "a", "at": at.UnixMilli(), "safety": int64(3), "trust": int64(4), "connection": int64(5),
		"feelings": "calm,tired", "note": "a note",
	})
	if err == nil {
		err = s.newRecordLocked(keyInteractions, "i1", map[string]any{
			"author": "a", "kind": string(Affection), "text": "a hug", "at": at.UnixMilli(),
		})
	}
	if err == nil {
		_, err = s.am.Commit("old layout")
	}
	s.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	// An old note was written without asking: only its writer sees it.
	if cs := s.CheckIns(); len(cs) != 1 || cs[0].Note != "" {
		t.Fatalf("an old note shown to its writer's partner: %+v", cs)
	}
	s.SetAuthor("a")
	cs := s.CheckIns()
	want := CheckIn{ID: "c1", Author: "a", Safety: 3, Trust: 4, Connection: 5, Note: "a note"}
	if len(cs) != 1 || !cs[0].Time.Equal(at) || strings.Join(cs[0].Feelings, ",") != "calm,tired" {
		t.Fatalf("check-ins = %+v", cs)
	}
	cs[0].Time, cs[0].Feelings = time.Time{}, nil
	if cs[0].ID != want.ID || cs[0].Author != want.Author || cs[0].Safety != 3 || cs[0].Trust != 4 || cs[0].Connection != 5 || cs[0].Note != want.Note || cs[0].NoteShared {
		t.Fatalf("check-in = %+v", cs[0])
	}
	is := s.Interactions()
	if len(is) != 1 || is[0].Author != "a" || is[0].Kind != Affection || is[0].Text != "a hug" || !is[0].Time.Equal(at) {
		t.Fatalf("interactions = %+v", is)
	}
	// The old record takes a notice like a new one.
	if err := s.NoticeInteraction("i1", "a"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("author noticing own interaction = %v, want ErrInvalid", err)
	}
	if err := s.NoticeInteraction("i1", "b"); err != nil {
		t.Fatal(err)
	}
	if is := s.Interactions(); is[0].NoticedBy != "b" {
		t.Fatalf("notice = %+v", is[0])
	}
}

// New check-ins and interactions store their write-once fields as one value.
func TestRecordsArePacked(t *testing.T) {
	s := NewShared()
	if err := s.SetCouple(Partner{ID: "a", Name: "Alex"}, Partner{ID: "b", Name: "Sam"}); err != nil {
		t.Fatal(err)
	}
	c, err := s.AddCheckIn(CheckIn{Author: "a", Safety: 1, Feelings: []string{"calm"}})
	if err != nil {
		t.Fatal(err)
	}
	i, err := s.AddInteraction("b", Compliment, "well done")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct{ container, id string }{{keyCheckIns, c}, {keyInteractions, i}} {
		rec, _, err := s.readLocked(r.container, r.id)
		if err != nil {
			t.Fatal(err)
		}
		if len(rec) != 1 || rec[keyPacked] == nil {
			t.Fatalf("%s record has keys %v, want only %q", r.container, sortedKeys(rec), keyPacked)
		}
	}
}

// The flat layout the benchmark baseline writes reads back the same.
func TestWriteFlatReadsTheSame(t *testing.T) {
	add := func() *Shared {
		s := NewShared()
		at := time.Date(2024, 5, 1, 20, 0, 0, 0, time.UTC)
		s.SetClock(func() time.Time { return at })
		s.SetIDSource(strings.NewReader(strings.Repeat("x", 64)))
		if err := s.SetCouple(Partner{ID: "a", Name: "Alex"}, Partner{ID: "b", Name: "Sam"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddCheckIn(CheckIn{Author: "a", Safety: 2, Trust: 3, Connection: 4, Feelings: []string{"calm", "warm"}, Note: "n", NoteShared: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddInteraction("b", Thoughtfulness, "tea"); err != nil {
			t.Fatal(err)
		}
		return s
	}
	packed := add()
	SetWriteFlat(true)
	flat := add()
	SetWriteFlat(false)
	if fmt.Sprint(packed.CheckIns(), packed.Interactions()) != fmt.Sprint(flat.CheckIns(), flat.Interactions()) {
		t.Fatalf("layouts read differently:\n%v %v\n%v %v", packed.CheckIns(), packed.Interactions(), flat.CheckIns(), flat.Interactions())
	}
}

// A tick of the private sign that an older version shared is never shown,
// and its writer's device can find and remove it.
func TestOldPrivateTick(t *testing.T) {
	s := NewShared()
	if err := s.SetCouple(Partner{ID: "a", Name: "Alex"}, Partner{ID: "b", Name: "Sam"}); err != nil {
		t.Fatal(err)
	}
	if err := s.tickFlat(keyHelp, "tick a help sign", string(SignAbuse), "a", true, true); err != nil {
		t.Fatal(err)
	}
	if err := s.tickFlat(keyHelp, "tick a help sign", string(SignStuck), "b", true, true); err != nil {
		t.Fatal(err)
	}
	for _, h := range s.HelpSigns() {
		if h.Sign == SignAbuse && len(h.TickedBy) != 0 {
			t.Fatalf("old private tick shown: %+v", h)
		}
	}
	if c := s.Counts(); c.HelpSigns != 1 {
		t.Fatalf("counted signs = %d, want 1", c.HelpSigns)
	}
	if strings.Contains(s.HelpAdvice(), "safety") {
		t.Fatalf("advice reveals the old private tick: %q", s.HelpAdvice())
	}
	if got := s.SharedPrivateTicks(SignAbuse); len(got) != 1 || got[0] != "a" {
		t.Fatalf("old private ticks = %v", got)
	}
	if got := s.SharedPrivateTicks(SignStuck); got != nil {
		t.Fatalf("shared sign as private: %v", got)
	}
	if err := s.UntickHelpSign(SignAbuse, "a"); err != nil {
		t.Fatal(err)
	}
	if got := s.SharedPrivateTicks(SignAbuse); len(got) != 0 {
		t.Fatalf("old private tick left: %v", got)
	}
	acts, err := s.Since(nil)
	if err != nil {
		t.Fatal(err)
	}
	if last := acts[len(acts)-1]; last.Message != MsgTidyHelp {
		t.Fatalf("removal recorded as %q", last.Message)
	}
}

// A pause set before asking existed (no asked time) was agreed when set:
// it runs, and it reached the week-one milestone.
func TestPauseFromBeforeAsking(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	s := NewShared()
	s.SetClock(func() time.Time { return now })
	if err := s.SetCouple(Partner{ID: "a", Name: "A"}, Partner{ID: "b", Name: "B"}); err != nil {
		t.Fatal(err)
	}
	until := now.Add(48 * time.Hour)
	if err := s.change("agree a pause", func(_ *automerge.Map) error {
		return s.setFieldsLocked(keyJourney, map[string]any{
			"pause.by": "a", "pause.since": now.UnixMilli(), "pause.until": until.UnixMilli(),
			"pause.ended": int64(0), "pause.endBy": "",
		})
	}); err != nil {
		t.Fatal(err)
	}
	p := s.Journey().Pause
	if !p.Active(now.Add(time.Hour)) || p.Asking(now.Add(time.Hour)) || p.By != "a" {
		t.Fatalf("an old pause: %+v", p)
	}
	for _, m := range s.Milestones() {
		if m.ID == "w1-pause" && !m.Reached.Equal(now) {
			t.Errorf("the milestone of an old pause: %+v", m)
		}
	}
}
