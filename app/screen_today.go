package app

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// feelingWords are offered as quick picks in the check-in.
var feelingWords = []string{"hopeful", "calm", "close", "tired", "anxious", "hurt", "angry", "numb"}

// today is the check-in, today's commitments and interactions, the next
// talk, a running pause and what the partner did lately.
type today struct {
	u                            *ui
	safety, trust, connection    *widget.Slider
	safetyV, trustV, connectionV *widget.Label
	feelings                     *widget.CheckGroup
	otherFeelings, note          *widget.Entry
	saved                        *widget.Label
	interaction                  *widget.Entry
	kind                         *widget.Select
	greeting                     *widget.Label
	pause, commitments           *fyne.Container
	interactions, talk, recent   *fyne.Container
	changes                      *fyne.Container
	commitRows, momentRows       rowCache
}

func newTodayScreen(u *ui) *screen {
	t := &today{u: u}
	u.today = t
	slider := func(v **widget.Slider, l **widget.Label) fyne.CanvasObject {
		*v = widget.NewSlider(0, 10)
		(*v).Step = 1
		(*v).SetValue(5)
		*l = widget.NewLabel("5")
		(*v).OnChanged = func(f float64) { (*l).SetText(fmt.Sprint(int(f))) }
		return container.NewBorder(nil, nil, nil, *l, *v)
	}
	form := widget.NewForm(
		widget.NewFormItem("Safety", slider(&t.safety, &t.safetyV)),
		widget.NewFormItem("Trust", slider(&t.trust, &t.trustV)),
		widget.NewFormItem("Connection", slider(&t.connection, &t.connectionV)),
	)
	t.feelings = widget.NewCheckGroup(feelingWords, nil)
	t.feelings.Horizontal = true
	t.otherFeelings = entry("Other words, separated by commas")
	t.note = multiline("A note, if you like", 2)
	t.saved = hint("")
	save := primary("Save check-in", t.saveCheckIn)

	t.kind = widget.NewSelect([]string{string(doc.Compliment), string(doc.Affection), string(doc.Thoughtfulness)}, nil)
	t.kind.SetSelected(string(doc.Thoughtfulness))
	t.interaction = entry("A kind word, a hug, a cup of tea made without asking…")
	t.interaction.OnSubmitted = func(string) { t.logInteraction() }
	logBtn := widget.NewButtonWithIcon("Log it", theme.ContentAddIcon(), t.logInteraction)

	t.greeting = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.pause = container.NewVBox()
	t.commitments = container.NewVBox()
	t.interactions = container.NewVBox()
	t.talk = container.NewVBox()
	t.recent = container.NewVBox()
	t.changes = container.NewVBox()

	view := page("Today", "",
		t.greeting,
		t.pause,
		section("How are you, right now?", form,
			widget.NewLabel("Feeling words"), t.feelings, t.otherFeelings, t.note,
			container.NewHBox(save, t.saved)),
		section("Today's commitments", t.commitments),
		section("Positive moments (goal: two a day)", container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(170, t.kind.MinSize().Height), t.kind), logBtn, t.interaction), t.interactions),
		section("Talk time", t.talk),
		section("Lately from your partner", t.recent),
		t.changes,
	)
	return &screen{title: "Today", icon: theme.HomeIcon(), view: view, refresh: t.refresh}
}

func (t *today) saveCheckIn() {
	words := slicesClone(t.feelings.Selected)
	for _, w := range strings.Split(t.otherFeelings.Text, ",") {
		if w = strings.TrimSpace(w); w != "" {
			words = append(words, w)
		}
	}
	c := doc.CheckIn{Author: t.u.me.ID, Time: t.u.now(), Safety: int(t.safety.Value), Trust: int(t.trust.Value),
		Connection: int(t.connection.Value), Feelings: words, Note: strings.TrimSpace(t.note.Text)}
	if _, err := t.u.doc.AddCheckIn(c); err != nil {
		t.u.showError(err)
		return
	}
	t.feelings.SetSelected(nil)
	t.otherFeelings.SetText("")
	t.note.SetText("")
	t.saved.SetText("Saved at " + t.u.now().Format("15:04") + ". Thank you for checking in.")
	t.refresh()
}

func (t *today) logInteraction() {
	if _, err := t.u.doc.AddInteraction(t.u.me.ID, doc.InteractionKind(t.kind.Selected), t.interaction.Text); err != nil {
		t.u.showError(err)
		return
	}
	t.interaction.SetText("")
	t.refresh()
}

