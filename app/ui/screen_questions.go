package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// questions is a thread of questions with a reflection step before sending.
type questions struct {
	u       *ui
	text    *textEntry
	reflect *textEntry
	ask     *widget.Button
	list    *fyne.Container
	answers map[string]*textEntry // kept across refreshes
}

func newQuestionsScreen(u *ui) *screen {
	q := &questions{u: u, answers: map[string]*textEntry{}}
	q.text = multiline("Your question", 2)
	q.ask = primary("Ask", q.send)
	q.ask.Disable()
	q.reflect = multiline("Before sending, a line of reflection: "+doc.ReflectionPrompt, 2)
	q.reflect.OnChanged = func(s string) {
		if blank(s) {
			q.ask.Disable()
		} else {
			q.ask.Enable()
		}
	}
	q.list = container.NewVBox()
	view := page("Questions", "Questions are answered honestly, without needless detail. Before asking, take a breath and reflect.",
		section("Ask a question", audience(u.seenBy("your question, and the line of reflection with it")), q.text, subheading(doc.ReflectionPrompt), q.reflect, container.NewHBox(q.ask)), q.list)
	return newScreen("Questions", theme.QuestionIcon(), view, func() func() { qs := u.doc.Questions(); return func() { q.show(qs) } })
}

func (q *questions) send() {
	if blank(q.reflect.Text) {
		return
	}
	u, reflection, text := q.u, q.reflect.Text, q.text.Text
	u.submit(q.ask, func() error {
		_, err := u.doc.AskQuestion(u.me.ID, reflection, text)
		return err
	}, func() {
		q.text.SetText("")
		q.reflect.SetText("")
	})
}

// show lists qs, newest first; they are read off the UI goroutine by the
// screen's load step.
func (q *questions) show(qs []doc.Question) {
	u := q.u
	var rows []fyne.CanvasObject
	for i := len(qs) - 1; i >= 0; i-- {
		qu := qs[i]
		l := para(fmt.Sprintf("%s asked (%s): %s%s", u.nameOf(qu.By), qu.Asked.Format("Jan 2"), qu.Text, edited(qu.Edited)))
		parts := []fyne.CanvasObject{l}
		if qu.Reflection != "" {
			// Shared with the question, so both see it (and an export holds nothing the app does not show).
			who := u.nameOf(qu.By) + "'s"
			if qu.By == u.me.ID {
				who = "Your"
			}
			parts = append(parts, hint(who+" reflection before asking: "+qu.Reflection))
		}
		switch {
		case qu.Answer != "":
			parts = append(parts, para("Answer: "+qu.Answer))
		case qu.By != u.me.ID:
			a, ok := q.answers[qu.ID]
			if !ok {
				a = multiline("Answer honestly, without needless detail", 2)
				q.answers[qu.ID] = a
			}
			var send *widget.Button
			send = widget.NewButton("Send answer", func() {
				text := a.Text
				u.submit(send, func() error { return u.doc.AnswerQuestion(qu.ID, u.me.ID, text) }, func() { delete(q.answers, qu.ID) })
			})
			parts = append(parts, audience(u.seenBy("your answer")), a, container.NewHBox(send))
		default:
			parts = append(parts, container.NewBorder(nil, nil, nil, low("Edit", theme.DocumentCreateIcon(), func() {
				editWords(u, "Reword your question", qu.Text, func(t string) error { return u.doc.EditQuestion(qu.ID, u.me.ID, t) })
			}), hint("Waiting for an answer. You can reword it until it is answered.")))
		}
		rows = append(rows, section("Question", parts...))
	}
	if len(rows) == 0 {
		rows = append(rows, empty("No questions yet. When one comes up, write it above, with a line of reflection before you send it."))
	}
	setObjects(q.list, rows...)
}
