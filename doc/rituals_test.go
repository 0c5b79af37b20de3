package doc_test

import (
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

func TestRitualsCheckInTime(t *testing.T) {
	base := doc.Rituals{DailyTime: "20:30", DailyMinutes: 20, WeeklyDay: time.Sunday, WeeklyTime: "10:00", WeeklyMinutes: 60}
	for _, tc := range []struct {
		name    string
		checkIn string
		wantAt  string
	}{
		{"without", "", doc.DefaultCheckInTime},
		{"moved", "07:45", "07:45"},
		{"midnight", "00:00", "00:00"},
		{"last minute", "23:59", "23:59"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newCouple(t)
			r := base
			r.CheckInTime = tc.checkIn
			noErr(t, s.SetRituals(r))
			got := s.Rituals()
			if got != r {
				t.Fatalf("round trip: got %+v, want %+v", got, r)
			}
			if got.CheckInAt() != tc.wantAt {
				t.Errorf("CheckInAt = %q, want %q", got.CheckInAt(), tc.wantAt)
			}
			// A save and load keeps it too.
			loaded, err := doc.LoadShared(s.Save())
			noErr(t, err)
			if got := loaded.Rituals(); got != r {
				t.Errorf("after load: got %+v, want %+v", got, r)
			}
		})
	}
}

func TestRitualsBadCheckInTime(t *testing.T) {
	s := newCouple(t)
	r := doc.Rituals{DailyTime: "20:30", DailyMinutes: 20, WeeklyDay: time.Sunday, WeeklyTime: "10:00", WeeklyMinutes: 60}
	for _, bad := range []string{"9pm", "9:00", "24:00", "21:60", "21.00", " 21:00", "21:00:00"} {
		t.Run(bad, func(t *testing.T) {
			r.CheckInTime = bad
			wantErr(t, s, doc.ErrInvalid, func() error { return s.SetRituals(r) })
			wantErr(t, s, doc.ErrInvalid, func() error { return s.SetCheckInTime(bad) })
		})
	}
}

func TestSetCheckInTime(t *testing.T) {
	s := newCouple(t)
	if got := s.Rituals().CheckInAt(); got != doc.DefaultCheckInTime {
		t.Fatalf("fresh document: check-in at %q, want the default", got)
	}
	noErr(t, s.SetCheckInTime("19:15"))
	got := s.Rituals()
	if got.CheckInAt() != "19:15" || got.IsSet() {
		t.Fatalf("after SetCheckInTime: %+v (talk times must stay unset)", got)
	}
	// Agreeing talk times later with the check-in time read back keeps it.
	r := got
	r.DailyTime, r.DailyMinutes, r.WeeklyDay, r.WeeklyTime, r.WeeklyMinutes = "20:30", 20, time.Friday, "18:00", 90
	noErr(t, s.SetRituals(r))
	if got := s.Rituals().CheckInAt(); got != "19:15" {
		t.Errorf("check-in time after SetRituals = %q", got)
	}
	noErr(t, s.SetCheckInTime(""))
	if got := s.Rituals().CheckInAt(); got != doc.DefaultCheckInTime {
		t.Errorf("after clearing: %q, want the default", got)
	}
}

// The check-in time is shared: moved on one laptop, the other sees it.
func TestCheckInTimeSyncs(t *testing.T) {
	a := newCouple(t)
	b, err := doc.LoadShared(a.Save())
	noErr(t, err)
	noErr(t, a.SetCheckInTime("08:30"))
	syncPair(t, a, b)
	if got := b.Rituals().CheckInAt(); got != "08:30" {
		t.Errorf("partner sees check-in at %q, want 08:30", got)
	}
}

func TestCheckInAt(t *testing.T) {
	for in, want := range map[string]string{
		"": doc.DefaultCheckInTime, "06:00": "06:00", "garbage": doc.DefaultCheckInTime, "25:00": doc.DefaultCheckInTime,
	} {
		if got := (doc.Rituals{CheckInTime: in}).CheckInAt(); got != want {
			t.Errorf("CheckInAt(%q) = %q, want %q", in, got, want)
		}
	}
}