func greeting(now time.Time) string {
	switch h := now.Hour(); {
	case h < 5 || h >= 18:
		return "Good evening"
	case h < 12:
		return "Good morning"
	}
	return "Good afternoon"
}

func (t *today) refresh() {
	u := t.u
	now := u.now()
	t.greeting.SetText(fmt.Sprintf("%s, %s. %s.", greeting(now), u.me.Name, now.Format("Monday, January 2")))

	if p := u.doc.Journey().Pause; p.Ended.IsZero() && p.Until.After(now) {
		end := widget.NewButton("End the pause together", func() { u.showError(u.doc.EndPause(u.me.ID)); t.refresh() })
		setObjects(t.pause, section("A pause is running",
			para(fmt.Sprintf("%s asked for a pause until %s. Take this time to process apart; the conversation will be there when you're both ready.",
				u.nameOf(p.By), p.Until.Format("Monday 15:04"))), end))
	} else {
		setObjects(t.pause)
	}

	var rows []fyne.CanvasObject
	for _, c := range u.doc.Commitments() {
		if !dueOn(c, now) {
			continue
		}
		mark, marked := markOn(c, doc.DateOf(now))
		key := fmt.Sprint(c.ID, doc.DateOf(now), u.nameOf(c.Owner), c.Text, c.Cadence, marked, mark.Kept, mark.Acknowledged.IsZero())
		rows = append(rows, t.commitRows.get(key, func() fyne.CanvasObject { return t.commitmentRow(c, now) }))
	}
	t.commitRows.done()
	if len(rows) == 0 {
		rows = append(rows, empty("Nothing due today. You can add small, daily commitments on the Commitments page."))
	}
	setObjects(t.commitments, rows...)

	rows = nil
	mine, theirs := 0, 0
	for _, in := range u.doc.Interactions() {
		if doc.DateOf(in.Time) != doc.DateOf(now) {
			continue
		}
		in := in
		noticed := in.NoticedBy != ""
		if in.Author == u.me.ID {
			mine++
			state := "not noticed yet"
			if noticed {
				state = "noticed ♥"
			}
			rows = append(rows, widget.NewLabel(fmt.Sprintf("You: %s (%s)", in.Text, state)))
			continue
		}
		theirs++
		key := fmt.Sprint(in.ID, u.nameOf(in.Author), in.Text, noticed)
		rows = append(rows, t.momentRows.get(key, func() fyne.CanvasObject {
			var act fyne.CanvasObject = widget.NewLabel("noticed ♥")
			if !noticed {
				act = widget.NewButton("I noticed", func() { u.showError(u.doc.NoticeInteraction(in.ID, u.me.ID)); t.refresh() })
			}
			return container.NewBorder(nil, nil, nil, act, widget.NewLabel(u.nameOf(in.Author)+": "+in.Text))
		}))
	}
	t.momentRows.done()
	rows = append([]fyne.CanvasObject{widget.NewLabel(fmt.Sprintf("Today: you %d of 2 · %s %d of 2", min(mine, 2), u.partner().Name, min(theirs, 2)))}, rows...)
	setObjects(t.interactions, rows...)

	setObjects(t.talk, para(talkText(u.doc.Rituals())))

	setObjects(t.recent, t.recentRows()...)
	t.showChanges()
}

// showChanges lists what changed in the shared notes since the user last
// marked them seen on this device (by the document's change messages,
// never their content).
func (t *today) showChanges() {
	u := t.u
	all, err := u.doc.Since(u.seenHeads())
	var acts []doc.Activity
	for _, a := range all {
		if !plumbing[a.Message] {
			acts = append(acts, a)
		}
	}
	if err != nil || len(acts) == 0 {
		setObjects(t.changes)
		return
	}
	// Group by message, in order of first appearance: "add a need (2), …".
	count := map[string]int{}
	var order []string
	for _, a := range acts {
		if count[a.Message] == 0 {
			order = append(order, a.Message)
		}
		count[a.Message]++
	}
	parts := make([]string, len(order))
	for i, m := range order {
		parts[i] = m
		if n := count[m]; n > 1 {
			parts[i] = fmt.Sprintf("%s (%d)", m, n)
		}
	}
	latest := acts[len(acts)-1].Time
	seen := widget.NewButton("Got it", func() { u.markSeen(); t.showChanges() })
	list := strings.Join(parts, ", ") + "."
	list = strings.ToUpper(list[:1]) + list[1:]
	rows := []fyne.CanvasObject{para(list), hint("Latest: " + ago(latest, u.now())), container.NewHBox(seen)}
	setObjects(t.changes, section(fmt.Sprintf("New in your shared notes since you last looked (%d)", len(acts)), rows...))
}

