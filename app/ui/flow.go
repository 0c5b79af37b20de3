package ui

import (
	"io"
	"os"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// flow drives one window from first launch or unlock to the main screens.
type Flow struct {
	win    fyne.Window
	opener Opener
	b      *Bridge
	now    func() time.Time
	ui     *ui // the main screens, once unlocked
	sess   Session
	reveal string     // the demo's passphrase, shown on its unlock screen
	login  LoginEntry // the login entry Settings offers; nil in the demo
	// savedRecovery says this run saved a recovery file, or opened the
	// profile with one, so the offer after pairing may say "again".
	savedRecovery bool
}

func newFlow(win fyne.Window, o Opener, b *Bridge) *Flow {
	return &Flow{win: win, opener: o, b: b, now: time.Now}
}

// start shows the first screen: create a profile, or unlock it.
func (f *Flow) start() {
	if f.opener.Exists() {
		f.showUnlock()
		return
	}
	f.showCreate()
}

// cardMargin is the least room above and below a card: a card taller
// than the window scrolls, and ends with this much of the window's
// background under it, never at the window's edge.
const cardMargin = 20

// card centres a welcoming panel in the window.
func card(parts ...fyne.CanvasObject) fyne.CanvasObject {
	logo := canvas.NewImageFromResource(iconResource())
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(72, 72))
	box := container.NewVBox(append([]fyne.CanvasObject{container.NewCenter(logo)}, parts...)...)
	bg := themedRect(theme.ColorNameHeaderBackground, 14)
	inner := container.NewStack(bg, container.NewPadded(container.NewPadded(box)))
	centred := container.NewCenter(container.New(fixedWidth(480), inner))
	return container.NewVScroll(container.New(layout.NewCustomPaddedLayout(cardMargin, cardMargin, 0, 0), centred))
}

// fixedWidth lays out its objects stacked, at a fixed width and their
// natural height.
type fixedWidth float32

func (w fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(w), h)
}

func (w fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// strengthMeter is a thin line under the passphrase, filled in proportion
// to its strength (0–4). It keeps its place, empty or not, so the form
// does not move under the pointer at the first key; a progress bar there
// read as a disabled button.
type strengthMeter struct {
	track, fill *canvas.Rectangle
	score       int
	box         *fyne.Container
}

func newStrengthMeter() *strengthMeter {
	m := &strengthMeter{
		track: canvas.NewRectangle(theme.Color(theme.ColorNameInputBorder)),
		fill:  canvas.NewRectangle(theme.Color(theme.ColorNamePrimary)),
	}
	m.track.CornerRadius, m.fill.CornerRadius = 3, 3
	m.box = container.New(m, m.track, m.fill)
	return m
}

// set shows score, 0 to 4.
func (m *strengthMeter) set(score int) {
	m.score = score
	m.box.Refresh()
}

func (m *strengthMeter) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(40, busyHeight) }

func (m *strengthMeter) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	// Colours are read here, at each refresh, so a change of theme shows.
	m.track.FillColor, m.fill.FillColor = theme.Color(theme.ColorNameInputBorder), theme.Color(theme.ColorNamePrimary)
	m.track.Move(fyne.Position{})
	m.track.Resize(size)
	m.fill.Move(fyne.Position{})
	m.fill.Resize(fyne.NewSize(size.Width*float32(m.score)/4, size.Height))
}

// strength rates a passphrase in plain words, from 0 (too short) to 4.
func strength(p string) (int, string) {
	if len([]rune(p)) < 8 {
		return 0, "Too short — use at least 8 characters. A few unrelated words work well."
	}
	classes := 0
	var lower, upper, digit, other bool
	for _, r := range p {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			classes++
		}
	}
	words := len(strings.Fields(p))
	n := len([]rune(p))
	score := 1
	switch {
	case n >= 20 && words >= 4, n >= 16 && classes >= 3:
		score = 4
	case n >= 14 && (words >= 3 || classes >= 2):
		score = 3
	case n >= 10 && classes >= 2:
		score = 2
	}
	return score, []string{"", "Weak — add a few more words.", "Okay — longer would be safer.", "Strong.", "Very strong."}[score]
}

