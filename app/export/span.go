package export

import (
	"fmt"
	"time"
)

// dayLayout is how days are written: in JSON, in commitment logs, in trends.
const dayLayout = "2006-01-02"

// span is the inclusive range of an export; a zero end is open.
type span struct {
	from, to time.Time
	loc      *time.Location
}

// newRange checks the options' range and widens a midnight To to the end of
// its day.
func newRange(opts Options) (span, error) {
	loc := time.Local
	if !opts.Now.IsZero() {
		loc = opts.Now.Location()
	}
	sp := span{from: opts.From, to: opts.To, loc: loc}
	if !sp.to.IsZero() {
		h, m, s := sp.to.Clock()
		if h == 0 && m == 0 && s == 0 && sp.to.Nanosecond() == 0 {
			sp.to = sp.to.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
	}
	if !sp.from.IsZero() && !sp.to.IsZero() && sp.from.After(sp.to) {
		return span{}, fmt.Errorf("%w: %s is after %s", ErrBadRange,
			opts.From.Format(dayLayout), opts.To.Format(dayLayout))
	}
	return sp, nil
}

// contains reports whether t falls in the range.
func (sp span) contains(t time.Time) bool {
	if !sp.from.IsZero() && t.Before(sp.from) {
		return false
	}
	return sp.to.IsZero() || !t.After(sp.to)
}

// notAfter reports whether t is on or before the range's end.
func (sp span) notAfter(t time.Time) bool {
	return sp.to.IsZero() || !t.After(sp.to)
}

// containsDay reports whether a calendar day ("2006-01-02") lies in the
// range, comparing calendar dates in the range's own locations.
func (sp span) containsDay(day string) bool {
	if !sp.from.IsZero() && day < sp.from.Format(dayLayout) {
		return false
	}
	return sp.to.IsZero() || day <= sp.to.Format(dayLayout)
}
