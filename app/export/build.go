package export

import (
	"fmt"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

// buildReport reads the whole document, and the journal when one is given,
// into a report that is not yet cut to a range. One function per section.
func buildReport(s *doc.Shared, j *doc.Journal, loc *time.Location) *report {
	r := &report{loc: loc}
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
		r.Journal = readJournal(j, r)
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
	r.Journey = journey{Start: r.timePtr(j.Start)}
	if j.Stage.Valid() {
		r.Journey.Stage = int(j.Stage)
		r.Journey.StageName = j.Stage.String()
	}
	if !j.Pause.Since.IsZero() { // agreed: a request is no agreement
		r.Journey.Pause = &pause{By: j.Pause.By, AgreedBy: j.Pause.AgreedBy, Since: r.in(j.Pause.Since), Until: r.in(j.Pause.Until), Ended: r.timePtr(j.Pause.Ended)}
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
			Active: c.Active, Created: r.in(c.Created), Retired: r.timePtr(c.Retired)}
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
			Created: r.in(n.Created), Response: n.Response, RespondedBy: n.RespondedBy,
			RespondedAt: r.timePtr(n.RespondedAt)})
	}
}

func readBoundaries(s *doc.Shared, r *report) {
	for _, b := range s.Boundaries() {
		out := boundary{ID: b.ID, ProposedBy: b.ProposedBy, Text: b.Text, Consequence: b.Consequence,
			AgreedBy: append([]string{}, b.AgreedBy...), InForce: b.InForce, Created: r.in(b.Created)}
		// Every wording, the first and the current one included, oldest first.
		for _, h := range b.History {
			out.History = append(out.History, revision{At: r.in(h.Time), By: h.By, Text: h.Text, Consequence: h.Consequence})
		}
		cur := revision{At: r.in(b.Created), By: b.ProposedBy, Text: b.Text, Consequence: b.Consequence}
		if !b.Revised.IsZero() {
			cur.At, cur.By = r.in(b.Revised), b.RevisedBy
		}
		out.History = append(out.History, cur)
		for i := range out.History {
			out.History[i].What = revRevised
		}
		out.History[0].What = revProposed
		r.Boundaries = append(r.Boundaries, out)
	}
}

// readCheckIns reads the check-ins as the exporter's own app shows them:
// the partner's note only when its writer shared it (doc.Shared.CheckIns
// blanks the others); a note kept on a device is never in the document.
func readCheckIns(s *doc.Shared, r *report) {
	for _, c := range s.CheckIns() {
		r.CheckIns = append(r.CheckIns, checkIn{ID: c.ID, Partner: c.Author, At: r.in(c.Time), Safety: c.Safety,
			Trust: c.Trust, Connection: c.Connection, Feelings: append([]string{}, c.Feelings...), Note: c.Note})
	}
}

func readInteractions(s *doc.Shared, r *report) {
	for _, i := range s.Interactions() {
		r.Interactions = append(r.Interactions, interaction{ID: i.ID, By: i.Author, At: r.in(i.Time),
			Kind: string(i.Kind), Text: i.Text, Noticed: !i.Noticed.IsZero()})
	}
}

func readRepairs(s *doc.Shared, r *report) {
	for _, x := range s.RepairSessions() {
		out := repair{ID: x.ID, StartedBy: x.StartedBy, At: r.in(x.Started), Finished: r.timePtr(x.Finished)}
		for _, e := range x.Entries {
			out.Rounds = append(out.Rounds, repairRound{Round: e.Round, Name: doc.RoundTitle(e.Round),
				Who: e.Who, At: r.in(e.Time), Text: e.Text})
		}
		r.Repairs = append(r.Repairs, out)
	}
}

func readApologies(s *doc.Shared, r *report) {
	for _, a := range s.Apologies() {
		// The builder's gentle flags are coaching for the writer, not part
		// of the record: they are not exported.
		r.Apologies = append(r.Apologies, apology{ID: a.ID, By: a.By, At: r.in(a.Time), WhatHappened: a.WhatHappened,
			Hurt: a.Hurt, Remorse: a.Remorse, Plan: a.Plan,
			Response: string(a.Response), ResponseNote: a.ResponseNote, RespondedBy: a.RespondedBy, RespondedAt: r.timePtr(a.RespondedAt)})
	}
}

func readQuestions(s *doc.Shared, r *report) {
	for _, q := range s.Questions() {
		r.Questions = append(r.Questions, question{ID: q.ID, AskedBy: q.By, At: r.in(q.Asked),
			Reflection: q.Reflection, Text: q.Text, Answer: q.Answer, AnsweredAt: r.timePtr(q.Answered)})
	}
}

func readMilestones(s *doc.Shared, r *report) {
	for _, m := range s.Milestones() {
		out := milestone{ID: m.ID, Period: m.Period, Text: m.Text,
			TickedBy: append([]string{}, m.TickedBy...), Done: m.Done}
		if !m.Due.IsZero() {
			out.Due = r.in(m.Due).Format(dayLayout)
		}
		r.Milestones = append(r.Milestones, out)
	}
}

// readHelp reads the shared checklist. The private sign of abuse or ongoing
// harm is left out: its tick stays on the device that made it, and an
// unticked box in a record read by others would say what is not so.
func readHelp(s *doc.Shared, r *report) {
	for _, h := range s.HelpSigns() {
		if h.Sign.Private() {
			continue
		}
		r.Help.Signs = append(r.Help.Signs, helpSign{Key: string(h.Sign), Text: h.Text,
			TickedBy: append([]string{}, h.TickedBy...)})
	}
	r.Help.Note = s.HelpAdvice()
}

func readJournal(j *doc.Journal, r *report) *journal {
	out := &journal{}
	for _, e := range j.Entries() {
		out.Entries = append(out.Entries, journalEntry{At: r.in(e.Time), Prompt: e.Prompt, Text: e.Text,
			Mood: e.Mood, Tags: append([]string{}, e.Tags...)})
	}
	return out
}

// in returns t in the report's location, where its dates are shown.
func (r *report) in(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(r.location())
}

// timePtr returns nil for the zero time, so JSON leaves the field out.
func (r *report) timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = r.in(t)
	return &t
}

// answer says the answer to an apology in words, or "" when there is none.
func (a apology) answer(name func(string) string) string {
	if a.Response == "" {
		return ""
	}
	s := name(a.RespondedBy) + " answered: " + doc.ApologyResponse(a.Response).Words()
	if a.ResponseNote != "" {
		s += " — “" + a.ResponseNote + "”"
	}
	return s
}
