package ui

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

func TestCheckIn(t *testing.T) {
	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	today := h.ui.today
	today.safety.SetValue(7)
	today.trust.SetValue(4)
	today.connection.SetValue(6)
	today.feelings.SetSelected([]string{"hopeful", "tired"})
	typeInto(t, c, "Other words", "tender")
	typeInto(t, c, "A note", "A better day")
	tap(t, c, "Save check-in")

	cs := alex.Doc().CheckIns()
	if len(cs) != 1 {
		t.Fatalf("%d check-ins, want 1", len(cs))
	}
	got := cs[0]
	// The note is private unless shared: it is kept by the session, not the document.
	if got.Author != alex.Me().ID || got.Safety != 7 || got.Trust != 4 || got.Connection != 6 || got.Note != "" || got.NoteShared {
		t.Errorf("check-in = %+v", got)
	}
	if n := alex.PrivateNotes()[got.ID]; n != "A better day" {
		t.Errorf("private note = %q", n)
	}
	if !slices.Equal(got.Feelings, []string{"hopeful", "tired", "tender"}) {
		t.Errorf("feelings = %q", got.Feelings)
	}
	wantText(t, c, "Thank you for checking in")
	if today.note.Text != "" {
		t.Errorf("note not cleared: %q", today.note.Text)
	}
	if today.shareNote.Checked || today.noteWho.Text != onlyYou {
		t.Errorf("after saving: share %v, audience %q; want a private note", today.shareNote.Checked, today.noteWho.Text)
	}
	golden(t, c, "today_checkin.xml")
}

// Every form says who will see what is written there.
func TestAudienceLines(t *testing.T) {
	alex, sam := pairedSessions(t)
	// Sam's need and question wait for Alex: the fields to respond and to answer show.
	if _, err := sam.Doc().AddNeed(sam.Me().ID, "I need you to tell me when plans change"); err != nil {
		t.Fatal(err)
	}
	if _, err := sam.Doc().AskQuestion(sam.Me().ID, "I keep imagining it", "Were you in touch last month?"); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, alex)
	c := h.win.Canvas()
	for _, tc := range []struct{ screen, want string }{
		{"Today", "Sam will see your scores and feeling words on Today, and your scores over time on Insights."},
		{"Today", onlyYou},
		{"Today", "Sam will see this."},
		{"Commitments", "Sam will see your commitments"},
		{"Needs", "Sam will see this."},
		{"Needs", "Sam will see your response."},
		{"Boundaries", "Sam will see this."},
		{"Questions", "Sam will see your question"},
		{"Questions", "Sam will see your answer."},
		{"Apology", "Sam will see your apology once you share it."},
		{"Repair", "Sam will see this conversation, and what you write down in it."},
		{"Journey", "Sam will see your tick."},
		{"Journey", "Only you: this tick stays on this laptop."},
		{"Journal", "Private to you."},
		{"Settings", "Sam will see the talk times"},
		{"Settings", "Sam will see your name."},
	} {
		h.open(tc.screen)
		settle(h.b)
		if !hasText(c, tc.want) {
			t.Errorf("%s does not say %q", tc.screen, tc.want)
		}
	}
	// And structurally: every field's section says who will see it (a
	// field without one fails), and Repair's rounds without a field say
	// nothing about writing.
	everyFieldSaysWhoSees(t, h, alex.Doc(), alex.Me().ID)
}

// A note shared on purpose reaches the partner, who sees it on Today.
func TestCheckInSharedNote(t *testing.T) {
	alex, sam := pairedSessions(t)
	a := newHarness(t, alex)
	ca := a.win.Canvas()
	typeInto(t, ca, "A note", "The walk by the river helped")
	share := find(t, ca, func(c *widget.Check) bool { return c.Text == "Share this note with Sam" })
	test.Tap(share)
	wantText(t, ca, "Sam will see this note.")
	tap(t, ca, "Save check-in")
	cs := alex.Doc().CheckIns()
	if len(cs) != 1 || cs[0].Note != "The walk by the river helped" || !cs[0].NoteShared || len(alex.PrivateNotes()) != 0 {
		t.Fatalf("check-ins = %+v, private notes %v", cs, alex.PrivateNotes())
	}
	s := newHarness(t, sam)
	wantText(t, s.win.Canvas(), "Alex checked in: safety 5, trust 5, connection 5 · shared a note: “The walk by the river helped”")
}

