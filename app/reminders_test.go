package app

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/kintsugi-app/kintsugi/app/remind"
	"github.com/kintsugi-app/kintsugi/app/ui"
	"github.com/kintsugi-app/kintsugi/app/ui/model"
	"github.com/kintsugi-app/kintsugi/doc"
)

// session is just enough of an unlocked session for the reminders: a real
// shared document of a couple, this device's settings.
type session struct {
	model.Session
	me       model.Person
	d        *doc.Shared
	settings model.Settings
}

func (s *session) Me() model.Person                    { return s.me }
func (s *session) Doc() *doc.Shared                    { return s.d }
func (s *session) Settings() model.Settings            { return s.settings }
func (s *session) SetSettings(st model.Settings) error { s.settings = st; return nil }

// alexOfACouple returns Alex's session of a couple, on the screen tests'
// clock.
func alexOfACouple(t *testing.T) *session {
	t.Helper()
	d := doc.NewShared()
	alex, sam := doc.Partner{ID: "12D3KooAlex", Name: "Alex"}, doc.Partner{ID: "12D3KooSam", Name: "Sam"}
	mustNil(t, d.SetCouple(alex, sam))
	d.SetClock(func() time.Time { return time.Date(2026, 3, 10, 19, 30, 0, 0, time.Local) })
	return &session{me: model.Person{ID: alex.ID, Name: alex.Name}, d: d}
}

// settle runs queued updates from other goroutines until none arrive for a moment.
func settle(b *ui.Bridge) {
	quiet := 0
	for quiet < 3 {
		if b.Drain() == 0 {
			quiet++
		} else {
			quiet = 0
		}
		time.Sleep(15 * time.Millisecond)
	}
}

// notifyApp records the notifications sent instead of showing them.
type notifyApp struct {
	fyne.App
	sent []string
}

func (a *notifyApp) SendNotification(n *fyne.Notification) {
	a.sent = append(a.sent, n.Title+": "+n.Content)
}

// take returns what was sent since the last call.
func (a *notifyApp) take() []string {
	s := a.sent
	a.sent = nil
	return s
}

// TestRemindersSend checks that due reminders reach the desktop once each,
// only while unlocked and switched on on this device, at the couple's
// (moved) times, with the check-in nudge skipped after a check-in, and the
// end of a pause sent even when the tick lands late.
func TestRemindersSend(t *testing.T) {
	a := &notifyApp{App: test.NewTempApp(t)}
	alex := alexOfACouple(t)
	d := alex.Doc()
	if err := d.SetRituals(doc.Rituals{DailyTime: "20:30", DailyMinutes: 20, WeeklyDay: time.Tuesday, WeeklyTime: "18:00", WeeklyMinutes: 60, CheckInTime: "21:15"}); err != nil {
		t.Fatal(err)
	}
	var unlocked model.Session
	r := &reminders{a: a, b: ui.ManualBridge(), sess: func() model.Session { return unlocked }}
	day := time.Date(2026, 3, 10, 0, 0, 0, 0, time.Local) // a Tuesday
	hm := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	const (
		talk    = "Kintsugi: It's time for your daily talk."
		meeting = "Kintsugi: It's time for your weekly meeting."
		checkIn = "Kintsugi: A moment to check in, if you'd like."
		over    = "Kintsugi: The pause is over. When you're both ready, you can talk again."
	)
	steps := []struct {
		name  string
		setup func()
		at    time.Time
		want  []string
	}{
		{"locked", nil, hm(18, 0), nil},
		{"unlocked three minutes late: still fresh", func() { unlocked = alex }, hm(18, 3), []string{meeting}},
		{"the next tick", nil, hm(18, 3).Add(20 * time.Second), nil},
		{"the daily talk", nil, hm(20, 30).Add(5 * time.Second), []string{talk}},
		{"same minute again", nil, hm(20, 30).Add(25 * time.Second), nil},
		{"the default check-in time has moved", nil, hm(21, 0).Add(5 * time.Second), nil},
		{"the moved check-in time", nil, hm(21, 15).Add(5 * time.Second), []string{checkIn}},
		{"check-in reminder off on this laptop", func() {
			mustNil(t, alex.SetSettings(model.Settings{Reminders: remind.Switches(0).With(remind.CheckIn, false)}))
		}, day.AddDate(0, 0, 1).Add(21*time.Hour + 15*time.Minute + 5*time.Second), nil},
		{"on again, but already checked in today", func() {
			mustNil(t, alex.SetSettings(model.Settings{}))
			_, err := d.AddCheckIn(doc.CheckIn{Author: alex.Me().ID, Time: day.AddDate(0, 0, 2).Add(8 * time.Hour), Safety: 5, Trust: 5, Connection: 5})
			mustNil(t, err)
		}, day.AddDate(0, 0, 2).Add(21*time.Hour + 15*time.Minute + 5*time.Second), nil},
		{"all off", func() { mustNil(t, alex.SetSettings(model.Settings{Reminders: remind.AllOff})) }, day.AddDate(0, 0, 3).Add(20*time.Hour + 30*time.Minute + 5*time.Second), nil},
	}
	for _, s := range steps {
		if s.setup != nil {
			s.setup()
		}
		r.tick(s.at)
		if got := a.take(); !slices.Equal(got, s.want) {
			t.Errorf("%s: sent %q, want %q", s.name, got, s.want)
		}
	}

	// The end of a pause, with the laptop asleep for a minute across it.
	mustNil(t, alex.SetSettings(model.Settings{}))
	now := day.AddDate(0, 0, 4).Add(10 * time.Hour)
	d.SetClock(func() time.Time { return now })
	until := now.Add(2*time.Hour + 30*time.Second)
	agreePause(t, d, until)
	for _, at := range []time.Time{until.Add(-10 * time.Second), until.Add(70 * time.Second), until.Add(90 * time.Second), until.Add(110 * time.Second)} {
		r.tick(at)
	}
	if got := a.take(); !slices.Equal(got, []string{over}) {
		t.Errorf("pause end: sent %q, want it once", got)
	}
	// Locked across the end of a second pause and unlocked an hour later:
	// too late to be news.
	now = until.Add(time.Hour)
	until2 := now.Add(time.Hour)
	agreePause(t, d, until2)
	unlocked = nil
	r.tick(until2.Add(-time.Minute))
	unlocked = alex
	r.tick(until2.Add(time.Hour))
	// A third pause ended early is not announced.
	now = until2.Add(2 * time.Hour)
	until3 := now.Add(time.Hour)
	agreePause(t, d, until3)
	now = now.Add(time.Minute)
	mustNil(t, d.EndPause(alex.Me().ID))
	r.tick(until3.Add(-20 * time.Second))
	r.tick(until3.Add(20 * time.Second))
	if got := a.take(); len(got) != 0 {
		t.Errorf("old or ended pauses announced: %q", got)
	}
}

func mustNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// trayApp is a desktop app with a tray, for tests.
type trayApp struct {
	fyne.App
	icon fyne.Resource
	menu *fyne.Menu
	quit int
	sent []string
}

func (a *trayApp) SendNotification(n *fyne.Notification) { a.sent = append(a.sent, n.Content) }

func (a *trayApp) SetSystemTrayMenu(m *fyne.Menu)    { a.menu = m }
func (a *trayApp) SetSystemTrayIcon(r fyne.Resource) { a.icon = r }
func (a *trayApp) SetSystemTrayWindow(fyne.Window)   {}
func (a *trayApp) Quit()                             { a.quit++ }

var _ desktop.App = (*trayApp)(nil)

// closeWindow is a window that remembers its close intercept and whether
// it is shown, as the desktop driver does.
type closeWindow struct {
	fyne.Window
	intercept func()
	shown     bool
	closed    bool
}

func (w *closeWindow) SetCloseIntercept(f func()) { w.intercept = f }
func (w *closeWindow) Show()                      { w.shown = true }
func (w *closeWindow) Hide()                      { w.shown = false }
func (w *closeWindow) Close()                     { w.closed = true }

// userCloses is what the desktop driver does when the close button is
// pressed.
func (w *closeWindow) userCloses() {
	if w.intercept != nil {
		w.intercept()
		return
	}
	w.Close()
}

