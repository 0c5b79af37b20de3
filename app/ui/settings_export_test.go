package ui

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

func TestExportRange(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.ParseInLocation(doc.DateLayout, s, time.Local)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tc := range []struct {
		choice, from, to string
		wantFrom         time.Time
		wantTo           time.Time
		err              error
	}{
		{choice: rangeLast30, wantFrom: day("2026-02-09"), wantTo: testNow},
		{choice: rangeLast90, wantFrom: day("2025-12-11"), wantTo: testNow},
		{choice: rangeAll},
		{choice: rangeChosen, from: "2026-01-01", to: "2026-01-31", wantFrom: day("2026-01-01"), wantTo: day("2026-01-31")},
		{choice: rangeChosen, from: " 2026-01-01 ", wantFrom: day("2026-01-01")},
		{choice: rangeChosen, to: "2026-01-31", wantTo: day("2026-01-31")},
		{choice: rangeChosen},
		{choice: rangeChosen, from: "1/1/2026", err: errBadDate},
		{choice: rangeChosen, from: "2026-02-30", err: errBadDate},
		{choice: rangeChosen, from: "2026-02-01", to: "2026-01-01", err: errBadRange},
		{choice: rangeChosen, from: "2026-03-11", err: errFromFuture},
		{choice: rangeChosen, from: "2026-03-10", wantFrom: day("2026-03-10")},
	} {
		from, to, err := exportRange(tc.choice, tc.from, tc.to, testNow)
		if !errors.Is(err, tc.err) || !from.Equal(tc.wantFrom) || !to.Equal(tc.wantTo) {
			t.Errorf("exportRange(%q, %q, %q) = %v, %v, %v; want %v, %v, %v",
				tc.choice, tc.from, tc.to, from, to, err, tc.wantFrom, tc.wantTo, tc.err)
		}
	}
}

// exportHarness opens Settings on Alex's laptop with one check-in in the
// shared document and one entry in Alex's journal, and makes the save
// dialog answer with a fresh path each time.
func exportHarness(t *testing.T) (h *harness, alex *memSession, paths *[]string) {
	t.Helper()
	alex, _ = pairedSessions(t)
	if _, err := alex.Doc().AddCheckIn(doc.CheckIn{Author: alex.Me().ID, Time: testNow.Add(-time.Hour), Safety: 7, Trust: 6, Connection: 8, Note: "walked by the river", NoteShared: true}); err != nil {
		t.Fatal(err)
	}
	if err := alex.CreateJournal("journal passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := alex.journal.Add(doc.JournalEntry{Text: "the lighthouse dream again"}); err != nil {
		t.Fatal(err)
	}
	h = newHarness(t, alex)
	h.open("Settings")
	paths = new([]string)
	dir := t.TempDir()
	h.ui.export.pick = func(name string, then func(string)) {
		p := filepath.Join(dir, name+"."+string(rune('a'+len(*paths))))
		*paths = append(*paths, p)
		then(p)
	}
	return h, alex, paths
}

// chooseFormat ticks the export's choice for format ("pdf", "md" or
// "json") as a person does, by its words.
func chooseFormat(t *testing.T, e *exportBox, format string) {
	t.Helper()
	for _, f := range exportFormats {
		if f.value == format {
			e.format.SetSelected(f.label)
			if got := e.chosenFormat(); got != format {
				t.Fatalf("ticked %q, the export's format is %q", f.label, got)
			}
			return
		}
	}
	t.Fatalf("no choice for the format %q", format)
}

// shown reports whether a label holding text is on the window or a dialog.
func shown(t *testing.T, h *harness, text string) bool {
	t.Helper()
	found := false
	for _, root := range append(h.win.Canvas().Overlays().List(), h.win.Canvas().Content()) {
		objects(root, func(o fyne.CanvasObject) bool {
			if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, text) {
				found = true
			}
			return !found
		})
	}
	return found
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExportFromSettings(t *testing.T) {
	h, alex, paths := exportHarness(t)
	c := h.win.Canvas()
	e := h.ui.export
	chooseFormat(t, e, "md")
	tap(t, c, "Export…")
	if len(*paths) != 1 {
		t.Fatalf("save dialog asked %d times, want 1", len(*paths))
	}
	md := readFile(t, (*paths)[0])
	if !strings.Contains(md, "walked by the river") || strings.Contains(md, "lighthouse") {
		t.Fatalf("export without the journal:\n%s", md)
	}
	if !shown(t, h, "Saved the shared document to ") {
		t.Error("no word that the export was saved")
	}

	// Ticked in, the journal needs its passphrase, even when open elsewhere.
	test.Tap(e.withJournal)
	chooseFormat(t, e, "json")
	tap(t, c, "Export…")
	pass := entryWith(t, c, "Journal passphrase")
	test.Type(pass, "not it")
	tap(t, c, "Include")
	if len(*paths) != 1 || !shown(t, h, "That passphrase didn't open your journal") {
		t.Fatalf("a wrong journal passphrase: %d exports, message shown %v", len(*paths), shown(t, h, "didn't open"))
	}
	if alex.journalOpen {
		t.Error("the journal stayed open after a failed try")
	}
	tap(t, c, "Export…")
	test.Type(entryWith(t, c, "Journal passphrase"), "journal passphrase")
	tap(t, c, "Include")
	if len(*paths) != 2 {
		t.Fatalf("save dialog asked %d times, want 2", len(*paths))
	}
	js := readFile(t, (*paths)[1])
	if !strings.Contains(js, "the lighthouse dream again") || !strings.Contains(js, "walked by the river") {
		t.Fatalf("export with the journal:\n%s", js)
	}
	if alex.journalOpen {
		t.Error("the journal stayed open after the export opened it")
	}

	// Chosen dates: typos and a reversed range are caught before asking
	// where to save; a range without the check-in leaves it out.
	test.Tap(e.withJournal)
	chooseFormat(t, e, "md")
	e.rangeSel.SetSelected(rangeChosen)
	if !e.dates.Visible() {
		t.Fatal("the date fields are hidden with chosen dates")
	}
	for _, tc := range []struct{ from, to, msg string }{
		{"2026-13-01", "", "Please write dates as year-month-day"},
		{"2026-03-01", "2026-02-01", "The first day comes after the last one"},
		{"2026-04-01", "", "The first day is after today"},
	} {
		e.from.SetText(tc.from)
		e.to.SetText(tc.to)
		tap(t, c, "Export…")
		if !shown(t, h, tc.msg) {
			t.Errorf("from %q to %q: no %q", tc.from, tc.to, tc.msg)
		}
	}
	e.from.SetText("2026-01-01")
	e.to.SetText("2026-01-31")
	tap(t, c, "Export…")
	if len(*paths) != 3 {
		t.Fatalf("save dialog asked %d times, want 3", len(*paths))
	}
	if md := readFile(t, (*paths)[2]); strings.Contains(md, "walked by the river") || !strings.Contains(md, "31 January 2026") {
		t.Errorf("January's export holds March's check-in or lacks its range:\n%s", md)
	}
}

// TestExportJournalPassphraseReadOnUI checks that the passphrase is read
// from its field when Include is pressed, on the UI goroutine, not later
// by the work that unlocks the journal off it.
func TestExportJournalPassphraseReadOnUI(t *testing.T) {
	h, alex, paths := exportHarness(t)
	c := h.win.Canvas()
	alex.LockJournal()
	test.Tap(h.ui.export.withJournal)
	tap(t, c, "Export…")
	pass := entryWith(t, c, "Journal passphrase")
	test.Type(pass, "journal passphrase")
	h.b.hold = true
	tap(t, c, "Include")
	pass.SetText("") // the field changes after Include; the unlock has not run yet
	h.b.hold = false
	held := h.b.held
	h.b.held = nil
	for _, f := range held {
		f()
	}
	if len(*paths) != 1 {
		t.Fatalf("save dialog asked %d times, want 1 (wrong passphrase shown: %v)", len(*paths), shown(t, h, "didn't open"))
	}
}

// TestExportRelocksJournalLockedMeanwhile opens the journal on its screen,
// asks for an export with it, and locks the journal on its screen while
// the export's passphrase is checked: the journal must end locked.
func TestExportRelocksJournalLockedMeanwhile(t *testing.T) {
	h, alex, paths := exportHarness(t)
	c := h.win.Canvas()
	h.open("Journal")
	typeInto(t, c, "Journal passphrase", "journal passphrase")
	tap(t, c, "Unlock")
	if h.ui.journal.j == nil || !alex.journalOpen {
		t.Fatal("the journal did not open on its screen")
	}
	h.open("Settings")
	test.Tap(h.ui.export.withJournal)
	tap(t, c, "Export…")
	typeInto(t, c, "Journal passphrase", "journal passphrase")
	h.b.hold = true
	tap(t, c, "Include") // the passphrase is checked (about a second)…
	h.ui.journal.lock()  // …while the journal is locked on its screen
	h.b.hold = false
	held := h.b.held
	h.b.held = nil
	if len(held) != 2 {
		t.Fatalf("%d held, want the export's unlock and the screen's lock", len(held))
	}
	held[1]() // the quick lock ends first
	held[0]()
	if len(*paths) != 1 {
		t.Fatalf("save dialog asked %d times, want 1", len(*paths))
	}
	if alex.journalOpen {
		t.Error("the journal stayed open: locked on its screen, reopened by the export and left so")
	}
}

// TestExportFailureLeavesNoEmptyFile stands in for the save dialog, which
// creates the chosen file empty before the export is written: when the
// export then fails, that empty file is removed and the user told.
func TestExportFailureLeavesNoEmptyFile(t *testing.T) {
	h, _, paths := exportHarness(t)
	dir := t.TempDir()
	h.ui.export.pick = func(name string, then func(string)) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, nil, 0o600); err != nil { // as the dialog does
			t.Fatal(err)
		}
		*paths = append(*paths, p)
		then(p)
	}
	h.ui.export.format.Selected = "Word" // no format's choice: an export that fails
	tap(t, h.win.Canvas(), "Export…")
	if len(*paths) != 1 {
		t.Fatalf("save dialog asked %d times, want 1", len(*paths))
	}
	if _, err := os.Stat((*paths)[0]); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed export left %s behind: %v", (*paths)[0], err)
	}
	if !shown(t, h, "That didn't work") && !shown(t, h, "Something went wrong") {
		t.Error("no word that the export failed")
	}
}

// Settings → Export offers its formats in words a person knows, never the
// bare "md", "pdf" or "json"; on the real stack (two real profiles, the
// real adapter), each choice writes, through the real save dialog, a file
// of that format named for it.
func TestExportFormatsRealStack(t *testing.T) {
	alex, _ := realCouple(t)
	if _, err := alex.Doc().AddCheckIn(doc.CheckIn{Author: alex.Me().ID, Time: testNow.Add(-time.Hour), Safety: 7, Trust: 6, Connection: 8, Note: "walked by the river", NoteShared: true}); err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	docs := filepath.Join(home, "Documents")
	mustNil(t, os.Mkdir(docs, 0o700))
	h := newHarness(t, alex)
	h.open("Settings")
	settle(h.b)
	c := h.win.Canvas()
	want := []string{"PDF, to read or print", "Markdown, plain text", "JSON, for another program"}
	if got := h.ui.export.format.Options; !slices.Equal(got, want) {
		t.Errorf("the export's formats read %q, want %q", got, want)
	}
	m := markup(c)
	for _, w := range want {
		if !strings.Contains(m, ">"+w+"<") {
			t.Errorf("Settings does not show %q", w)
		}
	}
	for _, bare := range []string{">md<", ">pdf<", ">json<"} {
		if strings.Contains(m, bare) {
			t.Errorf("Settings shows the bare %s", bare)
		}
	}
	if h.ui.export.format.Selected != want[0] {
		t.Errorf("%q is ticked at first, want %q", h.ui.export.format.Selected, want[0])
	}

	for _, tc := range []struct {
		format string
		ok     func(string) bool
	}{
		{"pdf", func(b string) bool { return strings.HasPrefix(b, "%PDF") }},
		{"md", func(b string) bool { return strings.HasPrefix(b, "# ") && strings.Contains(b, "walked by the river") }},
		{"json", func(b string) bool { return json.Valid([]byte(b)) && strings.Contains(b, "walked by the river") }},
	} {
		chooseFormat(t, h.ui.export, tc.format)
		tapWhenShown(t, h, "Export…")
		tapWhenShown(t, h, "Save")
		path := filepath.Join(docs, "kintsugi-"+testNow.Format(doc.DateLayout)+"."+tc.format)
		waitShown(t, h, "Saved the shared document to "+path)
		if b := readFile(t, path); !tc.ok(b) {
			t.Errorf("the %s export is not one: %.40q", tc.format, b)
		}
		closeOverlays(h)
	}
}
