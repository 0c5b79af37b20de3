package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// milestonesScreen is the timeline of guidelines from the journey's start.
type milestonesScreen struct {
	u      *ui
	list   *fyne.Container
	checks map[string]*widget.Check // kept across refreshes, so focus stays
}

func newMilestonesScreen(u *ui) *screen {
	m := &milestonesScreen{u: u, list: container.NewVBox(), checks: map[string]*widget.Check{}}
	view := page("Milestones", "Guidelines, not deadlines. Every couple moves at its own pace; tick an item when it feels true for you.", m.list)
	return newScreen("Milestones", theme.CalendarIcon(), view, func() func() {
		started, ms := !u.doc.Journey().Start.IsZero(), u.doc.Milestones()
		return func() { m.show(started, ms) }
	})
}

// show lists the milestones, read off the UI goroutine by the screen's
// load step; started tells whether the journey has a start date.
func (m *milestonesScreen) show(started bool, list []doc.Milestone) {
	u := m.u
	var rows []fyne.CanvasObject
	if !started {
		rows = append(rows, hint("Set the journey's start date on the Journey page to see dates."))
	}
	last := ""
	for _, ms := range list {
		ms := ms
		if ms.Period != last {
			title := ms.Period
			if !ms.Due.IsZero() {
				title += " · around " + ms.Due.Format("Jan 2")
			}
			rows = append(rows, subheading(title))
			last = ms.Period
		}
		c := keptCheck(m.checks, ms.ID, ms.Text, slices.Contains(ms.TickedBy, u.me.ID), func(on bool) {
			u.act(func() error {
				if on {
					return u.doc.TickMilestone(ms.ID, u.me.ID)
				}
				return u.doc.UntickMilestone(ms.ID, u.me.ID)
			}, nil)
		})
		var state []string
		if !ms.Reached.IsZero() && !ms.Done {
			state = append(state, reachedWords(ms.ID))
		}
		switch {
		case ms.Done:
			state = append(state, "✓ both of you")
		case slices.Contains(ms.TickedBy, u.partner().ID):
			state = append(state, fmt.Sprintf("%s ticked this", u.partner().Name))
		}
		rows = append(rows, container.NewBorder(nil, nil, nil, widget.NewLabel(strings.Join(state, " · ")), c))
	}
	setObjects(m.list, rows...)
}

// reachedWords say what the shared notes themselves record of a
// milestone (doc.Milestone.Reached): a fact, not a verdict beside an
// empty box, which stays each partner's own to tick when it feels true.
func reachedWords(id string) string {
	switch id {
	case "w1-repair":
		return "Your conversation is saved"
	case "w1-pause":
		return "You agreed a pause"
	}
	return "Reached"
}
