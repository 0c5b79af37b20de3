package export

import (
	"fmt"
	"github.com/kintsugi-app/kintsugi/doc"
	"strconv"
	"strings"
	"time"
)

// This file holds the words and dates that the Markdown and the PDF share,
// so both say the same thing the same way.

// introNote is the one kind line under the title.
const introNote = "A shared record of the work we are doing together to rebuild trust, " +
	"in our own words. It is not a verdict on either of us."

// emptyNote stands in for a section with nothing in the range.
const emptyNote = "Nothing recorded in this period."

// section titles, in the order they appear.
const (
	secJourney      = "The journey"
	secCommitments  = "Commitments"
	secNeeds        = "Needs"
	secBoundaries   = "Boundaries"
	secCheckIns     = "Check-ins"
	secInteractions = "Positive interactions"
	secRepairs      = "Repair conversations"
	secApologies    = "Apologies"
	secQuestions    = "Questions"
	secMilestones   = "Milestones"
	secHelp         = "Professional help"
	secJournal      = "Journal"
)

// stages are the names of the journey's seven stages, in order.
var stages = func() []string {
	var out []string
	for _, st := range doc.Stages() {
		out = append(out, st.String())
	}
	return out
}()

// roundName names a round of the repair conversation.
func roundName(rd repairRound) string {
	if rd.Name != "" {
		return rd.Name
	}
	if t := doc.RoundTitle(rd.Round); t != "" {
		return t
	}
	return "Round " + strconv.Itoa(rd.Round)
}

// roundWho is who spoke in a round: a name, or "Together".
func (r *report) roundWho(rd repairRound) string {
	if rd.Who == "" {
		return "Together"
	}
	return r.name(rd.Who)
}

// couple returns "Alex and Sam".
func (r *report) couple() string {
	var names []string
	for _, p := range r.Partners {
		names = append(names, r.name(p.ID))
	}
	if len(names) == 0 {
		return "The two of us"
	}
	return andList(names)
}

// andList joins "a", "a and b", "a, b and c".
func andList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// names returns the display names of the IDs, joined.
func (r *report) names(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = r.name(id)
	}
	return andList(out)
}

// period describes the range: "1 March 2025 to 31 May 2025".
func (r *report) period() string {
	switch {
	case r.From == nil && r.To == nil:
		return "The whole journey, up to " + r.day(r.Generated)
	case r.From == nil:
		return "From the beginning to " + r.day(*r.To)
	case r.To == nil:
		return r.day(*r.From) + " to " + r.day(r.Generated)
	}
	return r.day(*r.From) + " to " + r.day(*r.To)
}

// day formats a date: "2 March 2025".
func (r *report) day(t time.Time) string { return t.In(r.location()).Format("2 January 2006") }

// when formats a moment: "2 March 2025, 20:15".
func (r *report) when(t time.Time) string {
	return t.In(r.location()).Format("2 January 2006, 15:04")
}

// shortWhen formats a moment briefly for tables: "Sun 2 Mar 2025 20:15".
func (r *report) shortWhen(t time.Time) string {
	return t.In(r.location()).Format("Mon 2 Jan 2006 15:04")
}

// dayName formats a "2006-01-02" day: "2 March 2025".
func dayName(day string) string {
	t, err := time.Parse(dayLayout, day)
	if err != nil {
		return day
	}
	return t.Format("2 January 2006")
}

func (r *report) location() *time.Location {
	if r.loc == nil {
		return time.Local
	}
	return r.loc
}

// stageLine returns "3 of 7: Establish accountability" or a note that no
// stage has been chosen.
func (r *report) stageLine() string {
	j := r.Journey
	if j.Stage < 1 || j.Stage > len(stages) {
		return "Not chosen yet"
	}
	return fmt.Sprintf("%d of %d: %s", j.Stage, len(stages), j.StageName)
}

// monthSummary is one month of one commitment's log.
type monthSummary struct {
	Month               string // "March 2025"
	Kept, Missed, Acked int
	MissedDays          []int
}

func (m monthSummary) String() string {
	s := fmt.Sprintf("%s: kept %d, missed %d", m.Month, m.Kept, m.Missed)
	if len(m.MissedDays) > 0 {
		days := make([]string, len(m.MissedDays))
		for i, d := range m.MissedDays {
			days[i] = strconv.Itoa(d)
		}
		s += " (missed on the " + strings.Join(days, ", ") + ")"
	}
	if m.Acked > 0 {
		s += fmt.Sprintf("; %d acknowledged", m.Acked)
	}
	return s
}

// months summarises a sorted log by month.
func months(log []mark) []monthSummary {
	var out []monthSummary
	last := ""
	for _, m := range log {
		t, err := time.Parse(dayLayout, m.Day)
		if err != nil {
			continue
		}
		key := t.Format("January 2006")
		if key != last {
			out = append(out, monthSummary{Month: key})
			last = key
		}
		ms := &out[len(out)-1]
		if m.Kept {
			ms.Kept++
			if m.Acknowledged {
				ms.Acked++
			}
		} else {
			ms.Missed++
			ms.MissedDays = append(ms.MissedDays, t.Day())
		}
	}
	return out
}

// commitmentLine is the line under a commitment's text.
func (r *report) commitmentLine(c commitment) string {
	cad := c.Cadence
	if cad == "" {
		cad = "no cadence"
	}
	s := fmt.Sprintf("%s · %s · since %s", r.name(c.Owner), cad, r.day(c.Created))
	if !c.Active {
		s += " · retired"
		if c.Retired != nil {
			s += " " + r.day(*c.Retired)
		}
	}
	return s + fmt.Sprintf(" · in this period kept %d, missed %d", c.Kept, c.Missed)
}

// trustLine summarises the trust account over the range.
func (r *report) trustLine() string {
	if len(r.Trust) == 0 {
		return "No commitments were marked in this period."
	}
	first, last := r.Trust[0], r.Trust[len(r.Trust)-1]
	return fmt.Sprintf("Trust account (each kept commitment a deposit, each missed one a withdrawal): "+
		"%d on %s, %d on %s.", first.Balance, dayName(first.Day), last.Balance, dayName(last.Day))
}

// boundaryLine is the line under a boundary's text.
func (r *report) boundaryLine(b boundary) string {
	s := "Proposed by " + r.name(b.ProposedBy) + " on " + r.day(b.Created) + ". "
	if b.InForce {
		s += "Agreed by both; in force."
	} else if len(b.AgreedBy) > 0 {
		s += "Agreed so far by " + r.names(b.AgreedBy) + "; not yet in force."
	} else {
		s += "Not agreed yet; not in force."
	}
	return s
}

// milestoneTicks is "Alex and Sam", "Alex so far" or "not yet".
func (r *report) milestoneTicks(m milestone) string {
	switch {
	case len(m.TickedBy) == 0:
		return "not yet"
	case m.Done:
		return r.names(m.TickedBy)
	}
	return r.names(m.TickedBy) + " so far"
}

// milestoneDue is when a milestone falls, as a guideline.
func (m milestone) when() string {
	if m.Due == "" {
		return m.Period
	}
	return m.Period + " (" + dayName(m.Due) + ")"
}

// yesNo is for "noticed" columns.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "not yet"
}

// pauseLine describes the pause agreement.
func (r *report) pauseLine() string {
	pz := r.Journey.Pause
	s := "Until " + r.when(pz.Until)
	if pz.By != "" {
		s += ", asked for by " + r.name(pz.By)
		if pz.AgreedBy != "" {
			s += ", agreed by " + r.name(pz.AgreedBy)
		}
		if !pz.Since.IsZero() {
			s += " on " + r.when(pz.Since)
		}
	}
	if pz.Ended != nil {
		s += "; ended early on " + r.when(*pz.Ended)
	}
	return s
}

// journalMeta is "mood 6 of 10 · tags: a, b".
func journalMeta(e journalEntry) string {
	meta := []string{fmt.Sprintf("mood %d of 10", e.Mood)}
	if len(e.Tags) > 0 {
		meta = append(meta, "tags: "+strings.Join(e.Tags, ", "))
	}
	return strings.Join(meta, " · ")
}
