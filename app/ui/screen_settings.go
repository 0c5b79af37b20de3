package ui

import (
	"runtime"
	"strconv"
	"strings"
	stdsync "sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/app/remind"
	"github.com/kintsugi-app/kintsugi/doc"
)

// settings holds names, rituals, reminders, relay, export, recovery, pause,
// pairing and lock.
type settingsScreen struct {
	u             *ui
	pause         *pauseAsk
	names         *widget.Label
	myName        *textEntry
	daily, weekly *textEntry
	dailyMin      *textEntry
	weekMin       *textEntry
	weekday       *widget.Select
	checkIn       *textEntry
	remind        map[remind.Kind]*widget.Check // this device's switches
	remindWant    atomic.Uint32                 // the switches last asked for
	saveMu        stdsync.Mutex                 // one save of this device's settings at a time: each reads, changes and writes them whole
	pending       int                           // switch saves not yet done; UI goroutine only
	asked         uint64                        // switch saves asked for; UI goroutine only
	written       atomic.Uint64                 // switch saves written, counted under saveMu
	login         *widget.Check                 // "Start Kintsugi when I log in"; nil where unsupported
	loginAt       LoginEntry
	loginBusy     bool // a login switch save is pending; UI goroutine only
	relay         *textEntry
	portMap       *widget.Check  // "Let my router forward a port"
	portMapText   *widget.Label  // what the switch does, in the words of its state
	portMapBusy   bool           // a port mapping save is pending; UI goroutine only
	folder        *widget.Label  // the shared folder set, or none
	folderOff     *widget.Button // stop using the shared folder
	folderDir     string         // the folder shown; UI goroutine only
	folderState   *widget.Label  // how the last round through it went
	folderSt      FolderStatus   // the last round, as last followed; UI goroutine only
	partnerName   string         // as last loaded; UI goroutine only
	exp           *exportBox
	pairBox       *fyne.Container
	loading       bool
	filled        bool
	keys          *widget.Label // the shortcut help, from the list of screens
}

func newSettingsScreen(u *ui) *screen {
	s := &settingsScreen{u: u}
	s.names = widget.NewLabel("")
	s.names.Wrapping = fyne.TextWrapWord // the safety number is two fingerprints long
	s.myName = entry("Your name")
	s.keys = para("")
	s.myName.SetText(u.me.Name)
	saveName := widget.NewButton("Save name", func() {
		name := s.myName.Text
		u.act(func() error { return u.doc.SetPartnerName(u.me.ID, name) }, func() {
			dialog.ShowInformation("Name", "Saved. Your partner will see it after the next sync.", u.win)
		})
	})
	s.daily, s.weekly = entry("e.g. 20:30"), entry("e.g. 18:00")
	s.dailyMin, s.weekMin = entry("15–30"), entry("30–180")
	var days []string
	for d := time.Sunday; d <= time.Saturday; d++ {
		days = append(days, d.String())
	}
	s.weekday = widget.NewSelect(days, nil)
	s.checkIn = entry("e.g. " + doc.DefaultCheckInTime)
	s.remind = map[remind.Kind]*widget.Check{}
	remindChecks := container.NewGridWithColumns(2)
	for _, k := range remind.Kinds() {
		s.remind[k] = widget.NewCheck(k.Label(), func(bool) { s.saveSwitches() })
		remindChecks.Add(s.remind[k])
	}
	var loginBox fyne.CanvasObject = container.NewVBox()
	if u.login != nil { // the demo's throwaway profiles have none
		s.loginAt = u.login
		s.login = widget.NewCheck("Start Kintsugi when I log in", s.saveLogin)
		loginBox = container.NewVBox(s.login, hint("Reminders come only while Kintsugi is running. This is for this laptop only."))
	}
	s.relay = entry("Relay address (optional), e.g. /dns4/relay.example.org/tcp/4001/p2p/…")
	relayHint := hint(relayForHint)
	relayFrom := hint(relayFromHint)
	s.exp = newExportBox(u)
	s.pairBox = container.NewVBox()
	s.pause = newPauseAsk(u)
	pause, pauseSent := s.pause.view()
	view := page("Settings", "",
		section("Us", s.names, container.NewBorder(nil, nil, nil, saveName, s.myName), audience(u.seenBy("your name")), s.pairBox),
		section("Rituals", audience(u.seenBy("the talk times: you agree them together")), widget.NewForm(
			widget.NewFormItem("Daily talk at", container.NewGridWithColumns(3, s.daily, s.dailyMin, widget.NewLabel("minutes"))),
			widget.NewFormItem("Weekly meeting", container.NewBorder(nil, nil, s.weekday, nil,
				container.NewGridWithColumns(3, s.weekly, s.weekMin, widget.NewLabel("minutes")))),
			widget.NewFormItem("Check-in at", container.NewGridWithColumns(3, s.checkIn, widget.NewLabel("each day")))),
			container.NewHBox(widget.NewButton("Save rituals", s.saveRituals), pause), pauseSent,
			para("Remind me on this laptop of (the times are the same for you both; notifications never show what you wrote):"),
			remindChecks, loginBox, appearanceChoice()),
		section("Connection", audience(onlyYou), relayHint, relayFrom, s.relay, container.NewHBox(widget.NewButton("Save relay", s.saveRelay)), s.portMapView(), s.folderView()),
		s.exp.view(),
		section("Safety", para("The recovery file lets you open your notes if you forget your passphrase. Keep it somewhere safe, like a printed copy in a drawer."),
			container.NewHBox(widget.NewButton("Save recovery file…", func() { saveRecovery(u.win, u.sess, u.b, nil) }),
				widget.NewButtonWithIcon(withShortcutKey(runtime.GOOS, "Lock now (Ctrl+L)"), theme.LogoutIcon(), u.doLock))),
		section("Keyboard", s.keys),
	)
	return newScreen("Settings", theme.SettingsIcon(), view, func() func() { d := s.load(); return func() { s.show(d) } })
}

