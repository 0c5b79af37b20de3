package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// repairRounds are the five rounds of the repair conversation: a short
// title and a guide; %[1]s is the speaker, %[2]s the listener.
var repairRounds = []struct{ title, guide string }{
	{"Speaker and listener", "%[1]s speaks about their own experience for five uninterrupted minutes. %[2]s listens, then reflects back: “What I hear you saying is…”, without defending."},
	{"Switch roles", "Now %[1]s speaks about their own experience — not a rebuttal — and %[2]s listens and reflects back."},
	{"Patterns", "Together, name what went wrong — the patterns, not who. Write each one down."},
	{"Needs", "Each of you says specifically what you need to feel safe."},
	{"Commitments", "What will each of you do differently? Write it down together."},
}

// repair guides the five-round repair conversation. The conversation is
// one shared session in the shared document: both laptops show the same
// round, who is speaking and the speaker's timer, and either partner moves
// it on. What the rounds produce is written down as it is said, so both
// see it; saving turns the needs and commitments into records of their own.
type repair struct {
	u    *ui
	last *fyne.Container // what the last finished conversation saved
	body *fyne.Container // the start card, or the live session
	open fyne.CanvasObject
	live fyne.CanvasObject

	title, guide *widget.Label
	back, next   *widget.Button
	stage        *fyne.Container

	speaking  *widget.Label
	clock     *widget.Label
	bar       *widget.ProgressBar
	startStop *widget.Button
	reset     *widget.Button
	swap      *widget.Button
	timerBox  fyne.CanvasObject

	// Entries are kept across refreshes, so the partner's moves never
	// discard what the user is typing.
	pattern, needTxt, cmtTxt *textEntry
	needFor, cmtFor          *widget.RadioGroup
	said                     *fyne.Container

	sess   doc.RepairSession // the session on screen
	active bool
}

func newRepairScreen(u *ui) *screen {
	r := &repair{u: u}
	u.repair = r
	r.last, r.body = container.NewVBox(), container.NewVBox()
	r.title = subheading("")
	r.guide = para("")
	r.back = widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), func() { r.move(-1) })
	r.next = primary("Next round", func() {
		if r.sess.Current == doc.RoundCommitments {
			r.finish()
			return
		}
		r.move(+1)
	})
	r.speaking = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	r.clock = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	r.bar = widget.NewProgressBar()
	r.bar.TextFormatter = func() string { return "" }
	r.startStop = widget.NewButtonWithIcon("Start 5 minutes", theme.MediaPlayIcon(), r.toggle)
	r.reset = widget.NewButtonWithIcon("Reset", theme.MediaReplayIcon(), func() { r.edit(u.doc.ResetRepairTimer(r.sess.ID, u.me.ID)) })
	r.swap = low("", theme.ViewRefreshIcon(), func() {
		r.edit(u.doc.SetRepairFirst(r.sess.ID, u.me.ID, r.other(r.sess.First)))
	})
	r.timerBox = container.NewVBox(r.speaking, r.clock, r.bar, container.NewHBox(r.startStop, r.reset, r.swap),
		hint("Listener: “What I hear you saying is…” — then ask, “Did I get that right?”"))
	r.pattern = entry("A pattern, e.g. “We stop talking when we're hurt”")
	r.pattern.OnSubmitted = func(string) { r.add(r.pattern, doc.RoundPatterns, nil) }
	r.needTxt = entry("I need…")
	r.needTxt.OnSubmitted = func(string) { r.add(r.needTxt, doc.RoundNeeds, r.needFor) }
	r.cmtTxt = entry("I will…")
	r.cmtTxt.OnSubmitted = func(string) { r.add(r.cmtTxt, doc.RoundCommitments, r.cmtFor) }
	r.needFor = widget.NewRadioGroup(nil, nil)
	r.needFor.Horizontal = true
	r.cmtFor = widget.NewRadioGroup(nil, nil)
	r.cmtFor.Horizontal = true
	r.said = container.NewVBox()
	r.stage = container.NewVBox()
	// The round and the buttons that move it stay at the top of the card,
	// where they are whatever the round holds: a second click lands on the
	// same button, never on what a taller or shorter round put there.
	r.live = sectionL(r.title, container.NewHBox(r.back, r.next), r.guide, audience(u.seenBy("what you write here")), r.stage)
	r.open = section("Start a repair conversation",
		para("Five rounds, together: each of you speaks and is heard, then you name the patterns, your needs and what each of you will do differently. "+
			"Both laptops follow the same conversation — the round, who is speaking and the timer — and either of you can move it on."),
		audience(u.seenBy("what you write here")),
		container.NewHBox(primary("Start together", r.start)))
	view := page("Repair conversation", "Five rounds, at your own pace. You can stop at any time and come back.", r.last, r.body)
	every(u.b, time.Second, u.stop, r.tick)
	// Repair reads its session on the UI goroutine, in apply: its buttons
	// act on the round on screen, so it is never an earlier load's.
	return newScreen("Repair", theme.MediaRecordIcon(), view, func() func() { return r.refresh })
}

