package ui

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

// apology is the four-part apology builder, and the apologies between the
// two of them, each seen from its side: the one who receives an apology
// answers it; the one who wrote it sees the answer.
type apology struct {
	u                         *ui
	what, hurt, remorse, plan *textEntry
	flags                     *widget.Label
	builder                   *widget.Label
	share                     *widget.Button
	received, given           *fyne.Container
	// notes keeps each answer's note entry across refreshes, so a partner's
	// edit never discards what the user is typing.
	notes map[string]*textEntry
}

func newApologyScreen(u *ui) *screen {
	a := &apology{u: u, notes: map[string]*textEntry{}}
	a.what = multiline("What happened, plainly, without minimising", 2)
	a.hurt = multiline("How it hurt "+u.partner().Name+", as you understand it", 2)
	a.remorse = multiline("What you feel about it now", 2)
	a.plan = multiline("What you will do so it doesn't happen again", 2)
	a.flags = hint("")
	for _, e := range []*textEntry{a.what, a.hurt, a.remorse, a.plan} {
		e.OnChanged = func(string) { a.check() }
	}
	a.received, a.given = container.NewVBox(), container.NewVBox()
	form := widget.NewForm(
		widget.NewFormItem("1. What happened", a.what),
		widget.NewFormItem("2. The hurt it caused", a.hurt),
		widget.NewFormItem("3. Remorse", a.remorse),
		widget.NewFormItem("4. A plan to prevent it", a.plan))
	a.builder = subheading("Write an apology to " + u.partner().Name)
	a.share = primary("Share apology", a.preview)
	view := page("Apology", "A meaningful apology has four parts. Take your time; it doesn't need to be perfect, only honest.",
		a.received,
		sectionL(a.builder, audience(u.seenBy("your apology once you share it")), form, a.flags, container.NewHBox(a.share)),
		a.given)
	return newScreen("Apology", theme.MailComposeIcon(), view, func() func() { as := u.doc.Apologies(); return func() { a.show(as) } })
}

// flagged returns the gentle notes on every part of the apology being written.
func (a *apology) flagged() []string {
	var all []string
	for _, e := range []*textEntry{a.what, a.hurt, a.remorse, a.plan} {
		all = append(all, flagBlame(e.Text)...)
	}
	return all
}

func (a *apology) check() {
	all := a.flagged()
	if len(all) == 0 {
		a.flags.SetText("")
		return
	}
	a.flags.SetText("A gentle note — these words can land as shifting blame, even when that isn't meant:\n" + strings.Join(all, "\n") +
		"\nOnly you see this note: it is coaching for you, not part of the apology.")
}

// preview shows the apology as the partner will read it, and says gently
// when a phrase was flagged, before anything is shared.
func (a *apology) preview() {
	u := a.u
	for _, e := range []*textEntry{a.what, a.hurt, a.remorse, a.plan} {
		if blank(e.Text) {
			dialog.ShowInformation("Almost there", "Please fill in all four parts — each one matters.", u.win)
			return
		}
	}
	name := u.partner().Name
	parts := []fyne.CanvasObject{hint("This is how " + name + " will see it:"),
		para("What happened: " + strings.TrimSpace(a.what.Text)), para("The hurt: " + strings.TrimSpace(a.hurt.Text)),
		para("Remorse: " + strings.TrimSpace(a.remorse.Text)), para("The plan: " + strings.TrimSpace(a.plan.Text))}
	if fl := a.flagged(); len(fl) > 0 {
		parts = append(parts, widget.NewSeparator(),
			para("Before you share, a gentle note: some words can land as shifting blame, even when that isn't meant. "+
				"You can keep editing, or share it as it is.\n"+strings.Join(fl, "\n")))
	}
	sc := container.NewVScroll(container.NewVBox(parts...))
	sc.SetMinSize(fyne.NewSize(520, 300))
	dialog.NewCustomConfirm("Before you share", "Share with "+name, "Keep editing", sc, func(ok bool) {
		if ok {
			a.save()
		}
	}, u.win).Show()
}

func (a *apology) save() {
	u := a.u
	ap := doc.Apology{By: u.me.ID, WhatHappened: a.what.Text, Hurt: a.hurt.Text, Remorse: a.remorse.Text, Plan: a.plan.Text}
	u.submit(a.share, func() error {
		_, err := u.doc.AddApology(ap)
		return err
	}, func() {
		for _, e := range []*textEntry{a.what, a.hurt, a.remorse, a.plan} {
			e.SetText("")
		}
	})
}

// answerText says an answer in words: "Thank you — “a note”".
func answerText(ap doc.Apology) string {
	s := ap.Response.Words()
	if ap.ResponseNote != "" {
		s += " — “" + ap.ResponseNote + "”"
	}
	return s
}

// show lists as, read off the UI goroutine by the screen's load step: those
// received first, to answer; then those the user wrote, with the answers.
func (a *apology) show(as []doc.Apology) {
	u := a.u
	partner := u.partner().Name
	a.builder.SetText("Write an apology to " + partner)
	var got, gave []fyne.CanvasObject
	for _, ap := range as {
		body := []fyne.CanvasObject{para("What happened: " + ap.WhatHappened), para("The hurt: " + ap.Hurt),
			para("Remorse: " + ap.Remorse), para("The plan: " + ap.Plan)}
		if ap.By == u.me.ID {
			if ap.Response == "" {
				body = append(body, hint(partner+" hasn't answered yet. There's no hurry."))
			} else {
				body = append(body, subheading(partner+" answered: "+answerText(ap)))
			}
			gave = append(gave, section("You shared this, "+ap.Time.Format("Jan 2"), body...))
			continue
		}
		note, ok := a.notes[ap.ID]
		if !ok {
			note = entry("A few words back, if you like (optional)")
			a.notes[ap.ID] = note
		}
		if ap.Response != "" {
			body = append(body, subheading("You answered: "+answerText(ap)), hint("You can change your answer whenever you like."))
		} else {
			body = append(body, hint("There is no right answer, and no hurry. "+partner+" will see what you choose."))
		}
		var btns []fyne.CanvasObject
		for _, r := range doc.ApologyResponses {
			id := ap.ID
			btns = append(btns, widget.NewButton(r.Words(), func() {
				text := note.Text
				u.act(func() error { return u.doc.RespondToApology(id, u.me.ID, r, text) }, func() { note.SetText("") })
			}))
		}
		body = append(body, note, container.NewHBox(btns...))
		got = append(got, section(fmt.Sprintf("From %s to you, %s", u.nameOf(ap.By), ap.Time.Format("Jan 2")), body...))
	}
	setObjects(a.received, got...)
	setObjects(a.given, gave...)
}
