package remind

import "time"

// Grace is how late a reminder may still be sent: when the laptop wakes
// from sleep, or the app starts or is unlocked, just after it fell due.
// Anything older is let go.
const Grace = 10 * time.Minute

// Clock hands an app that looks every few seconds the span of time to look
// at: from where it last looked (at most [Grace] ago) up to now. Spans
// never overlap, so nothing is sent twice. The zero Clock is ready; its
// first span reaches Grace back. A Clock is not safe for concurrent use.
type Clock struct {
	last time.Time
}

// Next returns the span [from, to) to look at now, and remembers it.
func (c *Clock) Next(now time.Time) (from, to time.Time) {
	// Compare wall clocks: the monotonic clock stands still while the
	// laptop sleeps, and a reminder due then must still be seen.
	now = now.Round(0)
	switch {
	case c.last.IsZero() || c.last.Before(now.Add(-Grace)):
		from = now.Add(-Grace)
	case now.Before(c.last):
		// The clock was set back. Nothing is due until it passes the last
		// span again, unless it went back further than Grace.
		if c.last.Sub(now) > Grace {
			c.last = now
		}
		return now, now
	default:
		from = c.last
	}
	c.last = now
	return from, now
}

// Resume starts the clock after a span that an earlier run of the app
// ended at last (a time it saved when it sent something), so a restart
// soon after does not send the same reminder again.
func (c *Clock) Resume(last time.Time) {
	if last = last.Round(0); last.After(c.last) {
		c.last = last
	}
}
