package export

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

const (
	alex = "12D3KooWAlex"
	sam  = "12D3KooWSam"
)

// day returns noon UTC on a day of 2025, plus extra.
func day(month time.Month, d int, extra ...time.Duration) time.Time {
	t := time.Date(2025, month, d, 12, 0, 0, 0, time.UTC)
	for _, e := range extra {
		t = t.Add(e)
	}
	return t
}

// march is the range most tests export: the whole of March 2025, given as
// two dates as the command line gives them.
var march = Options{
	From:  time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
	To:    time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC),
	Title: "Our repair journey",
	Now:   time.Date(2025, 4, 20, 18, 30, 0, 0, time.UTC),
}

// Markers: each word appears in exactly one record, so a test can tell
// whether that record was exported.
const (
	inCheckIn         = "riverwalk"      // Alex's check-in, 3 March
	lateCheckIn       = "lanternlight"   // Sam's check-in, 31 March 23:30 (in: To is inclusive)
	outCheckInEarly   = "frostbite"      // 28 February
	outCheckInLate    = "aprilshower"    // 1 April 00:30
	inInteraction     = "pancakes"       // 5 March
	outInteraction    = "snowglobe"      // 20 February
	oldCommitment     = "Text when late" // created 10 February: shown with March marks only
	newCommitment     = "Saturday hike"
	retiredCommitment = "Morning stretch"  // created 5 April: not shown
	oldNeed           = "more reassurance" // created 20 February: shown
	newNeed           = "zebracrossing"    // created 2 April: not shown
	metNeed           = "quiet evening"    // created 5 February, met before March: not shown
	inQuestion        = "whereabouts"      // asked 12 March
	outQuestion       = "quarterdeck"      // asked 2 April
	inApology         = "forgot our anniversary"
	inRepair          = "teakettle"    // repair session, 8 March
	journalIn         = "pelicanquill" // journal entry, 15 March
	journalOut        = "outjournalwalrus"
	unicodeNote       = "Café — naïve “quoted” €5 → Łódź 🙂 Ελένη and Дмитрий"
)

// fixedClock is a settable fake clock; each reading moves it on by a second
// so records stay ordered.
type fixedClock struct{ t time.Time }

func (c *fixedClock) now() time.Time { c.t = c.t.Add(time.Second); return c.t }

