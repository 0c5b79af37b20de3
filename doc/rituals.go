package doc

import (
	"fmt"
	"time"

	"github.com/automerge/automerge-go"
)

// Rituals are the couple's agreed times: a daily talk block of 15–30
// minutes, a longer weekly meeting that also covers what is going right,
// and the time of day each is reminded to check in.
type Rituals struct {
	DailyTime     string       `json:"daily_time"` // "HH:MM", local time
	DailyMinutes  int          `json:"daily_minutes"`
	WeeklyDay     time.Weekday `json:"weekly_day"`
	WeeklyTime    string       `json:"weekly_time"` // "HH:MM", local time
	WeeklyMinutes int          `json:"weekly_minutes"`
	// CheckInTime is when the daily check-in is reminded, "HH:MM" local
	// time. Empty (as in documents from before it existed) means
	// [DefaultCheckInTime]; see [Rituals.CheckInAt].
	CheckInTime string `json:"checkin_time"`
}

// DefaultCheckInTime is the check-in time until the couple moves it.
const DefaultCheckInTime = "21:00"

// CheckInAt returns the check-in time, "HH:MM": CheckInTime, or
// [DefaultCheckInTime] when it was never set (or holds no readable time).
func (r Rituals) CheckInAt() string {
	if !ValidTime(r.CheckInTime) {
		return DefaultCheckInTime
	}
	return r.CheckInTime
}

// ValidTime reports whether t is a time of day written "HH:MM", 00:00 to
// 23:59.
func ValidTime(t string) bool {
	_, err := time.Parse("15:04", t)
	return err == nil && len(t) == 5
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

// SetRituals records the agreed times. An empty CheckInTime keeps
// [DefaultCheckInTime].
func (s *Shared) SetRituals(r Rituals) error {
	for _, t := range []string{r.DailyTime, r.WeeklyTime} {
		if !ValidTime(t) {
			return fmt.Errorf("%w: time %q is not HH:MM", ErrInvalid, t)
		}
	}
	if r.CheckInTime != "" && !ValidTime(r.CheckInTime) {
		return fmt.Errorf("%w: check-in time %q is not HH:MM", ErrInvalid, r.CheckInTime)
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
			"checkInTime": r.CheckInTime,
		})
	})
}

// SetCheckInTime moves the daily check-in reminder to t ("HH:MM"), leaving
// the talk times as they are; "" goes back to [DefaultCheckInTime].
func (s *Shared) SetCheckInTime(t string) error {
	if t != "" && !ValidTime(t) {
		return fmt.Errorf("%w: check-in time %q is not HH:MM", ErrInvalid, t)
	}
	return s.change("move the check-in time", func(_ *automerge.Map) error {
		return s.setFieldsLocked(keyRituals, map[string]any{"checkInTime": t})
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
		WeeklyMinutes: int(r.int("weeklyMinutes")), CheckInTime: r.str("checkInTime"),
	}
}
