package ui

import (
	"context"
	"io"
	"os"
	"slices"
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

// inviteTTL is how long an invite stays valid.
const inviteTTL = 15 * time.Minute

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

// card centres a welcoming panel in the window.
func card(parts ...fyne.CanvasObject) fyne.CanvasObject {
	logo := canvas.NewImageFromResource(iconResource())
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(72, 72))
	box := container.NewVBox(append([]fyne.CanvasObject{container.NewCenter(logo)}, parts...)...)
	bg := themedRect(theme.ColorNameHeaderBackground, 14)
	inner := container.NewStack(bg, container.NewPadded(container.NewPadded(box)))
	return container.NewVScroll(container.NewCenter(container.New(fixedWidth(480), inner)))
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
	meter := widget.NewProgressBar()
	meter.Max = 4
	meter.TextFormatter = func() string { return "" }
	meterText := hint("Try four unrelated words, like “lantern orbit velvet nine”.")
	msg := hint("")
	pass.OnChanged = func(s string) {
		sc, words := strength(s)
		meter.SetValue(float64(sc))
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
		var s Session
		var err error
		n, p := strings.TrimSpace(name.Text), pass.Text
		f.b.Async(func() { s, err = f.opener.Create(n, p) }, func() {
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
		meter, meterText,
		hint("Your passphrase locks everything Kintsugi keeps on this laptop. It never leaves this laptop and there is no reset: if you forget it, only the recovery file can open your notes."),
		container.NewHBox(layout.NewSpacer(), create), msg))
	f.win.Canvas().Focus(name)
}

func (f *Flow) showRecoveryOffer() {
	f.win.SetContent(card(
		heading("Keep a way back in"),
		para("Save a recovery file now and keep it somewhere safe — on a USB stick in a drawer, or printed. It is the only way to open your notes if the passphrase is forgotten."),
		hint("Anyone with the file can open your notes, so keep it private."),
		recoveryChoice(f.win, f.sess, f.b, f.showPairChoice)))
}

// recoveryChoice is the end of a prompt to save the recovery file: "Save
// recovery file…" first, and "Not now", with a line saying where to find
// it later. Once the file is saved, a single "Continue" is left. Both
// ways lead on to next.
func recoveryChoice(win fyne.Window, sess Session, b *Bridge, next func()) fyne.CanvasObject {
	where := hint("If not now, you can save it any time in Settings, under Safety.")
	row := container.NewHBox()
	save := primary("Save recovery file…", func() {
		saveRecovery(win, sess, b, func() {
			where.SetText("Your recovery file is saved. You can save a fresh one any time in Settings, under Safety.")
			setObjects(row, layout.NewSpacer(), primary("Continue", next))
		})
	})
	setObjects(row, layout.NewSpacer(), widget.NewButton("Not now", next), save)
	return container.NewVBox(where, row)
}

func (f *Flow) showPairChoice() {
	f.win.SetContent(pairingView(f.win, f.sess, f.b, f.showMain))
}

// showPairing replaces the window content with the pairing steps, and
// restores it when done.
func showPairing(win fyne.Window, sess Session, b *Bridge, done func()) {
	old := win.Content()
	win.SetContent(pairingView(win, sess, b, func() {
		win.SetContent(old)
		done()
	}))
}

// pairingView offers to invite or join the partner, then the safety-number step.
func pairingView(win fyne.Window, sess Session, b *Bridge, done func()) fyne.CanvasObject {
	body := container.NewVBox()
	var choose func()
	var stopBrowsing func()
	// offerRecovery offers, once after pairing, to save the recovery file
	// again: it now carries the partner, so a restore needs no new pairing.
	offerRecovery := func(name string) {
		setObjects(body, heading("Keep a way back in"),
			para("Save your recovery file again: it now also remembers "+name+", so if you ever restore it, "+
				"you won't need to pair again. Keep it private and somewhere safe."),
			recoveryChoice(win, sess, b, done))
	}
	safety := func(r PairResult) {
		stopBrowsing()
		mismatch := widget.NewButton("It doesn't match", func() {
			setObjects(body, heading("Let's stop here"),
				para("If the numbers differ, someone may be in the middle. Nothing has been shared. Please try pairing again when you're together on your home network."),
				container.NewHBox(layout.NewSpacer(), widget.NewButton("Start again", choose)))
		})
		// One fingerprint per line, in the same order on both screens.
		num := container.NewVBox()
		for _, half := range strings.Split(r.SafetyNumber, " / ") {
			num.Add(container.NewCenter(themedText(half, theme.ColorNamePrimary, 26, fyne.TextStyle{Monospace: true, Bold: true})))
		}
		setObjects(body, heading("Compare out loud"),
			para("You're connected with "+r.Partner.Name+". Read this number aloud together. It must be the same on both screens."),
			container.NewCenter(num),
			container.NewHBox(layout.NewSpacer(), mismatch, primary("It matches", func() { offerRecovery(r.Partner.Name) })))
	}
	invite := func() {
		setObjects(body, heading("Invite my partner"), widget.NewProgressBarInfinite(), para("Making an invite…"))
		var inv Invitation
		var results <-chan PairResult
		var err error
		b.Async(func() { inv, results, err = sess.Invite(context.Background(), inviteTTL) }, func() {
			if err != nil {
				setObjects(body, heading("Invite my partner"), para(plainError(err)), widget.NewButton("Back", choose))
				return
			}
			qr := canvas.NewImageFromResource(fyne.NewStaticResource("invite.png", inv.QR))
			qr.FillMode = canvas.ImageFillContain
			qr.SetMinSize(fyne.NewSize(200, 200))
			code := widget.NewLabel(inv.Code)
			code.Wrapping = fyne.TextWrapBreak
			code.Selectable = true
			copyBtn := widget.NewButtonWithIcon("Copy code", theme.ContentCopyIcon(), func() { fyne.CurrentApp().Clipboard().SetContent(inv.Code) })
			setObjects(body, heading("Invite my partner"),
				para("On your partner's laptop, choose “Join my partner” and paste the code below: “Copy code” puts it on this laptop's clipboard, to send in a message. It works once and expires at "+inv.Expires.Format("15:04")+"."),
				code, container.NewHBox(copyBtn, layout.NewSpacer(), widget.NewButton("Back", choose)),
				hint("The square is the same code for a phone's camera: a laptop can't scan it. Scan it with a phone and send the text on."),
				container.NewCenter(qr),
				para("On the same Wi-Fi? Your partner can pick this laptop ("+laptopName(sess.Me().ID)+") and type: "+inv.SecretCode),
				container.NewHBox(widget.NewActivity(), widget.NewLabel("Waiting for your partner…")))
			stop := make(chan struct{})
			follow(b, results, stop, func(r PairResult) {
				close(stop)
				if r.Err != nil {
					setObjects(body, heading("Invite my partner"), para(plainError(r.Err)), widget.NewButton("Try again", choose))
					return
				}
				safety(r)
			})
		})
	}
	// browsing, while the Join screen shows, stops the LAN search.
	var browsing chan struct{}
	stopBrowsing = func() {
		if browsing != nil {
			close(browsing)
			browsing = nil
		}
	}
	// joinButton joins with what was typed in field, off the UI goroutine,
	// then shows the safety number or a plain error in msg.
	joinButton := func(field *textEntry, msg *widget.Label, empty string, call func(string) (PairResult, error)) *widget.Button {
		var btn *widget.Button
		btn = primary("Join", func() {
			c := strings.TrimSpace(field.Text)
			if c == "" {
				msg.SetText(empty)
				return
			}
			btn.Disable()
			msg.SetText("Connecting to your partner…")
			var r PairResult
			var err error
			b.Async(func() { r, err = call(c) }, func() {
				btn.Enable()
				if err == nil {
					err = r.Err
				}
				if err != nil {
					msg.SetText(plainError(err))
					return
				}
				safety(r)
			})
		})
		return btn
	}
	var join func()
	pick := func(f FoundInvite) {
		stopBrowsing()
		secret := entry("Type the secret code from your partner's screen")
		msg := hint("")
		go_ := joinButton(secret, msg, "Please type the secret code first.", func(c string) (PairResult, error) {
			return sess.JoinFound(context.Background(), f, c)
		})
		setObjects(body, heading("Join my partner"),
			para("You picked "+laptopName(f.ID)+". Type the secret code shown on your partner's screen, under “On the same Wi-Fi?”."),
			secret, container.NewHBox(widget.NewButton("Back", func() { join() }), layout.NewSpacer(), go_), msg)
		win.Canvas().Focus(secret)
	}
	join = func() {
		stopBrowsing()
		code := multiline("Paste the code from your partner's screen", 2)
		msg := hint("")
		go_ := joinButton(code, msg, "Please paste the code first.", func(c string) (PairResult, error) {
			return sess.Join(context.Background(), c)
		})
		list := container.NewVBox()
		showFound := func(found []FoundInvite) {
			if len(found) == 0 {
				setObjects(list, hint(noInviteFound))
				return
			}
			objs := make([]fyne.CanvasObject, 0, len(found))
			for _, f := range found {
				objs = append(objs, widget.NewButtonWithIcon(laptopName(f.ID), theme.ComputerIcon(), func() { pick(f) }))
			}
			setObjects(list, objs...)
		}
		showFound(nil)
		browsing = make(chan struct{})
		browseInvites(b, sess, browsing, showFound)
		setObjects(body, heading("Join my partner"),
			para("Your partner chooses “Invite my partner” on their laptop. Type or paste the code shown there."),
			code, container.NewHBox(widget.NewButton("Back", choose), layout.NewSpacer(), go_), msg,
			subheading("Or pick their laptop on this network"), list)
		win.Canvas().Focus(code)
	}
	choose = func() {
		stopBrowsing()
		setObjects(body, heading("Pair with your partner"),
			para("Pairing connects your two laptops directly, encrypted end to end. Do it together, in the same room if you can."),
			primary("Invite my partner", invite), widget.NewButton("Join my partner", join),
			container.NewHBox(layout.NewSpacer(), widget.NewButton("Not now", done)))
	}
	choose()
	return card(body)
}

func (f *Flow) showUnlock() {
	pass := newPasswordEntry()
	pass.SetPlaceHolder("Passphrase")
	msg := hint("")
	// Opening the key takes seconds on purpose (scrypt): say that it is
	// working, and why, rather than seem stuck.
	busy := widget.NewActivity()
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
		pass, container.NewHBox(layout.NewSpacer(), unlock), container.NewBorder(nil, nil, busy, nil, msg),
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

// noInviteFound is the Join screen's empty LAN list.
const noInviteFound = "No invite found on this network yet — make sure your partner has “Invite my partner” open."

// lanRound is how long one search of the local network lasts; the list
// shows what the last round found.
var lanRound = 3 * time.Second

// laptopName names a laptop found on the network by the end of its peer
// ID, which both screens show.
func laptopName(id string) string {
	if len(id) > 6 {
		id = id[len(id)-6:]
	}
	return "Laptop …" + id
}

// browseInvites searches the local network in rounds until stop is
// closed, calling show on the UI goroutine with the laptops found: those
// of the last round and the current one while it runs, then the current
// round's alone.
func browseInvites(b *Bridge, sess Session, stop <-chan struct{}, show func([]FoundInvite)) {
	go func() {
		var last []FoundInvite
		for !b.stopped.Load() {
			ctx, cancel := context.WithTimeout(context.Background(), lanRound)
			go func() {
				select {
				case <-stop:
					cancel()
				case <-ctx.Done():
				}
			}()
			found, err := sess.DiscoverInvites(ctx)
			if err != nil {
				cancel()
				return
			}
			var round []FoundInvite
			for f := range found {
				round = append(round, f)
				cur := slices.Clone(round)
				for _, l := range last {
					if !slices.ContainsFunc(cur, func(x FoundInvite) bool { return x.ID == l.ID }) {
						cur = append(cur, l)
					}
				}
				b.Do(func() { show(cur) })
			}
			<-ctx.Done()
			cancel()
			select {
			case <-stop:
				return
			default:
			}
			last = round
			b.Do(func() { show(round) })
		}
	}()
}