func (f *Flow) showCreate() {
	name := entry("Your first name, as your partner knows you")
	pass := newPasswordEntry()
	pass.SetPlaceHolder("Passphrase")
	confirm := newPasswordEntry()
	confirm.SetPlaceHolder("Type it again")
	meter := newStrengthMeter()
	meterText := hint("Try four unrelated words, like “lantern orbit velvet nine”.")
	msg := hint("")
	busy := widget.NewProgressBarInfinite()
	busy.Hide()
	pass.OnChanged = func(s string) {
		sc, words := strength(s)
		meter.set(sc)
		meterText.SetText(words)
	}
	var create *widget.Button
	create = primary("Create my profile", func() {
		switch {
		case blank(name.Text):
			msg.SetText("Please tell us your name.")
			return
		case len([]rune(pass.Text)) < 8:
			msg.SetText("Please choose a passphrase of at least 8 characters.")
			return
		case pass.Text != confirm.Text:
			msg.SetText("The two passphrases don't match yet.")
			return
		}
		create.Disable()
		msg.SetText("Creating your keys… this takes a moment.")
		busy.Show()
		busy.Start()
		var s Session
		var err error
		n, p := strings.TrimSpace(name.Text), pass.Text
		f.b.Async(func() { s, err = f.opener.Create(n, p) }, func() {
			busy.Stop()
			busy.Hide()
			create.Enable()
			if err != nil {
				msg.SetText(plainError(err))
				return
			}
			f.sess = s
			f.showRecoveryOffer()
		})
	})
	confirm.OnSubmitted = func(string) { create.OnTapped() }
	f.win.SetContent(card(
		heading("Welcome to Kintsugi"),
		para("A private, shared space for the two of you to mend trust — like the Japanese art of repairing broken pottery with gold."),
		widget.NewForm(widget.NewFormItem("Name", name), widget.NewFormItem("Passphrase", pass), widget.NewFormItem("Again", confirm)),
		meter.box, meterText,
		hint("Your passphrase locks everything Kintsugi keeps on this laptop. It never leaves this laptop and there is no reset: if you forget it, only the recovery file can open your notes."),
		container.NewHBox(layout.NewSpacer(), create), msg, container.New(thinBar{}, busy)))
	f.win.Canvas().Focus(name)
}

func (f *Flow) showRecoveryOffer() {
	f.win.SetContent(card(
		heading("Keep a way back in"),
		para("Save a recovery file now and keep it somewhere safe — on a USB stick in a drawer, or printed. It is the only way to open your notes if the passphrase is forgotten."),
		hint("Anyone with the file can open your notes, so keep it private."),
		recoveryChoice(f.win, f.sess, f.b, f.showPairChoice, func() { f.savedRecovery = true })))
}

// recoveryChoice is the end of a prompt to save the recovery file: "Save
// recovery file…" first, and "Not now", with a line saying where to find
// it later. Once the file is saved, saved (if not nil) is called and a
// single "Continue" is left. Both ways lead on to next.
func recoveryChoice(win fyne.Window, sess Session, b *Bridge, next, saved func()) fyne.CanvasObject {
	where := hint("If not now, you can save it any time in Settings, under Safety.")
	row := container.NewHBox()
	save := primary("Save recovery file…", func() {
		saveRecovery(win, sess, b, func() {
			if saved != nil {
				saved()
			}
			where.SetText("Your recovery file is saved. You can save a fresh one any time in Settings, under Safety.")
			setObjects(row, layout.NewSpacer(), primary("Continue", next))
		})
	})
	setObjects(row, layout.NewSpacer(), widget.NewButton("Not now", next), save)
	return container.NewVBox(where, row)
}

func (f *Flow) showPairChoice() {
	f.win.SetContent(pairingView(f.win, f.sess, f.b, f.savedRecovery, f.showMain))
}

