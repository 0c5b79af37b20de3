package export

import (
	"regexp"
	"strings"
	"testing"
)

// mdSections parses exported Markdown back into its title and its "## "
// sections, with escapes removed from the text.
func mdSections(t *testing.T, md string) (title string, secs map[string]string, order []string) {
	t.Helper()
	secs = map[string]string{}
	cur := ""
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "# "):
			if title != "" {
				t.Fatalf("two titles: %q and %q", title, line)
			}
			title = mdUnescape(line[2:])
		case strings.HasPrefix(line, "## "):
			cur = line[3:]
			if _, dup := secs[cur]; dup {
				t.Fatalf("section %q twice", cur)
			}
			secs[cur] = ""
			order = append(order, cur)
		case cur != "":
			secs[cur] += mdUnescape(line) + "\n"
		}
	}
	return title, secs, order
}

var mdEscapes = regexp.MustCompile(`\\([[:punct:]])`)

func mdUnescape(s string) string { return mdEscapes.ReplaceAllString(s, "$1") }

// mdTable returns the rows of the first table after heading in body, each
// cell trimmed.
func mdTable(body, heading string) [][]string {
	i := strings.Index(body, heading)
	if i < 0 {
		return nil
	}
	var rows [][]string
	started := false
	for _, line := range strings.Split(body[i:], "\n") {
		if !strings.HasPrefix(line, "|") {
			if started {
				break
			}
			continue
		}
		started = true
		if strings.HasPrefix(line, "|---") {
			continue
		}
		var cells []string
		for _, c := range strings.Split(strings.Trim(line, "|"), " | ") {
			cells = append(cells, strings.TrimSpace(c))
		}
		rows = append(rows, cells)
	}
	return rows
}

func TestMarkdownContent(t *testing.T) {
	s, _ := sample(t)
	md := string(export(t, FormatMarkdown, s, march))
	title, secs, order := mdSections(t, md)
	if title != "Our repair journey" {
		t.Errorf("title = %q", title)
	}
	wantOrder := []string{secJourney, secCommitments, secNeeds, secBoundaries, secCheckIns, secInteractions,
		secRepairs, secApologies, secQuestions, secMilestones, secHelp}
	if strings.Join(order, "|") != strings.Join(wantOrder, "|") {
		t.Errorf("sections = %q, want %q", order, wantOrder)
	}
	head := md[:strings.Index(md, "\n## ")]
	for _, want := range []string{"Alex and Sam", "1 March 2025 to 31 March 2025", introNote, "20 April 2025, 18:30"} {
		if !strings.Contains(mdUnescape(head), want) {
			t.Errorf("title block lacks %q:\n%s", want, head)
		}
	}

	// Each marker is in its own section when in range, and nowhere when not.
	for _, tc := range []struct{ sec, want string }{
		{secJourney, "3 of 7: Establish accountability"},
		{secJourney, "Daily talk: every day at 20:30, 20 minutes"},
		{secJourney, "Weekly meeting: Sundays at 18:00, 60 minutes"},
		{secJourney, "asked for by Sam"},
		{secCommitments, oldCommitment},
		{secCommitments, "kept 2, missed 1"},
		{secCommitments, "March 2025: kept 2, missed 1 (missed on the 6); 1 acknowledged"},
		{secNeeds, oldNeed},
		{secNeeds, "Response from Alex: I will call, not text"},
		{secApologies, "Sam answered: I'm not ready yet — “Give me a week”"},
		{secBoundaries, "No phones at dinner, both of us"},
		{secBoundaries, "Agreed by both; in force."},
		{secBoundaries, "Sam: revised"},
		{secCheckIns, inCheckIn},
		{secCheckIns, lateCheckIn},
		{secCheckIns, unicodeNote},
		{secInteractions, inInteraction},
		{secRepairs, inRepair},
		{secRepairs, "Patterns: what went wrong, not who"},
		{secApologies, inApology},
		{secApologies, "I'm sorry you felt"},
		{secQuestions, inQuestion},
		{secQuestions, "At the office, then driving"},
		{secMilestones, "The repair conversation is done | Alex and Sam"},
		{secMilestones, "A pause was agreed | Sam so far"},
		{secHelp, "[x] The same argument loops for weeks (ticked by Sam)"},
		{secHelp, "[ ] We feel stuck despite the work"},
		{secHelp, "A couples therapist"},
	} {
		if !strings.Contains(secs[tc.sec], tc.want) {
			t.Errorf("section %q lacks %q:\n%s", tc.sec, tc.want, secs[tc.sec])
		}
	}
	if strings.Contains(md, "abuse") {
		t.Errorf("the private sign is in the export:\n%s", secs[secHelp])
	}
	if strings.Contains(md, "flagged") {
		t.Errorf("the apology builder's gentle flags were exported:\n%s", secs[secApologies])
	}
	for _, out := range []string{outCheckInEarly, outCheckInLate, outInteraction, newCommitment, retiredCommitment, newNeed, metNeed,
		outQuestion, "No phone at dinner", journalIn} {
		if strings.Contains(md, out) {
			t.Errorf("Markdown contains %q, which is outside the range", out)
		}
	}

	rows := mdTable(secs[secCheckIns], "Every check-in")
	if len(rows) != 1+5 {
		t.Fatalf("check-in table has %d rows, want a header and 5:\n%v", len(rows), rows)
	}
	if got := rows[1]; got[0] != "Mon 3 Mar 2025 12:00" || got[1] != "Alex" || got[2] != "5" || got[5] != "hopeful, tired" {
		t.Errorf("first check-in row = %q", got)
	}
	trends := mdTable(secs[secCheckIns], "Weekly averages")
	// Weeks of 3 and 10 March for both, of 31 March for Sam only.
	if len(trends) != 1+5 {
		t.Fatalf("trend table has %d rows, want a header and 5:\n%v", len(trends), trends)
	}
}

