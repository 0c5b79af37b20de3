package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// blamePhrases shift responsibility or minimise the hurt. Each has a gentle
// suggestion.
var blamePhrases = []struct{ phrase, why string }{
	{"sorry you felt", "it puts the hurt on their feelings rather than on what happened"},
	{"sorry if you", "“if” can sound as though the hurt is in doubt"},
	{"sorry that you", "it can sound as though the hurt is theirs to own"},
	{"didn't mean to", "intent matters, but the apology is about the impact"},
	{"did not mean to", "intent matters, but the apology is about the impact"},
	{"you should have", "it moves attention to what they did"},
	{"but you", "a “but” can undo what came before it"},
	{"you made me", "it places the cause on them"},
	{"if you hadn't", "it places the cause on them"},
	{"you always", "absolutes tend to start an argument"},
	{"you never", "absolutes tend to start an argument"},
	{"not a big deal", "it can minimise what they went through"},
	{"overreact", "it can minimise what they went through"},
	{"at least", "it can minimise what they went through"},
}

// flagBlame returns the blame-shifting phrases found in s, each with why.
func flagBlame(s string) []string {
	low := strings.ToLower(strings.ReplaceAll(s, "’", "'"))
	var out []string
	for _, p := range blamePhrases {
		if strings.Contains(low, p.phrase) {
			out = append(out, fmt.Sprintf("“%s” — %s.", p.phrase, p.why))
		}
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
	a.hurt = multiline("The hurt it caused you", 2)
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
	return &screen{title: "Apology", icon: theme.MailComposeIcon(), view: view, refresh: a.refresh}
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
	ap := Apology{By: a.u.me.ID, What: a.what.Text, Hurt: a.hurt.Text, Remorse: a.remorse.Text, Plan: a.plan.Text}
	if err := a.u.store.AddApology(ap); err != nil {
		dialog.ShowInformation("Almost there", "Please fill in all four parts — each one matters.", a.u.win)
		return
	}
	for _, e := range []*widget.Entry{a.what, a.hurt, a.remorse, a.plan} {
		e.SetText("")
	}
	a.refresh()
}

func (a *apology) refresh() {
	u := a.u
	var rows []fyne.CanvasObject
	for _, ap := range u.store.Apologies() {
		rows = append(rows, section(fmt.Sprintf("From %s, %s", u.nameOf(ap.By), ap.At.Format("Jan 2")),
			para("What happened: "+ap.What), para("The hurt: "+ap.Hurt), para("Remorse: "+ap.Remorse), para("The plan: "+ap.Plan)))
	}
	setObjects(a.list, rows...)
}
