package profile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/automerge/automerge-go"

	"github.com/kintsugi-app/kintsugi/doc"
)

// A private note and the safety sign stay in private.age, encrypted on this
// device: never in the shared document, and kept across a reopen.
func TestPrivateStaysOnTheDevice(t *testing.T) {
	p := newProfile(t, "Sam")
	dir := p.Dir()
	other := coupleWith(t, p)
	priv, err := p.AddCheckIn(doc.CheckIn{Author: p.PeerID(), Safety: 4, Trust: 4, Connection: 4, Note: " just for me "})
	if err != nil {
		t.Fatal(err)
	}
	shared, err := p.AddCheckIn(doc.CheckIn{Author: p.PeerID(), Safety: 6, Trust: 6, Connection: 6, Note: "for us both", NoteShared: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.TickHelpSign(doc.SignAbuse, true); err != nil {
		t.Fatal(err)
	}
	if err := p.TickHelpSign(doc.SignStuck, true); err != nil {
		t.Fatal(err)
	}
	check := func(p *Profile) {
		t.Helper()
		notes := map[string]doc.CheckIn{}
		for _, c := range p.CheckIns() {
			notes[c.ID] = c
		}
		if c := notes[priv]; c.Note != "just for me" || c.NoteShared {
			t.Errorf("private check-in = %+v", c)
		}
		if c := notes[shared]; c.Note != "for us both" || !c.NoteShared {
			t.Errorf("shared check-in = %+v", c)
		}
		if !p.SafetySign() || !strings.HasPrefix(p.HelpAdvice(), "Your safety matters more") {
			t.Errorf("safety sign %v, advice %q", p.SafetySign(), p.HelpAdvice())
		}
		for _, h := range p.HelpSigns() {
			want := h.Sign == doc.SignAbuse || h.Sign == doc.SignStuck
			if got := slices.Equal(h.TickedBy, []string{p.PeerID()}); got != want {
				t.Errorf("sign %s ticked by %v", h.Sign, h.TickedBy)
			}
		}
		// What the partner gets: the shared document, as their device reads it.
		d, err := doc.LoadShared(p.Doc().Save())
		if err != nil {
			t.Fatal(err)
		}
		d.SetAuthor(other)
		if got := d.SharedPrivateTicks(doc.SignAbuse); len(got) != 0 {
			t.Errorf("the safety sign is in the shared document: %v", got)
		}
		for _, c := range d.CheckIns() {
			if c.ID == priv && c.Note != "" {
				t.Errorf("the private note is in the shared document: %+v", c)
			}
		}
		if bytes.Contains(p.Doc().Save(), []byte("just for me")) {
			t.Error("the private note's text is in the shared document's bytes")
		}
	}
	check(p)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if bytes.Contains(b, []byte("just for me")) {
			t.Errorf("%s holds the private note in plain text", filepath.Base(f))
		}
	}
	p, err = Open(dir, "pass Sam")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	check(p)
	if err := p.TickHelpSign(doc.SignAbuse, false); err != nil {
		t.Fatal(err)
	}
	if p.SafetySign() || strings.Contains(p.HelpAdvice(), "safety") {
		t.Errorf("after untick: safety sign %v, advice %q", p.SafetySign(), p.HelpAdvice())
	}
}

// A safety sign that an older version shared is moved onto its writer's
// device when the profile opens, and taken out of the shared document; the
// partner's tick is never shown.
func TestOldSafetySignMoves(t *testing.T) {
	p := newProfile(t, "Sam")
	dir := p.Dir()
	other := coupleWith(t, p)
	// Write the two ticks the way an older version did.
	am, err := automerge.Load(p.Doc().Save())
	if err != nil {
		t.Fatal(err)
	}
	help, err := am.RootMap().Get("help")
	if err != nil || help.Kind() != automerge.KindMap {
		t.Fatalf("help = %v, %v", help, err)
	}
	for _, by := range []string{p.PeerID(), other} {
		if err := help.Map().Set("abuse/"+by, int64(1700000000000)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := am.Commit("tick a help sign"); err != nil {
		t.Fatal(err)
	}
	old, err := doc.LoadShared(am.Save())
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Doc().Merge(old); err != nil {
		t.Fatal(err)
	}
	if p.SafetySign() || len(p.Doc().SharedPrivateTicks(doc.SignAbuse)) != 2 {
		t.Fatal("set-up: the old ticks are not in the document")
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	p, err = Open(dir, "pass Sam")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if !p.SafetySign() {
		t.Error("my old tick was not moved onto this device")
	}
	if got := p.Doc().SharedPrivateTicks(doc.SignAbuse); !slices.Equal(got, []string{other}) {
		t.Errorf("old ticks left in the document = %v, want only the partner's (theirs to move)", got)
	}
	for _, h := range p.HelpSigns() {
		if h.Sign == doc.SignAbuse && !slices.Equal(h.TickedBy, []string{p.PeerID()}) {
			t.Errorf("private sign ticked by %v, want only mine", h.TickedBy)
		}
	}
}

func TestPrivateFileDamaged(t *testing.T) {
	p := newProfile(t, "Sam")
	dir := p.Dir()
	if err := p.TickHelpSign(doc.SignAbuse, true); err != nil {
		t.Fatal(err)
	}
	p.Close()
	if err := os.WriteFile(filepath.Join(dir, privateFile), []byte("not age"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, "pass Sam"); !errors.Is(err, ErrDamaged) {
		t.Fatalf("open with a damaged private.age = %v, want ErrDamaged", err)
	}
}
