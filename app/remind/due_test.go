package remind_test

import (
	"slices"
	"testing"
	"time"
	_ "time/tzdata" // the daylight-saving case needs Europe/Berlin everywhere

	"github.com/kintsugi-app/kintsugi/app/remind"
	"github.com/kintsugi-app/kintsugi/doc"
)

var (
	loc = time.FixedZone("CET", 3600)
	// tuesday is 2026-03-10, 00:00 local.
	tuesday = time.Date(2026, 3, 10, 0, 0, 0, 0, loc)
)

func at(day time.Time, hm string) time.Time {
	t, err := time.Parse("15:04", hm)
	if err != nil {
		panic(err)
	}
	return day.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)
}

func kinds(rs []remind.Reminder) []remind.Kind {
	out := []remind.Kind{}
	for _, r := range rs {
		out = append(out, r.Kind)
	}
	return out
}

var rituals = doc.Rituals{DailyTime: "20:30", DailyMinutes: 20, WeeklyDay: time.Tuesday, WeeklyTime: "18:00", WeeklyMinutes: 60}

func TestDueAt(t *testing.T) {
	moved := rituals
	moved.DailyTime, moved.WeeklyTime, moved.WeeklyDay, moved.CheckInTime = "07:15", "10:00", time.Sunday, "08:45"
	sameMinute := rituals
	sameMinute.CheckInTime = "20:30"
	checkedIn := func(day, before time.Time) bool { return day.Day() == 10 }
	pauseFrom := tuesday.Add(-48 * time.Hour)
	pause := doc.Pause{By: "a", Since: pauseFrom, Until: at(tuesday, "14:00").Add(30 * time.Second)}
	endedEarly := pause
	endedEarly.Ended = at(tuesday, "09:00")
	for _, tc := range []struct {
		name string
		plan remind.Plan
		at   time.Time
		want []remind.Kind
	}{
		{"daily", remind.Plan{Rituals: rituals}, at(tuesday, "20:30"), []remind.Kind{remind.Daily}},
		{"daily, seconds in", remind.Plan{Rituals: rituals}, at(tuesday, "20:30").Add(59 * time.Second), []remind.Kind{remind.Daily}},
		{"a minute late", remind.Plan{Rituals: rituals}, at(tuesday, "20:31"), []remind.Kind{}},
		{"weekly on its day", remind.Plan{Rituals: rituals}, at(tuesday, "18:00"), []remind.Kind{remind.Weekly}},
		{"weekly, another day", remind.Plan{Rituals: rituals}, at(tuesday.AddDate(0, 0, 1), "18:00"), []remind.Kind{}},
		{"check-in default", remind.Plan{Rituals: rituals}, at(tuesday, "21:00"), []remind.Kind{remind.CheckIn}},
		{"check-in with no rituals agreed", remind.Plan{}, at(tuesday, "21:00"), []remind.Kind{remind.CheckIn}},
		{"nothing agreed, morning", remind.Plan{}, at(tuesday, "09:00"), []remind.Kind{}},
		{"check-in done today", remind.Plan{Rituals: rituals, CheckedIn: checkedIn}, at(tuesday, "21:00"), []remind.Kind{}},
		{"check-in done another day", remind.Plan{Rituals: rituals, CheckedIn: checkedIn}, at(tuesday.AddDate(0, 0, 1), "21:00"), []remind.Kind{remind.CheckIn}},
		{"moved daily", remind.Plan{Rituals: moved}, at(tuesday, "07:15"), []remind.Kind{remind.Daily}},
		{"moved daily, old time", remind.Plan{Rituals: moved}, at(tuesday, "20:30"), []remind.Kind{}},
		{"moved weekly on Sunday", remind.Plan{Rituals: moved}, at(tuesday.AddDate(0, 0, 5), "10:00"), []remind.Kind{remind.Weekly}},
		{"moved weekly, old day", remind.Plan{Rituals: moved}, at(tuesday, "18:00"), []remind.Kind{}},
		{"moved check-in", remind.Plan{Rituals: moved}, at(tuesday, "08:45"), []remind.Kind{remind.CheckIn}},
		{"moved check-in, old time", remind.Plan{Rituals: moved}, at(tuesday, "21:00"), []remind.Kind{}},
		{"two in one minute", remind.Plan{Rituals: sameMinute}, at(tuesday, "20:30"), []remind.Kind{remind.Daily, remind.CheckIn}},
		{"daily off", remind.Plan{Rituals: rituals, Switches: remind.Switches(0).With(remind.Daily, false)}, at(tuesday, "20:30"), []remind.Kind{}},
		{"daily off, check-in on", remind.Plan{Rituals: sameMinute, Switches: remind.Switches(0).With(remind.Daily, false)}, at(tuesday, "20:30"), []remind.Kind{remind.CheckIn}},
		{"weekly off", remind.Plan{Rituals: rituals, Switches: remind.Switches(0).With(remind.Weekly, false)}, at(tuesday, "18:00"), []remind.Kind{}},
		{"check-in off", remind.Plan{Rituals: rituals, Switches: remind.Switches(0).With(remind.CheckIn, false)}, at(tuesday, "21:00"), []remind.Kind{}},
		{"all off", remind.Plan{Rituals: rituals, Switches: remind.AllOff}, at(tuesday, "20:30"), []remind.Kind{}},
		{"pause ends this minute", remind.Plan{Pause: pause}, at(tuesday, "14:00"), []remind.Kind{remind.PauseEnd}},
		{"pause, a minute before", remind.Plan{Pause: pause}, at(tuesday, "13:59"), []remind.Kind{}},
		{"pause, a minute after", remind.Plan{Pause: pause}, at(tuesday, "14:01"), []remind.Kind{}},
		{"pause ended early", remind.Plan{Pause: endedEarly}, at(tuesday, "14:00"), []remind.Kind{}},
		{"pause reminder off", remind.Plan{Pause: pause, Switches: remind.Switches(0).With(remind.PauseEnd, false)}, at(tuesday, "14:00"), []remind.Kind{}},
		{"no pause", remind.Plan{Pause: doc.Pause{}}, time.Time{}, []remind.Kind{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.plan.DueAt(tc.at)
			if !slices.Equal(kinds(got), tc.want) {
				t.Fatalf("DueAt(%s) = %v, want %v", tc.at.Format("Mon 15:04:05"), kinds(got), tc.want)
			}
			for _, r := range got {
				if r.Title != remind.Title || r.Body != r.Kind.Message() || r.Body == "" {
					t.Errorf("%s: %q / %q is not the fixed, generic text", r.Kind, r.Title, r.Body)
				}
				if r.At.Before(tc.at.Truncate(time.Minute)) || !r.At.Before(tc.at.Truncate(time.Minute).Add(time.Minute)) {
					t.Errorf("%s due at %v, outside the minute asked", r.Kind, r.At)
				}
			}
		})
	}
}

