package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// stages is the order couples who healed went through.
var stages = []string{
	"Assess the damage",
	"Affirm commitment",
	"Establish accountability",
	"Seek reconnection",
	"Communicate deeply",
	"Re-establish trust",
	"Move toward forgiveness",
}

// helpSigns say that a professional could help.
var helpSigns = []struct{ key, text string }{
	{"refuses", "One of us refuses repair after several tries"},
	{"loops", "The same argument loops for weeks"},
	{"symptoms", "Depression, anxiety or trauma symptoms"},
	{"consent", "A serious consent violation"},
	{"ammunition", "The event is used as ammunition"},
	{"stuck", "We feel stuck despite the work"},
}

type journey struct {
	u       *ui
	stage   *widget.RadioGroup
	start   *widget.Label
	signs   []*widget.Check
	advice  *widget.Label
	loading bool
}

func newJourneyScreen(u *ui) *screen {
	j := &journey{u: u}
	j.stage = widget.NewRadioGroup(stages, func(s string) {
		if j.loading {
			return
		}
		for i, st := range stages {
			if st == s {
				u.showError(u.store.SetStage(i))
			}
		}
	})
	j.start = widget.NewLabel("")
	startToday := widget.NewButton("Start our journey today", func() {
		u.showError(u.store.SetJourneyStart(dayStart(u.now())))
		j.refresh()
	})
	var checks []fyne.CanvasObject
	for _, s := range helpSigns {
		s := s
		c := widget.NewCheck(s.text, func(on bool) {
			if j.loading {
				return
			}
			u.showError(u.store.SetHelpSign(s.key, on))
			j.showAdvice()
		})
		j.signs = append(j.signs, c)
		checks = append(checks, c)
	}
	j.advice = para("")
	view := page("Journey", "Where you are on the path couples who healed have walked. It is visible to both of you.",
		section("Started", container.NewBorder(nil, nil, nil, startToday, j.start)),
		section("Where we are now", j.stage),
		section("Would a professional help?", append(checks, j.advice)...))
	return &screen{title: "Journey", icon: theme.NavigateNextIcon(), view: view, refresh: j.refresh}
}

func (j *journey) showAdvice() {
	n := 0
	for _, c := range j.signs {
		if c.Checked {
			n++
		}
	}
	switch {
	case n == 0:
		j.advice.SetText("None ticked. If that changes, it's okay to say so here.")
	default:
		j.advice.SetText("Thank you for being honest. What you ticked is a sign that a couples therapist could really help — that's not a failure, it's one more way of taking this seriously. " +
			"And if there is abuse or ongoing harm, your safety comes first: leaving can be the healthy choice.")
	}
}

func (j *journey) refresh() {
	u := j.u
	j.loading = true
	defer func() { j.loading = false }()
	j.stage.SetSelected(stages[u.store.Stage()])
	if st := u.store.JourneyStart(); st.IsZero() {
		j.start.SetText("Not set yet.")
	} else {
		days := int(u.now().Sub(st) / (24 * time.Hour))
		j.start.SetText(st.Format("Monday, January 2, 2006") + " — day " + itoa(days+1))
	}
	signs := u.store.HelpSigns()
	for i, s := range helpSigns {
		j.signs[i].SetChecked(signs[s.key])
	}
	j.showAdvice()
}
