// Package remind decides when Kintsugi reminds: the daily talk, the weekly
// meeting, the daily check-in and the end of a pause. It knows no Fyne and
// no keys, so the desktop app and the command line ("kintsugi reminders
// due") share one answer.
//
// The times are the couple's shared rituals ([doc.Rituals], in the shared
// document); whether a reminder is on is a per-device choice ([Switches],
// kept in the profile's settings). A [Plan] brings the two together with
// the pause and this device's check-ins, and [Plan.Due] lists what is due
// in a span of time. An app that looks every few seconds asks a [Clock] for
// the next span, so each reminder is sent once, a little late rather than
// never after the laptop slept, and never for something long past.
//
// A reminder's words are fixed ([Kind.Message]): someone else may see the
// screen, so nothing the partners wrote is ever in a notification.
package remind

import (
	"errors"
	"fmt"
	"strings"
)

// Kind is one of the four reminders.
type Kind string

// The four reminders, in the order they are listed.
const (
	Daily    Kind = "daily"   // the daily talk, at Rituals.DailyTime
	Weekly   Kind = "weekly"  // the weekly meeting, at Rituals.WeeklyTime on Rituals.WeeklyDay
	CheckIn  Kind = "checkin" // the check-in, at Rituals.CheckInAt, unless done that day
	PauseEnd Kind = "pause"   // the end of a pause that was not ended early
)

// Kinds returns the four reminders in order.
func Kinds() []Kind { return []Kind{Daily, Weekly, CheckIn, PauseEnd} }

// ErrUnknownKind is returned by [ParseKind] for a name that is none of the
// four reminders.
var ErrUnknownKind = errors.New("unknown reminder")

// ParseKind reads a reminder's name as written on the command line:
// "daily", "weekly", "checkin" or "pause" (any case).
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range Kinds() {
		if k == known {
			return k, nil
		}
	}
	return "", fmt.Errorf("%w %q: it is one of daily, weekly, checkin, pause", ErrUnknownKind, s)
}

// Title is the title of every notification.
const Title = "Kintsugi"

// Label names the reminder for a settings screen, e.g. "The daily talk".
func (k Kind) Label() string {
	switch k {
	case Daily:
		return "The daily talk"
	case Weekly:
		return "The weekly meeting"
	case CheckIn:
		return "The daily check-in"
	case PauseEnd:
		return "The end of a pause"
	}
	return string(k)
}

// Message is the notification's text: fixed, warm words that give nothing
// private away.
func (k Kind) Message() string {
	switch k {
	case Daily:
		return "It's time for your daily talk."
	case Weekly:
		return "It's time for your weekly meeting."
	case CheckIn:
		return "A moment to check in, if you'd like."
	case PauseEnd:
		return "The pause is over. When you're both ready, you can talk again."
	}
	return ""
}

func (k Kind) bit() Switches {
	for i, known := range Kinds() {
		if k == known {
			return 1 << i
		}
	}
	return 0
}
