package ui

import (
	"fmt"
	"strconv"
	"strings"

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
type journalScreen struct {
	u       *ui
	j       *doc.Journal
	body    *fyne.Container
	pass    *textEntry
	confirm *textEntry
	msg     *widget.Label
	prompt  *widget.Select
	text    *textEntry
	search  *textEntry
	list    *fyne.Container
	note    *widget.Label
	open    fyne.CanvasObject
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
	js.search.OnChanged = func(string) { js.showEntries() }
	js.list = container.NewVBox()
	js.note = hint("")
	js.open = container.NewVBox(
		section("Write", audience("Only you will see this. It stays on this laptop, under the journal's own passphrase."), js.prompt, js.text, container.NewHBox(primary("Save entry", js.save),
			widget.NewButtonWithIcon("Lock journal", theme.LogoutIcon(), js.lock))),
		js.note,
		section("Entries", js.search, js.list))
	view := page("Journal", "Private to you. Your partner can't read it, and it is never synced or exported unless you choose to include it.", js.body)
	// The journal reads nothing of the shared document: it shows what
	// was unlocked, on the UI goroutine.
	return newScreen("Journal", theme.DocumentIcon(), view, func() func() { return js.refresh })
}

func (js *journalScreen) refresh() {
	if js.j != nil {
		setObjects(js.body, js.open)
		js.showEntries()
		return
	}
	js.pass.SetText("")
	js.confirm.SetText("")
	if !js.u.sess.JournalExists() {
		setObjects(js.body, section("Create your journal",
			para("Choose a passphrase just for the journal, different from your main one. Without it, the journal can't be opened — not even by you."),
			js.pass, js.confirm, container.NewHBox(primary("Create journal", js.unlock)), js.msg))
		return
	}
	setObjects(js.body, section("Your journal is locked", js.pass, container.NewHBox(primary("Unlock", js.unlock)), js.msg))
}

func (js *journalScreen) unlock() {
	u := js.u
	pass := js.pass.Text
	if !u.sess.JournalExists() {
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
		if err != nil {
			js.msg.SetText(plainError(err))
			js.pass.SetText("")
			return
		}
		js.msg.SetText("")
		js.j = j
		js.refresh()
	})
}

func (js *journalScreen) lock() {
	js.j = nil
	js.text.SetText("")
	js.search.SetText("")
	js.refresh()
	js.u.b.Async(js.u.sess.LockJournal, func() {}) // it saves to disk
}

func (js *journalScreen) save() {
	prompt := js.prompt.Selected
	if prompt == "Free writing" {
		prompt = ""
	}
	if _, err := js.j.Add(doc.JournalEntry{Prompt: prompt, Text: js.text.Text}); err != nil {
		js.u.showError(err)
		return
	}
	js.text.SetText("")
	js.showEntries()
}

func (js *journalScreen) showEntries() {
	if js.j == nil {
		return
	}
	q := strings.TrimSpace(js.search.Text)
	entries := js.j.Entries()
	if q != "" {
		entries = js.j.Search(q)
	}
	var rows []fyne.CanvasObject
	shown := entries[max(len(entries)-journalShown, 0):]
	for i := len(shown) - 1; i >= 0; i-- {
		e := shown[i]
		title := e.Time.Format("Mon Jan 2, 15:04")
		if e.Prompt != "" {
			title += " · " + e.Prompt
		}
		rows = append(rows, container.NewBorder(nil, nil, nil, low("Edit", theme.DocumentCreateIcon(), func() {
			editWords(js.u, "Rewrite your entry", e.Text, func(t string) error {
				e.Text = t
				return js.j.Update(e)
			})
		}), subheading(title)), para(e.Text))
	}
	if n := len(entries) - len(shown); n > 0 && q != "" {
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
	if loops := js.j.Loops(js.u.now()); len(loops) > 0 {
		js.note.SetText(doc.LoopNote)
		js.note.Show()
	} else {
		js.note.Hide()
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
