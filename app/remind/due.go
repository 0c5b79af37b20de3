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
//     partner already checked in that day; once also on the nights the
//     clocks change (see isAt);
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
		if isAt(local, p.Rituals.DailyTime) {
			add(Daily, local)
		}
		if isAt(local, p.Rituals.WeeklyTime) && local.Weekday() == p.Rituals.WeeklyDay {
			add(Weekly, local)
		}
		if isAt(local, p.Rituals.CheckInAt()) && p.Switches.On(CheckIn) && (p.CheckedIn == nil || !p.CheckedIn(local, to)) {
			add(CheckIn, local)
		}
	}
	if pauseEnds {
		add(PauseEnd, pause.Until)
	}
	return out
}

// isAt reports whether the minute m is when the time of day hm ("HH:MM")
// falls on m's date, in m's location. On a daylight-saving change that is
// still one minute: a time the clocks skip falls as much later as they
// jumped, and a time they repeat falls at its first occurrence only.
func isAt(m time.Time, hm string) bool {
	t, err := time.Parse("15:04", hm)
	if err != nil || len(hm) != 5 {
		return false
	}
	if !sameWall(m, m, t.Hour(), t.Minute()) {
		// A skipped time: time.Date moves it on by the jump.
		y, mo, d := m.Date()
		return time.Date(y, mo, d, t.Hour(), t.Minute(), 0, 0, m.Location()).Equal(m)
	}
	// A repeated time: was the wall clock here already, before the clocks
	// went back at the start of m's zone?
	start, _ := m.ZoneBounds()
	if start.IsZero() {
		return true
	}
	_, before := start.Add(-time.Second).Zone()
	_, now := m.Zone()
	if before <= now {
		return true
	}
	e := m.Add(-time.Duration(before-now) * time.Second)
	return !(e.Before(start) && sameWall(e, m, t.Hour(), t.Minute()))
}

// sameWall reports whether t's wall clock reads hh:mm on ref's date.
func sameWall(t, ref time.Time, hh, mm int) bool {
	y, mo, d := t.Date()
	ry, rmo, rd := ref.Date()
	h, mi, _ := t.Clock()
	return y == ry && mo == rmo && d == rd && h == hh && mi == mm
}

// DueAt returns the reminders due in the minute that holds t: what an app
// running through that minute would send.
func (p Plan) DueAt(t time.Time) []Reminder {
	m := t.Truncate(time.Minute)
	return p.Due(m, m.Add(time.Minute))
}
