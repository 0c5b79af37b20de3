package remind_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/app/remind"
	"github.com/kintsugi-app/kintsugi/doc"
)

// TestClockPauseEnd follows an app that looks every 20 seconds: the end of
// a pause is sent once, also when the tick lands late, and never for a
// pause that ended long before the app started.
func TestClockPauseEnd(t *testing.T) {
	until := at(tuesday, "14:00").Add(30 * time.Second)
	plan := remind.Plan{Pause: doc.Pause{By: "a", Since: tuesday, Until: until}}
	for _, tc := range []struct {
		name  string
		ticks []time.Time // when the app looks
		want  int         // pause-end reminders sent
	}{
		{"on time", []time.Time{until.Add(-20 * time.Second), until, until.Add(20 * time.Second), until.Add(40 * time.Second)}, 1},
		{"a tick right at the end waits for the next", []time.Time{until}, 0},
		{"asleep for a minute", []time.Time{until.Add(-15 * time.Second), until.Add(65 * time.Second), until.Add(85 * time.Second)}, 1},
		{"asleep for nine minutes", []time.Time{until.Add(-time.Minute), until.Add(9 * time.Minute)}, 1},
		{"asleep for an hour", []time.Time{until.Add(-time.Minute), until.Add(time.Hour)}, 0},
		{"started just after", []time.Time{until.Add(2 * time.Minute), until.Add(2*time.Minute + 20*time.Second)}, 1},
		{"started long after", []time.Time{until.Add(3 * time.Hour), until.Add(3*time.Hour + 20*time.Second)}, 0},
		{"started days after", []time.Time{until.AddDate(0, 0, 2)}, 0},
		{"clock set back across the end", []time.Time{until.Add(5 * time.Second), until.Add(25 * time.Second), until.Add(-10 * time.Second), until.Add(10 * time.Second), until.Add(45 * time.Second)}, 1},
		{"clock set back far", []time.Time{until.Add(5 * time.Second), until.Add(-time.Hour), until.Add(-time.Hour + 20*time.Second)}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c remind.Clock
			n := 0
			for _, now := range tc.ticks {
				from, to := c.Next(now)
				for _, r := range plan.Due(from, to) {
					if r.Kind == remind.PauseEnd {
						n++
					}
				}
			}
			if n != tc.want {
				t.Errorf("pause end sent %d times, want %d", n, tc.want)
			}
		})
	}
}

func TestClockSpans(t *testing.T) {
	var c remind.Clock
	t0 := at(tuesday, "20:00")
	from, to := c.Next(t0)
	if !from.Equal(t0.Add(-remind.Grace)) || !to.Equal(t0) {
		t.Fatalf("first span [%v, %v)", from, to)
	}
	from, to = c.Next(t0.Add(20 * time.Second))
	if !from.Equal(t0) || !to.Equal(t0.Add(20*time.Second)) {
		t.Fatalf("second span [%v, %v)", from, to)
	}
	// The monotonic reading is ignored: a laptop that slept has a small
	// monotonic step but a large wall-clock one.
	now := time.Now()
	if !strings.Contains(now.String(), "m=") {
		t.Skip("time.Now has no monotonic reading here")
	}
	c = remind.Clock{}
	c.Next(now)
	from, to = c.Next(now.Add(time.Minute))
	if strings.Contains(from.String(), "m=") || strings.Contains(to.String(), "m=") {
		t.Fatalf("span [%v, %v) keeps a monotonic reading", from, to)
	}
}

// A daily talk slept through by a few minutes is still sent, once.
func TestClockDailyLate(t *testing.T) {
	plan := remind.Plan{Rituals: rituals}
	var c remind.Clock
	var got []remind.Kind
	for _, now := range []time.Time{at(tuesday, "20:29").Add(50 * time.Second), at(tuesday, "20:33"), at(tuesday, "20:33").Add(20 * time.Second)} {
		from, to := c.Next(now)
		got = append(got, kinds(plan.Due(from, to))...)
	}
	if !slices.Equal(got, []remind.Kind{remind.Daily}) {
		t.Fatalf("sent %v, want one daily talk", got)
	}
}

// TestClockResume checks that a clock resumed where an earlier run last
// looked starts its first span there, within Grace, and Grace back after.
func TestClockResume(t *testing.T) {
	last := at(tuesday, "20:30").Add(5 * time.Second)
	for _, tc := range []struct {
		name     string
		now      time.Time
		wantFrom time.Time
	}{
		{"restarted two minutes later", last.Add(2 * time.Minute), last},
		{"restarted an hour later", last.Add(time.Hour), last.Add(time.Hour - remind.Grace)},
	} {
		var c remind.Clock
		c.Resume(last)
		if from, to := c.Next(tc.now); !from.Equal(tc.wantFrom) || !to.Equal(tc.now) {
			t.Errorf("%s: span [%v, %v), want [%v, %v)", tc.name, from, to, tc.wantFrom, tc.now)
		}
	}
	var c remind.Clock
	c.Next(last.Add(time.Minute))
	c.Resume(last) // older than what this run saw: ignored
	if from, _ := c.Next(last.Add(80 * time.Second)); !from.Equal(last.Add(time.Minute)) {
		t.Errorf("an older Resume moved the clock back to %v", from)
	}
}