// plumbing are change messages of the document's own set-up, not worth
// telling anyone about.
var plumbing = map[string]bool{"set the couple": true}

// talkText describes the agreed talk times.
func talkText(r doc.Rituals) string {
	if r.DailyTime == "" && r.WeeklyTime == "" {
		return "No talk times agreed yet. Set them together in Settings: a daily talk of 15–30 minutes, and a longer weekly meeting."
	}
	var parts []string
	if r.DailyTime != "" {
		parts = append(parts, fmt.Sprintf("Daily talk at %s for %d minutes.", r.DailyTime, r.DailyMinutes))
	}
	if r.WeeklyTime != "" {
		parts = append(parts, fmt.Sprintf("Weekly meeting on %s at %s for %d minutes — include what is going right.", r.WeeklyDay, r.WeeklyTime, r.WeeklyMinutes))
	}
	return strings.Join(parts, " ")
}

func (t *today) commitmentRow(c doc.Commitment, now time.Time) fyne.CanvasObject {
	u := t.u
	date := doc.DateOf(now)
	mark, marked := markOn(c, date)
	label := widget.NewLabel(fmt.Sprintf("%s: %s (%s)", u.nameOf(c.Owner), c.Text, c.Cadence))
	label.Wrapping = fyne.TextWrapWord
	var acts []fyne.CanvasObject
	switch {
	case c.Owner == u.me.ID && !marked:
		acts = append(acts,
			widget.NewButtonWithIcon("Kept", theme.ConfirmIcon(), func() { u.showError(u.doc.MarkCommitment(c.ID, date, true)); t.refresh() }),
			widget.NewButton("Missed", func() { u.showError(u.doc.MarkCommitment(c.ID, date, false)); t.refresh() }))
	case marked && !mark.Kept:
		acts = append(acts, widget.NewLabel("missed today — tomorrow is a new day"))
	case marked && !mark.Acknowledged.IsZero():
		acts = append(acts, widget.NewLabel("kept · acknowledged ♥"))
	case marked && c.Owner != u.me.ID:
		acts = append(acts, widget.NewButton("Thank you — acknowledge", func() { u.showError(u.doc.AcknowledgeCommitment(c.ID, date, u.me.ID)); t.refresh() }))
	case marked:
		acts = append(acts, widget.NewLabel("kept"))
	default:
		acts = append(acts, widget.NewLabel("not marked yet"))
	}
	return container.NewBorder(nil, nil, nil, container.NewVBox(container.NewHBox(acts...)), label)
}

// recentRows lists the partner's latest activity, newest first.
func (t *today) recentRows() []fyne.CanvasObject {
	u := t.u
	type item struct {
		at   time.Time
		text string
	}
	var items []item
	pid := u.partner().ID
	for _, c := range u.doc.CheckIns() {
		if c.Author == pid {
			items = append(items, item{c.Time, "checked in"})
		}
	}
	for _, c := range u.doc.Commitments() {
		if c.Owner == pid {
			items = append(items, item{c.Created, "made a commitment: " + c.Text})
		}
	}
	for _, n := range u.doc.Needs() {
		if n.Owner == pid {
			items = append(items, item{n.Created, "shared a need: " + n.Text})
		}
	}
	for _, b := range u.doc.Boundaries() {
		if b.ProposedBy == pid {
			items = append(items, item{b.Created, "proposed a boundary: " + b.Text})
		}
	}
	for _, q := range u.doc.Questions() {
		if q.By == pid {
			items = append(items, item{q.Asked, "asked a question"})
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].at.After(items[j].at) })
	if len(items) == 0 {
		return []fyne.CanvasObject{empty("Nothing new from " + u.partner().Name + " yet.")}
	}
	var rows []fyne.CanvasObject
	for i, it := range items {
		if i == 5 {
			break
		}
		rows = append(rows, widget.NewLabel(fmt.Sprintf("%s %s (%s)", u.partner().Name, it.text, ago(it.at, u.now()))))
	}
	return rows
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }
