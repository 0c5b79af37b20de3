package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// writeMarkdown writes the report as CommonMark. Everything the partners
// wrote is escaped, so no text can start a heading or break a table.
func writeMarkdown(w io.Writer, r *report) error {
	bw := bufio.NewWriter(w)
	m := &md{w: bw, r: r}
	m.title()
	m.journey()
	m.commitments()
	m.needs()
	m.boundaries()
	m.checkIns()
	m.interactions()
	m.repairs()
	m.apologies()
	m.questions()
	m.milestones()
	m.help()
	m.journal()
	if m.err != nil {
		return m.err
	}
	return bw.Flush()
}

type md struct {
	w   *bufio.Writer
	r   *report
	err error
}

func (m *md) p(format string, args ...any) {
	if m.err != nil {
		return
	}
	_, m.err = fmt.Fprintf(m.w, format, args...)
}

func (m *md) heading(title string) { m.p("\n## %s\n\n", title) }

func (m *md) empty() { m.p("_%s_\n", emptyNote) }

func (m *md) title() {
	r := m.r
	m.p("# %s\n\n", mdInline(r.Title))
	m.p("**%s** · %s\n\n", mdInline(r.couple()), mdInline(r.period()))
	m.p("_%s_\n\n", introNote)
	m.p("Exported with Kintsugi on %s.\n", r.when(r.Generated))
}

func (m *md) journey() {
	r := m.r
	j := r.Journey
	m.heading(secJourney)
	if j.Start != nil {
		m.p("- Started: %s\n", r.day(*j.Start))
	} else {
		m.p("- Started: no start date set\n")
	}
	m.p("- Current stage: %s\n", mdInline(r.stageLine()))
	if j.Pause != nil {
		m.p("- Pause: %s\n", mdInline(r.pauseLine()))
	}
	for _, rt := range j.Rituals {
		m.p("- %s: %s", ritualName(rt.Kind), mdInline(rt.When))
		if rt.Minutes > 0 {
			m.p(", %d minutes", rt.Minutes)
		}
		m.p("\n")
	}
}

// ritualName names a ritual kind.
func ritualName(kind string) string {
	switch kind {
	case "daily":
		return "Daily talk"
	case "weekly":
		return "Weekly meeting"
	}
	return "Ritual"
}

func (m *md) commitments() {
	r := m.r
	m.heading(secCommitments)
	m.p("%s\n", mdInline(r.trustLine()))
	if len(r.Commitments) == 0 {
		m.p("\n")
		m.empty()
		return
	}
	for _, c := range r.Commitments {
		m.p("\n### %s\n\n", mdInline(c.Text))
		m.p("%s\n", mdInline(r.commitmentLine(c)))
		ms := months(c.Log)
		if len(ms) > 0 {
			m.p("\n")
		}
		for _, s := range ms {
			m.p("- %s\n", mdInline(s.String()))
		}
	}
}

func (m *md) needs() {
	r := m.r
	m.heading(secNeeds)
	if len(r.Needs) == 0 {
		m.empty()
		return
	}
	for _, n := range r.Needs {
		m.p("- **%s** needs: %s  \n", mdInline(r.name(n.Owner)), mdInline(n.Text))
		m.p("  Status: %s · since %s", mdInline(n.Status), r.day(n.Created))
		if n.Response != "" {
			m.p("  \n  Response from %s: %s", mdInline(r.name(n.RespondedBy)), mdInline(n.Response))
		}
		m.p("\n")
	}
}

func (m *md) boundaries() {
	r := m.r
	m.heading(secBoundaries)
	if len(r.Boundaries) == 0 {
		m.empty()
		return
	}
	for _, b := range r.Boundaries {
		m.p("\n### %s\n\n", mdInline(b.Text))
		m.p("%s\n", mdInline(r.boundaryLine(b)))
		if b.Consequence != "" {
			m.p("\nAgreed consequence: %s\n", mdInline(b.Consequence))
		}
		if len(b.History) > 0 {
			m.p("\nHistory in this period:\n\n")
		}
		for _, v := range b.History {
			m.p("- %s, %s: %s", r.when(v.At), mdInline(r.name(v.By)), mdInline(v.What))
			if v.Text != "" {
				m.p(" (text: %s", mdInline(v.Text))
				if v.Consequence != "" {
					m.p("; consequence: %s", mdInline(v.Consequence))
				}
				m.p(")")
			}
			m.p("\n")
		}
	}
}

func (m *md) checkIns() {
	r := m.r
	m.heading(secCheckIns)
	if len(r.CheckIns) == 0 {
		m.empty()
		return
	}
	m.p("### Weekly averages\n\n")
	m.p("| Week of | Partner | Check-ins | Safety | Trust | Connection |\n")
	m.p("|---|---|---:|---:|---:|---:|\n")
	for _, t := range r.Trends {
		m.p("| %s | %s | %d | %.1f | %.1f | %.1f |\n", dayName(t.Week), mdCell(r.name(t.Partner)),
			t.CheckIns, t.Safety, t.Trust, t.Connection)
	}
	m.p("\n### Every check-in\n\n")
	m.p("| When | Partner | Safety | Trust | Connection | Feelings | Note |\n")
	m.p("|---|---|---:|---:|---:|---|---|\n")
	for _, c := range r.CheckIns {
		m.p("| %s | %s | %d | %d | %d | %s | %s |\n", r.shortWhen(c.At), mdCell(r.name(c.Partner)),
			c.Safety, c.Trust, c.Connection, mdCell(strings.Join(c.Feelings, ", ")), mdCell(c.Note))
	}
}

