package doc_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

func TestJournal(t *testing.T) {
	j := doc.NewJournal()
	c := &clock{t: t0}
	j.SetClock(c.now)
	id1 := must[string](t)(j.Add(doc.JournalEntry{Prompt: doc.JournalPrompts[0], Text: " I learned I go quiet when scared ", Mood: 4, Tags: []string{" Fear", "fear", ""}}))
	id2 := must[string](t)(j.Add(doc.JournalEntry{Text: "A good walk today", Mood: 7, Time: t0.Add(-time.Hour)}))
	es := j.Entries()
	if len(es) != 2 || es[0].ID != id2 || es[1].ID != id1 {
		t.Fatalf("entries not oldest first: %+v", es)
	}
	e := must[doc.JournalEntry](t)(j.Entry(id1))
	if e.Text != "I learned I go quiet when scared" || len(e.Tags) != 1 || e.Tags[0] != "fear" || e.Time.IsZero() {
		t.Fatalf("entry = %+v", e)
	}
	e.Text = "I learned I go quiet when I am scared"
	e.Time = time.Time{}
	noErr(t, j.Update(e))
	if got := must[doc.JournalEntry](t)(j.Entry(id1)); got.Text != e.Text || got.Time.IsZero() {
		t.Fatalf("updated = %+v", got)
	}
	for name, tc := range map[string]struct {
		want error
		call func() error
	}{
		"empty":          {doc.ErrEmptyText, func() error { _, err := j.Add(doc.JournalEntry{Text: " "}); return err }},
		"mood 11":        {doc.ErrInvalid, func() error { _, err := j.Add(doc.JournalEntry{Text: "x", Mood: 11}); return err }},
		"mood -1":        {doc.ErrInvalid, func() error { _, err := j.Add(doc.JournalEntry{Text: "x", Mood: -1}); return err }},
		"update unknown": {doc.ErrNotFound, func() error { return j.Update(doc.JournalEntry{ID: "nope", Text: "x"}) }},
		"update empty":   {doc.ErrEmptyText, func() error { return j.Update(doc.JournalEntry{ID: id1}) }},
		"delete unknown": {doc.ErrNotFound, func() error { return j.Delete("nope") }},
		"entry unknown":  {doc.ErrNotFound, func() error { _, err := j.Entry("nope"); return err }},
		"bad utf8 text":  {doc.ErrInvalid, func() error { _, err := j.Add(doc.JournalEntry{Text: "\xff"}); return err }},
		"bad utf8 prompt": {doc.ErrInvalid, func() error {
			_, err := j.Add(doc.JournalEntry{Text: "x", Prompt: "\xfe"})
			return err
		}},
	} {
		t.Run(name, func(t *testing.T) {
			before := j.Save()
			if err := tc.call(); !errors.Is(err, tc.want) {
				t.Fatalf("error = %v, want %v", err, tc.want)
			}
			if !bytes.Equal(before, j.Save()) {
				t.Fatal("a rejected call changed the journal")
			}
		})
	}

	// Save and load round trip.
	l := must[*doc.Journal](t)(doc.LoadJournal(j.Save()))
	if !bytes.Equal(l.Save(), j.Save()) {
		t.Fatal("journal round trip differs")
	}
	noErr(t, j.Delete(id2))
	if len(j.Entries()) != 1 {
		t.Fatal("delete did not delete")
	}
}

func TestJournalSearch(t *testing.T) {
	j := doc.NewJournal()
	must[string](t)(j.Add(doc.JournalEntry{Text: "Trust feels closer this week", Tags: []string{"hope"}}))
	must[string](t)(j.Add(doc.JournalEntry{Text: "Tired and short with everyone", Prompt: "What do I need to feel emotionally safe right now?"}))
	for q, want := range map[string]int{"": 2, "TRUST": 1, "hope": 1, "safe tired": 1, "trust tired": 0, "week": 1} {
		if got := len(j.Search(q)); got != want {
			t.Errorf("Search(%q) = %d entries, want %d", q, got, want)
		}
	}
}

