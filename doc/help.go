package doc

import "strings"

// HelpSign is a sign that professional help is needed.
type HelpSign string

// The signs on the professional-help checklist.
const (
	SignRefusesRepair    HelpSign = "refuses-repair"
	SignSameArgument     HelpSign = "same-argument"
	SignMentalHealth     HelpSign = "mental-health"
	SignConsentViolation HelpSign = "consent-violation"
	SignAmmunition       HelpSign = "ammunition"
	SignStuck            HelpSign = "stuck"
	SignAbuse            HelpSign = "abuse"
)

var helpSigns = []struct {
	sign HelpSign
	text string
}{
	{SignRefusesRepair, "One of us refuses to repair, after several tries"},
	{SignSameArgument, "The same argument loops for weeks"},
	{SignMentalHealth, "Symptoms of depression, anxiety or trauma"},
	{SignConsentViolation, "A serious violation of consent"},
	{SignAmmunition, "What happened is used as ammunition"},
	{SignStuck, "We feel stuck despite the work"},
	{SignAbuse, "There is abuse or ongoing harm"},
}

// HelpSignState is one item of the checklist and who ticked it.
type HelpSignState struct {
	Sign     HelpSign `json:"sign"`
	Text     string   `json:"text"`
	TickedBy []string `json:"ticked_by"`
}

// Text returns the checklist wording of a sign, or "" for an unknown sign.
func (h HelpSign) Text() string {
	for _, s := range helpSigns {
		if s.sign == h {
			return s.text
		}
	}
	return ""
}

// The help map has flat keys "<sign>/<peer ID>" → ticked at.
const keyHelp = "help"

// TickHelpSign records that by sees sign in their relationship.
func (s *Shared) TickHelpSign(sign HelpSign, by string) error {
	return s.tickFlat(keyHelp, "tick a help sign", string(sign), by, sign.Text() != "", true)
}

// UntickHelpSign takes back by's tick of sign.
func (s *Shared) UntickHelpSign(sign HelpSign, by string) error {
	return s.tickFlat(keyHelp, "untick a help sign", string(sign), by, sign.Text() != "", false)
}

// HelpSigns returns the checklist with each partner's ticks.
func (s *Shared) HelpSigns() []HelpSignState {
	s.mu.Lock()
	defer s.mu.Unlock()
	ticked := s.tickedLocked(keyHelp)
	out := make([]HelpSignState, len(helpSigns))
	for i, h := range helpSigns {
		out[i] = HelpSignState{Sign: h.sign, Text: h.text, TickedBy: append([]string{}, ticked[string(h.sign)]...)}
	}
	return out
}

// HelpAdvice returns plain, kind advice when any sign is ticked by either
// partner, and "" when none is.
func (s *Shared) HelpAdvice() string {
	var any, abuse bool
	for _, h := range s.HelpSigns() {
		if len(h.TickedBy) > 0 {
			any = true
			abuse = abuse || h.Sign == SignAbuse
		}
	}
	if !any {
		return ""
	}
	var b strings.Builder
	b.WriteString("Some of what you are going through is more than an app can hold. ")
	b.WriteString("A couples therapist, or a counsellor for each of you, can help with exactly this, ")
	b.WriteString("and asking for that help is a sign of care, not of failure.")
	if abuse {
		b.WriteString("\n\nWhere there is abuse or ongoing harm, your safety comes first. ")
		b.WriteString("Repair needs safety to begin with, and leaving can be the healthy choice. ")
		b.WriteString("A local helpline or a doctor can talk it through with you in confidence.")
	}
	return b.String()
}