// sample builds the test couple's document and Alex's journal.
func sample(t testing.TB) (*doc.Shared, *doc.Journal) {
	t.Helper()
	s := doc.NewShared()
	clk := &fixedClock{t: day(time.February, 1)}
	s.SetClock(clk.now)
	s.SetIDSource(rand.NewChaCha8([32]byte{1}))
	at := func(ts time.Time) { clk.t = ts }
	no := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	id := func(id string, err error) string {
		t.Helper()
		no(err)
		return id
	}

	no(s.SetCouple(doc.Partner{ID: alex, Name: "Alex"}, doc.Partner{ID: sam, Name: "Sam"}))
	no(s.SetStart(day(time.February, 1)))
	no(s.SetStage(doc.StageAccountability))
	at(day(time.February, 2))
	no(s.AskPause(sam, day(time.February, 4)))
	no(s.AgreePause(alex))
	no(s.SetRituals(doc.Rituals{DailyTime: "20:30", DailyMinutes: 20, WeeklyDay: time.Sunday, WeeklyTime: "18:00", WeeklyMinutes: 60}))

	at(day(time.February, 10))
	c1 := id(s.AddCommitment(alex, oldCommitment, doc.Daily))
	for _, m := range []struct {
		date string
		kept bool
	}{{"2025-02-10", true}, {"2025-03-05", true}, {"2025-03-06", false}, {"2025-03-31", true}, {"2025-04-10", true}} {
		no(s.MarkCommitment(c1, m.date, m.kept))
	}
	no(s.AcknowledgeCommitment(c1, "2025-03-05", sam))
	at(day(time.February, 11))
	c2 := id(s.AddCommitment(sam, retiredCommitment, doc.Daily))
	no(s.MarkCommitment(c2, "2025-02-12", true))
	at(day(time.February, 25))
	no(s.RetireCommitment(c2))
	at(day(time.April, 5))
	id(s.AddCommitment(sam, newCommitment, doc.Weekly))

	at(day(time.February, 20))
	n1 := id(s.AddNeed(sam, "I need "+oldNeed+" when plans change"))
	no(s.RespondToNeed(n1, alex, "I will call, not text"))
	at(day(time.February, 5))
	n2 := id(s.AddNeed(alex, "A "+metNeed+" together"))
	no(s.SetNeedStatus(n2, doc.NeedMet))
	at(day(time.April, 2))
	id(s.AddNeed(alex, "A "+newNeed+" moment"))

	at(day(time.February, 15))
	b1 := id(s.ProposeBoundary(sam, "No phone at dinner", "We end dinner and talk after"))
	no(s.AgreeBoundary(b1, alex))
	at(day(time.March, 10))
	no(s.ReviseBoundary(b1, sam, "No phones at dinner, both of us", "We pause dinner and talk"))
	no(s.AgreeBoundary(b1, alex))

	for _, c := range []doc.CheckIn{
		{Author: alex, Time: day(time.February, 28), Safety: 2, Trust: 2, Connection: 2, Note: outCheckInEarly, NoteShared: true},
		{Author: alex, Time: day(time.March, 3), Safety: 5, Trust: 4, Connection: 6, Feelings: []string{"hopeful", "tired"}, Note: "a " + inCheckIn + " helped", NoteShared: true},
		{Author: sam, Time: day(time.March, 4), Safety: 3, Trust: 2, Connection: 4, Feelings: []string{"guarded"}, Note: unicodeNote, NoteShared: true},
		{Author: alex, Time: day(time.March, 12), Safety: 7, Trust: 6, Connection: 7},
		{Author: sam, Time: day(time.March, 13), Safety: 5, Trust: 4, Connection: 6},
		{Author: sam, Time: day(time.March, 31, 11*time.Hour+30*time.Minute), Safety: 6, Trust: 5, Connection: 7, Note: lateCheckIn, NoteShared: true},
		{Author: sam, Time: day(time.April, 1, -11*time.Hour-30*time.Minute), Safety: 9, Trust: 9, Connection: 9, Note: outCheckInLate, NoteShared: true},
	} {
		id(s.AddCheckIn(c))
	}

	at(day(time.March, 5))
	i1 := id(s.AddInteraction(alex, doc.Thoughtfulness, "Made "+inInteraction+" for breakfast"))
	no(s.NoticeInteraction(i1, sam))
	at(day(time.February, 20))
	id(s.AddInteraction(sam, doc.Compliment, "A "+outInteraction+" for your desk"))

	at(day(time.March, 8))
	r1 := id(s.StartRepairSession(sam))
	no(s.RecordRound(r1, doc.RoundSpeaker, sam, "When the "+inRepair+" whistled I knew you were not coming"))
	no(s.RecordRound(r1, doc.RoundSwitch, alex, "I was scared to call"))
	no(s.RecordRound(r1, doc.RoundPatterns, alex, "We stop talking when we are afraid"))
	no(s.FinishRepairSession(r1))

	at(day(time.March, 9))
	ap := id(s.AddApology(doc.Apology{By: alex, WhatHappened: "I " + inApology,
		Hurt: "You felt forgotten", Remorse: "I'm sorry you felt that way", Plan: "Shared calendar"}))
	no(s.RespondToApology(ap, sam, doc.ApologyNotReady, "Give me a week"))

	at(day(time.March, 12))
	q1 := id(s.AskQuestion(sam, "Yes, it helps me feel safe", "What were your "+inQuestion+" that night?"))
	at(day(time.March, 13))
	no(s.AnswerQuestion(q1, alex, "At the office, then driving"))
	at(day(time.April, 2))
	id(s.AskQuestion(sam, "I think so", "Can we talk about the "+outQuestion+"?"))

	no(s.TickMilestone("w1-repair", alex))
	no(s.TickMilestone("w1-repair", sam))
	no(s.TickMilestone("w1-pause", sam))
	no(s.TickHelpSign(doc.SignSameArgument, sam))

	j := doc.NewJournal()
	jclk := &fixedClock{t: day(time.March, 15)}
	j.SetClock(jclk.now)
	id(j.Add(doc.JournalEntry{Prompt: "What does trust look like for me now?", Text: "A " + journalIn + " in the rain", Mood: 6, Tags: []string{"trust"}}))
	jclk.t = day(time.April, 15)
	id(j.Add(doc.JournalEntry{Text: journalOut, Mood: 4}))
	return s, j
}

// export runs Write and returns the output.
func export(t testing.TB, f Format, s *doc.Shared, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f, s, opts); err != nil {
		t.Fatalf("Write(%s): %v", f, err)
	}
	return buf.Bytes()
}
