package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kintsugi-app/kintsugi/doc"
)

// TestRemindersSend checks that due reminders reach the desktop, once per
// minute, only when turned on and unlocked, and that the evening check-in
// nudge is skipped after a check-in.
func TestRemindersSend(t *testing.T) {
	a := test.NewTempApp(t)
	alex, _ := pairedSessions(t)
	if err := alex.Doc().SetRituals(doc.Rituals{DailyTime: "20:30", DailyMinutes: 20, WeeklyDay: time.Sunday, WeeklyTime: "18:00", WeeklyMinutes: 60}); err != nil {
		t.Fatal(err)
	}
	f := &flow{}
	r := &reminders{a: a, f: f}
	day := time.Date(2026, 3, 10, 0, 0, 0, 0, time.Local)
	talk := day.Add(20*time.Hour + 30*time.Minute)
	talkNote := &fyne.Notification{Title: "Kintsugi", Content: "It's time for your daily talk."}

	test.AssertNotificationSent(t, nil, func() { r.tick(talk) }) // locked
	f.sess = alex
	if err := alex.SetSettings(Settings{Reminders: false}); err != nil {
		t.Fatal(err)
	}
	test.AssertNotificationSent(t, nil, func() { r.tick(talk) }) // reminders off
	if err := alex.SetSettings(Settings{Reminders: true}); err != nil {
		t.Fatal(err)
	}
	r.last = ""
	test.AssertNotificationSent(t, talkNote, func() { r.tick(talk) })
	test.AssertNotificationSent(t, nil, func() { r.tick(talk.Add(20 * time.Second)) }) // same minute
	test.AssertNotificationSent(t, nil, func() { r.tick(talk.Add(time.Minute)) })

	nine := day.Add(21 * time.Hour)
	test.AssertNotificationSent(t, &fyne.Notification{Title: "Kintsugi", Content: checkInNudge}, func() { r.tick(nine) })
	if _, err := alex.Doc().AddCheckIn(doc.CheckIn{Author: alex.Me().ID, Time: day.Add(19 * time.Hour), Safety: 5, Trust: 5, Connection: 5}); err != nil {
		t.Fatal(err)
	}
	r.last = ""
	test.AssertNotificationSent(t, nil, func() { r.tick(nine) })
}
