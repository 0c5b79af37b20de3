package app

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

// speakTime is each speaker's uninterrupted time in rounds one and two.
const speakTime = 5 * time.Minute

// speakerTimer is a visible count-down for one speaker.
type speakerTimer struct {
	b         *bridge
	left      time.Duration
	label     *widget.Label
	bar       *widget.ProgressBar
	startStop *widget.Button
	stop      chan struct{}   // closed to pause
	closed    <-chan struct{} // closed when the window's screens close
}

func newSpeakerTimer(b *bridge, closed <-chan struct{}) *speakerTimer {
	t := &speakerTimer{b: b, left: speakTime, closed: closed}
	t.label = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	t.bar = widget.NewProgressBar()
	t.bar.TextFormatter = func() string { return "" }
	t.startStop = widget.NewButtonWithIcon("Start 5 minutes", theme.MediaPlayIcon(), t.toggle)
	t.show()
	return t
}

func (t *speakerTimer) view() fyne.CanvasObject {
	return container.NewVBox(t.label, t.bar, container.NewHBox(t.startStop, widget.NewButtonWithIcon("Reset", theme.MediaReplayIcon(), t.reset)))
}

func (t *speakerTimer) show() {
	t.label.SetText(fmt.Sprintf("%d:%02d", int(t.left.Minutes()), int(t.left.Seconds())%60))
	t.bar.SetValue(1 - float64(t.left)/float64(speakTime))
}

func (t *speakerTimer) running() bool { return t.stop != nil }

func (t *speakerTimer) toggle() {
	if t.running() {
		t.pause()
		return
	}
	if t.left <= 0 {
		return
	}
	t.stop = make(chan struct{})
	t.startStop.SetText("Pause")
	t.startStop.SetIcon(theme.MediaPauseIcon())
	stop := t.stop
	go func() { // the screens closed (locked): stop ticking
		select {
		case <-t.closed:
			t.b.do(func() {
				if t.stop == stop {
					t.pause()
				}
			})
		case <-stop:
		}
	}()
	every(t.b, time.Second, stop, func() { t.tick(time.Second) })
}

func (t *speakerTimer) pause() {
	if t.stop != nil {
		close(t.stop)
		t.stop = nil
	}
	t.startStop.SetText("Continue")
	t.startStop.SetIcon(theme.MediaPlayIcon())
}

// tick moves the timer on by d.
func (t *speakerTimer) tick(d time.Duration) {
	t.left -= d
	if t.left <= 0 {
		t.left = 0
		t.pause()
		t.startStop.SetText("Time's up")
	}
	t.show()
}

func (t *speakerTimer) reset() {
	if t.running() {
		t.pause()
	}
	t.left = speakTime
	t.startStop.SetText("Start 5 minutes")
	t.show()
}

// repairRounds are the five rounds of the repair conversation.
var repairRounds = []struct{ title, guide string }{
	{"1. Speaker and listener", "%[1]s speaks about their own experience for five uninterrupted minutes. %[2]s listens, then reflects back: “What I hear you saying is…”, without defending."},
	{"2. Switch roles", "Now %[2]s speaks about their own experience — not a rebuttal — and %[1]s listens and reflects back."},
	{"3. Patterns", "Together, name what went wrong — the patterns, not who. Write each one down."},
	{"4. Needs", "Each of you says specifically what you need to feel safe."},
	{"5. Commitments", "What will each of you do differently? Write it down together."},
}

// said is one thing a partner said in a round.
type said struct{ who, text string }

// repair guides the five-round repair conversation and saves what it produced.
type repair struct {
	u       *ui
	round   int
	title   *widget.Label
	guide   *widget.Label
	timers  [2]*speakerTimer
	stage   *fyne.Container
	back    *widget.Button
	next    *widget.Button
	pattern *widget.Entry
	needTxt *widget.Entry
	cmtTxt  *widget.Entry
	needFor *widget.RadioGroup
	cmtFor  *widget.RadioGroup

	patterns    []string
	needsOut    []said
	commitsOut  []said
	patternList *fyne.Container
	needList    *fyne.Container
	cmtList     *fyne.Container
	done        *widget.Label
}

func newRepairScreen(u *ui) *screen {
	r := &repair{u: u}
	u.repair = r
	r.title = subheading("")
	r.guide = para("")
	r.timers = [2]*speakerTimer{newSpeakerTimer(u.b, u.stop), newSpeakerTimer(u.b, u.stop)}
	r.pattern = entry("A pattern, e.g. “We stop talking when we're hurt”")
	r.pattern.OnSubmitted = func(string) { r.addPattern() }
	r.needTxt = entry("I need…")
	r.needTxt.OnSubmitted = func(string) { r.addNeed() }
	r.cmtTxt = entry("I will…")
	r.cmtTxt.OnSubmitted = func(string) { r.addCommitment() }
	r.needFor = widget.NewRadioGroup(nil, nil)
	r.needFor.Horizontal = true
	r.cmtFor = widget.NewRadioGroup(nil, nil)
	r.cmtFor.Horizontal = true
	r.patternList, r.needList, r.cmtList = container.NewVBox(), container.NewVBox(), container.NewVBox()
	r.stage = container.NewVBox()
	r.done = hint("")
	r.back = widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), func() { r.go_(r.round - 1) })
	r.next = primary("Next round", func() {
		if r.round == len(repairRounds)-1 {
			r.finish()
			return
		}
		r.go_(r.round + 1)
	})
	view := page("Repair conversation", "Five rounds, at your own pace. You can stop at any time and come back.",
		sectionL(r.title, r.guide, r.stage, container.NewHBox(r.back, r.next)), r.done)
	return &screen{title: "Repair", icon: theme.MediaRecordIcon(), view: view, refresh: r.refresh}
}

