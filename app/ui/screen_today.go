package ui

import (
	"fmt"
	"sort"
	"strings"
	stdsync "sync"
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
	feelings                     *wordPicks
	otherFeelings, note          *textEntry
	shareNote                    *widget.Check // share the note with the partner; off by default
	noteWho                      *widget.Label // who will see the note
	saved                        *widget.Label
	checkedIn                    *widget.Label // "You checked in today at …", from the document; hidden until then
	save, log                    *widget.Button
	interaction                  *textEntry
	kind                         *widget.Select
	greeting                     *widget.Label
	pause, commitments           *fyne.Container
	pauseKey                     string // what the pause section shows, to keep it while unchanged
	interactions, talk, recent   *fyne.Container
	changes                      *fyne.Container
	commitRows, momentRows       rowCache
	changesMu                    stdsync.Mutex  // guards the two below: load runs off the UI goroutine
	changesKey                   string         // the seen and current heads changesCache is for
	changesCache                 []doc.Activity // the partner's changes since last looked
}

func newTodayScreen(u *ui) *screen {
	t := &today{u: u}
	u.today = t
	scale := func(v **widget.Slider, l **widget.Label) fyne.CanvasObject {
		var track fyne.CanvasObject
		*v, track = slider(0, 10)
		(*v).Step = 1
		(*v).SetValue(5)
		*l = widget.NewLabel("5")
		(*v).OnChanged = func(f float64) { (*l).SetText(fmt.Sprint(int(f))) }
		return container.NewBorder(nil, nil, nil, *l, track)
	}
	form := widget.NewForm(
		widget.NewFormItem("Safety", scale(&t.safety, &t.safetyV)),
		widget.NewFormItem("Trust", scale(&t.trust, &t.trustV)),
		widget.NewFormItem("Connection", scale(&t.connection, &t.connectionV)),
	)
	t.feelings = newWordPicks(feelingWords)
	t.otherFeelings = entry("Other words, separated by commas")
	t.note = multiline("A note, if you like", 2)
	t.noteWho = audience(onlyYou)
	t.shareNote = widget.NewCheck("Share this note with "+u.partner().Name, func(on bool) {
		if on {
			t.noteWho.SetText(u.seenBy("this note"))
		} else {
			t.noteWho.SetText(onlyYou)
		}
	})
	t.saved = hint("")
	t.checkedIn = para("")
	t.checkedIn.Hide()
	t.save = primary("Save check-in", t.saveCheckIn)

	t.kind = widget.NewSelect([]string{string(doc.Compliment), string(doc.Affection), string(doc.Thoughtfulness)}, nil)
	t.kind.SetSelected(string(doc.Thoughtfulness))
	t.interaction = entry("A kind word, a hug, a cup of tea…")
	t.interaction.OnSubmitted = func(string) { t.logInteraction() }
	t.log = widget.NewButtonWithIcon("Log it", theme.ContentAddIcon(), t.logInteraction)

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
		section("How are you, right now?", t.checkedIn, form,
			widget.NewLabel("Feeling words"), t.feelings.view, t.otherFeelings,
			audience(u.seenBy("your scores and feeling words on Today, and your scores over time on Insights")),
			t.note, t.shareNote, t.noteWho,
			savedRow(t.save, t.saved)),
		section("Today's commitments", t.commitments),
		section("Positive moments (goal: two a day)", container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(170, t.kind.MinSize().Height), t.kind), t.log, t.interaction),
			audience(u.seenBy("this")), t.interactions),
		section("Talk time", t.talk),
		section("Lately from your partner", t.recent),
		t.changes,
	)
	return newScreen("Today", theme.HomeIcon(), view, func() func() { d := t.load(); return func() { t.apply(d) } })
}

