package remind

import (
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

// Reminder is one notification that is due.
type Reminder struct {
	Kind Kind `json:"kind"`
	// At is when it fell due: the ritual's minute, or the moment the pause
	// ended.
	At    time.Time `json:"at"`
	Title string    `json:"title"`
	Body  string    `json:"body"`
}

// Plan is everything that decides which reminders are due.
type Plan struct {
	Rituals  doc.Rituals // the shared times
	Pause    doc.Pause   // the couple's pause, if any
	Switches Switches    // this device's on/off
	// CheckedIn reports whether this device's partner checked in on
	// day's date before the instant before. Nil means never. It is only
	// called when a check-in reminder would otherwise be due.
	CheckedIn func(day, before time.Time) bool
}

// PlanFor reads the plan of the partner me from the shared document d,
// with this device's switches.
func PlanFor(d *doc.Shared, me string, sw Switches) Plan {
	return Plan{
		Rituals:  d.Rituals(),
		Pause:    d.Journey().Pause,
		Switches: sw,
		CheckedIn: func(day, before time.Time) bool {
			date := doc.DateOf(day)
			for _, c := range d.CheckIns() {
				if c.Author == me && c.Time.Before(before) && doc.DateOf(c.Time.In(day.Location())) == date {
					return true
				}
			}
			return false
		},
	}
}

// MaxSpan is the longest span [Plan.Due] looks at; a longer one is cut to
// its last MaxSpan.
const MaxSpan = 24 * time.Hour

// Due returns the reminders due in [from, to), in time order:
//
//   - the daily talk, weekly meeting and check-in at each whole minute in
//     the span whose local time (in from's location) is theirs; the weekly
//     meeting only on its weekday, and the check-in not when this device's
//     partner already checked in that day;
//   - the end of a pause whose end time falls in the span, unless it was
//     ended early.
//
// A reminder turned off in Switches is never due. Spans that follow one
// another give each reminder once.
func (p Plan) Due(from, to time.Time) []Reminder {
	if to.Sub(from) > MaxSpan {
		from = to.Add(-MaxSpan)
	}
	var out []Reminder
	add := func(k Kind, at time.Time) {
		if p.Switches.On(k) {
			out = append(out, Reminder{Kind: k, At: at, Title: Title, Body: k.Message()})
		}
	}
	pause := p.Pause
	pauseEnds := !pause.Since.IsZero() && !pause.Until.IsZero() &&
		(pause.Ended.IsZero() || !pause.Ended.Before(pause.Until)) && // not ended early
		!pause.Until.Before(from) && pause.Until.Before(to)
	loc := from.Location()
	m := from.Truncate(time.Minute)
	if m.Before(from) {
		m = m.Add(time.Minute)
	}
	for ; m.Before(to); m = m.Add(time.Minute) {
		if pauseEnds && pause.Until.Before(m) {
			add(PauseEnd, pause.Until)
			pauseEnds = false
		}
		local := m.In(loc)
		hm := local.Format("15:04")
		if hm == p.Rituals.DailyTime {
			add(Daily, local)
		}
		if hm == p.Rituals.WeeklyTime && local.Weekday() == p.Rituals.WeeklyDay {
			add(Weekly, local)
		}
		if hm == p.Rituals.CheckInAt() && p.Switches.On(CheckIn) && (p.CheckedIn == nil || !p.CheckedIn(local, to)) {
			add(CheckIn, local)
		}
	}
	if pauseEnds {
		add(PauseEnd, pause.Until)
	}
	return out
}

// DueAt returns the reminders due in the minute that holds t: what an app
// running through that minute would send.
func (p Plan) DueAt(t time.Time) []Reminder {
	m := t.Truncate(time.Minute)
	return p.Due(m, m.Add(time.Minute))
}
