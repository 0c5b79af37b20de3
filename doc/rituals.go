package doc

import (
	"fmt"
	"time"

	"github.com/automerge/automerge-go"
)

// Rituals are the couple's agreed talk times: a daily block of 15–30
// minutes and a longer weekly meeting that also covers what is going right.
type Rituals struct {
	DailyTime     string       `json:"daily_time"` // "HH:MM", local time
	DailyMinutes  int          `json:"daily_minutes"`
	WeeklyDay     time.Weekday `json:"weekly_day"`
	WeeklyTime    string       `json:"weekly_time"` // "HH:MM", local time
	WeeklyMinutes int          `json:"weekly_minutes"`
}

// The limits of the talk rituals.
const (
	MinDailyMinutes  = 15
	MaxDailyMinutes  = 30
	MinWeeklyMinutes = 30
	MaxWeeklyMinutes = 180
)

// IsSet reports whether the rituals were agreed.
func (r Rituals) IsSet() bool { return r.DailyTime != "" }

const keyRituals = "rituals"

// SetRituals records the agreed talk times.
func (s *Shared) SetRituals(r Rituals) error {
	for _, t := range []string{r.DailyTime, r.WeeklyTime} {
		if _, err := time.Parse("15:04", t); err != nil || len(t) != 5 {
			return fmt.Errorf("%w: time %q is not HH:MM", ErrInvalid, t)
		}
	}
	if r.DailyMinutes < MinDailyMinutes || r.DailyMinutes > MaxDailyMinutes {
		return fmt.Errorf("%w: the daily talk lasts %d–%d minutes, not %d", ErrInvalid, MinDailyMinutes, MaxDailyMinutes, r.DailyMinutes)
	}
	if r.WeeklyMinutes < MinWeeklyMinutes || r.WeeklyMinutes > MaxWeeklyMinutes {
		return fmt.Errorf("%w: the weekly meeting lasts %d–%d minutes, not %d", ErrInvalid, MinWeeklyMinutes, MaxWeeklyMinutes, r.WeeklyMinutes)
	}
	if r.WeeklyDay < time.Sunday || r.WeeklyDay > time.Saturday {
		return fmt.Errorf("%w: weekday %d", ErrInvalid, int(r.WeeklyDay))
	}
	return s.change("set the talk times", func(_ *automerge.Map) error {
		return s.setFieldsLocked(keyRituals, map[string]any{
			"dailyTime": r.DailyTime, "dailyMinutes": int64(r.DailyMinutes),
			"weeklyDay": int64(r.WeeklyDay), "weeklyTime": r.WeeklyTime, "weeklyMinutes": int64(r.WeeklyMinutes),
		})
	})
}

// Rituals returns the agreed talk times; see [Rituals.IsSet].
func (s *Shared) Rituals() Rituals {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.containerLocked(keyRituals)
	if err != nil {
		return Rituals{}
	}
	vals, err := c.Values()
	if err != nil {
		return Rituals{}
	}
	r := rec(vals)
	return Rituals{
		DailyTime: r.str("dailyTime"), DailyMinutes: int(r.int("dailyMinutes")),
		WeeklyDay: time.Weekday(r.int("weeklyDay")), WeeklyTime: r.str("weeklyTime"),
		WeeklyMinutes: int(r.int("weeklyMinutes")),
	}
}