// relayForHint and relayFromHint say what a relay is for and where its
// address comes from, for a person who has never heard of one (the
// command is cmd/kintsugi's "relay serve", see docs/RELAY.md).
const (
	relayForHint = "A relay is a computer on the internet that both your laptops can reach, for when you are often apart and can't connect directly. " +
		"It passes on encrypted data it cannot read. A new relay address is used from " + takesEffect + "."
	relayFromHint = "Its address comes from whoever runs the relay: someone you both trust, or one of you, with the command \"kintsugi relay serve\" " +
		"on a small server or a home computer. Put the same address on both laptops."
)

// appearanceChoice is "Appearance: Follow the system / Light / Dark",
// this laptop's own choice, kept in its Fyne preferences and applied at
// once (and at start: see [ThemeFor]).
func appearanceChoice() fyne.CanvasObject {
	a := fyne.CurrentApp()
	labels := []string{"Follow the system", "Light", "Dark"}
	values := []string{appearanceSystem, appearanceLight, appearanceDark}
	r := widget.NewRadioGroup(labels, nil)
	r.Horizontal, r.Required = true, true
	r.Selected = labels[0]
	now := a.Preferences().StringWithFallback(appearanceKey, appearanceSystem)
	for i, v := range values {
		if v == now {
			r.Selected = labels[i]
		}
	}
	r.OnChanged = func(label string) {
		for i, l := range labels {
			if l == label {
				setAppearance(a, values[i])
			}
		}
	}
	return container.NewVBox(widget.NewForm(widget.NewFormItem("Appearance", r)), hint("Light or dark, for this laptop only."))
}

// settingsData is what the Settings screen reads, off the UI goroutine.
type settingsData struct {
	partner  Person
	paired   bool
	safety   string
	rituals  doc.Rituals
	settings Settings
	pause    doc.Pause
	login    bool // this laptop starts Kintsugi at login
	// written is how many switch saves were written before settings was
	// read: when fewer than were asked for, the switches read are stale.
	written uint64
}

func (s *settingsScreen) load() settingsData {
	u := s.u
	d := settingsData{written: s.written.Load()}
	d.rituals, d.settings = u.doc.Rituals(), u.sess.Settings()
	d.pause = u.doc.Journey().Pause
	if s.login != nil {
		d.login = s.loginAt.Enabled()
	}
	if d.partner, d.paired = u.sess.Partner(); d.paired {
		d.safety = u.sess.SafetyNumber()
	}
	return d
}

