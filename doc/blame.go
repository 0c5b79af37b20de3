package doc

import (
	"regexp"
	"sort"
)

// Flag marks a phrase in an apology that may shift blame, with a gentle
// suggestion. Start and End are byte offsets into the text.
type Flag struct {
	Phrase     string `json:"phrase"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	Suggestion string `json:"suggestion"`
}

type blamePattern struct {
	re         *regexp.Regexp
	suggestion string
}

// Apostrophes may be straight or curly; words are matched case-insensitively.
var blamePatterns = func() []blamePattern {
	const ap = `['’]`
	list := []struct{ expr, suggestion string }{
		{`i` + ap + `?m sorry (that )?you (felt|feel|were|are|got)`, "This can sound like the feeling is the problem. Try naming what you did."},
		{`i am sorry (that )?you (felt|feel|were|are|got)`, "This can sound like the feeling is the problem. Try naming what you did."},
		{`sorry if (you|i|that|it)`, "\"If\" can sound unsure that there was hurt. Try saying plainly what happened."},
		{`i didn` + ap + `?t mean (to|it)`, "Intent matters less here than the impact. Try naming the hurt it caused."},
		{`i did not mean (to|it)`, "Intent matters less here than the impact. Try naming the hurt it caused."},
		{`you should have (said|told|asked|known)`, "This puts the responsibility on your partner. Try speaking only for yourself."},
		{`if you hadn` + ap + `?t`, "This links what you did to what your partner did. Try owning your part alone."},
		{`if you had not`, "This links what you did to what your partner did. Try owning your part alone."},
		{`you made me`, "This puts the cause on your partner. Try \"I chose…\" instead."},
		{`but you`, "A \"but\" can undo the apology before it. Try ending the sentence before it."},
		{`you always|you never`, "Words like always and never can feel like an accusation."},
		{`(it was|it wasn` + ap + `?t) (a )?(big deal|that bad|nothing)`, "This can minimise what happened. Try describing it as it was."},
		{`let` + ap + `?s (just )?move on`, "Moving on comes in its own time. Try leaving room for your partner's pace."},
		{`you` + ap + `?re (overreacting|too sensitive)`, "This questions your partner's feelings. Try acknowledging them instead."},
	}
	out := make([]blamePattern, len(list))
	for i, p := range list {
		out[i] = blamePattern{re: regexp.MustCompile(`(?i)\b` + p.expr + `\b`), suggestion: p.suggestion}
	}
	return out
}()

// BlameShiftingPhrases finds phrases that tend to shift blame ("I'm sorry
// you felt…", "I didn't mean to", "you should have said…", "if you
// hadn't…"), ordered by position. It never blocks an apology; it offers
// the writer a chance to reword.
func BlameShiftingPhrases(text string) []Flag {
	var out []Flag
	for _, p := range blamePatterns {
		for _, loc := range p.re.FindAllStringIndex(text, -1) {
			out = append(out, Flag{Phrase: text[loc[0]:loc[1]], Start: loc[0], End: loc[1], Suggestion: p.suggestion})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End > out[j].End
	})
	// Drop a flag contained in an earlier one.
	kept := out[:0]
	for _, f := range out {
		if n := len(kept); n > 0 && f.End <= kept[n-1].End {
			continue
		}
		kept = append(kept, f)
	}
	return kept
}
