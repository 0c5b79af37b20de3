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

// pauseAsk is Settings' "Ask for a 48-hour pause", and the line under it
// that says where a pause stands. While a request waits or a pause runs,
// the button says so instead of asking again.
type pauseAsk struct {
	u    *ui
	btn  *widget.Button
	sent *widget.Label
}

func newPauseAsk(u *ui) *pauseAsk {
	p := &pauseAsk{u: u, sent: hint("")}
	p.btn = widget.NewButton("Ask for a 48-hour pause", p.tapped)
	p.sent.Hide()
	return p
}

// show says, under the button, where a pause stands: a request waiting
// (the reader's, or one for the reader to answer), or a pause running;
// nothing otherwise.
func (p *pauseAsk) show(cur doc.Pause, now time.Time) {
	switch {
	case cur.Active(now):
		p.sent.SetText("A pause is running until " + cur.Until.Format(pauseWhen) + ".")
	case cur.Asking(now) && cur.By == p.u.me.ID:
		p.sent.SetText(fmt.Sprintf("Sent. %s will see your request on Today.", capitalized(p.u.partner().Name)))
	case cur.Asking(now):
		p.sent.SetText(fmt.Sprintf("%s asks for a pause until %s: you can answer on Today.", capitalized(p.u.partner().Name), cur.Until.Format(pauseWhen)))
	default:
		p.sent.Hide()
		return
	}
	p.sent.Show()
}

// view is the button with its line under it.
func (p *pauseAsk) view() (*widget.Button, fyne.CanvasObject) { return p.btn, p.sent }

// tapped reads the pause off the UI goroutine, then asks, or says what is
// already so.
func (p *pauseAsk) tapped() {
	u := p.u
	var cur doc.Pause
	u.b.Async(func() { cur = u.doc.Journey().Pause }, func() {
		now, name := u.now(), u.partner().Name
		switch {
		case cur.Active(now):
			dialog.ShowInformation("A pause", fmt.Sprintf("A pause is running until %s. You can end it on Today.", cur.Until.Format(pauseWhen)), u.win)
		case cur.Asking(now) && cur.By == u.me.ID:
			dialog.ShowInformation("A pause", fmt.Sprintf("You asked %s for a pause until %s. It is on Today, where you can withdraw it.", name, cur.Until.Format(pauseWhen)), u.win)
		case cur.Asking(now):
			dialog.ShowInformation("A pause", fmt.Sprintf("%s asks for a pause until %s. You can answer on Today.", name, cur.Until.Format(pauseWhen)), u.win)
		default:
			p.confirm()
		}
	})
}

// confirm says what a request does and sends it.
func (p *pauseAsk) confirm() {
	u := p.u
	until := u.now().Add(pauseLength)
	name := u.partner().Name
	words := widget.NewLabel(fmt.Sprintf("Ask %s for a pause until %s? A pause is a time to process apart before talking. "+
		"It starts when %s agrees, and either of you can end it early. %s will see your request on Today.",
		name, until.Format(pauseWhen), name, capitalized(name)))
	words.Wrapping = fyne.TextWrapWord
	// As tall as its words: a plain confirm leaves a hand's breadth of
	// blank above its buttons.
	dialog.NewCustomConfirm("A pause", "Ask", "Cancel", container.New(wrapWidth(440), words), func(ok bool) {
		if !ok {
			return
		}
		// The document's notification reloads Settings, whose show says
		// the request went out.
		u.act(func() error { return u.doc.AskPause(u.me.ID, until) }, nil)
	}, u.win).Show()
}

// capitalized starts s with a capital letter ("your partner" before
// pairing).
func capitalized(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// confirmEndPause asks before ending the pause for both.
func (u *ui) confirmEndPause() {
	name := u.partner().Name
	words := widget.NewLabel(fmt.Sprintf("End the pause now, for both of you? %s will see that you ended it.", name))
	words.Wrapping = fyne.TextWrapWord
	dialog.NewCustomConfirm("End the pause", "End the pause", "Keep the pause", container.New(wrapWidth(440), words), func(ok bool) {
		if ok {
			u.act(func() error { return u.doc.EndPause(u.me.ID) }, nil)
		}
	}, u.win).Show()
}

// pauseSection is Today's word on the pause at now, or nil: a running
// pause, a request waiting for an answer (with the buttons of whoever
// may give it), the partner's "not now" to the reader's request, or a
// pause ended early, until the time it was to end.
func (u *ui) pauseSection(p doc.Pause, now time.Time) fyne.CanvasObject {
	partner := u.partner().Name
	until := p.Until.Format(pauseWhen)
	switch {
	case p.Active(now):
		agreed := fmt.Sprintf("%s asked for a pause until %s.", u.nameOf(p.By), until) // from before asking existed
		switch p.AgreedBy {
		case u.me.ID:
			agreed = fmt.Sprintf("You agreed to %s's pause, until %s.", partner, until)
		case u.partner().ID:
			agreed = fmt.Sprintf("%s agreed to your pause, until %s.", partner, until)
		}
		return section("A pause is running",
			para(agreed+" Take this time to process apart; the conversation will be there when you're both ready."),
			container.NewHBox(widget.NewButton("End the pause", u.confirmEndPause)))
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
	case !p.Since.IsZero() && !p.Ended.IsZero() && p.Ended.Before(p.Until) && now.Before(p.Until):
		who := "You"
		if p.EndBy != u.me.ID {
			who = u.nameOf(p.EndBy)
		}
		return section("The pause has ended",
			para(fmt.Sprintf("%s ended the pause at %s. When you're both ready, the conversation is there.", who, p.Ended.In(now.Location()).Format("15:04"))))
	}
	return nil
}
