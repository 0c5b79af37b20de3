package doc

import (
	"fmt"
	"strings"
)

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

// Private reports whether the sign is private to the device that ticks it:
// the sign of abuse or ongoing harm, whose tick the partner, who may be the
// one causing it, must never see. The shared document never holds its tick
// (the profile keeps it on the device); [Shared.HelpSigns] lists it, with no
// tick.
func (h HelpSign) Private() bool { return h == SignAbuse }

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

// TickHelpSign records that by sees sign in their relationship. A private
// sign gives [ErrPrivate]: its tick stays on the device that makes it.
func (s *Shared) TickHelpSign(sign HelpSign, by string) error {
	if sign.Private() {
		return fmt.Errorf("%w: the sign %q stays on the device that ticks it", ErrPrivate, sign)
	}
	return s.tickFlat(keyHelp, "tick a help sign", string(sign), by, sign.Text() != "", true)
}

// UntickHelpSign takes back by's tick of sign. For a private sign it
// removes a tick that an older version wrote into the document (see
// [Shared.SharedPrivateTicks]).
func (s *Shared) UntickHelpSign(sign HelpSign, by string) error {
	msg := "untick a help sign"
	if sign.Private() {
		msg = MsgTidyHelp
	}
	return s.tickFlat(keyHelp, msg, string(sign), by, sign.Text() != "", false)
}

// MsgTidyHelp is the change message of removing a private sign's tick that
// an older version shared: bookkeeping, not news for the partner.
const MsgTidyHelp = "tidy the help checklist"

// HelpSigns returns the shared checklist with each partner's ticks. A
// private sign is listed with no tick, even when an older version wrote
// one into the document.
func (s *Shared) HelpSigns() []HelpSignState {
	s.mu.Lock()
	defer s.mu.Unlock()
	ticked := s.tickedLocked(keyHelp)
	out := make([]HelpSignState, len(helpSigns))
	for i, h := range helpSigns {
		out[i] = HelpSignState{Sign: h.sign, Text: h.text, TickedBy: []string{}}
		if !h.sign.Private() {
			out[i].TickedBy = append(out[i].TickedBy, ticked[string(h.sign)]...)
		}
	}
	return out
}

// SharedPrivateTicks returns who has a tick of a private sign in the
// shared document, which only an older version wrote. The profile moves its
// own partner's tick onto the device and removes it from the document.
func (s *Shared) SharedPrivateTicks(sign HelpSign) []string {
	if !sign.Private() {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string{}, s.tickedLocked(keyHelp)[string(sign)]...)
}

// HelpAdvice returns the advice for the shared checklist ([HelpAdviceFor]
// of [Shared.HelpSigns]).
func (s *Shared) HelpAdvice() string { return HelpAdviceFor(s.HelpSigns()) }

// SafetyAdvice is what the checklist says first when the sign of abuse or
// ongoing harm is ticked: safety before repair, and help for the person
// alone, not for the couple.
const SafetyAdvice = "Your safety matters more than this repair. " +
	"Where there is abuse or ongoing harm, couples therapy is not the place to start: " +
	"it can make things more dangerous. Talk with someone who is there for you alone: " +
	"a domestic-violence helpline, a doctor, or a counsellor of your own. " +
	"Helplines are free and confidential, and they can help you make a plan, whether you stay or leave. " +
	"To find one near you, search for \"domestic violence helpline\" and your country or town, " +
	"visit findahelpline.com, or ask your doctor. If you are in danger right now, call your local emergency number. " +
	"Leaving can be the healthy choice."

// HelpAdviceFor returns plain, kind advice for a checklist as one device
// shows it (signs ticked by either partner, and this device's own tick of a
// private sign), or "" when nothing is ticked. When the sign of abuse or
// ongoing harm is ticked it leads with [SafetyAdvice] and never suggests
// couples therapy.
func HelpAdviceFor(signs []HelpSignState) string {
	var any, abuse bool
	for _, h := range signs {
		if len(h.TickedBy) > 0 {
			any = true
			abuse = abuse || h.Sign.Private()
		}
	}
	switch {
	case abuse:
		return SafetyAdvice
	case !any:
		return ""
	}
	var b strings.Builder
	b.WriteString("Some of what you are going through is more than an app can hold. ")
	b.WriteString("A couples therapist, or a counsellor for each of you, can help with exactly this, ")
	b.WriteString("and asking for that help is a sign of care, not of failure.")
	return b.String()
}