func TestCommitmentAddMarkAcknowledge(t *testing.T) {
	alex, sam := pairedSessions(t)
	a := newHarness(t, alex)
	ca := a.win.Canvas()
	a.open("Commitments")
	typeInto(t, ca, "Something small", "Text when I'll be late")
	tap(t, ca, "Add commitment")
	a.edited()
	cms := alex.Doc().Commitments()
	if len(cms) != 1 || cms[0].Text != "Text when I'll be late" || cms[0].Owner != alex.Me().ID || cms[0].Cadence != doc.Daily {
		t.Fatalf("commitments = %+v", cms)
	}
	tap(t, ca, "Kept today")
	a.edited()
	if m, ok := markOn(alex.Doc().Commitments()[0], doc.DateOf(testNow)); !ok || !m.Kept {
		t.Fatalf("mark = %+v, %v; want kept", m, ok)
	}
	golden(t, ca, "commitments_kept.xml")

	// Sam sees it on Today and acknowledges it.
	s := newHarness(t, sam)
	cs := s.win.Canvas()
	wantText(t, cs, "Alex: Text when I'll be late")
	tap(t, cs, "Thank you — acknowledge")
	s.edited()
	if m, _ := markOn(sam.Doc().Commitments()[0], doc.DateOf(testNow)); m.Acknowledged.IsZero() {
		t.Error("not acknowledged")
	}
	wantText(t, cs, "kept · acknowledged ♥")
	golden(t, cs, "today_acknowledged.xml")
}

func TestBoundaryAgree(t *testing.T) {
	alex, sam := pairedSessions(t)
	a, s := newHarness(t, alex), newHarness(t, sam)
	a.open("Boundaries")
	s.open("Boundaries")
	ca, cs := a.win.Canvas(), s.win.Canvas()
	typeInto(t, ca, "The boundary", "No contact with the ex")
	typeInto(t, ca, "The agreed consequence", "We pause and talk to the counsellor")
	tap(t, ca, "Propose")
	a.edited()
	wantText(t, ca, "Waiting for Sam to agree")

	settle(s.b) // the partner's edit arrives live
	wantText(t, cs, "Alex proposed this — waiting for you")
	tap(t, cs, "I agree")
	bs := sam.Doc().Boundaries()
	if len(bs) != 1 || !bs[0].InForce {
		t.Fatalf("boundaries = %+v; want one in force", bs)
	}
	settle(a.b)
	wantText(t, ca, "In force — agreed by both of you")
	golden(t, ca, "boundaries_agreed.xml")
}

func TestJournalLockUnlock(t *testing.T) {
	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	h.open("Journal")
	typeInto(t, c, "Journal passphrase", "quiet harbour lamp")
	typeInto(t, c, "Type it again", "quiet harbour lamp")
	tap(t, c, "Create journal")
	typeInto(t, c, "Write freely", "I learned I shut down when I'm scared.")
	tap(t, c, "Save entry")
	h.edited()
	wantText(t, c, "I learned I shut down")
	tap(t, c, "Lock journal")
	if hasText(c, "I learned I shut down") {
		t.Fatal("locked journal still shows an entry")
	}
	golden(t, c, "journal_locked.xml")

	typeInto(t, c, "Journal passphrase", "wrong guess")
	tap(t, c, "Unlock")
	wantText(t, c, "didn't match")
	typeInto(t, c, "Journal passphrase", "quiet harbour lamp")
	tap(t, c, "Unlock")
	wantText(t, c, "I learned I shut down")
	typeInto(t, c, "Search", "scared")
	wantText(t, c, "I learned I shut down")
	golden(t, c, "journal_open.xml")
}

