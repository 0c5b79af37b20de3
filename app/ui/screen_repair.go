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
	who          *widget.Label // who sees what is written: shown only in rounds with a field
	back, next   *widget.Button
	startBtn     *widget.Button // on the start card
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
	// A round's entry with its Add button, built once, so a refresh never
	// rebuilds what holds the focus.
	patternRow, needRow, cmtRow fyne.CanvasObject

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
	r.reset = widget.NewButtonWithIcon("Reset", theme.MediaReplayIcon(), func() {
		id := r.sess.ID
		u.act(func() error { return u.doc.ResetRepairTimer(id, u.me.ID) }, nil)
	})
	r.swap = low("", theme.ViewRefreshIcon(), func() {
		id, first := r.sess.ID, r.other(r.sess.First)
		u.act(func() error { return u.doc.SetRepairFirst(id, u.me.ID, first) }, nil)
	})
	r.timerBox = container.NewVBox(r.speaking, r.clock, r.bar, container.NewHBox(r.startStop, r.reset, r.swap),
		hint("Listener: “What I hear you saying is…” — then ask, “Did I get that right?”"))
	r.needFor = widget.NewRadioGroup(nil, nil)
	r.needFor.Horizontal = true
	r.cmtFor = widget.NewRadioGroup(nil, nil)
	r.cmtFor.Horizontal = true
	r.pattern, r.patternRow = r.addRow("A pattern, e.g. “We stop talking when we're hurt”", doc.RoundPatterns, nil)
	r.needTxt, r.needRow = r.addRow("I need…", doc.RoundNeeds, r.needFor)
	r.cmtTxt, r.cmtRow = r.addRow("I will…", doc.RoundCommitments, r.cmtFor)
	r.said = container.NewVBox()
	r.stage = container.NewVBox()
	// The round and the buttons that move it stay at the top of the card,
	// where they are whatever the round holds: a second click lands on the
	// same button, never on what a taller or shorter round put there.
	r.who = audience(u.seenBy("what you write here"))
	r.live = sectionL(r.title, container.NewHBox(r.back, r.next), r.guide, r.who, r.stage)
	r.startBtn = primary("Start together", r.start)
	r.open = section("Start a repair conversation",
		para("Five rounds, together: each of you speaks and is heard, then you name the patterns, your needs and what each of you will do differently. "+
			"Both laptops follow the same conversation — the round, who is speaking and the timer — and either of you can move it on."),
		audience(u.seenBy("this conversation, and what you write down in it")),
		container.NewHBox(r.startBtn))
	view := page("Repair conversation", "Five rounds, at your own pace. You can stop at any time and come back.", r.last, r.body)
	every(u.b, time.Second, u.stop, r.tick)
	// Its buttons act on the session apply put on screen: loads never
	// overlap, and one for a screen left meanwhile is dropped.
	return newScreen("Repair", theme.MediaRecordIcon(), view, func() func() { d := r.load(); return func() { r.apply(d) } })
}

// addRow returns the entry of a round and the row that holds it with its
// Add button. Add, or Enter in the entry, writes down what was said.
func (r *repair) addRow(placeholder string, round int, who *widget.RadioGroup) (*textEntry, fyne.CanvasObject) {
	e := entry(placeholder)
	var add *widget.Button
	add = widget.NewButton("Add", func() { r.add(e, add, round, who) })
	e.OnSubmitted = func(string) { r.add(e, add, round, who) }
	return e, container.NewBorder(nil, nil, nil, add, e)
}

// other returns the partner who is not id.
func (r *repair) other(id string) string {
	if id == r.u.me.ID {
		return r.u.partner().ID
	}
	return r.u.me.ID
}

func (r *repair) start() {
	u := r.u
	u.submit(r.startBtn, func() error {
		_, err := u.doc.StartRepairSession(u.me.ID)
		return err
	}, nil)
}

// move goes one round on or back from the round on screen. If the partner
// moved it meanwhile, the document stays where they put it.
func (r *repair) move(by int) {
	u, id, from := r.u, r.sess.ID, r.sess.Current
	u.act(func() error { return u.doc.MoveRepairRound(id, u.me.ID, from, from+by) }, nil)
}

