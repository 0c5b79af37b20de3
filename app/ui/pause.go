package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// pauseLength is how long a pause asked for from Settings lasts, counted
// from the asking: 48 hours to process apart before talking.
const pauseLength = 48 * time.Hour

// pauseWhen formats a pause's end time for the screens.
const pauseWhen = "Monday 15:04"

// pauseAskButton is Settings' "Ask for a 48-hour pause": it asks, after
// saying what a request does; the pause runs only once the partner agrees.
func pauseAskButton(u *ui) fyne.CanvasObject {
	return widget.NewButton("Ask for a 48-hour pause", func() {
		until := u.now().Add(pauseLength)
		name := u.partner().Name
		msg := fmt.Sprintf("Ask %s for a pause until %s? A pause is a time to process apart before talking. "+
			"It starts when %s agrees, and either of you can end it early. %s will see your request on Today.",
			name, until.Format(pauseWhen), name, capitalized(name))
		words := widget.NewLabel(msg)
		words.Wrapping = fyne.TextWrapWord
		// As tall as its words: a plain confirm leaves a hand's breadth
		// of blank above its buttons.
		d := dialog.NewCustomConfirm("A pause", "Ask", "Cancel", container.New(wrapWidth(440), words), func(ok bool) {
			if ok {
				u.act(func() error { return u.doc.AskPause(u.me.ID, until) }, nil)
			}
		}, u.win)
		d.Show()
	})
}

// capitalized starts s with a capital letter ("your partner" before
// pairing).
func capitalized(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// pauseSection is Today's word on the pause at now, or nil: a running
// pause, a request waiting for an answer (with the buttons of whoever
// may give it), or the partner's "not now" to the reader's request.
func (u *ui) pauseSection(p doc.Pause, now time.Time) fyne.CanvasObject {
	partner := u.partner().Name
	until := p.Until.Format(pauseWhen)
	switch {
	case p.Active(now):
		end := widget.NewButton("End the pause together", func() { u.act(func() error { return u.doc.EndPause(u.me.ID) }, nil) })
		agreed := fmt.Sprintf("%s asked for a pause until %s.", u.nameOf(p.By), until) // from before asking existed
		switch p.AgreedBy {
		case u.me.ID:
			agreed = fmt.Sprintf("You agreed to %s's pause, until %s.", partner, until)
		case u.partner().ID:
			agreed = fmt.Sprintf("%s agreed to your pause, until %s.", partner, until)
		}
		return section("A pause is running",
			para(agreed+" Take this time to process apart; the conversation will be there when you're both ready."),
			container.NewHBox(end))
	case p.Asking(now) && p.By == u.me.ID:
		withdraw := widget.NewButton("Withdraw the request", func() { u.act(func() error { return u.doc.EndPause(u.me.ID) }, nil) })
		return section("You asked for a pause",
			para(fmt.Sprintf("You asked %s for a pause until %s, a time to process apart before talking. It starts when %s agrees.", partner, until, partner)),
			container.NewHBox(withdraw))
	case p.Asking(now):
		var agree, notNow *widget.Button
		agree = primary("Agree to the pause", func() { u.submit(agree, func() error { return u.doc.AgreePause(u.me.ID) }, nil) })
		notNow = widget.NewButton("Not now", func() { u.submit(notNow, func() error { return u.doc.DeclinePause(u.me.ID) }, nil) })
		return section(partner+" asks for a pause",
			para(fmt.Sprintf("%s asks for a pause until %s, a time to process apart before talking. It starts when you agree, and either of you can end it early.", partner, until)),
			audience(u.seenBy("your answer")),
			container.NewHBox(agree, notNow))
	case p.By == u.me.ID && !p.Declined.IsZero() && p.Ended.IsZero() && now.Before(p.Until):
		return section("Your request for a pause",
			para(fmt.Sprintf("%s would rather not pause right now. Perhaps talk about what you each need at your next check-in; you can ask again in Settings.", partner)))
	}
	return nil
}