// A partner's edit refreshes the screen without discarding what is typed
// or moving the focus.
func TestLiveEditKeepsTyping(t *testing.T) {
	alex, sam := pairedSessions(t)
	a := newHarness(t, alex)
	c := a.win.Canvas()
	a.open("Needs")
	e := typeInto(t, c, "Be specific", "I need you to")
	if _, err := sam.Doc().AddNeed(sam.Me().ID, "Reassurance when you're late"); err != nil {
		t.Fatal(err)
	}
	settle(a.b)
	wantText(t, c, "Reassurance when you're late")
	wantText(t, c, "Sam needs")
	if e.Text != "I need you to" {
		t.Errorf("typed text = %q, want it kept", e.Text)
	}
	if c.Focused() != e {
		t.Errorf("focus moved to %T", c.Focused())
	}
	// A half-written response survives the partner's next edit too.
	r := typeInto(t, c, "How will you respond?", "I'll call")
	sam.Doc().SetClock(func() time.Time { return testNow.Add(time.Minute) })
	if _, err := sam.Doc().AddNeed(sam.Me().ID, "A hug in the morning"); err != nil {
		t.Fatal(err)
	}
	settle(a.b)
	if r.Text != "I'll call" {
		t.Errorf("response text = %q, want it kept", r.Text)
	}
	find(t, c, func(e *textEntry) bool { return e == r }) // still on screen
	if c.Focused() != r {
		t.Errorf("focus moved to %T", c.Focused())
	}
	golden(t, c, "needs_live.xml")
}

func TestApologyFlagsBlame(t *testing.T) {
	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	h.open("Apology")
	typeInto(t, c, "What you feel", "I'm sorry you felt hurt")
	wantText(t, c, "A gentle note")
	golden(t, c, "apology_flagged.xml")
}

func TestQuestionNeedsReflection(t *testing.T) {
	alex, sam := pairedSessions(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	h.open("Questions")
	typeInto(t, c, "Your question", "Did you see them again?")
	if !button(t, c, "Ask").Disabled() {
		t.Fatal("Ask is enabled before the reflection step")
	}
	typeInto(t, c, "Before sending", "Yes: I keep imagining it")
	tap(t, c, "Ask")
	qs := sam.Doc().Questions()
	if len(qs) != 1 || qs[0].Reflection != "Yes: I keep imagining it" {
		t.Fatalf("questions = %+v", qs)
	}
}

func TestEveryScreenRenders(t *testing.T) {
	alex, sam := pairedSessions(t)
	d := alex.Doc()
	seed(t, d, alex.Me().ID, sam.Me().ID)
	h := newHarness(t, alex)
	for _, s := range h.ui.screens {
		t.Run(s.title, func(t *testing.T) {
			h.open(s.title)
			golden(t, h.win.Canvas(), "screen_"+s.title+".xml")
		})
	}
}

// seed fills a document with a few weeks of life.
func seed(t testing.TB, d *doc.Shared, a, b string) {
	t.Helper()
	must := func(_ string, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := d.SetStart(testNow.AddDate(0, 0, -20)); err != nil {
		t.Fatal(err)
	}
	if err := d.SetStage(doc.StageReconnect); err != nil {
		t.Fatal(err)
	}
	if err := d.SetRituals(doc.Rituals{DailyTime: "20:30", DailyMinutes: 20, WeeklyDay: time.Sunday, WeeklyTime: "18:00", WeeklyMinutes: 60}); err != nil {
		t.Fatal(err)
	}
	for i := 20; i >= 0; i-- {
		day := testNow.AddDate(0, 0, -i)
		d.SetClock(func() time.Time { return day })
		must(d.AddCheckIn(doc.CheckIn{Author: a, Time: day, Safety: 3 + (20-i)/4, Trust: 2 + (20-i)/5, Connection: 4 + (20-i)/6, Feelings: []string{"hopeful"}}))
		if i%2 == 0 {
			must(d.AddCheckIn(doc.CheckIn{Author: b, Time: day, Safety: 4 + (20-i)/5, Trust: 3 + (20-i)/5, Connection: 5 + (20-i)/7}))
		}
		if i < 14 {
			must(d.AddInteraction(a, doc.Compliment, "Said thank you for dinner"))
			if i%3 != 0 {
				must(d.AddInteraction(b, doc.Affection, "A long hug"))
			}
		}
	}
	d.SetClock(func() time.Time { return testNow.AddDate(0, 0, -20) })
	id, err := d.AddCommitment(a, "Text when I'll be late", doc.Daily)
	must(id, err)
	for i := 19; i >= 1; i-- {
		if err := d.MarkCommitment(id, doc.DateOf(testNow.AddDate(0, 0, -i)), i%5 != 0); err != nil {
			t.Fatal(err)
		}
	}
	d.SetClock(fixedNow)
	must(d.AddNeed(b, "Reassurance when you're late"))
	must(d.ProposeBoundary(b, "No contact with the ex", "We talk to the counsellor"))
	must(d.AskQuestion(b, "It keeps me awake", "Did you delete the messages?"))
	if err := d.TickMilestone("w1-repair", a); err != nil {
		t.Fatal(err)
	}
	if err := d.TickMilestone("w1-repair", b); err != nil {
		t.Fatal(err)
	}
}

func TestCtrlLLocks(t *testing.T) {
	test.NewTempApp(t)
	o := &memOpener{}
	s, err := o.Create("Alex", "lantern orbit velvet")
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	f := newFlow(w, o, &Bridge{manual: true})
	f.sess = s
	f.showMain()
	w.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault})
	if f.sess != nil || f.ui != nil {
		t.Fatal("Ctrl+L did not lock")
	}
	wantText(t, w.Canvas(), "Welcome back")
}

