package ui

import (
	"fmt"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// The date ranges offered for an export.
const (
	rangeLast30 = "Last 30 days"
	rangeLast90 = "Last 90 days"
	rangeAll    = "Everything"
	rangeChosen = "Choose dates"
)

// exportFormat is one choice of the export's format: the words a person
// reads, and the format the export is given (as export.ParseFormat reads
// it; also the file's extension).
type exportFormat struct{ label, value string }

// exportFormats are the formats offered, the first chosen at first.
var exportFormats = []exportFormat{
	{"PDF, to read or print", "pdf"},
	{"Markdown, plain text", "md"},
	{"JSON, for another program", "json"},
}

// exportRange turns the chosen range into the export's bounds. The last-N
// choices count whole days back from today; chosen dates include both days
// (export widens a midnight end to the end of its day). A zero bound is open.
// Its errors are errBadDate, errBadRange and errFromFuture (errors.go).
func exportRange(choice, fromText, toText string, now time.Time) (from, to time.Time, err error) {
	today := dayStart(now)
	switch choice {
	case rangeLast30:
		return today.AddDate(0, 0, -29), now, nil
	case rangeLast90:
		return today.AddDate(0, 0, -89), now, nil
	case rangeChosen:
	default:
		return time.Time{}, time.Time{}, nil
	}
	for _, d := range []struct {
		s string
		t *time.Time
	}{{fromText, &from}, {toText, &to}} {
		s := strings.TrimSpace(d.s)
		if s == "" {
			continue // open at that end
		}
		t, perr := time.ParseInLocation(doc.DateLayout, s, now.Location())
		if perr != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("%w: %q", errBadDate, s)
		}
		*d.t = t
	}
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		return time.Time{}, time.Time{}, errBadRange
	}
	if to.IsZero() && from.After(now) {
		return time.Time{}, time.Time{}, errFromFuture
	}
	return from, to, nil
}

// exportBox is the Settings section that exports the shared document for a
// therapist. The journal goes in only when its owner ticks it and types the
// journal's passphrase, even if the journal is open on its screen: someone
// else at an unlocked laptop must not be able to export it.
type exportBox struct {
	u           *ui
	format      *widget.RadioGroup
	rangeSel    *widget.Select
	from, to    *textEntry
	dates       *fyne.Container
	withJournal *widget.Check
	// pick asks where to save; tests replace it.
	pick func(name string, then func(path string))
}

func newExportBox(u *ui) *exportBox {
	e := &exportBox{u: u}
	u.export = e
	var labels []string
	for _, f := range exportFormats {
		labels = append(labels, f.label)
	}
	e.format = widget.NewRadioGroup(labels, nil)
	e.format.Required = true
	e.format.SetSelected(exportFormats[0].label)
	e.from, e.to = entry("From, e.g. 2026-01-31"), entry("To (empty: today)")
	e.dates = container.NewGridWithColumns(2, e.from, e.to)
	e.dates.Hide()
	e.rangeSel = widget.NewSelect([]string{rangeLast30, rangeLast90, rangeAll, rangeChosen}, func(s string) {
		showIf(e.dates, s == rangeChosen)
	})
	e.rangeSel.SetSelected(rangeLast30)
	e.withJournal = widget.NewCheck("Include my private journal (asks for its passphrase)", nil)
	e.pick = e.saveDialog
	return e
}

// view is the section's content.
func (e *exportBox) view() fyne.CanvasObject {
	return section("Export for a therapist",
		para("The shared document: commitments, needs, boundaries, check-ins with charts, repair sessions, apologies, questions and milestones."),
		widget.NewForm(widget.NewFormItem("Save as", e.format), widget.NewFormItem("Dates", e.rangeSel)), e.dates, e.withJournal,
		container.NewHBox(widget.NewButtonWithIcon("Export…", theme.DocumentSaveIcon(), e.start)))
}

