package ui

import (
	"context"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// inviteTTL is how long an invite stays valid.
const inviteTTL = 15 * time.Minute

// copiedFor is how long "Copy code" reads "Copied" after a tap.
var copiedFor = 2 * time.Second

// copiedWords is what "Copy code" reads for a moment after a tap.
const copiedWords = "Copied"

// showPairing replaces the window content with the pairing steps, and
// restores it when done.
func showPairing(win fyne.Window, sess Session, b *Bridge, done func()) {
	old := win.Content()
	win.SetContent(pairingView(win, sess, b, func() {
		win.SetContent(old)
		done()
	}))
}

// pairing is the card that pairs the two laptops: the choice to invite or
// join, the invite, the join by code or by picking a laptop on the
// network, the safety number, and the offer to save the recovery file
// again. Its methods run on the UI goroutine.
type pairing struct {
	win  fyne.Window
	sess Session
	b    *Bridge
	done func()
	body *fyne.Container
	// browsing, while the Join screen shows, stops the LAN search.
	browsing chan struct{}
	// busy is the step's moving indicator, stopped when the step goes.
	busy *widget.Activity
}

// pairingView offers to invite or join the partner, then the safety-number step.
func pairingView(win fyne.Window, sess Session, b *Bridge, done func()) fyne.CanvasObject {
	p := &pairing{win: win, sess: sess, b: b, done: done, body: container.NewVBox()}
	p.choose()
	return card(p.body)
}

// show replaces the card's content with a new step, ending what the last
// one had running: its LAN search and its moving indicator.
func (p *pairing) show(objs ...fyne.CanvasObject) {
	p.stopBrowsing()
	if p.busy != nil {
		p.busy.Stop()
		p.busy = nil
	}
	setObjects(p.body, objs...)
}

func (p *pairing) stopBrowsing() {
	if p.browsing != nil {
		close(p.browsing)
		p.browsing = nil
	}
}

func (p *pairing) choose() {
	p.show(heading("Pair with your partner"),
		para("Pairing connects your two laptops directly, encrypted end to end. Do it together, in the same room if you can."),
		primary("Invite my partner", p.invite), widget.NewButton("Join my partner", p.join),
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Not now", p.done)))
}

// safety asks both partners to compare the safety number out loud.
func (p *pairing) safety(r PairResult) {
	mismatch := widget.NewButton("It doesn't match", func() {
		p.show(heading("Let's stop here"),
			para("If the numbers differ, someone may be in the middle. Nothing has been shared. Please try pairing again when you're together on your home network."),
			container.NewHBox(layout.NewSpacer(), widget.NewButton("Start again", p.choose)))
	})
	// One fingerprint per line, in the same order on both screens.
	num := container.NewVBox()
	for _, half := range strings.Split(r.SafetyNumber, " / ") {
		num.Add(container.NewCenter(themedText(half, theme.ColorNamePrimary, 26, fyne.TextStyle{Monospace: true, Bold: true})))
	}
	p.show(heading("Compare out loud"),
		para("You're connected with "+r.Partner.Name+". Read this number aloud together. It must be the same on both screens."),
		container.NewCenter(num),
		container.NewHBox(layout.NewSpacer(), mismatch, primary("It matches", func() { p.offerRecovery(r.Partner.Name) })))
}

// offerRecovery offers, once after pairing, to save the recovery file
// again: it now carries the partner, so a restore needs no new pairing.
func (p *pairing) offerRecovery(name string) {
	p.show(heading("Keep a way back in"),
		para("Save your recovery file again: it now also remembers "+name+", so if you ever restore it, "+
			"you won't need to pair again. Keep it private and somewhere safe."),
		recoveryChoice(p.win, p.sess, p.b, p.done))
}

// invite makes an invite off the UI goroutine, then shows it.
func (p *pairing) invite() {
	making := widget.NewProgressBarInfinite()
	p.show(heading("Invite my partner"), making, para("Making an invite…"))
	var inv Invitation
	var results <-chan PairResult
	var err error
	p.b.Async(func() { inv, results, err = p.sess.Invite(context.Background(), inviteTTL) }, func() {
		making.Stop()
		if err != nil {
			p.show(heading("Invite my partner"), para(plainError(err)), widget.NewButton("Back", p.choose))
			return
		}
		p.showInvite(inv, results)
	})
}

// showInvite shows the invite, and waits for the partner to take it.
func (p *pairing) showInvite(inv Invitation, results <-chan PairResult) {
	qr := canvas.NewImageFromResource(fyne.NewStaticResource("invite.png", inv.QR))
	qr.FillMode = canvas.ImageFillContain
	qr.SetMinSize(fyne.NewSize(200, 200))
	code := widget.NewLabel(inv.Code)
	code.Wrapping = fyne.TextWrapBreak
	code.Selectable = true
	waiting, busy := busyLine("Waiting for your partner…")
	// The wait comes right under the code, and the phone's square last,
	// beside its words: a code with a home network's addresses runs to
	// eight lines, and what matters most stays above the fold at 780x760.
	phone := hint("The square is the same code for a phone's camera: a laptop can't scan it. Scan it with a phone and send the text on.")
	p.show(heading("Invite my partner"),
		para("On your partner's laptop, choose “Join my partner” and paste the code below: “Copy code” puts it on this laptop's clipboard, to send in a message. It works once and expires at "+inv.Expires.Format("15:04")+"."),
		code, container.NewHBox(copyButton(p.b, "Copy code", inv.Code), layout.NewSpacer(), widget.NewButton("Back", p.choose)),
		waiting,
		para("On the same Wi-Fi? Your partner can pick this laptop ("+laptopName(p.sess.Me().ID)+") and type: "+inv.SecretCode),
		container.NewBorder(nil, nil, nil, qr, container.NewVBox(layout.NewSpacer(), phone, layout.NewSpacer())))
	p.busy = busy
	busy.Start() // once laid out, so its first frame has its size
	stop := make(chan struct{})
	follow(p.b, results, stop, func(r PairResult) {
		close(stop)
		if r.Err != nil {
			p.show(heading("Invite my partner"), para(plainError(r.Err)), widget.NewButton("Try again", p.choose))
			return
		}
		p.safety(r)
	})
}

// busyLine is a line of text with a moving indicator before it, for a
// wait whose end only the other laptop decides. The indicator moves once
// started.
func busyLine(text string) (fyne.CanvasObject, *widget.Activity) {
	busy := widget.NewActivity()
	return container.NewBorder(nil, nil, busy, nil, widget.NewLabel(text)), busy
}

// copyButton puts text on the clipboard and then, for a moment, reads
// “Copied” with a tick. It keeps one width for both labels, so nothing
// beside it moves.
func copyButton(b *Bridge, label, text string) fyne.CanvasObject {
	btn := widget.NewButtonWithIcon(copiedWords, theme.ConfirmIcon(), nil)
	width := btn.MinSize().Width
	btn.SetText(label)
	btn.SetIcon(theme.ContentCopyIcon())
	width = max(width, btn.MinSize().Width)
	gen := 0 // the latest tap: an earlier tap's timer leaves the label alone
	btn.OnTapped = func() {
		fyne.CurrentApp().Clipboard().SetContent(text)
		btn.SetText(copiedWords)
		btn.SetIcon(theme.ConfirmIcon())
		gen++
		g := gen
		time.AfterFunc(copiedFor, func() {
			b.Do(func() {
				if g == gen {
					btn.SetText(label)
					btn.SetIcon(theme.ContentCopyIcon())
				}
			})
		})
	}
	return container.New(fixedWidth(width), btn)
}

// joinButton joins with what was typed in field, off the UI goroutine,
// then shows the safety number, or a plain error in the status line under
// it. While it connects, the status line says so beside a moving
// indicator.
func (p *pairing) joinButton(field *textEntry, empty string, call func(string) (PairResult, error)) (*widget.Button, fyne.CanvasObject) {
	msg := hint("")
	busy := widget.NewActivity()
	busy.Hide()
	status := container.NewBorder(nil, nil, busy, nil, msg)
	var btn *widget.Button
	btn = primary("Join", func() {
		c := strings.TrimSpace(field.Text)
		if c == "" {
			msg.SetText(empty)
			return
		}
		btn.Disable()
		msg.SetText("Connecting to your partner…")
		busy.Show()
		status.Refresh() // lays the indicator out before its first frame
		busy.Start()
		var r PairResult
		var err error
		p.b.Async(func() { r, err = call(c) }, func() {
			busy.Stop()
			busy.Hide()
			btn.Enable()
			if err == nil {
				err = r.Err
			}
			if err != nil {
				msg.SetText(plainError(err))
				return
			}
			p.safety(r)
		})
	})
	return btn, status
}

// join asks for the code from the partner's screen, and lists the
// laptops inviting on this network.
func (p *pairing) join() {
	code := multiline("Paste the code from your partner's screen", 2)
	go_, status := p.joinButton(code, "Please paste the code first.", func(c string) (PairResult, error) {
		return p.sess.Join(context.Background(), c)
	})
	list := container.NewVBox()
	showFound := func(found []FoundInvite) {
		if len(found) == 0 {
			setObjects(list, hint(noInviteFound))
			return
		}
		objs := make([]fyne.CanvasObject, 0, len(found))
		for _, f := range found {
			objs = append(objs, widget.NewButtonWithIcon(laptopName(f.ID), theme.ComputerIcon(), func() { p.pick(f) }))
		}
		setObjects(list, objs...)
	}
	showFound(nil)
	p.show(heading("Join my partner"),
		para("Your partner chooses “Invite my partner” on their laptop. Type or paste the code shown there."),
		code, container.NewHBox(widget.NewButton("Back", p.choose), layout.NewSpacer(), go_), status,
		subheading("Or pick their laptop on this network"), list)
	p.browsing = make(chan struct{})
	browseInvites(p.b, p.sess, p.browsing, showFound)
	p.win.Canvas().Focus(code)
}

// pick asks for the secret code of a laptop found on the network.
func (p *pairing) pick(f FoundInvite) {
	secret := entry("Type the secret code from your partner's screen")
	go_, status := p.joinButton(secret, "Please type the secret code first.", func(c string) (PairResult, error) {
		return p.sess.JoinFound(context.Background(), f, c)
	})
	p.show(heading("Join my partner"),
		para("You picked "+laptopName(f.ID)+". Type the secret code shown on your partner's screen, under “On the same Wi-Fi?”."),
		secret, container.NewHBox(widget.NewButton("Back", p.join), layout.NewSpacer(), go_), status)
	p.win.Canvas().Focus(secret)
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