func (t *today) saveCheckIn() {
	words := t.feelings.Selected()
	for _, w := range strings.Split(t.otherFeelings.Text, ",") {
		if w = strings.TrimSpace(w); w != "" {
			words = append(words, w)
		}
	}
	c := doc.CheckIn{Author: t.u.me.ID, Time: t.u.now(), Safety: int(t.safety.Value), Trust: int(t.trust.Value),
		Connection: int(t.connection.Value), Feelings: words, Note: strings.TrimSpace(t.note.Text), NoteShared: t.shareNote.Checked}
	t.u.submit(t.save, func() error {
		_, err := t.u.sess.AddCheckIn(c)
		return err
	}, func() {
		// The form starts afresh, as it was when the screen opened; the
		// line beside the button keeps what was saved.
		for _, s := range []*widget.Slider{t.safety, t.trust, t.connection} {
			s.SetValue(5)
		}
		t.feelings.SetSelected(nil)
		t.otherFeelings.SetText("")
		t.note.SetText("")
		t.shareNote.SetChecked(false) // each note is private until its writer chooses
		t.saved.SetText(fmt.Sprintf("Saved at %s: safety %d, trust %d, connection %d. Thank you for checking in.",
			t.u.now().Format("15:04"), c.Safety, c.Trust, c.Connection))
	})
}

func (t *today) logInteraction() {
	u, kind, text := t.u, doc.InteractionKind(t.kind.Selected), t.interaction.Text
	u.submit(t.log, func() error {
		_, err := u.doc.AddInteraction(u.me.ID, kind, text)
		return err
	}, func() { t.interaction.SetText("") })
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

// todayData is what the Today screen shows, read from the document off
// the UI goroutine by load and set on the widgets by apply.
type todayData struct {
	now     time.Time
	partner string
	pause   doc.Pause
	due     []doc.Commitment  // due today
	moments []doc.Interaction // logged today
	talk    string
	checked time.Time      // the user's latest check-in today, if any
	recent  []string       // the partner's latest activity, newest first
	changes []doc.Activity // the partner's changes since last looked
}

// load reads the document. It touches no widget, so it may run on any
// goroutine.
func (t *today) load() todayData {
	u := t.u
	now := u.now()
	d := todayData{now: now, partner: u.partner().Name}
	d.pause = u.doc.Journey().Pause
	for _, c := range u.doc.Commitments() {
		if dueOn(c, now) {
			d.due = append(d.due, c)
		}
	}
	for _, in := range u.doc.Interactions() {
		if doc.DateOf(in.Time) == doc.DateOf(now) {
			d.moments = append(d.moments, in)
		}
	}
	for _, c := range u.doc.CheckIns() {
		if at := c.Time.In(now.Location()); c.Author == u.me.ID && doc.DateOf(at) == doc.DateOf(now) && at.After(d.checked) {
			d.checked = at
		}
	}
	d.talk = talkText(u.doc.Rituals())
	d.recent = t.recentItems(now)
	if acts, err := t.partnerChanges(); err == nil {
		d.changes = acts
	}
	return d
}

// apply sets the widgets from d, on the UI goroutine. Rows that did not
// change are kept, so a button the user is about to press stays put.
func (t *today) apply(d todayData) {
	u := t.u
	now := d.now
	t.greeting.SetText(fmt.Sprintf("%s, %s. %s.", greeting(now), u.me.Name, now.Format("Monday, January 2")))

	// Kept while it says the same, like the rows below: a reload must not
	// swap "Agree to the pause" under the pointer.
	if key := fmt.Sprint(d.pause, d.pause.Active(now), d.pause.Asking(now), now.Before(d.pause.Until), d.partner); key != t.pauseKey {
		t.pauseKey = key
		if p := u.pauseSection(d.pause, now); p != nil {
			setObjects(t.pause, p)
		} else {
			setObjects(t.pause)
		}
	}

	// A check-in made today is remembered, here and after a restart, so a
	// second one is a choice, not a mistake.
	if d.checked.IsZero() {
		t.checkedIn.Hide()
		t.save.SetText("Save check-in")
	} else {
		t.checkedIn.SetText("You checked in today at " + d.checked.Format("15:04") + ". If something has changed since, you can check in again.")
		t.checkedIn.Show()
		t.save.SetText("Check in again")
	}

	var rows []fyne.CanvasObject
	for _, c := range d.due {
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
	for _, in := range d.moments {
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
				act = widget.NewButton("I noticed", func() { u.act(func() error { return u.doc.NoticeInteraction(in.ID, u.me.ID) }, nil) })
			}
			return container.NewBorder(nil, nil, nil, act, widget.NewLabel(u.nameOf(in.Author)+": "+in.Text))
		}))
	}
	t.momentRows.done()
	rows = append([]fyne.CanvasObject{widget.NewLabel(fmt.Sprintf("Today: you %d of 2 · %s %d of 2", min(mine, 2), d.partner, min(theirs, 2)))}, rows...)
	setObjects(t.interactions, rows...)

	setObjects(t.talk, para(d.talk))

	if len(d.recent) == 0 {
		// This list holds check-ins, commitments, needs, boundaries and
		// questions: with other changes below, "nothing new" would say
		// the opposite of them.
		words := "Nothing new from " + d.partner + " yet."
		if len(d.changes) > 0 {
			words = "No check-ins, commitments or needs from " + d.partner + " yet."
		}
		setObjects(t.recent, empty(words))
	} else {
		rows = nil
		for _, r := range d.recent {
			l := widget.NewLabel(r)
			l.Wrapping = fyne.TextWrapWord
			rows = append(rows, l)
		}
		setObjects(t.recent, rows...)
	}
	t.setChanges(d.changes)
}

