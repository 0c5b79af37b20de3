package doc

import (
	"testing"

	"github.com/automerge/automerge-go"
)

// A document written before the check-in time existed has no such key: its
// rituals read back with the default check-in time.
func TestRitualsOlderDocument(t *testing.T) {
	s := NewShared()
	err := s.change("set the talk times", func(_ *automerge.Map) error {
		return s.setFieldsLocked(keyRituals, map[string]any{
			"dailyTime": "20:30", "dailyMinutes": int64(20),
			"weeklyDay": int64(0), "weeklyTime": "10:00", "weeklyMinutes": int64(60),
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	r := s.Rituals()
	if !r.IsSet() || r.CheckInTime != "" || r.CheckInAt() != DefaultCheckInTime {
		t.Fatalf("older rituals read as %+v, check-in at %q", r, r.CheckInAt())
	}
}
