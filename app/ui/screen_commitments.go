package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// commitments lists every commitment with its last week and adds new ones.
type commitments struct {
	u       *ui
	text    *textEntry
	cadence *widget.RadioGroup
	addBtn  *widget.Button
	list    *fyne.Container
}

func newCommitmentsScreen(u *ui) *screen {
	c := &commitments{u: u}
	c.text = entry("Something small you can keep, e.g. “Text when I'll be late”")
	c.text.OnSubmitted = func(string) { c.add() }
	c.cadence = widget.NewRadioGroup([]string{string(doc.Daily), string(doc.Weekly), string(doc.Once)}, nil)
	c.cadence.Horizontal = true
	c.cadence.SetSelected(string(doc.Daily))
	c.list = container.NewVBox()
	c.addBtn = primary("Add commitment", c.add)
	view := page("Commitments", "Small, verifiable promises. Each kept one is a deposit in the trust account; a missed one is a withdrawal, not a failure.",
		section("I commit to…", audience(u.seenBy("your commitments and the days you mark them")), c.text, container.NewHBox(c.cadence, c.addBtn)),
		c.list)
	return newScreen("Commitments", theme.ConfirmIcon(), view, func() func() { d := c.load(); return func() { c.apply(d) } })
}

func (c *commitments) add() {
	u := c.u
	text, cadence := c.text.Text, doc.Cadence(c.cadence.Selected)
	u.submit(c.addBtn, func() error {
		_, err := u.doc.AddCommitment(u.me.ID, text, cadence)
		return err
	}, func() { c.text.SetText("") })
}

// week renders the last seven days of a commitment: ✓ kept, ✗ missed, · open.
func week(cm doc.Commitment, now time.Time) string {
	var b strings.Builder
	for i := 6; i >= 0; i-- {
		d := now.AddDate(0, 0, -i)
		m, ok := markOn(cm, doc.DateOf(d))
		switch {
		case !ok:
			b.WriteString("·")
		case m.Kept:
			b.WriteString("✓")
		default:
			b.WriteString("✗")
		}
	}
	return b.String()
}

// lastUnthanked is the latest kept day of cm not yet acknowledged.
func lastUnthanked(cm doc.Commitment) (doc.Mark, bool) {
	for i := len(cm.Log) - 1; i >= 0; i-- {
		if m := cm.Log[i]; m.Kept && m.Acknowledged.IsZero() {
			return m, true
		}
	}
	return doc.Mark{}, false
}

// commitmentsData is what the Commitments screen shows: the active
// commitments, read off the UI goroutine by load.
type commitmentsData struct {
	now     time.Time
	partner string
	active  []doc.Commitment
}

// load reads the document; it touches no widget.
func (c *commitments) load() commitmentsData {
	d := commitmentsData{now: c.u.now(), partner: c.u.partner().Name}
	for _, cm := range c.u.doc.Commitments() {
		if cm.Active {
			d.active = append(d.active, cm)
		}
	}
	return d
}

// apply sets the widgets from d, on the UI goroutine.
func (c *commitments) apply(d commitmentsData) {
	u := c.u
	now := d.now
	var mine, theirs []fyne.CanvasObject
	date := doc.DateOf(now)
	for _, cm := range d.active {
		kept, total := 0, 0
		for _, m := range cm.Log {
			total++
			if m.Kept {
				kept++
			}
		}
		record := fmt.Sprintf("last 7 days %s · kept %d of %d", week(cm, now), kept, total)
		if total == 0 {
			record = "Nothing marked yet"
		}
		l := widget.NewLabel(fmt.Sprintf("%s%s\n%s · %s", cm.Text, edited(cm.Edited), cm.Cadence, record))
		l.Wrapping = fyne.TextWrapWord
		var acts []fyne.CanvasObject
		if cm.Owner == u.me.ID {
			acts = c.ownActions(cm, date, dueOn(cm, now))
		} else if m, ok := lastUnthanked(cm); ok {
			// The same thanks as on Today, for the latest kept day not yet acknowledged.
			id := cm.ID
			acts = append(acts, widget.NewButton("Thank you — acknowledge", func() {
				u.act(func() error { return u.doc.AcknowledgeCommitment(id, m.Date, u.me.ID) }, nil)
			}))
		}
		row := container.NewBorder(nil, nil, nil, container.NewVBox(acts...), l)
		if cm.Owner == u.me.ID {
			mine = append(mine, row)
		} else {
			theirs = append(theirs, row)
		}
	}
	if len(mine) == 0 {
		mine = append(mine, empty("None yet. Start with one small thing you can keep every day, and write it above."))
	}
	if len(theirs) == 0 {
		theirs = append(theirs, empty("None from "+d.partner+" yet."))
	}
	setObjects(c.list, section("Mine", mine...), section(d.partner+"'s", theirs...))
}

// ownActions are the buttons on a commitment of the user's own: mark
// today, or take today's mark back; reword; retire.
func (c *commitments) ownActions(cm doc.Commitment, date string, due bool) []fyne.CanvasObject {
	u := c.u
	var acts []fyne.CanvasObject
	m, marked := markOn(cm, date)
	switch {
	case marked:
		state := "Missed today"
		if m.Kept {
			state = "Kept today"
		}
		acts = append(acts, container.NewHBox(widget.NewLabel(state),
			widget.NewButtonWithIcon("Undo", theme.ContentUndoIcon(), func() {
				u.act(func() error { return u.doc.UnmarkCommitment(cm.ID, date, u.me.ID) }, nil)
			})))
	case due:
		acts = append(acts, container.NewHBox(
			widget.NewButtonWithIcon("Kept today", theme.ConfirmIcon(), func() {
				u.act(func() error { return u.doc.MarkCommitment(cm.ID, date, true) }, nil)
			}),
			widget.NewButton("Missed", func() { u.act(func() error { return u.doc.MarkCommitment(cm.ID, date, false) }, nil) })))
	}
	acts = append(acts, container.NewHBox(
		low("Edit", theme.DocumentCreateIcon(), func() {
			editWords(u, "Reword your commitment", cm.Text, func(t string) error { return u.doc.EditCommitmentText(cm.ID, u.me.ID, t) })
		}),
		low("Retire", theme.DeleteIcon(), func() {
			dialog.ShowConfirm("Retire this commitment?",
				"It stops being due. The days you kept or missed stay in your shared history.", func(ok bool) {
					if ok {
						u.act(func() error { return u.doc.RetireCommitment(cm.ID) }, nil)
					}
				}, u.win)
		})))
	return acts
}
