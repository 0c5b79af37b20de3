package profile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/kintsugi-app/kintsugi/doc"
)

func TestJournalLifecycle(t *testing.T) {
	p := newProfile(t, "Sam")
	dir := p.Dir()
	if p.JournalExists() {
		t.Fatal("a new profile has a journal")
	}
	if _, err := p.UnlockJournal("x"); !errors.Is(err, ErrNoJournal) {
		t.Errorf("UnlockJournal before CreateJournal: %v", err)
	}
	if _, err := p.Journal(); !errors.Is(err, ErrJournalLocked) {
		t.Errorf("Journal before unlocking: %v", err)
	}
	if err := p.CreateJournal("journal pass"); err != nil {
		t.Fatal(err)
	}
	if err := p.CreateJournal("again"); !errors.Is(err, ErrJournalExists) {
		t.Errorf("second CreateJournal: %v", err)
	}
	j, err := p.Journal()
	if err != nil {
		t.Fatal(err)
	}
	const word = "quillwhistle"
	if _, err := j.Add(doc.JournalEntry{Text: "today I felt " + word, Mood: 4}); err != nil {
		t.Fatal(err)
	}
	p.LockJournal()
	if _, err := p.Journal(); !errors.Is(err, ErrJournalLocked) {
		t.Errorf("Journal after LockJournal: %v", err)
	}
	if _, err := p.UnlockJournal("pass Sam"); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("journal unlocked with the profile passphrase: %v", err)
	}
	j, err = p.UnlockJournal("journal pass")
	if err != nil {
		t.Fatal(err)
	}
	if got := j.Search(word); len(got) != 1 {
		t.Fatalf("search after relock found %d entries", len(got))
	}
	// An edit left unlocked is saved by Close.
	if _, err := j.Add(doc.JournalEntry{Text: "second entry", Mood: 5}); err != nil {
		t.Fatal(err)
	}
	p.Close()

	q, err := Open(dir, "pass Sam")
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	j, err = q.UnlockJournal("journal pass")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(j.Entries()); n != 2 {
		t.Errorf("%d entries after reopening, want 2", n)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if bytes.Contains(b, []byte(word)) {
			t.Errorf("%s holds the journal in plaintext", f)
		}
	}
}

func TestRecoveryAndPassphrase(t *testing.T) {
	p := newProfile(t, "Sam")
	dir := p.Dir()
	rec := filepath.Join(t.TempDir(), "recovery.txt")
	if err := p.ExportRecovery(rec); err != nil {
		t.Fatal(err)
	}
	if err := p.ExportRecovery(rec); !errors.Is(err, ErrFileExists) {
		t.Errorf("ExportRecovery over a file: %v", err)
	}
	if fi, _ := os.Stat(rec); fi.Mode().Perm() != 0o600 {
		t.Errorf("recovery key mode %v", fi.Mode())
	}
	if err := p.ChangePassphrase("wrong", "new"); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("ChangePassphrase with a wrong one: %v", err)
	}
	if err := p.ChangePassphrase("pass Sam", "new pass"); err != nil {
		t.Fatal(err)
	}
	peer := p.PeerID()
	p.Close()
	if _, err := Open(dir, "pass Sam"); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("old passphrase still opens: %v", err)
	}
	b, _ := os.ReadFile(rec)
	r, err := Restore(filepath.Join(t.TempDir(), "restored"), "Sam", "other", b)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.PeerID() != peer {
		t.Errorf("restored peer ID %s, want %s", r.PeerID(), peer)
	}
	if _, err := Restore(dir, "Sam", "x", b); !errors.Is(err, ErrExists) {
		t.Errorf("Restore over a profile: %v", err)
	}
}