// confirmUnpair warns plainly what unpairing does, and does it off the UI
// goroutine once confirmed.
func (s *settingsScreen) confirmUnpair(name string) {
	u := s.u
	msg := widget.NewLabel("This laptop will stop syncing with " + name + ". Your shared notes stay here as they are, and " + name + "'s laptop keeps its copy: nothing is deleted.\n" +
		"Changes made from now on stay on each laptop until you pair again, together, and compare the new safety number.")
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Unpair from "+name+"?", "Unpair", "Stay paired", container.New(wrapWidth(440), msg),
		func(ok bool) {
			if !ok {
				return
			}
			var err error
			u.b.Async(func() { err = u.sess.Unpair() }, func() {
				if err != nil {
					u.showError(err)
					return
				}
				if u.rebuild != nil { // start afresh, unpaired
					u.close()
					u.rebuild()
					return
				}
				u.refresh()
			})
		}, u.win)
	// Unpairing is not the choice to lead the eye to.
	d.SetConfirmImportance(widget.MediumImportance)
	d.Show()
}

// show sets the widgets from d, on the UI goroutine.
func (s *settingsScreen) show(d settingsData) {
	u := s.u
	s.loading = true
	defer func() { s.loading = false }()
	s.keys.SetText(shortcutHelp(runtime.GOOS, u.screens))
	s.pause.show(d.pause, u.now())
	s.partnerName = "your partner"
	if d.paired {
		s.partnerName = d.partner.Name
		s.names.SetText("You are " + u.me.Name + ", paired with " + d.partner.Name + ". Safety number: " + d.safety)
		setObjects(s.pairBox, container.NewHBox(widget.NewButton("Unpair…", func() { s.confirmUnpair(d.partner.Name) })))
	} else {
		s.names.SetText("You are " + u.me.Name + ". Not paired yet.")
		setObjects(s.pairBox, primary("Pair with my partner", func() {
			showPairing(u.win, u.sess, u.b, func() {
				if u.rebuild != nil { // start afresh on the paired document
					u.close()
					u.rebuild()
					return
				}
				u.refresh()
			})
		}))
	}
	// Fill the ritual and relay fields once; later refreshes keep what is
	// being typed (a relay cleared to remove it too: this device's
	// settings change only here).
	if !s.filled {
		s.filled = true
		s.relay.SetText(d.settings.Relay)
		r := d.rituals
		s.daily.SetText(r.DailyTime)
		s.weekly.SetText(r.WeeklyTime)
		s.dailyMin.SetText(orNumber(r.DailyMinutes, doc.MinDailyMinutes))
		s.weekMin.SetText(orNumber(r.WeeklyMinutes, 60))
		s.weekday.SetSelected(r.WeeklyDay.String())
		s.checkIn.SetText(r.CheckInAt())
	}
	if s.login != nil && !s.loginBusy {
		s.login.SetChecked(d.login)
	}
	st := d.settings
	if !s.portMapBusy {
		s.portMap.SetChecked(st.PortMap)
	}
	s.showFolder(st.Folder, s.folderSt)
	// While a save is pending, or one was written after d was read, the
	// boxes already show what is being saved and d does not yet.
	if s.pending == 0 && d.written == s.asked {
		for k, c := range s.remind {
			c.SetChecked(st.Reminders.On(k))
		}
	}
}

// saveRituals saves the shared times. With no talk times given, only the
// check-in time is saved.
func (s *settingsScreen) saveRituals() {
	r := doc.Rituals{DailyTime: strings.TrimSpace(s.daily.Text), WeeklyTime: strings.TrimSpace(s.weekly.Text),
		CheckInTime: strings.TrimSpace(s.checkIn.Text)}
	r.DailyMinutes, _ = strconv.Atoi(strings.TrimSpace(s.dailyMin.Text))
	r.WeeklyMinutes, _ = strconv.Atoi(strings.TrimSpace(s.weekMin.Text))
	for d := time.Sunday; d <= time.Saturday; d++ {
		if d.String() == s.weekday.Selected {
			r.WeeklyDay = d
		}
	}
	d := s.u.doc
	s.u.change(func() error {
		if r.DailyTime == "" && r.WeeklyTime == "" && !d.Rituals().IsSet() {
			return d.SetCheckInTime(r.CheckInTime)
		}
		return d.SetRituals(r)
	}, func(err error) {
		if err != nil {
			dialog.ShowInformation("Our times", ritualsError(err), s.u.win)
			return
		}
		dialog.ShowInformation("Our times", "Saved. You'll both see them on Today, and each laptop reminds you at these times.", s.u.win)
	})
}

