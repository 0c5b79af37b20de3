package profile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
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
	// A save dialog creates the file empty before the app writes it.
	empty := filepath.Join(t.TempDir(), "made-by-the-dialog.txt")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := p.ExportRecovery(empty); err != nil {
		t.Fatalf("ExportRecovery over the dialog's empty file: %v", err)
	}
	if fi, _ := os.Stat(empty); fi.Mode().Perm() != 0o600 || fi.Size() == 0 {
		t.Errorf("recovery key over an empty file: mode %v, %d bytes", fi.Mode(), fi.Size())
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
	r, rep, err := Restore(filepath.Join(t.TempDir(), "restored"), "Sam", "other", b)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.PeerID() != peer || !rep.FromEmpty {
		t.Errorf("restored peer ID %s (from empty %v), want %s", r.PeerID(), rep.FromEmpty, peer)
	}
}

// Restoring into a folder whose key file is lost, or whose passphrase is
// forgotten, keeps everything the key can read; what it cannot read is
// moved to recovered-TIME, never deleted; someone else's recovery file
// changes nothing; Create refuses a folder that still holds data.
func TestRestoreKeepsWhatTheKeyReads(t *testing.T) {
	p := newProfile(t, "Sam")
	dir := p.Dir()
	coupleWith(t, p)
	if _, err := p.Doc().AddNeed(p.PeerID(), "a quiet hour"); err != nil {
		t.Fatal(err)
	}
	if err := p.CreateJournal("journal pass"); err != nil {
		t.Fatal(err)
	}
	rec := filepath.Join(t.TempDir(), "recovery.txt")
	if err := p.ExportRecovery(rec); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(rec)
	p.Close()
	os.Remove(filepath.Join(dir, keyFile))
	if _, err := Open(dir, "pass Sam"); !errors.Is(err, ErrKeyMissing) || !errors.Is(err, ErrNoProfile) {
		t.Errorf("Open without the key file: %v", err)
	}
	if _, err := Create(dir, "Sam", "x"); !errors.Is(err, ErrExists) {
		t.Errorf("Create over the data left: %v", err)
	}
	garbage := []byte("not an age file")
	os.WriteFile(filepath.Join(dir, settingsFile), garbage, 0o600)
	other := newProfile(t, "Kim")
	orec := filepath.Join(t.TempDir(), "other.txt")
	if err := other.ExportRecovery(orec); err != nil {
		t.Fatal(err)
	}
	ob, _ := os.ReadFile(orec)
	before, _ := os.ReadDir(dir)
	if _, _, err := Restore(dir, "", "new pass", ob); !errors.Is(err, ErrWrongRecovery) {
		t.Errorf("Restore with another's recovery file: %v", err)
	}
	if after, _ := os.ReadDir(dir); len(after) != len(before) {
		t.Errorf("a refused restore changed the folder: %d files, then %d", len(before), len(after))
	}
	r, rep, err := Restore(dir, "", "new pass", b)
	if err != nil {
		t.Fatal(err)
	}
	if r.Name() != "Sam" || len(r.Doc().Needs()) != 1 || !r.JournalExists() {
		t.Errorf("restored %q with %d needs, journal %v", r.Name(), len(r.Doc().Needs()), r.JournalExists())
	}
	if _, err := r.UnlockJournal("journal pass"); err != nil {
		t.Errorf("the journal under its own passphrase: %v", err)
	}
	moved, _ := os.ReadFile(filepath.Join(rep.MovedTo, settingsFile))
	if !bytes.Equal(moved, garbage) || filepath.Dir(rep.MovedTo) != dir {
		t.Errorf("the unreadable settings were not moved aside whole: %+v", rep)
	}
	r.Close()
	// A forgotten passphrase: the old key file is moved aside too.
	r, rep, err = Restore(dir, "", "newer pass", b)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !slices.Contains(rep.Moved, keyFile) || !fileExists(filepath.Join(rep.MovedTo, keyFile)) || len(r.Doc().Needs()) != 1 {
		t.Errorf("forgotten passphrase: %+v, %d needs", rep, len(r.Doc().Needs()))
	}
}

// journalOnDisk reads the journal as saved in p's folder so far, from a copy
// of its files (a Load in the live folder would race with the saver).
func journalOnDisk(t *testing.T, p *Profile, key *crypto.JournalKey) (*doc.Journal, error) {
	t.Helper()
	tmp := t.TempDir()
	files, _ := filepath.Glob(filepath.Join(p.Dir(), journalLog+".*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err // removed by a save in progress
		}
		os.WriteFile(filepath.Join(tmp, filepath.Base(f)), b, 0o600)
	}
	lg, err := key.OpenLog(tmp, journalLog)
	if err != nil {
		t.Fatal(err)
	}
	snap, chunks, err := lg.Load()
	if err != nil {
		return nil, err
	}
	if len(chunks) > 0 {
		snap = chunks[len(chunks)-1]
	}
	return doc.LoadJournal(snap)
}

func TestJournalSavedOnChange(t *testing.T) {
	p := newProfile(t, "Sam")
	if err := p.CreateJournal("journal pass"); err != nil {
		t.Fatal(err)
	}
	key, err := crypto.UnlockJournalKey(filepath.Join(p.Dir(), journalKeyFile), "journal pass")
	if err != nil {
		t.Fatal(err)
	}
	j, _ := p.Journal()
	for i, text := range []string{"first entry", "second entry"} {
		if _, err := j.Add(doc.JournalEntry{Text: text}); err != nil {
			t.Fatal(err)
		}
		// Saved without locking, closing or waiting for a poll.
		deadline := time.Now().Add(30 * time.Second)
		for {
			got, err := journalOnDisk(t, p, key)
			if err == nil && len(got.Entries()) == i+1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("entry %d not on disk after 30s (last read: %v)", i+1, err)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// saverGoroutines counts the saver goroutines running: the shared
// document's of each open profile, and the journal's of each unlocked one.
func saverGoroutines() int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	return strings.Count(string(buf), "(*saver).run(")
}

func TestJournalSaverStops(t *testing.T) {
	waitSavers := func(t *testing.T, want int) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for saverGoroutines() != want {
			if time.Now().After(deadline) {
				t.Fatalf("%d journal savers running, want %d", saverGoroutines(), want)
			}
			time.Sleep(time.Millisecond)
		}
	}
	p := newProfile(t, "Sam")
	base := saverGoroutines() // with the shared document's
	if err := p.CreateJournal("journal pass"); err != nil {
		t.Fatal(err)
	}
	waitSavers(t, base+1)
	j, _ := p.Journal()
	p.LockJournal()
	waitSavers(t, base)
	// An edit through a journal kept after locking starts nothing.
	if _, err := j.Add(doc.JournalEntry{Text: "after locking"}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.UnlockJournal("journal pass"); err != nil {
		t.Fatal(err)
	}
	waitSavers(t, base+1)
	p.Close()
	waitSavers(t, base-1) // the journal's and the shared document's
}
