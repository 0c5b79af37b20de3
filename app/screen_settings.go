package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// settings holds names, rituals, reminders, relay, export, recovery, pause,
// pairing and lock.
type settingsScreen struct {
	u             *ui
	names         *widget.Label
	myName        *widget.Entry
	daily, weekly *widget.Entry
	dailyMin      *widget.Entry
	weekMin       *widget.Entry
	weekday       *widget.Select
	reminders     *widget.Check
	relay         *widget.Entry
	exp           *exportBox
	pairBox       *fyne.Container
	loading       bool
	filled        bool
}

func newSettingsScreen(u *ui) *screen {
	s := &settingsScreen{u: u}
	s.names = widget.NewLabel("")
	s.myName = entry("Your name")
	s.myName.SetText(u.me.Name)
	saveName := widget.NewButton("Save name", func() {
		if err := u.doc.SetPartnerName(u.me.ID, s.myName.Text); err != nil {
			u.showError(err)
			return
		}
		dialog.ShowInformation("Name", "Saved. Your partner will see it after the next sync.", u.win)
	})
	s.daily, s.weekly = entry("HH:MM, e.g. 20:30"), entry("HH:MM, e.g. 18:00")
	s.dailyMin, s.weekMin = entry("15–30"), entry("30–180")
	var days []string
	for d := time.Sunday; d <= time.Saturday; d++ {
		days = append(days, d.String())
	}
	s.weekday = widget.NewSelect(days, nil)
	s.reminders = widget.NewCheck("Remind me of our talk times and to check in (notifications never show what you wrote)", func(on bool) {
		if s.loading {
			return
		}
		st := u.sess.Settings()
		st.Reminders = on
		var err error
		u.b.async(func() { err = u.sess.SetSettings(st) }, func() { u.showError(err) })
	})
	s.relay = entry("Relay address (optional), e.g. /dns4/relay.example.org/tcp/4001/p2p/…")
	relayHint := hint("Only needed when you are often apart and can't connect directly. The relay passes on encrypted data it cannot read. A new address is used from the next unlock.")
	s.exp = newExportBox(u)
	s.pairBox = container.NewVBox()
	pause := widget.NewButton("Ask for a 48-hour pause", func() {
		dialog.ShowConfirm("A pause", "Start a 48-hour pause? Both of you will see it. It's a time to process apart before talking.", func(ok bool) {
			if ok {
				u.showError(u.doc.SetPause(u.me.ID, u.now().Add(48*time.Hour)))
			}
		}, u.win)
	})
	view := page("Settings", "",
		section("Us", s.names, container.NewBorder(nil, nil, nil, saveName, s.myName), s.pairBox),
		section("Rituals", widget.NewForm(
			widget.NewFormItem("Daily talk at", container.NewGridWithColumns(3, s.daily, s.dailyMin, widget.NewLabel("minutes"))),
			widget.NewFormItem("Weekly meeting", container.NewGridWithColumns(4, s.weekday, s.weekly, s.weekMin, widget.NewLabel("minutes")))),
			container.NewHBox(widget.NewButton("Save rituals", s.saveRituals), pause), s.reminders),
		section("Connection", relayHint, s.relay, container.NewHBox(widget.NewButton("Save relay", s.saveRelay))),
		s.exp.view(),
		section("Safety", para("The recovery file lets you open your notes if you forget your passphrase. Keep it somewhere safe, like a printed copy in a drawer."),
			container.NewHBox(widget.NewButton("Save recovery file…", func() { saveRecovery(u.win, u.sess, u.b) }),
				widget.NewButtonWithIcon("Lock now (Ctrl+L)", theme.LogoutIcon(), u.doLock))),
		section("Keyboard", para(shortcutHelp)),
	)
	return &screen{title: "Settings", icon: theme.SettingsIcon(), view: view, refresh: s.refresh}
}

func (s *settingsScreen) refresh() {
	u := s.u
	s.loading = true
	defer func() { s.loading = false }()
	if p, ok := u.sess.Partner(); ok {
		s.names.SetText("You are " + u.me.Name + ", paired with " + p.Name + ". Safety number: " + u.sess.SafetyNumber())
		setObjects(s.pairBox)
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
	// Fill the ritual fields once; later refreshes keep what is being typed.
	if !s.filled {
		s.filled = true
		r := u.doc.Rituals()
		s.daily.SetText(r.DailyTime)
		s.weekly.SetText(r.WeeklyTime)
		s.dailyMin.SetText(orNumber(r.DailyMinutes, doc.MinDailyMinutes))
		s.weekMin.SetText(orNumber(r.WeeklyMinutes, 60))
		s.weekday.SetSelected(r.WeeklyDay.String())
	}
	st := u.sess.Settings()
	s.reminders.SetChecked(st.Reminders)
	if s.relay.Text == "" {
		s.relay.SetText(st.Relay)
	}
}

func (s *settingsScreen) saveRituals() {
	r := doc.Rituals{DailyTime: strings.TrimSpace(s.daily.Text), WeeklyTime: strings.TrimSpace(s.weekly.Text)}
	r.DailyMinutes, _ = strconv.Atoi(strings.TrimSpace(s.dailyMin.Text))
	r.WeeklyMinutes, _ = strconv.Atoi(strings.TrimSpace(s.weekMin.Text))
	for d := time.Sunday; d <= time.Saturday; d++ {
		if d.String() == s.weekday.Selected {
			r.WeeklyDay = d
		}
	}
	if err := s.u.doc.SetRituals(r); err != nil {
		dialog.ShowInformation("Talk times", fmt.Sprintf("Please give times as HH:MM, a daily talk of %d–%d minutes and a weekly meeting of %d–%d minutes.",
			doc.MinDailyMinutes, doc.MaxDailyMinutes, doc.MinWeeklyMinutes, doc.MaxWeeklyMinutes), s.u.win)
		return
	}
	dialog.ShowInformation("Talk times", "Saved. You'll both see them on Today.", s.u.win)
}

func orNumber(v, def int) string {
	if v == 0 {
		v = def
	}
	return strconv.Itoa(v)
}

func (s *settingsScreen) saveRelay() {
	u := s.u
	st := u.sess.Settings()
	st.Relay = strings.TrimSpace(s.relay.Text)
	var err error
	u.b.async(func() { err = u.sess.SetSettings(st) }, func() {
		switch {
		case err != nil && st.Relay != "":
			dialog.ShowInformation("Relay", "That relay address doesn't look quite right. It starts like /dns4/relay.example.org/tcp/4001/p2p/… — please copy it again from whoever runs the relay.", u.win)
		case err != nil:
			u.showError(err)
		case st.Relay == "":
			dialog.ShowInformation("Relay", "Saved: no relay. From the next unlock, the laptops connect only directly.", u.win)
		default:
			dialog.ShowInformation("Relay", "Saved. The relay is used from the next unlock.", u.win)
		}
	})
}

// saveRecovery asks where to save the recovery file and writes it off the UI goroutine.
func saveRecovery(win fyne.Window, sess Session, b *bridge) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		_ = w.Close()
		var xerr error
		b.async(func() { xerr = sess.ExportRecovery(path) }, func() {
			if xerr != nil {
				dialog.ShowInformation("That didn't work", plainError(xerr), win)
				return
			}
			dialog.ShowInformation("Recovery file saved", "Saved to "+path+". Keep it somewhere safe and private.", win)
		})
	}, win)
	d.SetFileName("kintsugi-recovery.txt")
	if u, err := storage.ListerForURI(storage.NewFileURI(homeDir())); err == nil {
		d.SetLocation(u)
	}
	d.Show()
}
