package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// stages is the order couples who healed went through, named by doc.
var stages = func() []string {
	var names []string
	for st := doc.StageAssess; st <= doc.StageForgiveness; st++ {
		names = append(names, st.String())
	}
	return names
}()

// journey shows the stage, the start date and the professional-help checklist.
type journey struct {
	u        *ui
	stage    *widget.RadioGroup
	start    *widget.Label
	startBtn *widget.Button
	signs    *fyne.Container
	safety   *fyne.Container // safety first, when the private sign is ticked
	advice   *widget.Label
	loading  bool
	started  bool // the journey has a start date, as last loaded
	checks   map[doc.HelpSign]*widget.Check
}

func newJourneyScreen(u *ui) *screen {
	j := &journey{u: u, checks: map[doc.HelpSign]*widget.Check{}}
	j.stage = widget.NewRadioGroup(stages, func(s string) {
		if j.loading {
			return
		}
		if i := slices.Index(stages, s); i >= 0 {
			u.act(func() error { return u.doc.SetStage(doc.Stage(i + 1)) }, nil)
		}
	})
	j.start = widget.NewLabel("")
	j.startBtn = widget.NewButton("Start our journey today", func() {
		set := func() {
			start := dayStart(u.now())
			u.act(func() error { return u.doc.SetStart(start) }, nil)
		}
		if !j.started {
			set()
			return
		}
		dialog.ShowConfirm("Start again from today?", "The milestone timeline will count from today, for both of you. Everything you have written stays.", func(ok bool) {
			if ok {
				set()
			}
		}, u.win)
	})
	j.signs = container.NewVBox()
	j.safety = container.NewVBox()
	j.advice = para("")
	view := page("Journey", "Where you are on the path couples who healed have walked. It is visible to both of you.",
		section("Started", container.NewBorder(nil, nil, nil, j.startBtn, j.start)),
		section("Where we are now", j.stage),
		section("Would a professional help?", hint("Tick what is true for you."), j.safety, j.signs, j.advice))
	return newScreen("Journey", theme.NavigateNextIcon(), view, func() func() {
		d := journeyData{journey: u.doc.Journey(), signs: u.doc.HelpSigns(), safety: u.sess.SafetySign()}
		if d.safety {
			for i := range d.signs {
				if d.signs[i].Sign.Private() {
					d.signs[i].TickedBy = []string{u.me.ID}
				}
			}
		}
		d.advice = doc.HelpAdviceFor(d.signs)
		return func() { j.show(d) }
	})
}

// journeyData is what the Journey screen shows, read off the UI goroutine.
type journeyData struct {
	journey doc.Journey
	signs   []doc.HelpSignState // my private tick included
	safety  bool                // I ticked the private sign on this device
	advice  string
}

// show sets the widgets from d.
func (j *journey) show(d journeyData) {
	u := j.u
	j.loading = true
	defer func() { j.loading = false }()
	jr := d.journey
	if jr.Stage >= 1 && int(jr.Stage) <= len(stages) {
		j.stage.SetSelected(stages[jr.Stage-1])
	}
	j.started = !jr.Start.IsZero()
	if jr.Start.IsZero() {
		j.start.SetText("Not set yet. Start it on the day you both begin this work.")
		j.startBtn.SetText("Start our journey today")
	} else {
		j.startBtn.SetText("Start again from today…")
		days := int(u.now().Sub(jr.Start) / (24 * time.Hour))
		j.start.SetText(jr.Start.Format("Monday, January 2, 2006") + " — day " + itoa(days+1))
	}
	var rows []fyne.CanvasObject
	for _, h := range d.signs {
		h := h
		c := keptCheck(j.checks, h.Sign, h.Text, slices.Contains(h.TickedBy, u.me.ID), func(on bool) {
			switch {
			case h.Sign.Private():
				// The tick stays on this device, out of the document:
				// no notification comes, so the screen reloads here.
				u.act(func() error { return u.sess.SetSafetySign(on) }, u.reload)
			case on:
				u.act(func() error { return u.doc.TickHelpSign(h.Sign, u.me.ID) }, nil)
			default:
				u.act(func() error { return u.doc.UntickHelpSign(h.Sign, u.me.ID) }, nil)
			}
		})
		who := u.seenBy("your tick")
		if h.Sign.Private() {
			who = "Only you: this tick stays on this laptop."
		}
		if slices.Contains(h.TickedBy, u.partner().ID) {
			who = u.partner().Name + " ticked this"
		}
		rows = append(rows, container.NewBorder(nil, nil, nil, audienceTag(who), c))
	}
	setObjects(j.signs, rows...)
	if d.safety {
		leave := widget.NewButtonWithIcon("Leave quickly", theme.LogoutIcon(), u.doLock)
		leave.Importance = widget.DangerImportance
		setObjects(j.safety, section("Your safety comes first",
			para(doc.SafetyAdvice),
			audience("Only you see this. The tick stays on this laptop: "+u.partner().Name+" never sees it, and it is never synced or exported."),
			container.NewHBox(leave), hint("Leave quickly locks Kintsugi at once (Ctrl+L does the same).")))
		j.advice.SetText("")
		return
	}
	setObjects(j.safety)
	if a := d.advice; a != "" {
		j.advice.SetText(a)
	} else {
		j.advice.SetText("Nothing ticked. If that changes, it's okay to say so here.")
	}
}