func (r *repair) names() (string, string) { return r.u.me.Name, r.u.partner().Name }

func (r *repair) owners() []string {
	a, b := r.names()
	return []string{a, b}
}

func (r *repair) ownerID(name string) string {
	if name == r.u.partner().Name {
		return r.u.partner().ID
	}
	return r.u.me.ID
}

func (r *repair) go_(i int) {
	if i < 0 || i >= len(repairRounds) {
		return
	}
	for _, t := range r.timers {
		if t.running() {
			t.pause()
		}
	}
	r.round = i
	r.refresh()
}

func (r *repair) addPattern() {
	if blank(r.pattern.Text) {
		return
	}
	r.patterns = append(r.patterns, r.pattern.Text)
	r.pattern.SetText("")
	r.refresh()
}

func (r *repair) addNeed() {
	if blank(r.needTxt.Text) {
		return
	}
	r.needsOut = append(r.needsOut, said{r.ownerID(r.needFor.Selected), r.needTxt.Text})
	r.needTxt.SetText("")
	r.refresh()
}

func (r *repair) addCommitment() {
	if blank(r.cmtTxt.Text) {
		return
	}
	r.commitsOut = append(r.commitsOut, said{r.ownerID(r.cmtFor.Selected), r.cmtTxt.Text})
	r.cmtTxt.SetText("")
	r.refresh()
}

// finish saves the session, and the needs and commitments it produced,
// into the shared document.
func (r *repair) finish() {
	u := r.u
	d := u.doc
	id, err := d.StartRepairSession(u.me.ID)
	if err != nil {
		u.showError(err)
		return
	}
	for _, p := range r.patterns {
		u.showError(d.RecordRound(id, doc.RoundPatterns, u.me.ID, p))
	}
	for _, n := range r.needsOut {
		u.showError(d.RecordRound(id, doc.RoundNeeds, n.who, n.text))
		_, err := d.AddNeed(n.who, n.text)
		u.showError(err)
	}
	for _, c := range r.commitsOut {
		u.showError(d.RecordRound(id, doc.RoundCommitments, c.who, c.text))
		_, err := d.AddCommitment(c.who, c.text, doc.Daily)
		u.showError(err)
	}
	u.showError(d.FinishRepairSession(id))
	u.showError(d.TickMilestone("w1-repair", u.me.ID))
	r.done.SetText(fmt.Sprintf("Saved: %d patterns, %d needs and %d commitments are now in your shared notes. Well done, both of you.",
		len(r.patterns), len(r.needsOut), len(r.commitsOut)))
	r.patterns, r.needsOut, r.commitsOut = nil, nil, nil
	r.timers[0].reset()
	r.timers[1].reset()
	r.round = 0
	r.refresh()
}

func (r *repair) refresh() {
	a, b := r.names()
	rd := repairRounds[r.round]
	r.title.SetText(rd.title)
	guide := rd.guide
	if strings.Contains(guide, "%[") {
		guide = fmt.Sprintf(guide, a, b)
	}
	r.guide.SetText(guide)
	r.needFor.Options, r.cmtFor.Options = r.owners(), r.owners()
	if r.needFor.Selected == "" {
		r.needFor.Selected = a
	}
	if r.cmtFor.Selected == "" {
		r.cmtFor.Selected = a
	}
	r.needFor.Refresh()
	r.cmtFor.Refresh()
	list := func(c *fyne.Container, items []string) {
		var objs []fyne.CanvasObject
		for _, it := range items {
			objs = append(objs, widget.NewLabel("• "+it))
		}
		setObjects(c, objs...)
	}
	list(r.patternList, r.patterns)
	var ns, cs []string
	for _, n := range r.needsOut {
		ns = append(ns, r.u.nameOf(n.who)+": "+n.text)
	}
	for _, c := range r.commitsOut {
		cs = append(cs, r.u.nameOf(c.who)+": "+c.text)
	}
	list(r.needList, ns)
	list(r.cmtList, cs)

	switch r.round {
	case 0, 1:
		speaker := a
		if r.round == 1 {
			speaker = b
		}
		setObjects(r.stage, widget.NewLabel(speaker+" is speaking"), r.timers[r.round].view(),
			hint("Listener: “What I hear you saying is…” — then ask, “Did I get that right?”"))
	case 2:
		setObjects(r.stage, container.NewBorder(nil, nil, nil, widget.NewButton("Add", r.addPattern), r.pattern), r.patternList)
	case 3:
		setObjects(r.stage, r.needFor, container.NewBorder(nil, nil, nil, widget.NewButton("Add", r.addNeed), r.needTxt), r.needList)
	case 4:
		setObjects(r.stage, r.cmtFor, container.NewBorder(nil, nil, nil, widget.NewButton("Add", r.addCommitment), r.cmtTxt), r.cmtList)
	}
	if r.round == 0 {
		r.back.Disable()
	} else {
		r.back.Enable()
	}
	if r.round == len(repairRounds)-1 {
		r.next.SetText("Save to our shared notes")
	} else {
		r.next.SetText("Next round")
	}
}