// setChanges tells, in a sentence, what the partner changed in the
// shared notes since the user last marked them seen on this device: only
// the partner's changes, which reached this device by sync, never the
// user's own, and never their content (the document's change messages
// and who made them, nothing more).
func (t *today) setChanges(acts []doc.Activity) {
	u := t.u
	if len(acts) == 0 {
		setObjects(t.changes)
		return
	}
	name := u.partner().Name
	latest := acts[len(acts)-1].Time
	// Seen changes are remembered on this device, not in the document: no
	// notification comes, so the screen reloads (its load reads them).
	seen := widget.NewButton("Got it", func() { u.markSeen(); u.reload() })
	rows := []fyne.CanvasObject{para(changesSentence(name, acts)), hint("Latest: " + ago(latest, u.now())), container.NewHBox(seen)}
	setObjects(t.changes, section("New from "+name+" since you last looked", rows...))
}

// partnerChanges returns the partner's changes since the user last looked,
// oldest first. The answer is kept until the document or the seen heads
// change: attributing changes replays the new changes on a copy of the
// document, which takes a while on a long history, so it runs in load, off
// the UI goroutine.
func (t *today) partnerChanges() ([]doc.Activity, error) {
	u := t.u
	seen := u.seenHeads()
	key := fmt.Sprint(seen, u.doc.Heads(), u.partner().ID)
	t.changesMu.Lock()
	defer t.changesMu.Unlock()
	if key == t.changesKey {
		return t.changesCache, nil
	}
	all, err := u.doc.Since(seen)
	if err != nil {
		return nil, err
	}
	var acts []doc.Activity
	pid := u.partner().ID
	for _, a := range all {
		if a.Author == pid && !plumbing[a.Message] {
			acts = append(acts, a)
		}
	}
	t.changesKey, t.changesCache = key, acts
	return acts, nil
}

