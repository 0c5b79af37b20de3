package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// flagBlame returns gentle notes on the blame-shifting phrases in s.
func flagBlame(s string) []string {
	var out []string
	for _, f := range doc.BlameShiftingPhrases(s) {
		out = append(out, fmt.Sprintf("“%s” — %s", f.Phrase, f.Suggestion))
	}
	return out
}

// apology is the four-part apology builder.
type apology struct {
	u                         *ui
	what, hurt, remorse, plan *widget.Entry
	flags                     *widget.Label
	list                      *fyne.Container
}

func newApologyScreen(u *ui) *screen {
	a := &apology{u: u}
	a.what = multiline("What happened, plainly, without minimising", 2)
	a.hurt = multiline("How it hurt "+u.partner().Name+", as you understand it", 2)
	a.remorse = multiline("What you feel about it now", 2)
	a.plan = multiline("What you will do so it doesn't happen again", 2)
	a.flags = hint("")
	for _, e := range []*widget.Entry{a.what, a.hurt, a.remorse, a.plan} {
		e.OnChanged = func(string) { a.check() }
	}
	a.list = container.NewVBox()
	form := widget.NewForm(
		widget.NewFormItem("1. What happened", a.what),
		widget.NewFormItem("2. The hurt it caused", a.hurt),
		widget.NewFormItem("3. Remorse", a.remorse),
		widget.NewFormItem("4. A plan to prevent it", a.plan))
	view := page("Apology", "A meaningful apology has four parts. Take your time; it doesn't need to be perfect, only honest.",
		section("Build an apology", form, a.flags, container.NewHBox(primary("Share apology", a.save))), a.list)
	return newScreen("Apology", theme.MailComposeIcon(), view, func() func() { as := u.doc.Apologies(); return func() { a.show(as) } })
}

func (a *apology) check() {
	var all []string
	for _, e := range []*widget.Entry{a.what, a.hurt, a.remorse, a.plan} {
		all = append(all, flagBlame(e.Text)...)
	}
	if len(all) == 0 {
		a.flags.SetText("")
		return
	}
	a.flags.SetText("A gentle note — these words can land as shifting blame, even when that isn't meant:\n" + strings.Join(all, "\n"))
}

func (a *apology) save() {
	ap := doc.Apology{By: a.u.me.ID, WhatHappened: a.what.Text, Hurt: a.hurt.Text, Remorse: a.remorse.Text, Plan: a.plan.Text}
	if _, err := a.u.doc.AddApology(ap); err != nil {
		dialog.ShowInformation("Almost there", "Please fill in all four parts — each one matters.", a.u.win)
		return
	}
	for _, e := range []*widget.Entry{a.what, a.hurt, a.remorse, a.plan} {
		e.SetText("")
	}
	a.u.reload()
}

// show lists as, read off the UI goroutine by the screen's load step.
func (a *apology) show(as []doc.Apology) {
	u := a.u
	var rows []fyne.CanvasObject
	for _, ap := range as {
		rows = append(rows, section(fmt.Sprintf("From %s, %s", u.nameOf(ap.By), ap.Time.Format("Jan 2")),
			para("What happened: "+ap.WhatHappened), para("The hurt: "+ap.Hurt), para("Remorse: "+ap.Remorse), para("The plan: "+ap.Plan)))
	}
	setObjects(a.list, rows...)
}