// other returns the partner who is not id.
func (r *repair) other(id string) string {
	if id == r.u.me.ID {
		return r.u.partner().ID
	}
	return r.u.me.ID
}

// edit shows err, if any, and shows the document's state.
func (r *repair) edit(err error) {
	r.u.showError(err)
	r.refresh()
}

func (r *repair) start() {
	_, err := r.u.doc.StartRepairSession(r.u.me.ID)
	r.edit(err)
}

// move goes one round on or back from the round on screen. If the partner
// moved it meanwhile, the document stays where they put it.
func (r *repair) move(by int) {
	from := r.sess.Current
	r.edit(r.u.doc.MoveRepairRound(r.sess.ID, r.u.me.ID, from, from+by))
}

func (r *repair) toggle() {
	u := r.u
	if r.sess.Timer.Running(u.now()) {
		r.edit(u.doc.PauseRepairTimer(r.sess.ID, u.me.ID))
		return
	}
	r.edit(u.doc.StartRepairTimer(r.sess.ID, u.me.ID))
}

// add writes down what was said in a round, for the partner chosen in who
// (or for the two of them: a pattern is named together).
func (r *repair) add(e *textEntry, round int, who *widget.RadioGroup) {
	if blank(e.Text) {
		return
	}
	id := r.u.me.ID
	if who != nil && who.Selected == r.u.partner().Name {
		id = r.u.partner().ID
	}
	if err := r.u.doc.RecordRound(r.sess.ID, round, id, e.Text); err != nil {
		r.edit(err)
		return
	}
	e.SetText("")
	r.refresh()
}

// finish saves the session: the needs and commitments it produced become
// records of their own, and the week-one milestone is ticked.
func (r *repair) finish() {
	u := r.u
	d := u.doc
	s, ok := d.ActiveRepairSession()
	if !ok || s.ID != r.sess.ID { // the partner saved it meanwhile
		r.refresh()
		return
	}
	for _, n := range s.Needs() {
		_, err := d.AddNeed(n.Who, n.Text)
		u.showError(err)
	}
	for _, c := range s.Commitments() {
		_, err := d.AddCommitment(c.Who, c.Text, doc.Daily)
		u.showError(err)
	}
	u.showError(d.FinishRepairSession(s.ID))
	u.showError(d.TickMilestone("w1-repair", u.me.ID))
	r.refresh()
}

// savedText says what a finished session put in the shared notes.
func savedText(s doc.RepairSession) string {
	return fmt.Sprintf("Saved: %s, %s and %s are now in your shared notes. Well done, both of you.",
		plural(len(s.Patterns()), "pattern"), plural(len(s.Needs()), "need"), plural(len(s.Commitments()), "commitment"))
}

// tick counts the shared timer down on this laptop's clock, once a second,
// while the Repair screen is shown. Nothing is written: the document holds
// only when the timer started and how much was left, so leaving the screen
// or locking never pauses it.
func (r *repair) tick() {
	if !r.active || r.u.body == nil || r.u.screens[r.u.current].title != "Repair" {
		return
	}
	if r.sess.Timer.Started.IsZero() {
		return
	}
	r.showTimer()
}

// showTimer shows the speaker's timer of the session on screen.
func (r *repair) showTimer() {
	now := r.u.now()
	t := r.sess.Timer
	left := t.Remaining(now)
	secs := int((left + time.Second - 1) / time.Second) // 4:59.4 shows 5:00 until it is 4:59
	r.clock.SetText(fmt.Sprintf("%d:%02d", secs/60, secs%60))
	r.bar.SetValue(1 - float64(left)/float64(doc.SpeakTime))
	switch {
	case left == 0:
		r.startStop.SetText("Time's up")
		r.startStop.SetIcon(theme.ConfirmIcon())
		r.startStop.Disable()
	case t.Running(now):
		r.startStop.Enable()
		r.startStop.SetText("Pause")
		r.startStop.SetIcon(theme.MediaPauseIcon())
	case t.Left < doc.SpeakTime:
		r.startStop.Enable()
		r.startStop.SetText("Continue")
		r.startStop.SetIcon(theme.MediaPlayIcon())
	default:
		r.startStop.Enable()
		r.startStop.SetText("Start 5 minutes")
		r.startStop.SetIcon(theme.MediaPlayIcon())
	}
}