// changePhrases say what a change message means, from the reader's side.
// one is for a single change, many (with the count) for several.
var changePhrases = map[string]struct{ one, many string }{
	"add a check-in":                 {"checked in", "checked in %d times"},
	"add a positive interaction":     {"logged a kind moment", "logged %d kind moments"},
	"notice a positive interaction":  {"noticed one of your kind moments", "noticed %d of your kind moments"},
	"add a commitment":               {"made a commitment", "made %d commitments"},
	"edit a commitment":              {"reworded a commitment", "reworded commitments %d times"},
	"mark a commitment kept":         {"kept a commitment", "kept commitments %d times"},
	"mark a commitment missed":       {"noted a commitment that didn't happen", "noted %d commitments that didn't happen"},
	"acknowledge a kept commitment":  {"thanked you for a kept commitment", "thanked you for %d kept commitments"},
	"retire a commitment":            {"retired a commitment", "retired %d commitments"},
	"undo a commitment mark":         {"took back a kept or missed mark", "took back %d kept or missed marks"},
	"add a need":                     {"shared a need", "shared %d needs"},
	"edit a need":                    {"reworded a need", "reworded needs %d times"},
	"update a need":                  {"updated a need", "updated needs %d times"},
	"respond to a need":              {"responded to a need", "responded to %d needs"},
	"propose a boundary":             {"proposed a boundary", "proposed %d boundaries"},
	"agree to a boundary":            {"agreed to a boundary", "agreed to %d boundaries"},
	"revise a boundary":              {"revised a boundary", "revised boundaries %d times"},
	"ask a question":                 {"asked a question", "asked %d questions"},
	"answer a question":              {"answered a question", "answered %d questions"},
	"edit a question":                {"reworded a question", "reworded questions %d times"},
	"add an apology":                 {"offered an apology", "offered %d apologies"},
	"respond to an apology":          {"answered your apology", "answered your apologies %d times"},
	"agree a pause":                  {"started a pause", "started a pause %d times"},
	"ask for a pause":                {"asked for a pause", "asked for a pause %d times"},
	"agree to the pause":             {"agreed to your pause", "agreed to a pause %d times"},
	"not now to the pause":           {"would rather not pause now", "said not now to a pause %d times"},
	"withdraw a request for a pause": {"withdrew a request for a pause", "withdrew a request for a pause %d times"},
	"end the pause":                  {"ended the pause", "ended a pause %d times"},
	"tick a milestone":               {"ticked a milestone", "ticked %d milestones"},
	"untick a milestone":             {"unticked a milestone", "unticked %d milestones"},
	"tick a help sign":               {"ticked a sign on the help checklist", "ticked %d signs on the help checklist"},
	"untick a help sign":             {"unticked a sign on the help checklist", "unticked %d signs on the help checklist"},
	"set the talk times":             {"changed the talk times", "changed the talk times %d times"},
	"rename a partner":               {"changed a name", "changed names %d times"},
}

// repairWork are the changes of the repair conversation, which the two go
// through together: they read as one line, "worked through the repair
// conversation" (or "started a repair conversation"), never a count of
// clicks.
var repairWork = map[string]bool{"start a repair conversation": true, "move a repair conversation on": true, "finish a repair conversation": true}

// pauseWork are the changes of a pause: the partner is told only where it
// stands now (the last of them), never how many requests there were,
// which would read like keeping score.
var pauseWork = map[string]bool{"agree a pause": true, "ask for a pause": true, "agree to the pause": true,
	"not now to the pause": true, "withdraw a request for a pause": true, "end the pause": true}

