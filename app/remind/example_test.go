package remind_test

import (
	"fmt"
	"time"

	"github.com/kintsugi-app/kintsugi/app/remind"
	"github.com/kintsugi-app/kintsugi/doc"
)

func ExamplePlan_DueAt() {
	p := remind.Plan{
		Rituals:  doc.Rituals{DailyTime: "20:30", DailyMinutes: 20, WeeklyDay: time.Sunday, WeeklyTime: "10:00", WeeklyMinutes: 60, CheckInTime: "20:30"},
		Switches: remind.Switches(0).With(remind.Weekly, false),
	}
	for _, r := range p.DueAt(time.Date(2026, 3, 8, 20, 30, 0, 0, time.UTC)) {
		fmt.Printf("%s: %s\n", r.Kind, r.Body)
	}
	// Output:
	// daily: It's time for your daily talk.
	// checkin: A moment to check in, if you'd like.
}