// start checks the choices, asks for the journal's passphrase if it is
// ticked in, then where to save, then writes the export off the UI goroutine.
func (e *exportBox) start() {
	u := e.u
	from, to, err := exportRange(e.rangeSel.Selected, e.from.Text, e.to.Text, u.now())
	if err != nil {
		dialog.ShowInformation("Export", exportError(err), u.win)
		return
	}
	format := e.chosenFormat()
	name := "kintsugi-" + u.now().Format(doc.DateLayout) + "." + format
	if !e.withJournal.Checked {
		e.pick(name, func(path string) { e.write(path, format, from, to, nil) })
		return
	}
	if !u.sess.JournalExists() {
		dialog.ShowInformation("Export", exportError(errNoJournalToInclude), u.win)
		return
	}
	e.askJournal(func(j *doc.Journal) {
		e.pick(name, func(path string) { e.write(path, format, from, to, j) })
	})
}

// chosenFormat is the format of the choice ticked ("pdf", "md" or
// "json"), or "" for none.
func (e *exportBox) chosenFormat() string {
	for _, f := range exportFormats {
		if f.label == e.format.Selected {
			return f.value
		}
	}
	return ""
}

// askJournal asks for the journal's passphrase and opens the journal off
// the UI goroutine.
func (e *exportBox) askJournal(then func(*doc.Journal)) {
	u := e.u
	pass := newPasswordEntry()
	pass.SetPlaceHolder("Journal passphrase")
	d := dialog.NewForm("Include your journal", "Include", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("", pass)}, func(ok bool) {
			if !ok {
				return
			}
			var j *doc.Journal
			var err error
			passphrase := pass.Text // read on the UI goroutine
			u.b.Async(func() { j, err = u.sess.UnlockJournal(passphrase) }, func() {
				if err != nil {
					e.relock()
					dialog.ShowInformation("Export", exportError(err), u.win)
					return
				}
				then(j)
				e.relock()
			})
		}, u.win)
	pass.OnSubmitted = func(string) { d.Submit() }
	d.Show()
	u.win.Canvas().Focus(pass)
}

// journalOpen reports whether the Journal screen has the journal open.
func (e *exportBox) journalOpen() bool {
	return e.u.journal != nil && e.u.journal.j != nil
}

// relock locks the journal again unless the Journal screen has it open
// now (whether or not it had when the export asked: it may have been
// locked there while the passphrase was checked). The export keeps its own
// reference, so it can still be written.
func (e *exportBox) relock() {
	if !e.journalOpen() {
		e.u.b.Async(e.u.sess.LockJournal, func() {}) // it saves to disk
	}
}

// saveDialog asks where to save the export: in a private place, and in
// the shared folder only if the person says so (see [savePlain]).
func (e *exportBox) saveDialog(name string, then func(path string)) {
	f := plainFile{name: name, risk: "An export is not encrypted: anyone who can open that drive could read it."}
	if e.withJournal.Checked {
		f.risk = "An export is not encrypted, and this one holds your private journal: anyone who can open that drive, your partner too, could read it."
	}
	savePlain(e.u.win, e.u.sess, e.u.b, f, then)
}

// write exports to path off the UI goroutine and says how it went.
func (e *exportBox) write(path, format string, from, to time.Time, j *doc.Journal) {
	u := e.u
	var err error
	u.b.Async(func() {
		if err = u.sess.Export(path, format, from, to, j); err != nil {
			removeIfEmpty(path)
		}
	}, func() {
		if err != nil {
			u.showError(err)
			return
		}
		what := "the shared document"
		if j != nil {
			what += " and your journal"
		}
		dialog.ShowInformation("Exported", "Saved "+what+" to "+path+". It is not encrypted: keep it somewhere private.", u.win)
	})
}

// removeIfEmpty removes the empty file the save dialog made at path when
// the export then failed, so no empty export is left behind.
func removeIfEmpty(path string) {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
		_ = os.Remove(path)
	}
}
