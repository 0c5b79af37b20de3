package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/app/remind"
	"github.com/kintsugi-app/kintsugi/doc"
)

// TestSettingsSavesKeepEachOther turns a reminder off and saves a relay
// while neither save has run yet: both must end up saved, in either order,
// and a refresh meanwhile must not tick the box back.
func TestSettingsSavesKeepEachOther(t *testing.T) {
	const relay = "/ip4/192.0.2.7/tcp/4001/p2p/12D3KooWGzh5sZcZpZs8RZ9hvZ2YwQ6JzH5jvPXY2i2VNM2xJ6Ta"
	for _, relayFirst := range []bool{false, true} {
		h, alex, daily := settingsDaily(t)
		c := h.win.Canvas()
		h.b.hold = true
		test.Tap(daily) // off
		typeInto(t, c, "Relay address", relay)
		tap(t, c, "Save relay")
		h.ui.refresh() // a partner's change arrives before the saves ran
		held := h.b.held
		h.b.held = nil
		if len(held) != 3 {
			t.Fatalf("%d held, want the two saves and the refresh", len(held))
		}
		held[2]() // the refresh is read and shown while both saves are pending
		if daily.Checked {
			t.Fatal("a refresh ticked the box back while its save was pending")
		}
		held = held[:2]
		if relayFirst {
			held[0], held[1] = held[1], held[0]
		}
		for _, f := range held {
			f()
		}
		st := alex.Settings()
		if st.Reminders.On(remind.Daily) || st.Relay != relay {
			t.Errorf("relay saved first %v: reminders %v, relay %q; want the daily talk off and the relay kept", relayFirst, st.Reminders, st.Relay)
		}
	}
}

// TestSettingsStaleLoadKeepsSwitch reads Settings before a reminder switch
// is saved and applies what it read after the save is done: the box must
// keep showing what was saved, not the switches read before.
func TestSettingsStaleLoadKeepsSwitch(t *testing.T) {
	h, alex, daily := settingsDaily(t)
	apply := h.ui.screens[h.ui.screenIndex("Settings")].load() // a partner's change: read off the UI goroutine
	h.b.hold = true
	test.Tap(daily) // off, while that load still runs
	for _, f := range h.b.held {
		f() // the save is written and done
	}
	h.b.held = nil
	apply()
	if alex.Settings().Reminders.On(remind.Daily) {
		t.Fatal("the switch was not saved")
	}
	if daily.Checked {
		t.Error("a load read before the save ticked the box back after it")
	}
}

// TestSettingsRelayClearedStaysCleared clears a saved relay to remove it:
// a partner's change arriving before "Save relay" must not put it back.
func TestSettingsRelayClearedStaysCleared(t *testing.T) {
	const relay = "/ip4/192.0.2.7/tcp/4001/p2p/12D3KooWGzh5sZcZpZs8RZ9hvZ2YwQ6JzH5jvPXY2i2VNM2xJ6Ta"
	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	h.open("Settings")
	c := h.win.Canvas()
	e := typeInto(t, c, "Relay address", relay)
	tap(t, c, "Save relay")
	if alex.Settings().Relay != relay {
		t.Fatalf("relay %q not saved", alex.Settings().Relay)
	}
	e.SetText("")
	h.ui.refresh() // a partner's change
	if e.Text != "" {
		t.Fatalf("a refresh put the relay back into the field the user cleared: %q", e.Text)
	}
	tap(t, c, "Save relay")
	if got := alex.Settings().Relay; got != "" {
		t.Errorf("relay %q after clearing and saving, want none", got)
	}
}

// settingsDaily opens Settings on Alex's laptop and returns the daily talk
// reminder's box, on as in every new profile.
func settingsDaily(t *testing.T) (*harness, *memSession, *widget.Check) {
	t.Helper()
	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	h.open("Settings")
	daily := find(t, h.win.Canvas(), func(ch *widget.Check) bool { return ch.Text == remind.Daily.Label() })
	if !daily.Checked {
		t.Fatal("the daily talk reminder is off in a new profile")
	}
	return h, alex, daily
}

// The Settings screen has a switch per reminder, saved on this device
// only, and a shared check-in time saved with the talk times.
func TestSettingsReminders(t *testing.T) {
	alex, sam := pairedSessions(t)
	h := newHarness(t, alex)
	h.open("Settings")
	c := h.win.Canvas()
	check := func(label string) *widget.Check {
		return find(t, c, func(x *widget.Check) bool { return x.Text == label })
	}
	for _, k := range remind.Kinds() {
		if !check(k.Label()).Checked {
			t.Errorf("%s is off on a new profile", k.Label())
		}
	}
	if got := entryWith(t, c, "e.g. 21:00").Text; got != doc.DefaultCheckInTime {
		t.Errorf("check-in field shows %q, want the default", got)
	}
	test.Tap(check(remind.CheckIn.Label()))
	test.Tap(check(remind.PauseEnd.Label()))
	settle(h.b)
	got := alex.Settings().Reminders
	for _, k := range remind.Kinds() {
		if want := k == remind.Daily || k == remind.Weekly; got.On(k) != want {
			t.Errorf("after unticking: %s on = %v", k, got.On(k))
		}
	}
	if sam.Settings().Reminders != 0 {
		t.Error("the switches reached the partner's laptop")
	}

	// Only a check-in time, before any talk times: saved alone.
	e := entryWith(t, c, "e.g. 21:00")
	e.SetText("07:30")
	tap(t, c, "Save rituals")
	if r := alex.Doc().Rituals(); r.CheckInAt() != "07:30" || r.IsSet() {
		t.Fatalf("rituals after saving the check-in time: %+v", r)
	}
	dismiss(c)
	typeInto(t, c, "e.g. 20:30", "20:45")
	typeInto(t, c, "e.g. 18:00", "10:00")
	e.SetText("7pm")
	tap(t, c, "Save rituals")
	wantText(t, c, "Please give times as HH:MM")
	if r := alex.Doc().Rituals(); r.CheckInAt() != "07:30" || r.IsSet() {
		t.Fatalf("a bad check-in time changed the rituals: %+v", r)
	}
	dismiss(c)
	e.SetText("22:10")
	tap(t, c, "Save rituals")
	if r := alex.Doc().Rituals(); r.CheckInAt() != "22:10" || r.DailyTime != "20:45" || r.WeeklyTime != "10:00" {
		t.Fatalf("rituals after saving: %+v", r)
	}
}

// dismiss closes the dialog on top, if any.
func dismiss(c fyne.Canvas) {
	if top := c.Overlays().Top(); top != nil {
		c.Overlays().Remove(top)
	}
}
