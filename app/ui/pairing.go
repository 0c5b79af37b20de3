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
	win.SetContent(pairingView(win, sess, b, false, func() {
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
	busy *widget.ProgressBarInfinite
	// savedRecovery says a recovery file was saved (or restored from)
	// before pairing, so the offer after it may say "again".
	savedRecovery bool
}

// pairingView offers to invite or join the partner, then the safety-number
// step. savedRecovery says whether this profile is known to have a
// recovery file already.
func pairingView(win fyne.Window, sess Session, b *Bridge, savedRecovery bool, done func()) fyne.CanvasObject {
	p := &pairing{win: win, sess: sess, b: b, done: done, body: container.NewVBox(), savedRecovery: savedRecovery}
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

// offerRecovery offers, once after pairing, to save a recovery file: one
// saved now carries the partner, so a restore needs no new pairing.
func (p *pairing) offerRecovery(name string) {
	p.show(heading("Keep a way back in"), para(recoveryOfferWords(name, p.savedRecovery)),
		recoveryChoice(p.win, p.sess, p.b, p.done, nil))
}

// recoveryOfferWords invite a recovery file after pairing with name. Only
// when one is known to have been saved before do they say "again": a
// partner who chose "Not now" has none, and one saved from Settings, or
// in an earlier run, is not known here, so those words are true either
// way.
func recoveryOfferWords(name string, savedBefore bool) string {
	if savedBefore {
		return "Save your recovery file again: it now also remembers " + name + ", so if you ever restore it, " +
			"you won't need to pair again. Keep it private and somewhere safe."
	}
	return "A recovery file saved now opens your notes if the passphrase is ever forgotten, and it remembers " + name +
		", so a restore keeps you paired. Keep it private and somewhere safe."
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
	busy.Start() // it starts at its first refresh, laid out; this says so
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

// busyLine is a line of text with a moving bar under it, for a wait whose
// end only the other laptop decides. The bar moves once started. (A
// spinner of a line's height read as a grey radio button.)
func busyLine(text string) (fyne.CanvasObject, *widget.ProgressBarInfinite) {
	bar := widget.NewProgressBarInfinite()
	return container.NewVBox(widget.NewLabel(text), container.New(thinBar{}, bar)), bar
}

// busyHeight is the height of the moving bar under a wait's words: a thin
// line, not a second field.
const busyHeight = 6

// thinBar lays its objects out busyHeight tall, across the width given
// less the inner padding a label's text has on each side, centred in a
// line of padding above and below. With no objects it takes no room.
type thinBar struct{}

func (thinBar) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	return fyne.NewSize(0, busyHeight+2*theme.Padding())
}

func (thinBar) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	in := theme.InnerPadding()
	for _, o := range objs {
		o.Move(fyne.NewPos(in, (size.Height-busyHeight)/2))
		o.Resize(fyne.NewSize(max(size.Width-2*in, 0), busyHeight))
	}
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
// it. While it connects, the status line says so above a moving bar. Enter
// in the field does what the button does, and a change in it clears the
// status line.
func (p *pairing) joinButton(field *widget.Entry, empty string, call func(string) (PairResult, error)) (*widget.Button, fyne.CanvasObject) {
	msg := hint("")
	// The bar is made when the join starts, and goes when it ends: a
	// hidden one would move, unseen, all the while the screen shows.
	under := container.New(thinBar{})
	under.Hide()
	status := container.NewVBox(msg, under)
	var btn *widget.Button
	btn = primary("Join", func() {
		c := strings.TrimSpace(field.Text)
		if c == "" {
			msg.SetText(empty)
			return
		}
		btn.Disable()
		msg.SetText("Connecting to your partner…")
		busy := widget.NewProgressBarInfinite()
		under.Objects = []fyne.CanvasObject{busy}
		under.Show()
		status.Refresh() // lays the bar out, then starts it at its size
		var r PairResult
		var err error
		p.b.Async(func() { r, err = call(c) }, func() {
			busy.Stop()
			under.Objects = nil
			under.Hide()
			status.Refresh()
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
	field.OnSubmitted = func(string) {
		if !btn.Disabled() {
			btn.OnTapped()
		}
	}
	// A new code makes the last one's words stale: they go as it changes.
	changed := field.OnChanged
	field.OnChanged = func(s string) {
		if changed != nil {
			changed(s)
		}
		if !btn.Disabled() {
			msg.SetText("")
		}
	}
	return btn, status
}

// join asks for the code from the partner's screen, and lists the
// laptops inviting on this network.
func (p *pairing) join() {
	code := newCodeEntry("Paste the code from your partner's screen")
	go_, status := p.joinButton(&code.Entry, "Please paste the code first.", func(c string) (PairResult, error) {
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
	go_, status := p.joinButton(&secret.Entry, "Please type the secret code first.", func(c string) (PairResult, error) {
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

// codeRows and codeRowsMost bound the height of the box an invite code is
// pasted into, in rows: it shows codeRows empty, and grows with what is
// pasted up to codeRowsMost (a code with a home network's addresses wraps
// to eight), then scrolls.
const (
	codeRows     = 4
	codeRowsMost = 10
)

// codeEntry is the box an invite code is pasted into: a multi-line
// textEntry that wraps anywhere (a code has no spaces to wrap at, and
// word wrapping left its first row blank), as tall as the pasted code.
// Enter joins, as Join does, rather than starting a new line: a code
// needs none, and one pasted with line breaks or spaces still reads, as
// the code's parser skips them. The app's shortcuts pass to the window.
type codeEntry struct {
	textEntry
	rows   int    // the rows it shows now
	fitFor string // the text and width rows were last fitted to
	fitW   float32
}

func newCodeEntry(placeholder string) *codeEntry {
	e := &codeEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapBreak
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(placeholder)
	e.rows = codeRows
	e.SetMinRowsVisible(codeRows)
	e.OnChanged = func(string) { e.fit(e.Size().Width) }
	return e
}

// TypedKey joins on Enter, and gives every other key to the field.
func (e *codeEntry) TypedKey(k *fyne.KeyEvent) {
	if (k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter) && e.OnSubmitted != nil {
		e.OnSubmitted(e.Text)
		return
	}
	e.Entry.TypedKey(k)
}

// TypedShortcut passes the app's shortcuts to the window and the rest to
// the field, as textEntry does; the window knows this box, not the
// textEntry inside it.
func (e *codeEntry) TypedShortcut(s fyne.Shortcut) { passShortcut(e, &e.Entry, s) }

// Resize fits the rows to the new width too: a narrower box needs more.
func (e *codeEntry) Resize(size fyne.Size) {
	e.Entry.Resize(size)
	e.fit(size.Width)
}

// fit sets the box's rows to those its text needs at width, within
// codeRows and codeRowsMost.
func (e *codeEntry) fit(width float32) {
	if e.Text == e.fitFor && width == e.fitW {
		return
	}
	e.fitFor, e.fitW = e.Text, width
	rows := min(max(wrappedRows(e.Text, width-2*theme.InputBorderSize()), codeRows), codeRowsMost)
	if rows != e.rows {
		e.rows = rows
		e.SetMinRowsVisible(rows)
	}
}

// wrappedRows is how many rows text takes wrapped anywhere in a field of
// width, measured the way a field lays its text out: as a RichText.
func wrappedRows(text string, width float32) int {
	if text == "" || width <= 0 {
		return 1
	}
	height := func(s string) float32 {
		r := widget.NewRichTextWithText(s)
		r.Wrapping = fyne.TextWrapBreak
		r.Resize(fyne.NewSize(width, 1))
		return r.MinSize().Height
	}
	one, two := height("x"), height("x\nx")
	return 1 + int((height(text)-one)/(two-one)+0.5)
}
