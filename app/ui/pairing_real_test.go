package ui

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/app/adapt"
)

// Pairing through the screens with two real profiles over loopback. Alex
// saves a recovery file at first launch, through the real save dialog;
// Sam chooses “Not now”. Sam pastes the code broken over lines, with
// spaces, as a message may carry it. After pairing, Alex is asked to save
// the file again, and Sam, who has none, is not told “again”.
func TestPairingRealProfiles(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newWarmTheme())
	base := t.TempDir()
	alexO, samO := adapt.DemoOpener(base, "alex"), adapt.DemoOpener(base, "sam")
	fa, ca := newFlowWindow(t, alexO)
	fs, cs := newFlowWindow(t, samO)
	t.Cleanup(func() {
		for _, f := range []*Flow{fa, fs} {
			if f.sess != nil {
				f.sess.Close()
			}
		}
	})
	for _, x := range []struct {
		f          *Flow
		c          fyne.Canvas
		name, pass string
	}{{fa, ca, "Alex", "alex passphrase 1"}, {fs, cs, "Sam", "sam passphrase 22"}} {
		typeInto(t, x.c, "Your first name", x.name)
		typeInto(t, x.c, "Passphrase", x.pass)
		typeInto(t, x.c, "Type it again", x.pass)
		tap(t, x.c, "Create my profile")
		if x.name == "Sam" {
			tap(t, x.c, "Not now")
			continue
		}
		h := &harness{t: t, win: x.f.win, b: x.f.b}
		tapWhenShown(t, h, "Save recovery file…")
		tapWhenShown(t, h, "Save")
		waitShown(t, h, "Recovery file saved")
		for _, o := range x.c.Overlays().List() {
			x.c.Overlays().Remove(o)
		}
		tap(t, x.c, "Continue")
	}

	tap(t, ca, "Invite my partner")
	code := find(t, ca, func(l *widget.Label) bool { return l.Selectable }).Text
	// The QR is said to be for a phone; the text is what a laptop takes.
	wantText(t, ca, "a laptop can't scan it")
	tap(t, ca, "Copy code")
	if got := fyne.CurrentApp().Clipboard().Content(); got != code {
		t.Errorf("Copy code put %q on the clipboard, want the code", got)
	}
	tap(t, cs, "Join my partner")
	typo := []byte(code)
	if typo[len(typo)-2] == 'a' {
		typo[len(typo)-2] = 'b'
	} else {
		typo[len(typo)-2] = 'a'
	}
	box := codeBox(t, cs)
	cs.Focus(box)
	test.Type(box, string(typo))
	tap(t, cs, "Join")
	wantText(t, cs, "That code has a typo near the end")

	// The code as a message may carry it: broken over lines, with spaces.
	var broken strings.Builder
	for i := 0; i < len(code); i += 37 {
		broken.WriteString(code[i:min(i+37, len(code))] + " \n  ")
	}
	box.SetText("")
	if hasText(cs, "typo") {
		t.Error("the typo message stays once the code it was about is gone")
	}
	pasteInto(t, cs, box, broken.String())
	relayout(cs)
	checkCodeBoxShowsAll(t, cs, box, "a code pasted over lines")
	shot(t, cs, "join_pasted_lines")
	tap(t, cs, "Join")
	wantText(t, cs, "Compare out loud")
	deadline := time.Now().Add(20 * time.Second)
	for !hasText(ca, "Compare out loud") {
		if time.Now().After(deadline) {
			t.Fatal("the inviter never reached the safety-number step")
		}
		fa.b.Drain()
		time.Sleep(20 * time.Millisecond)
	}
	n := fs.sess.SafetyNumber()
	if n == "" || n != fa.sess.SafetyNumber() {
		t.Fatalf("safety numbers %q and %q", fa.sess.SafetyNumber(), n)
	}
	for _, half := range strings.Split(n, " / ") { // one fingerprint per line
		wantText(t, ca, half)
		wantText(t, cs, half)
	}
	tap(t, ca, "It matches")
	tap(t, cs, "It matches")
	wantText(t, ca, "Save your recovery file again: it now also remembers Sam")
	wantText(t, cs, "A recovery file saved now opens your notes if the passphrase is ever forgotten, and it remembers Alex")
	if hasText(cs, "again:") || hasText(cs, "file again") {
		t.Error("Sam, who saved no recovery file, is asked to save it again")
	}
	shot(t, ca, "pair_recovery_again")
	shot(t, cs, "pair_recovery_first")
	tap(t, ca, "Not now")
	tap(t, cs, "Not now")
	wantText(t, ca, "Alex & Sam")

	// Right after pairing, before any edit, both laptops say they are
	// connected: the inviter once said Offline while the joiner said In sync.
	for _, x := range []struct {
		who string
		f   *Flow
		c   fyne.Canvas
	}{{"the inviter", fa, ca}, {"the joiner", fs, cs}} {
		deadline := time.Now().Add(20 * time.Second)
		for !hasText(x.c, "In sync") && !hasText(x.c, "Connected") {
			if time.Now().After(deadline) {
				t.Fatalf("after pairing %s's laptop shows %q", x.who, button(t, x.c, "Lock").Text+" / "+syncText(x.c))
			}
			x.f.b.Drain()
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// syncText is what the sync indicator in the top bar says.
func syncText(c fyne.Canvas) string {
	for _, s := range []string{"Offline", "Connecting", "Syncing", "Not paired"} {
		if hasText(c, s) {
			return s
		}
	}
	return "?"
}

// Ctrl+L closes the real profile, and the passphrase opens it again.
func TestLockRealProfile(t *testing.T) {
	test.NewTempApp(t)
	o := adapt.DemoOpener(t.TempDir(), "p")
	s, err := o.Create("Alex", "lantern orbit velvet")
	if err != nil {
		t.Fatal(err)
	}
	f, c := newFlowWindow(t, o)
	f.sess = s
	f.showMain()
	c.(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault})
	wantText(t, c, "Welcome back")
	typeInto(t, c, "Passphrase", "lantern orbit velvet")
	tap(t, c, "Unlock")
	if f.sess == nil {
		t.Fatal("not unlocked")
	}
	t.Cleanup(func() { f.sess.Close() })
	wantText(t, c, "Pair with your partner") // not paired yet
}

// Something that is no code at all is never called a typo, on the real
// profile's errors.
func TestJoinGarbageRealProfile(t *testing.T) {
	s, err := adapt.DemoOpener(t.TempDir(), "p").Create("Alex", "lantern orbit velvet")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, garbage := range []string{"kintsugi1-not-a-code", "hello this is not a code"} {
		_, err := s.Join(context.Background(), garbage)
		if msg := plainError(err); !errors.Is(err, ErrNotInvite) || strings.Contains(msg, "typo") {
			t.Errorf("Join(%q) = %v, says %q; want ErrNotInvite, and no typo of something that is no code at all", garbage, err, msg)
		}
	}
}

// codeBox is the box on c an invite code is pasted into.
func codeBox(t *testing.T, c fyne.Canvas) *codeEntry {
	t.Helper()
	return find(t, c, func(e *codeEntry) bool { return strings.HasPrefix(e.PlaceHolder, "Paste the code") })
}

// pasteInto pastes text into box as a person does: on the clipboard, then
// Ctrl+V with the box focused, sent as a running window sends it.
func pasteInto(t *testing.T, c fyne.Canvas, box *codeEntry, text string) {
	t.Helper()
	cb := fyne.CurrentApp().Clipboard()
	cb.SetContent(text)
	c.Focus(box)
	if c.Focused() != box {
		t.Fatal("the code box does not take the keyboard")
	}
	press(c, &fyne.ShortcutPaste{Clipboard: cb})
	if box.Text != text {
		t.Fatalf("after a paste the box holds %q, want %q", box.Text, text)
	}
}

// checkCodeBoxShowsAll checks that box shows all of the code it holds:
// its text starts on its first row (word wrapping once left that row
// blank, the code below it), and every row fits in the box, unscrolled.
func checkCodeBoxShowsAll(t *testing.T, c fyne.Canvas, box *codeEntry, where string) {
	t.Helper()
	var text *widget.RichText
	objects(box, func(o fyne.CanvasObject) bool {
		if r, ok := o.(*widget.RichText); ok && r.String() == box.Text {
			text = r
			return false
		}
		return true
	})
	if text == nil {
		t.Fatalf("%s: the box draws no text", where)
	}
	at := posIn(box, text)
	var rows []*canvas.Text
	for _, o := range test.WidgetRenderer(text).Objects() {
		if x, ok := o.(*canvas.Text); ok && x.Visible() {
			rows = append(rows, x)
		}
	}
	if len(rows) < 2 {
		t.Fatalf("%s: the code shows on %d rows, want it wrapped", where, len(rows))
	}
	slices.SortFunc(rows, func(a, b *canvas.Text) int { return cmp.Compare(a.Position().Y, b.Position().Y) })
	if first := strings.TrimSpace(rows[0].Text); first == "" || !strings.HasPrefix(box.Text, first) {
		t.Errorf("%s: the first row shows %q, want the start of the code", where, first)
	}
	inner := box.Size().Height
	for i, r := range rows {
		top := at.Y + r.Position().Y
		if top < 0 || top+r.Size().Height > inner {
			t.Errorf("%s: row %d of %d (%q) is at %v..%v, outside the box's %v: the box does not show the whole code", where, i+1, len(rows), r.Text, top, top+r.Size().Height, inner)
		}
	}
	if s := box.Size(); s.Width < 400 {
		t.Errorf("%s: the box is %v, want the card's width", where, s)
	}
	if p := posIn(c.Content(), box); p.Y < 0 || p.Y+box.Size().Height > c.Size().Height {
		t.Errorf("%s: the box at %v (%v) is not all in the window", where, p, box.Size())
	}
}