func TestMarkdownUnbounded(t *testing.T) {
	s, _ := sample(t)
	md := string(export(t, FormatMarkdown, s, Options{Now: march.Now}))
	for _, want := range []string{outCheckInEarly, outCheckInLate, outInteraction, newCommitment, newNeed, metNeed, outQuestion,
		retiredCommitment + "\n\nSam · daily · since 11 February 2025 · retired 25 February 2025 · in this period kept 1, missed 0",
		"The whole journey, up to 20 April 2025", "No phone at dinner", "Sam: proposed"} {
		if !strings.Contains(mdUnescape(md), want) {
			t.Errorf("an unbounded export lacks %q", want)
		}
	}
}

// TestMarkdownEscaping checks that what partners write cannot change the
// export's structure.
func TestMarkdownEscaping(t *testing.T) {
	for _, in := range []string{"## Not a section", "# Title", "| a | b |", "1. list", "- item", "> quote",
		"*bold* _it_ `code` [link](x) <b>html</b> &amp;", "line one\n## two\nthree", `back\slash`} {
		line := mdInline(in)
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "-") || strings.HasPrefix(line, ">") {
			t.Errorf("mdInline(%q) = %q starts with markup", in, line)
		}
		if strings.Contains(line, "\n") {
			t.Errorf("mdInline(%q) has a line break", in)
		}
		if got, want := mdUnescape(line), strings.Join(strings.Fields(in), " "); got != want {
			t.Errorf("unescape(mdInline(%q)) = %q, want %q", in, got, want)
		}
		for _, l := range strings.Split(mdBlock(in, "  "), "\n") {
			l = strings.TrimLeft(l, " ")
			if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "|") {
				t.Errorf("mdBlock(%q) has a line %q that starts with markup", in, l)
			}
		}
	}
}

// FuzzMarkdownEscape checks that no text a partner writes can add a heading
// or a table row to the export.
func FuzzMarkdownEscape(f *testing.F) {
	for _, s := range []string{"## x", "|a|", "1. x", "\\", "a\n# b", "\r\n## c", "—", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{mdInline(s), mdCell(s), mdBlock(s, "  ")} {
			for _, l := range strings.Split(out, "\n") {
				l = strings.TrimLeft(l, " ")
				if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "|") || strings.HasPrefix(l, ">") {
					t.Fatalf("escaped %q gives a line %q that starts with markup", s, l)
				}
			}
			if strings.Contains(mdUnescapeStrict(out), "|") && strings.Count(out, "|") != strings.Count(out, `\|`) {
				t.Fatalf("escaped %q has a bare pipe: %q", s, out)
			}
		}
	})
}

// mdUnescapeStrict is mdUnescape without its regular expression, for the fuzz
// target's speed.
func mdUnescapeStrict(s string) string { return strings.ReplaceAll(s, `\`, "") }
