package app

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// milestone is one guideline on the timeline, days after the start.
type milestone struct {
	key, when, text string
	days            int
}

// milestones are guidelines, not deadlines.
var milestones = []milestone{
	{"w1-repair", "Week 1", "The repair conversation is done", 7},
	{"w1-pause", "Week 1", "A pause was agreed", 7},
	{"w1-name", "Week 1", "We can both name what went wrong without blame", 7},
	{"w2-positive", "Week 2", "Two positive interactions a day, and they are noticed", 14},
	{"w4-talk", "Week 4", "We can talk about it without escalating", 28},
	{"w4-growth", "Week 4", "Each of us is working on our own growth", 28},
	{"w8-intimacy", "Week 8", "Intimacy at a level we both feel safe with", 56},
	{"w8-future", "Week 8", "We can discuss the future without pressure", 56},
	{"m3-trust", "Month 3", "We checked in on whether trust is substantially rebuilt", 91},
	{"m6-story", "Month 6+", "It no longer dominates our story", 182},
}

type milestonesScreen struct {
	u    *ui
	list *fyne.Container
}

func newMilestonesScreen(u *ui) *screen {
	m := &milestonesScreen{u: u, list: container.NewVBox()}
	view := page("Milestones", "Guidelines, not deadlines. Every couple moves at its own pace; tick an item when it feels true for you.", m.list)
	return &screen{title: "Milestones", icon: theme.CalendarIcon(), view: view, refresh: m.refresh}
}

func (m *milestonesScreen) refresh() {
	u := m.u
	start := u.store.JourneyStart()
	ticks := u.store.Milestones()
	var rows []fyne.CanvasObject
	last := ""
	for _, ms := range milestones {
		ms := ms
		if ms.when != last {
			title := ms.when
			if !start.IsZero() {
				title += " · around " + start.AddDate(0, 0, ms.days).Format("Jan 2")
			}
			rows = append(rows, subheading(title))
			last = ms.when
		}
		who := ticks[ms.key]
		mine := slices.Contains(who, u.me.ID)
		theirs := slices.Contains(who, u.partner().ID)
		c := widget.NewCheck(ms.text, nil)
		c.Checked = mine
		c.OnChanged = func(on bool) { u.showError(u.store.TickMilestone(ms.key, u.me.ID, on)) }
		state := ""
		if theirs {
			state = fmt.Sprintf("%s ticked this ✓", u.partner().Name)
		}
		rows = append(rows, container.NewBorder(nil, nil, nil, widget.NewLabel(state), c))
	}
	if start.IsZero() {
		rows = append([]fyne.CanvasObject{hint("Set the journey's start date on the Journey page to see dates.")}, rows...)
	}
	setObjects(m.list, rows...)
}