func (r *repair) refresh() {
	u := r.u
	var lastDone *doc.RepairSession
	for _, s := range u.doc.RepairSessions() {
		if !s.Finished.IsZero() && (lastDone == nil || s.Finished.After(lastDone.Finished)) {
			lastDone = &s
		}
	}
	if lastDone != nil {
		setObjects(r.last, section("Your last conversation, "+lastDone.Finished.Format("Jan 2"), para(savedText(*lastDone))))
	} else {
		setObjects(r.last)
	}
	r.sess, r.active = u.doc.ActiveRepairSession()
	if !r.active {
		setObjects(r.body, r.open)
		return
	}
	if len(r.body.Objects) != 1 || r.body.Objects[0] != r.live {
		setObjects(r.body, r.live)
	}
	s := r.sess
	rd := repairRounds[s.Current-1]
	r.title.SetText(fmt.Sprintf("Round %d of %d · %s", s.Current, len(repairRounds), rd.title))
	speaker := s.Speaker(r.other)
	guide := rd.guide
	if strings.Contains(guide, "%[") {
		// By name on both laptops: the guide reads the same to both.
		guide = fmt.Sprintf(guide, r.name(speaker), r.name(r.other(speaker)))
	}
	r.guide.SetText(guide)
	if s.Current == doc.RoundSpeaker {
		r.back.Disable()
	} else {
		r.back.Enable()
	}
	if s.Current == doc.RoundCommitments {
		r.next.SetText("Save to our shared notes")
	} else {
		r.next.SetText("Next round")
	}
	names := []string{u.me.Name, u.partner().Name}
	for _, g := range []*widget.RadioGroup{r.needFor, r.cmtFor} {
		g.Options = names
		if g.Selected == "" {
			g.Selected = names[0]
		}
		g.Refresh()
	}
	var said []fyne.CanvasObject
	for _, e := range s.Round(s.Current) {
		text := "• " + e.Text
		if s.Current != doc.RoundPatterns {
			text = "• " + u.nameOf(e.Who) + ": " + e.Text
		}
		said = append(said, widget.NewLabel(text))
	}
	setObjects(r.said, said...)
	switch s.Current {
	case doc.RoundSpeaker, doc.RoundSwitch:
		if speaker == u.me.ID {
			r.speaking.SetText("You are speaking · " + u.partner().Name + " listens")
		} else {
			r.speaking.SetText(u.nameOf(speaker) + " is speaking · you listen")
		}
		r.swap.SetText(u.nameOf(r.other(s.First)) + " speaks first instead")
		if s.Current == doc.RoundSpeaker && s.Timer.Left == doc.SpeakTime && s.Timer.Started.IsZero() {
			r.swap.Show()
		} else {
			r.swap.Hide()
		}
		r.showTimer()
		setStage(r.stage, r.timerBox)
	case doc.RoundPatterns:
		setStage(r.stage, container.NewBorder(nil, nil, nil, widget.NewButton("Add", func() { r.add(r.pattern, doc.RoundPatterns, nil) }), r.pattern), r.said)
	case doc.RoundNeeds:
		setStage(r.stage, r.needFor, container.NewBorder(nil, nil, nil, widget.NewButton("Add", func() { r.add(r.needTxt, doc.RoundNeeds, r.needFor) }), r.needTxt), r.said)
	case doc.RoundCommitments:
		setStage(r.stage, r.cmtFor, container.NewBorder(nil, nil, nil, widget.NewButton("Add", func() { r.add(r.cmtTxt, doc.RoundCommitments, r.cmtFor) }), r.cmtTxt), r.said)
	}
}

// setStage shows objs, unless they are on show already: the partner's
// edits then never rebuild what holds the focus.
func setStage(c *fyne.Container, objs ...fyne.CanvasObject) {
	if len(c.Objects) == len(objs) {
		same := true
		for i := range objs {
			if c.Objects[i] != objs[i] {
				same = false
			}
		}
		if same {
			return
		}
	}
	setObjects(c, objs...)
}

// name returns a partner's own name (never "You").
func (r *repair) name(id string) string {
	if id == r.u.me.ID {
		return r.u.me.Name
	}
	return r.u.partner().Name
}