func (f *Flow) showUnlock() {
	pass := newPasswordEntry()
	pass.SetPlaceHolder("Passphrase")
	msg := hint("")
	// Opening the key takes seconds on purpose (scrypt): say that it is
	// working, and why, rather than seem stuck.
	busy := widget.NewProgressBarInfinite()
	busy.Hide()
	var unlock, forgot *widget.Button
	unlock = primary("Unlock", func() {
		if pass.Text == "" || unlock.Disabled() {
			return
		}
		// The passphrase being tried holds still until it has an answer.
		unlock.Disable()
		pass.Disable()
		forgot.Disable()
		msg.SetText(unlockingWords)
		busy.Show()
		busy.Start()
		p := pass.Text
		var s Session
		var err error
		f.b.Async(func() { s, err = f.opener.Open(p) }, func() {
			busy.Stop()
			busy.Hide()
			unlock.Enable()
			pass.Enable()
			forgot.Enable()
			if err != nil {
				msg.SetText(plainError(err))
				pass.SetText("")
				f.win.Canvas().Focus(pass)
				return
			}
			f.sess = s
			if _, ok := s.Partner(); !ok {
				f.showPairChoice()
				return
			}
			f.showMain()
		})
	})
	pass.OnSubmitted = func(string) { unlock.OnTapped() }
	about := "Enter your passphrase to open your shared notes."
	if f.reveal != "" {
		about += " In this demo it is “" + f.reveal + "”."
	}
	forgot = widget.NewButton("I forgot my passphrase: use my recovery file", f.pickRecovery)
	forgot.Importance = widget.LowImportance
	f.win.SetContent(card(heading("Welcome back"),
		para(about),
		pass, container.NewHBox(layout.NewSpacer(), unlock), msg, container.New(thinBar{}, busy),
		container.NewHBox(layout.NewSpacer(), forgot)))
	f.win.Canvas().Focus(pass)
}

// unlockingWords are shown while the passphrase opens the key.
const unlockingWords = "Unlocking takes a few seconds: your key is protected against guessing."

// pickRecovery asks for the recovery file, then for a new passphrase.
func (f *Flow) pickRecovery() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		var b []byte
		var rerr error
		f.b.Async(func() {
			defer r.Close()
			b, rerr = io.ReadAll(io.LimitReader(r, 64<<10))
		}, func() {
			if rerr != nil {
				dialog.ShowInformation(errorTitle, plainError(rerr), f.win)
				return
			}
			f.showRestore(b)
		})
	}, f.win)
	if u, err := storage.ListerForURI(storage.NewFileURI(homeDir())); err == nil {
		d.SetLocation(u)
	}
	showFileDialog(d, f.win)
}

// showRestore asks for a new passphrase, twice, and restores the profile
// with the recovery file's bytes: everything the key can read is kept.
func (f *Flow) showRestore(recovery []byte) {
	pass := newPasswordEntry()
	pass.SetPlaceHolder("New passphrase")
	confirm := newPasswordEntry()
	confirm.SetPlaceHolder("Type it again")
	msg := hint("")
	var restore *widget.Button
	restore = primary("Open with my recovery file", func() {
		switch {
		case len([]rune(pass.Text)) < 8:
			msg.SetText("Please choose a passphrase of at least 8 characters.")
			return
		case pass.Text != confirm.Text:
			msg.SetText("The two passphrases don't match yet.")
			return
		}
		restore.Disable()
		msg.SetText("Opening your profile with the recovery file… this takes a moment.")
		p := pass.Text
		var s Session
		var err error
		f.b.Async(func() { s, err = f.opener.Restore(recovery, p) }, func() {
			restore.Enable()
			if err != nil {
				msg.SetText(plainError(err))
				return
			}
			f.sess = s
			f.savedRecovery = true // it was opened with one
			if _, ok := s.Partner(); !ok {
				f.showPairChoice()
				return
			}
			f.showMain()
		})
	})
	confirm.OnSubmitted = func(string) { restore.OnTapped() }
	f.win.SetContent(card(heading("A new passphrase"),
		para("Your recovery file opens your profile again. Your shared notes, your pairing and your settings stay as they are; your journal keeps its own passphrase."),
		widget.NewForm(widget.NewFormItem("Passphrase", pass), widget.NewFormItem("Again", confirm)),
		container.NewHBox(widget.NewButton("Back", f.showUnlock), layout.NewSpacer(), restore), msg))
	f.win.Canvas().Focus(pass)
}

// showMain shows the main screens of the unlocked session.
func (f *Flow) showMain() {
	f.ui = newUI(f.win, f.sess, f.b, f.now, f.login)
	f.ui.lock = f.lock
	f.ui.rebuild = f.showMain
	f.win.SetContent(f.ui.content())
}

// lock closes the session (which stops sync and forgets the keys) and
// then asks for the passphrase again.
func (f *Flow) lock() {
	s := f.sess
	f.sess, f.ui = nil, nil
	f.win.SetContent(card(heading("Locking…")))
	f.b.Async(func() { _ = s.Close() }, f.showUnlock)
}

func homeDir() string {
	h, err := os.UserHomeDir()
	if err != nil {
		return os.TempDir()
	}
	return h
}