// TestJourneyRestartAsks checks that moving an existing start date asks first.
func TestJourneyRestartAsks(t *testing.T) {
	alex, sam := pairedSessions(t)
	seed(t, alex.Doc(), alex.Me().ID, sam.Me().ID)
	before := alex.Doc().Journey().Start
	h := newHarness(t, alex)
	h.open("Journey")
	c := h.win.Canvas()
	tap(t, c, "Start again from today…")
	if got := alex.Doc().Journey().Start; !got.Equal(before) {
		t.Fatalf("start moved to %v without asking", got)
	}
	wantText(t, c, "Everything you have written stays")
	tap(t, c, "Yes")
	if got := alex.Doc().Journey().Start; !got.Equal(dayStart(testNow)) {
		t.Fatalf("start = %v, want today", got)
	}
}

// TestHelpSignKeepsFocus checks that the partner's tick on the help
// checklist neither moves the focus nor undoes the user's own tick.
func TestHelpSignKeepsFocus(t *testing.T) {
	alex, sam := pairedSessions(t)
	h := newHarness(t, alex)
	h.open("Journey")
	c := h.win.Canvas()
	signs := alex.Doc().HelpSigns()
	mine := find(t, c, func(ch *widget.Check) bool { return ch.Text == signs[0].Text })
	c.Focus(mine)
	test.Tap(mine)
	if err := sam.Doc().TickHelpSign(signs[1].Sign, sam.Me().ID); err != nil {
		t.Fatal(err)
	}
	settle(h.b)
	wantText(t, c, "Sam ticked this")
	shown := find(t, c, func(ch *widget.Check) bool { return ch.Text == signs[0].Text })
	if c.Focused() != shown {
		t.Error("the focused check is no longer on screen: the refresh replaced it")
	}
	if got := alex.Doc().HelpSigns()[0].TickedBy; !slices.Contains(got, alex.Me().ID) {
		t.Errorf("own tick lost: %v", got)
	}
}

// TestMilestoneKeepsFocus checks that the partner's tick on a milestone
// does not replace the check that has the keyboard focus.
func TestMilestoneKeepsFocus(t *testing.T) {
	alex, sam := pairedSessions(t)
	h := newHarness(t, alex)
	h.open("Milestones")
	c := h.win.Canvas()
	ms := alex.Doc().Milestones()
	mine := find(t, c, func(ch *widget.Check) bool { return ch.Text == ms[0].Text })
	c.Focus(mine)
	if err := sam.Doc().TickMilestone(ms[1].ID, sam.Me().ID); err != nil {
		t.Fatal(err)
	}
	settle(h.b)
	wantText(t, c, "Sam ticked this")
	if shown := find(t, c, func(ch *widget.Check) bool { return ch.Text == ms[0].Text }); c.Focused() != shown {
		t.Error("the focused check is no longer on screen: the refresh replaced it")
	}
}

// TestTodayKeepsFocus checks that an unrelated edit by the partner does not
// replace the Today button that has the keyboard focus.
func TestTodayKeepsFocus(t *testing.T) {
	alex, sam := pairedSessions(t)
	if _, err := sam.Doc().AddInteraction(sam.Me().ID, doc.Affection, "A long hug"); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, alex)
	c := h.win.Canvas()
	c.Focus(button(t, c, "I noticed"))
	if _, err := sam.Doc().AddNeed(sam.Me().ID, "A walk together"); err != nil {
		t.Fatal(err)
	}
	settle(h.b)
	wantText(t, c, "shared a need: A walk together")
	if c.Focused() != button(t, c, "I noticed") {
		t.Error("the focused button is no longer on screen: the refresh replaced it")
	}
	tap(t, c, "I noticed")
	h.edited()
	wantText(t, c, "noticed ♥")
}