// changesSentence says what name did, grouped by kind in order of first
// appearance: "Since you last looked, Sam checked in and noticed one of
// your kind moments."
func changesSentence(name string, acts []doc.Activity) string {
	count := map[string]int{}
	onlyStarted := true // of the repair conversation, only its start
	var order []string
	lastPause := ""
	for _, a := range acts {
		m := a.Message
		if pauseWork[m] {
			lastPause, m = m, "pause"
		}
		if repairWork[m] || strings.HasPrefix(m, "record repair round") {
			onlyStarted = onlyStarted && m == "start a repair conversation"
			m = "repair"
		}
		if count[m] == 0 {
			order = append(order, m)
		}
		count[m]++
	}
	parts := make([]string, len(order))
	for i, m := range order {
		n := count[m]
		p, ok := changePhrases[m]
		switch {
		case m == "repair" && onlyStarted:
			parts[i] = "started a repair conversation"
		case m == "repair":
			parts[i] = "worked through the repair conversation"
		case m == "pause":
			parts[i] = changePhrases[lastPause].one
		case ok && n == 1:
			parts[i] = p.one
		case ok:
			parts[i] = fmt.Sprintf(p.many, n)
		case n == 1:
			parts[i] = m
		default:
			parts[i] = fmt.Sprintf("%s (%d times)", m, n)
		}
	}
	list := parts[0]
	if len(parts) > 1 {
		list = strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
	return "Since you last looked, " + name + " " + list + "."
}

// plumbing are change messages of the document's own set-up, not worth
// telling anyone about.
var plumbing = map[string]bool{"set the couple": true, doc.MsgTidyHelp: true, doc.MsgPairingName: true,
	// The repair conversation's timer and turns are shown live on its screen.
	"start the speaker's timer": true, "pause the speaker's timer": true, "reset the speaker's timer": true,
	"choose who speaks first": true}

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
			widget.NewButtonWithIcon("Kept", theme.ConfirmIcon(), func() { u.act(func() error { return u.doc.MarkCommitment(c.ID, date, true) }, nil) }),
			widget.NewButton("Missed", func() { u.act(func() error { return u.doc.MarkCommitment(c.ID, date, false) }, nil) }))
	case marked && !mark.Kept:
		acts = append(acts, widget.NewLabel("missed today — tomorrow is a new day"))
	case marked && !mark.Acknowledged.IsZero():
		acts = append(acts, widget.NewLabel("kept · acknowledged ♥"))
	case marked && c.Owner != u.me.ID:
		acts = append(acts, widget.NewButton("Thank you — acknowledge", func() {
			u.act(func() error { return u.doc.AcknowledgeCommitment(c.ID, date, u.me.ID) }, nil)
		}))
	case marked:
		acts = append(acts, widget.NewLabel("kept"))
	default:
		acts = append(acts, widget.NewLabel("not marked yet"))
	}
	if c.Owner == u.me.ID && marked { // a mis-click is not a withdrawal
		acts = append(acts, widget.NewButtonWithIcon("Undo", theme.ContentUndoIcon(), func() {
			u.act(func() error { return u.doc.UnmarkCommitment(c.ID, date, u.me.ID) }, nil)
		}))
	}
	return container.NewBorder(nil, nil, nil, container.NewVBox(container.NewHBox(acts...)), label)
}

// recentItems says what the partner did lately, newest first, five at most.
func (t *today) recentItems(now time.Time) []string {
	u := t.u
	type item struct {
		at   time.Time
		text string
	}
	var items []item
	pid := u.partner().ID
	for _, c := range u.doc.CheckIns() {
		if c.Author == pid {
			items = append(items, item{c.Time, checkInWords(c)})
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
	var out []string
	for i, it := range items {
		if i == 5 {
			break
		}
		out = append(out, fmt.Sprintf("%s %s (%s)", u.partner().Name, it.text, ago(it.at, now)))
	}
	return out
}

// checkInWords says what the partner shared in a check-in, as the form
// promised them: "checked in: safety 7, trust 4, connection 6 · feeling
// hopeful, tired", and the note only if they chose to share it.
func checkInWords(c doc.CheckIn) string {
	s := fmt.Sprintf("checked in: safety %d, trust %d, connection %d", c.Safety, c.Trust, c.Connection)
	if len(c.Feelings) > 0 {
		s += " · feeling " + strings.Join(c.Feelings, ", ")
	}
	if c.NoteShared && c.Note != "" {
		s += " · shared a note: “" + c.Note + "”"
	}
	return s
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }
