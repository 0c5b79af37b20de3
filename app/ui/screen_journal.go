package ui

import (
	"fmt"
	"strconv"
	"strings"
	stdsync "sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// journalShown is how many entries the Journal lists at once, newest
// first: years of daily entries would make a page too long to draw. A
// variable only so BenchmarkJournalList can compare with listing all.
var journalShown = 100

// journalScreen is the private journal, locked with its own passphrase.
// It reads and writes the journal the session unlocked, which never leaves
// this device: load reads it off the UI goroutine, and while it is
// unlocked the window follows its changes as it follows the document's.
type journalScreen struct {
	u        *ui
	j        *doc.Journal  // the unlocked journal, nil while locked; UI goroutine only
	exists   bool          // a journal exists on this laptop, as last loaded; UI goroutine only
	unlisten chan struct{} // closed to stop following the unlocked journal's changes
	body     *fyne.Container
	pass     *textEntry
	confirm  *textEntry
	msg      *widget.Label
	prompt   *widget.Select
	text     *textEntry
	saveBtn  *widget.Button
	search   *textEntry
	list     *fyne.Container
	note     *widget.Label
	open     fyne.CanvasObject

	mu    stdsync.Mutex // guards the two below, which load reads off the UI goroutine
	read  *doc.Journal  // j, for load
	query string        // what the search asks for, trimmed
}

func newJournalScreen(u *ui) *screen {
	js := &journalScreen{u: u, body: container.NewVBox()}
	u.journal = js
	js.pass = newPasswordEntry()
	js.pass.SetPlaceHolder("Journal passphrase")
	js.pass.OnSubmitted = func(string) { js.unlock() }
	js.confirm = newPasswordEntry()
	js.confirm.SetPlaceHolder("Type it again")
	js.confirm.OnSubmitted = func(string) { js.unlock() }
	js.msg = hint("")
	js.prompt = widget.NewSelect(append(slicesClone(doc.JournalPrompts), "Free writing"), nil)
	js.prompt.SetSelected(doc.JournalPrompts[0])
	js.text = multiline("Write freely. Only you can read this; it never leaves this laptop.", 5)
	js.search = entry("Search your entries")
	js.search.OnChanged = func(s string) {
		js.mu.Lock()
		js.query = strings.TrimSpace(s)
		js.mu.Unlock()
		if js.j != nil {
			u.reload()
		}
	}
	js.list = container.NewVBox()
	js.note = hint("")
	js.saveBtn = primary("Save entry", js.save)
	js.open = container.NewVBox(
		section("Write", audience("Only you will see this. It stays on this laptop, under the journal's own passphrase."), js.prompt, js.text, container.NewHBox(js.saveBtn,
			widget.NewButtonWithIcon("Lock journal", theme.LogoutIcon(), js.lock))),
		js.note,
		section("Entries", js.search, js.list))
	view := page("Journal", "Private to you. Your partner can't read it, and it is never synced or exported unless you choose to include it.", js.body)
	return newScreen("Journal", theme.DocumentIcon(), view, func() func() { d := js.load(); return func() { js.apply(d) } })
}

// journalData is what the Journal screen shows, read off the UI goroutine
// by load.
type journalData struct {
	j      *doc.Journal // the journal read; nil while locked
	exists bool         // a journal exists on this laptop
	query  string
	shown  []doc.JournalEntry // the newest journalShown entries that match, oldest first
	older  int                // how many more match
	loops  bool               // the entries loop on the same theme
}

// load reads the unlocked journal, or whether there is one; it touches
// no widget.
func (js *journalScreen) load() journalData {
	js.mu.Lock()
	d := journalData{j: js.read, query: js.query}
	js.mu.Unlock()
	if d.j == nil {
		d.exists = js.u.sess.JournalExists()
		return d
	}
	d.exists = true
	entries := d.j.Entries()
	if d.query != "" {
		entries = d.j.Search(d.query)
	}
	d.shown = entries[max(len(entries)-journalShown, 0):]
	d.older = len(entries) - len(d.shown)
	d.loops = len(d.j.Loops(js.u.now())) > 0
	return d
}

// apply sets the widgets from d, on the UI goroutine. A load from before
// the journal was locked or unlocked is dropped: locking shows the locked
// card at once, and unlocking loads again.
func (js *journalScreen) apply(d journalData) {
	if d.j != js.j {
		return
	}
	js.exists = d.exists
	if d.j == nil {
		js.showLocked()
		return
	}
	setObjects(js.body, js.open)
	var rows []fyne.CanvasObject
	for i := len(d.shown) - 1; i >= 0; i-- {
		e := d.shown[i]
		title := e.Time.Format("Mon Jan 2, 15:04")
		if e.Prompt != "" {
			title += " · " + e.Prompt
		}
		j := d.j
		rows = append(rows, container.NewBorder(nil, nil, nil, low("Edit", theme.DocumentCreateIcon(), func() {
			editWords(js.u, "Rewrite your entry", e.Text, func(t string) error {
				e.Text = t
				return j.Update(e)
			})
		}), subheading(title)), para(e.Text))
	}
	q := d.query
	if n := d.older; n > 0 && q != "" {
		rows = append(rows, hint(fmt.Sprintf("And %d older entries that mention “%s”. Add a word to narrow the search.", n, q)))
	} else if n > 0 {
		rows = append(rows, hint(fmt.Sprintf("And %d older entries. Search to find one.", n)))
	}
	if len(rows) == 0 && q != "" {
		rows = append(rows, empty("No entries mention “"+q+"”. Try a shorter word."))
	} else if len(rows) == 0 {
		rows = append(rows, empty("No entries yet. Pick a prompt above, or choose Free writing, and write a few lines."))
	}
	setObjects(js.list, rows...)
	if d.loops {
		js.note.SetText(doc.LoopNote)
		js.note.Show()
	} else {
		js.note.Hide()
	}
}

// showLocked shows the card that creates the journal or unlocks it.
func (js *journalScreen) showLocked() {
	if !js.exists {
		setObjects(js.body, section("Create your journal",
			para("Choose a passphrase just for the journal, different from your main one. Without it, the journal can't be opened — not even by you."),
			js.pass, js.confirm, container.NewHBox(primary("Create journal", js.unlock)), js.msg))
		return
	}
	setObjects(js.body, section("Your journal is locked", js.pass, container.NewHBox(primary("Unlock", js.unlock)), js.msg))
}

// setJournal keeps j as the unlocked journal, nil for none, and follows
// its changes until the next setJournal or the window closes.
func (js *journalScreen) setJournal(j *doc.Journal) {
	if js.unlisten != nil {
		close(js.unlisten)
		js.unlisten = nil
	}
	js.j = j
	js.mu.Lock()
	js.read = j
	js.mu.Unlock()
	if j == nil {
		return
	}
	u, unlisten, stop := js.u, make(chan struct{}), make(chan struct{})
	js.unlisten = unlisten
	changed, cancel := j.Subscribe()
	go func() {
		select {
		case <-unlisten:
		case <-u.stop:
		}
		cancel()
		close(stop)
	}()
	follow(u.b, changed, stop, func(struct{}) { u.reload() })
}

func (js *journalScreen) unlock() {
	u := js.u
	pass := js.pass.Text
	if !js.exists {
		if len(pass) < 8 {
			js.msg.SetText("Please use at least 8 characters.")
			return
		}
		if pass != js.confirm.Text {
			js.msg.SetText("The two passphrases don't match yet.")
			return
		}
	}
	js.msg.SetText("Opening…")
	var j *doc.Journal
	var err error
	u.b.Async(func() {
		if !u.sess.JournalExists() {
			if err = u.sess.CreateJournal(pass); err != nil {
				return
			}
		}
		j, err = u.sess.UnlockJournal(pass)
	}, func() {
		js.pass.SetText("")
		if err != nil {
			js.msg.SetText(plainError(err))
			return
		}
		js.msg.SetText("")
		js.confirm.SetText("")
		js.setJournal(j)
		u.reload()
	})
}

// lock forgets the unlocked journal and what was on screen of it, and
// locks it in the session, which saves it to disk.
func (js *journalScreen) lock() {
	js.setJournal(nil)
	js.text.SetText("")
	js.search.SetText("")
	js.pass.SetText("")
	js.confirm.SetText("")
	setObjects(js.list)
	js.exists = true
	js.showLocked()
	js.u.b.Async(js.u.sess.LockJournal, func() {})
}

func (js *journalScreen) save() {
	j := js.j
	if j == nil {
		return
	}
	prompt := js.prompt.Selected
	if prompt == "Free writing" {
		prompt = ""
	}
	e := doc.JournalEntry{Prompt: prompt, Text: js.text.Text}
	js.u.submit(js.saveBtn, func() error {
		_, err := j.Add(e)
		return err
	}, func() { js.text.SetText("") })
}

func itoa(i int) string { return strconv.Itoa(i) }
