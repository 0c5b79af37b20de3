package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// boundaries are proposed by one partner and in force once both agreed.
type boundaries struct {
	u                 *ui
	text, consequence *textEntry
	proposeBtn        *widget.Button
	list              *fyne.Container
}

func newBoundariesScreen(u *ui) *screen {
	b := &boundaries{u: u}
	b.text = entry("The boundary, e.g. “No contact with X”")
	b.consequence = entry("The agreed consequence if it is crossed")
	b.list = container.NewVBox()
	b.proposeBtn = primary("Propose", b.propose)
	view := page("Boundaries", "A boundary is in force only once you both agree to it. They can change as trust grows; earlier wordings are kept.",
		section("Propose a boundary", audience(u.seenBy("this")), b.text, b.consequence, container.NewHBox(b.proposeBtn)), b.list)
	return newScreen("Boundaries", theme.WarningIcon(), view, func() func() { bs := u.doc.Boundaries(); return func() { b.show(bs) } })
}

func (b *boundaries) propose() {
	u, text, cons := b.u, b.text.Text, b.consequence.Text
	u.submit(b.proposeBtn, func() error {
		_, err := u.doc.ProposeBoundary(u.me.ID, text, cons)
		return err
	}, func() {
		b.text.SetText("")
		b.consequence.SetText("")
	})
}

func (b *boundaries) revise(bd doc.Boundary) {
	u := b.u
	text, cons := entry("The boundary"), entry("The consequence")
	text.SetText(bd.Text)
	cons.SetText(bd.Consequence)
	dialog.ShowForm("Suggest a new wording", "Propose", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("Boundary", text), widget.NewFormItem("Consequence", cons)},
		func(ok bool) {
			if ok {
				t, c := text.Text, cons.Text
				u.act(func() error { return u.doc.ReviseBoundary(bd.ID, u.me.ID, t, c) }, nil)
			}
		}, u.win)
}

// show lists bs, read off the UI goroutine by the screen's load step.
func (b *boundaries) show(bs []doc.Boundary) {
	u := b.u
	var rows []fyne.CanvasObject
	for _, bd := range bs {
		bd := bd
		var state string
		switch {
		case bd.InForce:
			state = "In force — agreed by both of you"
		case slices.Contains(bd.AgreedBy, u.me.ID):
			state = "Waiting for " + u.partner().Name + " to agree"
		default:
			state = u.nameOf(bd.ProposedBy) + " proposed this — waiting for you"
		}
		text := fmt.Sprintf("%s\nIf crossed: %s\n%s", bd.Text, orDash(bd.Consequence), state)
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		acts := container.NewHBox()
		if !slices.Contains(bd.AgreedBy, u.me.ID) {
			acts.Add(primary("I agree", func() { u.act(func() error { return u.doc.AgreeBoundary(bd.ID, u.me.ID) }, nil) }))
		}
		acts.Add(widget.NewButton("Suggest a change", func() { b.revise(bd) }))
		parts := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, container.NewVBox(acts), l)}
		if len(bd.History) > 0 {
			var h []string
			for _, v := range bd.History {
				h = append(h, fmt.Sprintf("%s, by %s — “%s” (if crossed: %s)", v.Time.Format("Jan 2"), u.nameOf(v.By), v.Text, orDash(v.Consequence)))
			}
			parts = append(parts, widget.NewAccordion(widget.NewAccordionItem(
				fmt.Sprintf("Earlier wordings (%d)", len(bd.History)), para(strings.Join(h, "\n")))))
		}
		rows = append(rows, section(stateTitle(bd), parts...))
	}
	if len(rows) == 0 {
		rows = append(rows, empty("No boundaries yet. Either of you can propose one above; it is in force once you both agree."))
	}
	setObjects(b.list, rows...)
}

func stateTitle(b doc.Boundary) string {
	if b.InForce {
		return "✓ Agreed"
	}
	return "Proposed"
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
