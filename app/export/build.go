package export

import (
	"fmt"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

// buildReport reads the whole document, and the journal when one is given,
// into a report that is not yet cut to a range. One function per section.
func buildReport(s *doc.Shared, j *doc.Journal) *report {
	r := &report{}
	for _, read := range []func(*doc.Shared, *report){
		readCouple,
		readJourney,
		readCommitments,
		readNeeds,
		readBoundaries,
		readCheckIns,
		readInteractions,
		readRepairs,
		readApologies,
		readQuestions,
		readMilestones,
		readHelp,
	} {
		read(s, r)
	}
	if j != nil {
		r.Journal = readJournal(j)
	}
	return r
}

func readCouple(s *doc.Shared, r *report) {
	for _, p := range s.Partners() {
		r.Partners = append(r.Partners, partner{ID: p.ID, Name: p.Name})
	}
}

func readJourney(s *doc.Shared, r *report) {
	j := s.Journey()
	r.Journey = journey{Start: timePtr(j.Start)}
	if j.Stage.Valid() {
		r.Journey.Stage = int(j.Stage)
		r.Journey.StageName = j.Stage.String()
	}
	if !j.Pause.Until.IsZero() {
		r.Journey.Pause = &pause{By: j.Pause.By, Since: j.Pause.Since, Until: j.Pause.Until, Ended: timePtr(j.Pause.Ended)}
	}
	rt := s.Rituals()
	if rt.DailyTime != "" {
		r.Journey.Rituals = append(r.Journey.Rituals, ritual{Kind: "daily", When: "every day at " + rt.DailyTime, Minutes: rt.DailyMinutes})
	}
	if rt.WeeklyTime != "" {
		r.Journey.Rituals = append(r.Journey.Rituals, ritual{Kind: "weekly", When: fmt.Sprintf("%ss at %s", rt.WeeklyDay, rt.WeeklyTime), Minutes: rt.WeeklyMinutes})
	}
}

func readCommitments(s *doc.Shared, r *report) {
	for _, c := range s.Commitments() {
		out := commitment{ID: c.ID, Owner: c.Owner, Text: c.Text, Cadence: string(c.Cadence),
			Active: c.Active, Created: c.Created, Retired: timePtr(c.Retired)}
		for _, m := range c.Log {
			out.Log = append(out.Log, mark{Day: m.Date, Kept: m.Kept, Acknowledged: !m.Acknowledged.IsZero()})
		}
		r.Commitments = append(r.Commitments, out)
	}
	for _, t := range s.TrustAccount("") {
		r.Trust = append(r.Trust, balance{Day: t.Date, Deposits: t.Deposits, Withdrawals: t.Withdrawals, Balance: t.Balance})
	}
}

func readNeeds(s *doc.Shared, r *report) {
	for _, n := range s.Needs() {
		r.Needs = append(r.Needs, need{ID: n.ID, Owner: n.Owner, Text: n.Text, Status: string(n.Status),
			Created: n.Created, Response: n.Response, RespondedBy: n.RespondedBy})
	}
}

func readBoundaries(s *doc.Shared, r *report) {
	for _, b := range s.Boundaries() {
		out := boundary{ID: b.ID, ProposedBy: b.ProposedBy, Text: b.Text, Consequence: b.Consequence,
			AgreedBy: append([]string{}, b.AgreedBy...), InForce: b.InForce, Created: b.Created}
		// Every wording, the first and the current one included, oldest first.
		for _, h := range b.History {
			out.History = append(out.History, revision{At: h.Time, By: h.By, Text: h.Text, Consequence: h.Consequence})
		}
		cur := revision{At: b.Created, By: b.ProposedBy, Text: b.Text, Consequence: b.Consequence}
		if !b.Revised.IsZero() {
			cur.At, cur.By = b.Revised, b.RevisedBy
		}
		out.History = append(out.History, cur)
		for i := range out.History {
			out.History[i].What = revRevised
		}
		out.History[0].What = revProposed
		r.Boundaries = append(r.Boundaries, out)
	}
}

func readCheckIns(s *doc.Shared, r *report) {
	for _, c := range s.CheckIns() {
		r.CheckIns = append(r.CheckIns, checkIn{ID: c.ID, Partner: c.Author, At: c.Time, Safety: c.Safety,
			Trust: c.Trust, Connection: c.Connection, Feelings: append([]string{}, c.Feelings...), Note: c.Note})
	}
}

func readInteractions(s *doc.Shared, r *report) {
	for _, i := range s.Interactions() {
		r.Interactions = append(r.Interactions, interaction{ID: i.ID, By: i.Author, At: i.Time,
			Kind: string(i.Kind), Text: i.Text, Noticed: !i.Noticed.IsZero()})
	}
}

func readRepairs(s *doc.Shared, r *report) {
	for _, x := range s.RepairSessions() {
		out := repair{ID: x.ID, StartedBy: x.StartedBy, At: x.Started, Finished: timePtr(x.Finished)}
		for _, e := range x.Entries {
			out.Rounds = append(out.Rounds, repairRound{Round: e.Round, Name: doc.RoundTitle(e.Round),
				Who: e.Who, At: e.Time, Text: e.Text})
		}
		r.Repairs = append(r.Repairs, out)
	}
}

func readApologies(s *doc.Shared, r *report) {
	for _, a := range s.Apologies() {
		out := apology{ID: a.ID, By: a.By, At: a.Time, WhatHappened: a.WhatHappened,
			Hurt: a.Hurt, Remorse: a.Remorse, Plan: a.Plan}
		for _, part := range []string{a.WhatHappened, a.Hurt, a.Remorse, a.Plan} {
			for _, f := range doc.BlameShiftingPhrases(part) {
				out.Flags = append(out.Flags, f.Phrase)
			}
		}
		r.Apologies = append(r.Apologies, out)
	}
}

func readQuestions(s *doc.Shared, r *report) {
	for _, q := range s.Questions() {
		r.Questions = append(r.Questions, question{ID: q.ID, AskedBy: q.By, At: q.Asked,
			Reflection: q.Reflection, Text: q.Text, Answer: q.Answer, AnsweredAt: timePtr(q.Answered)})
	}
}

func readMilestones(s *doc.Shared, r *report) {
	for _, m := range s.Milestones() {
		out := milestone{ID: m.ID, Period: m.Period, Text: m.Text,
			TickedBy: append([]string{}, m.TickedBy...), Done: m.Done}
		if !m.Due.IsZero() {
			out.Due = m.Due.Format(dayLayout)
		}
		r.Milestones = append(r.Milestones, out)
	}
}

func readHelp(s *doc.Shared, r *report) {
	for _, h := range s.HelpSigns() {
		r.Help.Signs = append(r.Help.Signs, helpSign{Key: string(h.Sign), Text: h.Text,
			TickedBy: append([]string{}, h.TickedBy...)})
	}
	r.Help.Note = s.HelpAdvice()
}

func readJournal(j *doc.Journal) *journal {
	out := &journal{}
	for _, e := range j.Entries() {
		out.Entries = append(out.Entries, journalEntry{At: e.Time, Prompt: e.Prompt, Text: e.Text,
			Mood: e.Mood, Tags: append([]string{}, e.Tags...)})
	}
	return out
}

// timePtr returns nil for the zero time, so JSON leaves the field out.
func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