// The check-in reminder asks whether this partner checked in that day,
// before the end of the span, and only when it would otherwise be due.
func TestCheckedInAsked(t *testing.T) {
	var asked []time.Time
	p := remind.Plan{Rituals: rituals, CheckedIn: func(day, before time.Time) bool {
		asked = append(asked, day, before)
		return false
	}}
	p.DueAt(at(tuesday, "20:30"))
	if len(asked) != 0 {
		t.Fatalf("CheckedIn asked outside the check-in minute: %v", asked)
	}
	p.Due(at(tuesday, "20:59").Add(50*time.Second), at(tuesday, "21:00").Add(10*time.Second))
	if want := []time.Time{at(tuesday, "21:00"), at(tuesday, "21:00").Add(10 * time.Second)}; !slices.EqualFunc(asked, want, time.Time.Equal) {
		t.Fatalf("CheckedIn asked %v, want %v", asked, want)
	}
	p.Switches = p.Switches.With(remind.CheckIn, false)
	asked = nil
	p.DueAt(at(tuesday, "21:00"))
	if len(asked) != 0 {
		t.Fatal("CheckedIn asked with the check-in reminder off")
	}
}

func TestPlanFor(t *testing.T) {
	const me, partner = "12D3KooWMe", "12D3KooWPartner"
	d := doc.NewShared()
	now := at(tuesday, "12:00")
	d.SetClock(func() time.Time { return now })
	if err := d.SetCouple(doc.Partner{ID: me, Name: "Me"}, doc.Partner{ID: partner, Name: "P"}); err != nil {
		t.Fatal(err)
	}
	r := rituals
	r.CheckInTime = "21:30"
	if err := d.SetRituals(r); err != nil {
		t.Fatal(err)
	}
	if err := d.AskPause(partner, at(tuesday, "16:00")); err != nil {
		t.Fatal(err)
	}
	if err := d.AgreePause(me); err != nil {
		t.Fatal(err)
	}
	// The partner's check-in today does not count for me.
	if _, err := d.AddCheckIn(doc.CheckIn{Author: partner, Time: at(tuesday, "08:00"), Safety: 5, Trust: 5, Connection: 5}); err != nil {
		t.Fatal(err)
	}
	p := remind.PlanFor(d, me, 0)
	if p.Rituals != r || !p.Pause.Until.Equal(at(tuesday, "16:00")) {
		t.Fatalf("PlanFor read %+v", p)
	}
	if got := kinds(p.DueAt(at(tuesday, "21:30"))); !slices.Equal(got, []remind.Kind{remind.CheckIn}) {
		t.Errorf("before my check-in: %v", got)
	}
	if got := kinds(p.DueAt(at(tuesday, "16:00"))); !slices.Equal(got, []remind.Kind{remind.PauseEnd}) {
		t.Errorf("at the pause's end: %v", got)
	}
	if _, err := d.AddCheckIn(doc.CheckIn{Author: me, Time: at(tuesday, "19:00"), Safety: 5, Trust: 5, Connection: 5}); err != nil {
		t.Fatal(err)
	}
	if got := p.DueAt(at(tuesday, "21:30")); len(got) != 0 {
		t.Errorf("after my check-in: %v", kinds(got))
	}
	if got := kinds(p.DueAt(at(tuesday.AddDate(0, 0, 1), "21:30"))); !slices.Equal(got, []remind.Kind{remind.CheckIn}) {
		t.Errorf("the next day: %v", got)
	}
	// A check-in later that evening does not hide the reminder at 21:30
	// when asked about that minute.
	d2 := remind.PlanFor(d, partner, 0)
	if _, err := d.AddCheckIn(doc.CheckIn{Author: partner, Time: at(tuesday.AddDate(0, 0, 2), "22:00"), Safety: 5, Trust: 5, Connection: 5}); err != nil {
		t.Fatal(err)
	}
	if got := kinds(d2.DueAt(at(tuesday.AddDate(0, 0, 2), "21:30"))); !slices.Equal(got, []remind.Kind{remind.CheckIn}) {
		t.Errorf("a later check-in hid the reminder: %v", got)
	}
}

