package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// needs lists what each partner needs to feel safe, with status and response.
type needs struct {
	u    *ui
	text *textEntry
	add  *widget.Button
	list *fyne.Container
	// responses keeps each response entry across refreshes, so a partner's
	// edit never discards what the user is typing.
	responses map[string]*textEntry
}

func newNeedsScreen(u *ui) *screen {
	n := &needs{u: u, responses: map[string]*textEntry{}}
	n.text = entry("Be specific, e.g. “I need you to initiate affection more”")
	n.text.OnSubmitted = func(string) { n.share() }
	n.add = primary("Share need", n.share)
	n.list = container.NewVBox()
	view := page("Needs", "What each of you needs to feel safe. Say it specifically, and as a wish rather than a complaint.",
		section("I need…", audience(u.seenBy("this")), container.NewBorder(nil, nil, nil, n.add, n.text)), n.list)
	return newScreen("Needs", theme.AccountIcon(), view, func() func() { ns := u.doc.Needs(); return func() { n.show(ns) } })
}

func (n *needs) share() {
	u, text := n.u, n.text.Text
	u.submit(n.add, func() error {
		_, err := u.doc.AddNeed(u.me.ID, text)
		return err
	}, func() { n.text.SetText("") })
}

// show lists ns, read off the UI goroutine by the screen's load step: the
// user's own needs, then the partner's, each oldest first, so both laptops
// have the same order whoever wrote first.
func (n *needs) show(ns []doc.Need) {
	u := n.u
	var mine, theirs []fyne.CanvasObject
	for _, nd := range ns {
		nd := nd
		text := nd.Text + edited(nd.Edited)
		if nd.Response != "" {
			text += "\n" + u.nameOf(nd.RespondedBy) + " responded: " + nd.Response
		}
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		status := widget.NewSelect([]string{string(doc.NeedOpen), string(doc.NeedBeingMet), string(doc.NeedMet)}, nil)
		status.Selected = string(nd.Status)
		status.OnChanged = func(s string) { u.act(func() error { return u.doc.SetNeedStatus(nd.ID, doc.NeedStatus(s)) }, nil) }
		side := []fyne.CanvasObject{status}
		if nd.Owner == u.me.ID {
			side = append(side, low("Edit", theme.DocumentCreateIcon(), func() {
				editWords(u, "Reword your need", nd.Text, func(t string) error { return u.doc.EditNeedText(nd.ID, u.me.ID, t) })
			}))
		}
		parts := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, container.NewVBox(side...), l)}
		if nd.Owner != u.me.ID && nd.Response == "" {
			resp, ok := n.responses[nd.ID]
			if !ok {
				resp = entry("How will you respond?")
				resp.OnSubmitted = func(s string) { u.act(func() error { return u.doc.RespondToNeed(nd.ID, u.me.ID, s) }, nil) }
				n.responses[nd.ID] = resp
			}
			parts = append(parts, audience(u.seenBy("your response")), container.NewBorder(nil, nil, nil,
				widget.NewButton("Respond", func() {
					text := resp.Text
					u.act(func() error { return u.doc.RespondToNeed(nd.ID, u.me.ID, text) }, nil)
				}), resp))
		}
		if nd.Owner == u.me.ID {
			mine = append(mine, parts...)
		} else {
			theirs = append(theirs, parts...)
		}
	}
	if len(mine) == 0 {
		mine = append(mine, empty("None yet. Say one specifically above, like “I need you to tell me when plans change”."))
	}
	if len(theirs) == 0 {
		theirs = append(theirs, empty("None from "+u.partner().Name+" yet."))
	}
	setObjects(n.list, section("You need", mine...), section(u.partner().Name+" needs", theirs...))
}