func (r *repair) toggle() {
	u, id := r.u, r.sess.ID
	if r.sess.Timer.Running(u.now()) {
		u.act(func() error { return u.doc.PauseRepairTimer(id, u.me.ID) }, nil)
		return
	}
	u.act(func() error { return u.doc.StartRepairTimer(id, u.me.ID) }, nil)
}

// add writes down what was said in a round, for the partner chosen in who
// (or for the two of them: a pattern is named together).
func (r *repair) add(e *textEntry, btn *widget.Button, round int, who *widget.RadioGroup) {
	if blank(e.Text) {
		return
	}
	u, sess, text := r.u, r.sess.ID, e.Text
	id := u.me.ID
	if who != nil && who.Selected == u.partner().Name {
		id = u.partner().ID
	}
	u.submit(btn, func() error { return u.doc.RecordRound(sess, round, id, text) }, func() { e.SetText("") })
}

// finish saves the session, in one change: the needs and commitments it
// produced become records of their own, once, even when the partner saves
// it at the same moment (see doc.Shared.FinishRepairSession). The
// week-one milestone shows it done from the document's own record: no
// one's tick is made for them.
func (r *repair) finish() {
	u, id := r.u, r.sess.ID
	u.submit(r.next, func() error { return u.doc.FinishRepairSession(id) }, nil)
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

// repairData is what the Repair screen shows, read off the UI goroutine
// by load.
type repairData struct {
	last   *doc.RepairSession // the last finished conversation, if any
	sess   doc.RepairSession  // the conversation going on, if active
	active bool
}

// load reads the document; it touches no widget.
func (r *repair) load() repairData {
	var d repairData
	for _, s := range r.u.doc.RepairSessions() {
		if !s.Finished.IsZero() && (d.last == nil || s.Finished.After(d.last.Finished)) {
			d.last = &s
		}
	}
	d.sess, d.active = r.u.doc.ActiveRepairSession()
	return d
}

// apply sets the widgets from d, on the UI goroutine.
func (r *repair) apply(d repairData) {
	u := r.u
	if d.last != nil {
		setObjects(r.last, section("Your last conversation, "+d.last.Finished.Format("Jan 2"), para(savedText(*d.last))))
	} else {
		setObjects(r.last)
	}
	r.sess, r.active = d.sess, d.active
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
	showIf(r.who, s.Current != doc.RoundSpeaker && s.Current != doc.RoundSwitch) // rounds 1–2 have nothing to write
	switch s.Current {
	case doc.RoundSpeaker, doc.RoundSwitch:
		if speaker == u.me.ID {
			r.speaking.SetText("You are speaking · " + u.partner().Name + " listens")
		} else {
			r.speaking.SetText(u.nameOf(speaker) + " is speaking · you listen")
		}
		r.swap.SetText(r.swapText(r.other(s.First)))
		if s.Current == doc.RoundSpeaker && s.Timer.Left == doc.SpeakTime && s.Timer.Started.IsZero() {
			r.swap.Show()
		} else {
			r.swap.Hide()
		}
		r.showTimer()
		setStage(r.stage, r.timerBox)
	case doc.RoundPatterns:
		setStage(r.stage, r.patternRow, r.said)
	case doc.RoundNeeds:
		setStage(r.stage, r.needFor, r.needRow, r.said)
	case doc.RoundCommitments:
		setStage(r.stage, r.cmtFor, r.cmtRow, r.said)
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

// swapText is the button that lets id speak first instead: "You speak
// first instead", or "Sam speaks first instead".
func (r *repair) swapText(id string) string {
	if id == r.u.me.ID {
		return "You speak first instead"
	}
	return r.name(id) + " speaks first instead"
}

// name returns a partner's own name (never "You").
func (r *repair) name(id string) string {
	if id == r.u.me.ID {
		return r.u.me.Name
	}
	return r.u.partner().Name
}