// Consecutive spans give each reminder exactly once, whatever the step.
func TestDueSpansOnce(t *testing.T) {
	pause := doc.Pause{By: "a", Since: tuesday, Until: at(tuesday, "20:30").Add(17 * time.Second)}
	p := remind.Plan{Rituals: rituals, Pause: pause}
	for _, step := range []time.Duration{time.Second, 7 * time.Second, 20 * time.Second, time.Minute, 61 * time.Second, 5 * time.Minute} {
		count := map[remind.Kind]int{}
		for t0 := at(tuesday, "17:00"); t0.Before(at(tuesday, "22:00")); t0 = t0.Add(step) {
			for _, r := range p.Due(t0, t0.Add(step)) {
				count[r.Kind]++
			}
		}
		want := map[remind.Kind]int{remind.Daily: 1, remind.Weekly: 1, remind.CheckIn: 1, remind.PauseEnd: 1}
		for k, n := range want {
			if count[k] != n {
				t.Errorf("step %v: %s sent %d times, want %d", step, k, count[k], n)
			}
		}
	}
}

func TestDueOrderAndLongSpan(t *testing.T) {
	pause := doc.Pause{By: "a", Since: tuesday, Until: at(tuesday, "20:45")}
	p := remind.Plan{Rituals: rituals, Pause: pause}
	got := p.Due(at(tuesday, "17:00"), at(tuesday, "22:00"))
	want := []remind.Kind{remind.Weekly, remind.Daily, remind.PauseEnd, remind.CheckIn}
	if !slices.Equal(kinds(got), want) {
		t.Fatalf("Due = %v, want %v in time order", kinds(got), want)
	}
	// A week-long span looks only at its last day.
	got = p.Due(tuesday.AddDate(0, 0, -7), tuesday.AddDate(0, 0, 1))
	if want := []remind.Kind{remind.Weekly, remind.Daily, remind.PauseEnd, remind.CheckIn}; !slices.Equal(kinds(got), want) {
		t.Fatalf("long span: %v, want %v", kinds(got), want)
	}
}

// On the nights the clocks change, each reminder is sent once: a time the
// clocks skip falls when they have jumped, a repeated time at its first
// occurrence.
func TestDueDaylightSaving(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	night := doc.Rituals{DailyTime: "02:30", DailyMinutes: 20, WeeklyDay: time.Sunday, WeeklyTime: "02:15", WeeklyMinutes: 60, CheckInTime: "02:45"}
	for _, tc := range []struct {
		name string
		day  time.Time // noon before the night
		want []string  // when each reminder is sent, local time
	}{
		// Clocks went back from 03:00 CEST to 02:00 CET on 26 October 2025.
		{"clocks back", time.Date(2025, 10, 25, 12, 0, 0, 0, berlin),
			[]string{"weekly 02:15 CEST", "daily 02:30 CEST", "checkin 02:45 CEST"}},
		// Clocks went forward from 02:00 CET to 03:00 CEST on 29 March 2026.
		{"clocks forward", time.Date(2026, 3, 28, 12, 0, 0, 0, berlin),
			[]string{"weekly 03:15 CEST", "daily 03:30 CEST", "checkin 03:45 CEST"}},
		{"an ordinary night", time.Date(2026, 4, 4, 12, 0, 0, 0, berlin),
			[]string{"weekly 02:15 CEST", "daily 02:30 CEST", "checkin 02:45 CEST"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := []string{}
			for _, r := range (remind.Plan{Rituals: night}).Due(tc.day, tc.day.Add(24*time.Hour)) {
				got = append(got, string(r.Kind)+" "+r.At.Format("15:04 MST"))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("sent %v, want %v", got, tc.want)
			}
		})
	}
}