// switches returns the reminder switches as the checkboxes show them.
func (s *settingsScreen) switches() remind.Switches {
	var sw remind.Switches
	for k, c := range s.remind {
		sw = sw.With(k, c.Checked)
	}
	return sw
}

// saveSwitches saves this device's reminder switches off the UI goroutine.
// Each save writes the switches last asked for, so quick taps on several
// boxes end with what the boxes show.
func (s *settingsScreen) saveSwitches() {
	if s.loading {
		return
	}
	u := s.u
	s.remindWant.Store(uint32(s.switches()))
	s.pending++
	s.asked++
	var err error
	u.b.Async(func() {
		s.saveMu.Lock()
		defer s.saveMu.Unlock()
		defer s.written.Add(1)
		st := u.sess.Settings()
		st.Reminders = remind.Switches(s.remindWant.Load())
		err = u.sess.SetSettings(st)
	}, func() {
		s.pending--
		u.showError(err)
	})
}

// saveLogin writes or removes this laptop's login entry off the UI
// goroutine; on failure the box goes back to what the disk holds.
func (s *settingsScreen) saveLogin(on bool) {
	if s.loading {
		return
	}
	u := s.u
	s.loginBusy = true
	var err error
	var now bool
	u.b.Async(func() {
		s.saveMu.Lock()
		defer s.saveMu.Unlock()
		err = s.loginAt.Set(on)
		now = s.loginAt.Enabled()
	}, func() {
		s.loginBusy = false
		if now != s.login.Checked {
			s.loading = true
			s.login.SetChecked(now)
			s.loading = false
		}
		if err != nil {
			dialog.ShowInformation("Start when I log in", loginError(err), u.win)
		}
	})
}

func orNumber(v, def int) string {
	if v == 0 {
		v = def
	}
	return strconv.Itoa(v)
}

func (s *settingsScreen) saveRelay() {
	u := s.u
	relay := strings.TrimSpace(s.relay.Text)
	var st Settings
	var err error
	u.b.Async(func() {
		s.saveMu.Lock()
		defer s.saveMu.Unlock()
		st = u.sess.Settings()
		st.Relay = relay
		err = u.sess.SetSettings(st)
	}, func() {
		switch {
		case err != nil && st.Relay != "":
			dialog.ShowInformation("Relay", relayError(err), u.win)
		case err != nil:
			u.showError(err)
		case st.Relay == "":
			dialog.ShowInformation("Relay", "Saved: no relay. From "+takesEffect+", your laptops connect only directly.", u.win)
		default:
			dialog.ShowInformation("Relay", "Saved. The relay is used from "+takesEffect+".", u.win)
		}
	})
}

// saveRecovery asks where to save the recovery file and writes it off the
// UI goroutine; then, if saved is not nil, it calls saved.
func saveRecovery(win fyne.Window, sess Session, b *Bridge, saved func()) {
	f := plainFile{name: "kintsugi-recovery.txt", risk: "The recovery file is not encrypted: anyone who can open that drive could use it to open your notes."}
	savePlain(win, sess, b, f, func(path string) {
		var xerr error
		b.Async(func() {
			if xerr = sess.ExportRecovery(path); xerr != nil {
				removeIfEmpty(path) // the dialog made it: leave no empty "backup"
			}
		}, func() {
			if xerr != nil {
				dialog.ShowInformation(errorTitle, plainError(xerr), win)
				return
			}
			dialog.ShowInformation("Recovery file saved", "Saved to "+path+". Keep it somewhere safe and private.", win)
			if saved != nil {
				saved()
			}
		})
	})
}