func (m *md) interactions() {
	r := m.r
	m.heading(secInteractions)
	if len(r.Interactions) == 0 {
		m.empty()
		return
	}
	m.p("| When | By | Kind | What | Noticed |\n")
	m.p("|---|---|---|---|---|\n")
	for _, i := range r.Interactions {
		m.p("| %s | %s | %s | %s | %s |\n", r.shortWhen(i.At), mdCell(r.name(i.By)),
			mdCell(i.Kind), mdCell(i.Text), yesNo(i.Noticed))
	}
}

func (m *md) repairs() {
	r := m.r
	m.heading(secRepairs)
	if len(r.Repairs) == 0 {
		m.empty()
		return
	}
	for _, x := range r.Repairs {
		m.p("\n### %s\n\n", r.when(x.At))
		m.p("Started by %s", mdInline(r.name(x.StartedBy)))
		if x.Finished != nil {
			m.p("; finished %s", r.when(*x.Finished))
		}
		m.p(".\n\n")
		last := 0
		for _, rd := range x.Rounds {
			if rd.Round != last {
				m.p("**Round %d. %s**\n\n", rd.Round, mdInline(roundName(rd)))
				last = rd.Round
			}
			m.p("- %s: %s\n", mdInline(r.roundWho(rd)), mdBlock(rd.Text, "  "))
		}
	}
}

func (m *md) apologies() {
	r := m.r
	m.heading(secApologies)
	if len(r.Apologies) == 0 {
		m.empty()
		return
	}
	for _, a := range r.Apologies {
		m.p("\n### From %s, %s\n\n", mdInline(r.name(a.By)), r.when(a.At))
		m.p("- **What happened:** %s\n", mdBlock(a.WhatHappened, "  "))
		m.p("- **The hurt it caused:** %s\n", mdBlock(a.Hurt, "  "))
		m.p("- **Remorse:** %s\n", mdBlock(a.Remorse, "  "))
		m.p("- **The plan to prevent it:** %s\n", mdBlock(a.Plan, "  "))
		if ans := a.answer(r.name); ans != "" {
			m.p("\n%s\n", mdInline(ans))
		}
	}
}

func (m *md) questions() {
	r := m.r
	m.heading(secQuestions)
	if len(r.Questions) == 0 {
		m.empty()
		return
	}
	for _, q := range r.Questions {
		m.p("\n### %s asked, %s\n\n", mdInline(r.name(q.AskedBy)), r.when(q.At))
		if q.Reflection != "" {
			m.p("Before asking: %s\n\n", mdBlock(q.Reflection, ""))
		}
		m.p("**Question:** %s\n\n", mdBlock(q.Text, ""))
		if q.Answer == "" {
			m.p("Not answered yet.\n")
			continue
		}
		m.p("**Answer")
		if q.AnsweredAt != nil {
			m.p(" (%s)", r.when(*q.AnsweredAt))
		}
		m.p(":** %s\n", mdBlock(q.Answer, ""))
	}
}

func (m *md) milestones() {
	r := m.r
	m.heading(secMilestones)
	m.p("_Guidelines, not deadlines._\n\n")
	if len(r.Milestones) == 0 {
		m.empty()
		return
	}
	m.p("| Around | Milestone | Ticked by |\n")
	m.p("|---|---|---|\n")
	for _, ms := range r.Milestones {
		m.p("| %s | %s | %s |\n", mdCell(ms.when()), mdCell(ms.Text), mdCell(r.milestoneTicks(ms)))
	}
}

func (m *md) help() {
	r := m.r
	m.heading(secHelp)
	if len(r.Help.Signs) == 0 {
		m.empty()
		return
	}
	for _, s := range r.Help.Signs {
		box := " "
		who := ""
		if len(s.TickedBy) > 0 {
			box = "x"
			who = " (ticked by " + mdInline(r.names(s.TickedBy)) + ")"
		}
		m.p("- [%s] %s%s\n", box, mdInline(s.Text), who)
	}
	if r.Help.AnyTicked {
		m.p("\n%s\n", mdBlock(r.Help.Note, ""))
	}
}

func (m *md) journal() {
	r := m.r
	if r.Journal == nil {
		return
	}
	m.heading(secJournal)
	m.p("_Private entries, included by their author._\n")
	if len(r.Journal.Entries) == 0 {
		m.p("\n")
		m.empty()
		return
	}
	for _, e := range r.Journal.Entries {
		m.p("\n### %s\n\n", r.when(e.At))
		if e.Prompt != "" {
			m.p("_%s_\n\n", mdInline(e.Prompt))
		}
		m.p("%s\n", mdBlock(e.Text, ""))
		m.p("\n%s\n", mdInline(journalMeta(e)))
	}
}

// mdInline escapes text for one line of Markdown: every character that
// could start markup is backslash-escaped and line breaks become spaces.
func mdInline(s string) string {
	return mdEscapeLine(strings.Join(strings.Fields(s), " "))
}

// mdCell is mdInline for a table cell.
func mdCell(s string) string {
	if s == "" {
		return " "
	}
	return mdInline(s)
}

// mdBlock escapes multi-line text, keeping its line breaks as hard breaks
// and indenting continuation lines by indent so they stay in their list item.
func mdBlock(s, indent string) string {
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if l != "" {
			lines = append(lines, mdEscapeLine(l))
		}
	}
	if len(lines) == 0 {
		return "_(left empty)_"
	}
	return strings.Join(lines, "  \n"+indent)
}

// mdEscapeLine backslash-escapes Markdown punctuation in one line.
func mdEscapeLine(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i, c := range s {
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~', '&', '!':
			b.WriteByte('\\')
		case '-', '+', '=':
			if i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			if isAllDigits(s[:i]) && i > 0 {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(c)
	}
	return b.String()
}

func isAllDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