func TestJournalLoops(t *testing.T) {
	j := doc.NewJournal()
	now := t0.AddDate(0, 0, 30)
	texts := []string{
		"The phone buzzed again and I wondered who was texting",
		"Couldn't sleep, thinking about the texts",
		"Again the texting. I checked the phone twice",
		"We cooked together and laughed",
	}
	for i, tx := range texts {
		must[string](t)(j.Add(doc.JournalEntry{Text: tx, Time: now.AddDate(0, 0, -i-1)}))
	}
	// An old entry outside the window does not count.
	must[string](t)(j.Add(doc.JournalEntry{Text: "cooking cooking cooking", Time: now.AddDate(0, 0, -40)}))
	loops := j.Loops(now)
	if len(loops) == 0 || loops[0].Word != "text" || len(loops[0].Entries) != 3 {
		t.Fatalf("loops = %+v", loops)
	}
	for _, l := range loops {
		if l.Word == "cook" {
			t.Fatal("counted an entry outside the window")
		}
	}
	if len(doc.NewJournal().Loops(now)) != 0 || doc.LoopNote == "" {
		t.Fatal("empty journal loops")
	}
	// Varied entries give no loop.
	v := doc.NewJournal()
	for i, tx := range []string{"walked by the river", "bought bread", "called my sister", "painted the fence"} {
		must[string](t)(v.Add(doc.JournalEntry{Text: tx, Time: now.AddDate(0, 0, -i-1)}))
	}
	if l := v.Loops(now); len(l) != 0 {
		t.Fatalf("varied entries loop: %+v", l)
	}
}

func TestLoadJournalErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		in   string
		want error
	}{
		"not json":  {"{", doc.ErrCorrupt},
		"not ours":  {`{"kind":"x","version":1}`, doc.ErrCorrupt},
		"newer":     {`{"kind":"kintsugi-journal","version":99}`, doc.ErrNewerSchema},
		"no id":     {`{"kind":"kintsugi-journal","version":1,"entries":[{"text":"x"}]}`, doc.ErrCorrupt},
		"duplicate": {`{"kind":"kintsugi-journal","version":1,"entries":[{"id":"a","text":"x"},{"id":"a","text":"y"}]}`, doc.ErrCorrupt},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := doc.LoadJournal([]byte(tc.in)); !errors.Is(err, tc.want) {
				t.Fatalf("error = %v, want %v", err, tc.want)
			}
		})
	}
}

func FuzzLoadJournal(f *testing.F) {
	j := doc.NewJournal()
	if _, err := j.Add(doc.JournalEntry{Text: "seed", Mood: 3, Tags: []string{"a"}}); err != nil {
		f.Fatal(err)
	}
	f.Add(j.Save())
	f.Add(doc.NewJournal().Save())
	f.Add([]byte(`{"kind":"kintsugi-journal","version":1,"entries":[{"id":"a","text":"x"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		j, err := doc.LoadJournal(b)
		if err != nil {
			return
		}
		// What loads, saves and loads again to the same journal.
		again, err := doc.LoadJournal(j.Save())
		if err != nil || !bytes.Equal(again.Save(), j.Save()) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

func FuzzBlameShiftingPhrases(f *testing.F) {
	for _, s := range []string{"I'm sorry you felt hurt", "If you hadn't", "you should have said", "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		end := -1
		for _, fl := range doc.BlameShiftingPhrases(s) {
			if fl.Start < 0 || fl.End > len(s) || fl.Start >= fl.End || s[fl.Start:fl.End] != fl.Phrase || fl.Start < end {
				t.Fatalf("bad flag %+v in %q", fl, s)
			}
			end = fl.End
			if !strings.Contains(s, fl.Phrase) {
				t.Fatal("phrase not in text")
			}
		}
	})
}

func TestJournalSubscribe(t *testing.T) {
	j := doc.NewJournal()
	ch, cancel := j.Subscribe()
	other, cancelOther := j.Subscribe()
	defer cancelOther()
	signalled := func(c <-chan struct{}) bool {
		select {
		case <-c:
			return true
		default:
			return false
		}
	}
	id := must[string](t)(j.Add(doc.JournalEntry{Text: "first", Tags: []string{"a"}}))
	must[string](t)(j.Add(doc.JournalEntry{Text: "second"}))
	if !signalled(ch) || !signalled(other) {
		t.Fatal("no signal after an add")
	}
	if signalled(ch) {
		t.Fatal("two adds gave two signals; they should coalesce")
	}
	e := must[doc.JournalEntry](t)(j.Entry(id))
	noErr(t, j.Update(e)) // nothing changes: no signal
	if _, err := j.Add(doc.JournalEntry{Text: " "}); err == nil {
		t.Fatal("empty entry accepted")
	}
	if err := j.Delete("nope"); err == nil {
		t.Fatal("unknown entry deleted")
	}
	if signalled(ch) {
		t.Fatal("signal without a change")
	}
	e.Tags = []string{"a", "b"}
	noErr(t, j.Update(e))
	if !signalled(ch) {
		t.Fatal("no signal after an update")
	}
	noErr(t, j.Delete(id))
	if !signalled(ch) {
		t.Fatal("no signal after a delete")
	}
	signalled(other) // drain
	cancel()
	must[string](t)(j.Add(doc.JournalEntry{Text: "third"}))
	if signalled(ch) {
		t.Fatal("signal after cancel")
	}
	if !signalled(other) {
		t.Fatal("cancelling one subscription stopped another")
	}
}