func TestHasTray(t *testing.T) {
	plain := test.NewTempApp(t)
	tray := &trayApp{App: plain}
	env := func(bus string) func(string) string {
		return func(k string) string {
			if k == "DBUS_SESSION_BUS_ADDRESS" {
				return bus
			}
			return ""
		}
	}
	for _, tc := range []struct {
		name string
		a    fyne.App
		goos string
		bus  string
		want bool
	}{
		{"linux with a session bus", tray, "linux", "unix:path=/run/user/1000/bus", true},
		{"linux without one", tray, "linux", "", false},
		{"macOS", tray, "darwin", "", true},
		{"windows", tray, "windows", "", true},
		{"no desktop driver", plain, "darwin", "", false},
	} {
		if got := hasTray(tc.a, tc.goos, env(tc.bus)); got != tc.want {
			t.Errorf("%s: hasTray = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// With a tray, closing the window hides it (the app and its reminders keep
// running) and the tray menu opens it again or quits; without one, closing
// closes.
func TestCloseToTray(t *testing.T) {
	tray := &trayApp{App: test.NewTempApp(t)}
	w := &closeWindow{Window: test.NewTempWindow(t, nil), shown: true}
	shown := true
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	b := ui.ManualBridge()
	locked := ui.NewFlow(w, nil, b) // Lock while locked: nothing to do
	tw := setupTray(tray, w, locked.Lock, b, stop, "darwin", func(string) string { return "" }, func() bool { return shown })
	if tw == nil {
		t.Fatal("no tray where there is one")
	}
	if tray.icon == nil || tray.menu == nil {
		t.Fatal("tray icon or menu not set")
	}
	w.userCloses()
	if w.shown || w.closed {
		t.Fatalf("after close: shown %v, closed %v; want hidden to the tray", w.shown, w.closed)
	}
	// The first close says where Kintsugi went, once ever on this device.
	w.Show()
	w.userCloses()
	if !slices.Equal(tray.sent, []string{trayToldText}) {
		t.Errorf("notices after two closes: %q, want the tray notice once", tray.sent)
	}
	var labels []string
	for _, it := range tray.menu.Items {
		labels = append(labels, it.Label)
	}
	if want := []string{"Open Kintsugi", "Lock", "", "Quit"}; !slices.Equal(labels, want) {
		t.Fatalf("tray menu %q, want %q", labels, want)
	}
	tray.menu.Items[0].Action()
	if !w.shown {
		t.Error("Open Kintsugi did not show the window")
	}
	tray.menu.Items[1].Action() // Lock while locked: nothing to do, no panic
	quit := tray.menu.Items[3]
	if !quit.IsQuit {
		t.Error("Quit is not the menu's quit item")
	}
	quit.Action()
	if tray.quit != 1 {
		t.Errorf("Quit called a.Quit %d times", tray.quit)
	}

	// Hidden, and then the tray goes away (its extension turned off): the
	// next look shows the window again; while the tray is there, it stays.
	w.Show()
	w.userCloses()
	tw.rescue(b)
	settle(b)
	if w.shown {
		t.Fatal("the window came back while the tray still shows the icon")
	}
	shown = false
	tw.rescue(b)
	settle(b)
	if !w.shown {
		t.Error("the window stayed hidden after the tray went away")
	}

	// A session bus but nothing showing tray icons (plain GNOME): closing
	// closes, rather than hiding the window where nobody can find it.
	w.userCloses()
	if !w.closed {
		t.Error("with no tray showing the icon, closing did not close")
	}

	// No tray (Linux without a session bus): closing closes.
	w2 := &closeWindow{Window: test.NewTempWindow(t, nil), shown: true}
	if setupTray(tray, w2, locked.Lock, b, stop, "linux", func(string) string { return "" }, func() bool { return true }) != nil {
		t.Fatal("a tray without a session bus")
	}
	w2.userCloses()
	if !w2.closed {
		t.Error("without a tray, closing did not close")
	}
}

// TestRemindersNotTwiceAfterRestart starts the app again two minutes after
// it sent the daily talk reminder: the new run remembers and stays quiet.
func TestRemindersNotTwiceAfterRestart(t *testing.T) {
	a := &notifyApp{App: test.NewTempApp(t)}
	alex := alexOfACouple(t)
	mustNil(t, alex.Doc().SetRituals(doc.Rituals{DailyTime: "20:30", DailyMinutes: 20, WeeklyDay: time.Sunday, WeeklyTime: "18:00", WeeklyMinutes: 60}))
	sess := func() model.Session { return alex }
	sent := time.Date(2026, 3, 10, 20, 30, 5, 0, time.Local)
	newReminders(a, ui.ManualBridge(), sess).tick(sent)
	if got := a.take(); len(got) != 1 {
		t.Fatalf("first run sent %q, want the daily talk", got)
	}
	newReminders(a, ui.ManualBridge(), sess).tick(sent.Add(2 * time.Minute))
	if got := a.take(); len(got) != 0 {
		t.Errorf("a restart two minutes later sent %q again", got)
	}
}

// agreePause has Alex ask for a pause until until and Sam agree to it.
func agreePause(t *testing.T, d *doc.Shared, until time.Time) {
	t.Helper()
	mustNil(t, d.AskPause("12D3KooAlex", until))
	mustNil(t, d.AgreePause("12D3KooSam"))
}
