package app

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// journalPrompts invite reflection rather than rumination.
var journalPrompts = []string{
	"What did I learn about myself through this?",
	"What does trust look like for me now?",
	"What do I need to feel emotionally safe right now?",
	"Free writing",
}

// journalScreen is the private journal, locked with its own passphrase.
type journalScreen struct {
	u       *ui
	j       Journal
	body    *fyne.Container
	pass    *widget.Entry
	confirm *widget.Entry
	msg     *widget.Label
	prompt  *widget.Select
	text    *widget.Entry
	search  *widget.Entry
	list    *fyne.Container
	note    *widget.Label
	open    fyne.CanvasObject
}

func newJournalScreen(u *ui) *screen {
	js := &journalScreen{u: u, body: container.NewVBox()}
	js.pass = widget.NewPasswordEntry()
	js.pass.SetPlaceHolder("Journal passphrase")
	js.pass.OnSubmitted = func(string) { js.unlock() }
	js.confirm = widget.NewPasswordEntry()
	js.confirm.SetPlaceHolder("Type it again")
	js.confirm.OnSubmitted = func(string) { js.unlock() }
	js.msg = hint("")
	js.prompt = widget.NewSelect(journalPrompts, nil)
	js.prompt.SetSelected(journalPrompts[0])
	js.text = multiline("Write freely. Only you can read this; it never leaves this laptop.", 5)
	js.search = entry("Search your entries")
	js.search.OnChanged = func(string) { js.showEntries() }
	js.list = container.NewVBox()
	js.note = hint("")
	js.open = container.NewVBox(
		section("Write", js.prompt, js.text, container.NewHBox(primary("Save entry", js.save),
			widget.NewButtonWithIcon("Lock journal", theme.LogoutIcon(), js.lock))),
		js.note,
		section("Entries", js.search, js.list))
	view := page("Journal", "Private to you. Your partner can't read it, and it is never synced or exported unless you choose to include it.", js.body)
	return &screen{title: "Journal", icon: theme.DocumentIcon(), view: view, refresh: js.refresh}
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
	var j Journal
	var err error
	u.b.async(func() {
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
	js.u.sess.LockJournal()
	js.text.SetText("")
	js.search.SetText("")
	js.refresh()
}

func (js *journalScreen) save() {
	if err := js.j.AddEntry(js.prompt.Selected, js.text.Text); err != nil {
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
	entries := js.j.Entries()
	q := strings.ToLower(strings.TrimSpace(js.search.Text))
	var rows []fyne.CanvasObject
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		if q != "" && !strings.Contains(strings.ToLower(e.Text+" "+e.Prompt), q) {
			continue
		}
		rows = append(rows, subheading(e.At.Format("Mon Jan 2, 15:04")+" · "+e.Prompt), para(e.Text))
	}
	if len(rows) == 0 {
		rows = append(rows, empty("No entries yet."))
	}
	setObjects(js.list, rows...)
	if w := loopingTheme(entries); w != "" {
		js.note.SetText(fmt.Sprintf("A gentle note: “%s” has come up in most of your recent entries. Reflection helps; going round the same thought can hurt. Maybe a prompt about what you need right now would help.", w))
	} else {
		js.note.SetText("")
	}
}

var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("i me my myself we our you your he she it they them the a an and or but if of to in on at for with about as is was are were be been being have has had do did does not no so that this what which who when why how can could would should will just than then there their it's i'm don't can't really very more most much feel felt think know want need still again even") {
		stopWords[w] = true
	}
}

// loopingTheme returns a word that appears in at least four of the last
// five entries, a sign of rumination, or "".
func loopingTheme(entries []JournalEntry) string {
	if len(entries) < 4 {
		return ""
	}
	recent := entries[max(0, len(entries)-5):]
	count := map[string]int{}
	for _, e := range recent {
		seen := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(e.Text), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r == '\'')
		}) {
			if len(w) < 4 || stopWords[w] || seen[w] {
				continue
			}
			seen[w] = true
			count[w]++
		}
	}
	var words []string
	for w, n := range count {
		if n >= 4 {
			words = append(words, w)
		}
	}
	sort.Strings(words)
	if len(words) == 0 {
		return ""
	}
	return words[0]
}

func itoa(i int) string { return strconv.Itoa(i) }
