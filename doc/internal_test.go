package doc

import (
	"errors"
	"testing"

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
