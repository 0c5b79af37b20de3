package ui

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/crypto"
)

// newFlowWindow opens a flow on o in a test window.
func newFlowWindow(t *testing.T, o Opener) (*Flow, fyne.Canvas) {
	t.Helper()
	fyne.CurrentApp().Settings().SetTheme(newWarmTheme())
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(900, 760))
	f := newFlow(w, o, &Bridge{manual: true})
	f.now = fixedNow
	f.start()
	t.Cleanup(func() {
		if f.ui != nil {
			f.ui.close()
		}
	})
	return f, w.Canvas()
}

func TestCreateProfile(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newWarmTheme())
	o := &memOpener{}
	f, c := newFlowWindow(t, o)
	wantText(t, c, "there is no reset")
	meter := find(t, c, func(o *fyne.Container) bool { _, ok := o.Layout.(*strengthMeter); return ok }).Layout.(*strengthMeter)
	again := entryWith(t, c, "Type it again")
	at := again.Position()
	if meter.fill.Size().Width != 0 || meter.box.Size().Height > 8 {
		t.Errorf("before typing, the meter is filled %v wide and %v tall", meter.fill.Size().Width, meter.box.Size().Height)
	}
	typeInto(t, c, "Your first name", "Alex")
	typeInto(t, c, "Passphrase", "short")
	wantText(t, c, "Too short")
	if again.Position() != at {
		t.Errorf("typing moved the form: the second field went from %v to %v", at, again.Position())
	}
	tap(t, c, "Create my profile")
	wantText(t, c, "at least 8 characters")
	if o.Exists() {
		t.Fatal("profile created with a short passphrase")
	}

	pass := entryWith(t, c, "Passphrase")
	pass.SetText("")
	typeInto(t, c, "Passphrase", "lantern orbit velvet nine")
	wantText(t, c, "Very strong")
	if w := meter.fill.Size().Width; w == 0 || w != meter.track.Size().Width {
		t.Errorf("a very strong passphrase fills %v of %v", w, meter.track.Size().Width)
	}
	typeInto(t, c, "Type it again", "lantern orbit velvet nin")
	tap(t, c, "Create my profile")
	wantText(t, c, "don't match")
	golden(t, c, "create_profile.xml")
	typeInto(t, c, "Type it again", "e")
	tap(t, c, "Create my profile")

	if !o.Exists() || f.sess == nil || f.sess.Me().Name != "Alex" {
		t.Fatalf("profile not created: exists=%v sess=%v", o.Exists(), f.sess)
	}
	wantText(t, c, "Keep a way back in")
	golden(t, c, "recovery_offer.xml")
	tap(t, c, "Not now")
	wantText(t, c, "Pair with your partner")
	golden(t, c, "pair_choice.xml")
}

func TestStrength(t *testing.T) {
	for _, tc := range []struct {
		pass string
		want int
	}{
		{"", 0},
		{"abc", 0},
		{"password", 1},
		{"Password12", 2},
		{"three word pass", 3},
		{"lantern orbit velvet nine", 4},
		{"Tr0ub4dor&3xyzab", 4},
	} {
		if got, _ := strength(tc.pass); got != tc.want {
			t.Errorf("strength(%q) = %d, want %d", tc.pass, got, tc.want)
		}
	}
}

func TestPairing(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newWarmTheme())
	world := &memWorld{}
	alexO, samO := &memOpener{world: world}, &memOpener{world: world}
	if _, err := alexO.Create("Alex", "alex passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := samO.Create("Sam", "sam passphrase"); err != nil {
		t.Fatal(err)
	}
	fa, ca := newFlowWindow(t, alexO)
	fs, cs := newFlowWindow(t, samO)
	for _, x := range []struct {
		c    fyne.Canvas
		pass string
	}{{ca, "alex passphrase"}, {cs, "sam passphrase"}} {
		typeInto(t, x.c, "Passphrase", x.pass)
		tap(t, x.c, "Unlock")
	}

	tap(t, ca, "Invite my partner")
	wantText(t, ca, "Waiting for your partner")
	code := find(t, ca, func(l *widget.Label) bool { return l.Selectable }).Text
	tap(t, ca, "Copy code")
	if got := fyne.CurrentApp().Clipboard().Content(); got != code {
		t.Errorf("clipboard = %q, want the code %q", got, code)
	}

	tap(t, cs, "Join my partner")
	box := codeBox(t, cs)
	cs.Focus(box)
	test.Type(box, code[:len(code)-1]+"X")
	tap(t, cs, "Join")
	wantText(t, cs, "That code has a typo near the end")
	golden(t, cs, "join_typo.xml")

	box.SetText(code)
	tap(t, cs, "Join")
	number := atSafetyStep(t, fa, ca, fs, cs)
	wantText(t, ca, number)
	wantText(t, cs, number)
	golden(t, ca, "pair_safety.xml")
	tap(t, ca, "It matches")
	tap(t, cs, "It matches")
	// Neither saved a recovery file in this run: no "again".
	wantText(t, ca, "A recovery file saved now opens your notes if the passphrase is ever forgotten, and it remembers Sam")
	wantText(t, cs, "A recovery file saved now opens your notes if the passphrase is ever forgotten, and it remembers Alex")
	tap(t, ca, "Not now")
	tap(t, cs, "Not now")
	wantText(t, ca, "Alex & Sam")
	wantText(t, cs, "Sam & Alex")
}

// atSafetyStep checks that both windows, Alex's (fa) and Sam's (fs), ask
// to compare the same safety number out loud, and returns it.
func atSafetyStep(t *testing.T, fa *Flow, ca fyne.Canvas, fs *Flow, cs fyne.Canvas) string {
	t.Helper()
	wantText(t, cs, "Compare out loud")
	settle(fa.b)
	wantText(t, ca, "Compare out loud")
	number := fs.sess.SafetyNumber()
	if number == "" || fa.sess.SafetyNumber() != number {
		t.Fatalf("safety numbers %q and %q", fa.sess.SafetyNumber(), number)
	}
	return number
}

func TestJoinExpired(t *testing.T) {
	test.NewTempApp(t)
	world := &memWorld{}
	alex := newMemSession(world, "Alex", "x")
	sam := &memOpener{world: world}
	if _, err := sam.Create("Sam", "sam passphrase"); err != nil {
		t.Fatal(err)
	}
	inv, _, err := alex.Invite(context.Background(), -time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	_, c := newFlowWindow(t, sam)
	typeInto(t, c, "Passphrase", "sam passphrase")
	tap(t, c, "Unlock")
	tap(t, c, "Join my partner")
	box := codeBox(t, c)
	c.Focus(box)
	test.Type(box, inv.Code)
	tap(t, c, "Join")
	wantText(t, c, "That invite has expired — ask for a new one")
}

func TestUnlockRetry(t *testing.T) {
	test.NewTempApp(t)
	alex, _ := pairedSessions(t)
	o := &memOpener{s: alex}
	f, c := newFlowWindow(t, o)
	wantText(t, c, "Welcome back")
	typeInto(t, c, "Passphrase", "not it")
	tap(t, c, "Unlock")
	wantText(t, c, "That passphrase didn't match. Take your time and try again.")
	if f.sess != nil {
		t.Fatal("unlocked with a wrong passphrase")
	}
	golden(t, c, "unlock_retry.xml")
	typeInto(t, c, "Passphrase", "alex passphrase")
	tap(t, c, "Unlock")
	if f.sess == nil || f.ui == nil {
		t.Fatal("not unlocked")
	}
	wantText(t, c, "Good evening, Alex")
}

func TestPlainError(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{ErrInviteExpired, "That invite has expired — ask for a new one."},
		{ErrInviteTypo, "That code has a typo. Please check it against your partner's screen."},
		{fmt.Errorf("%w: %w", ErrInviteTypo, &crypto.InviteTypoError{Group: 30, LastGroup: 30, Groups: 38}), "That code has a typo near the end (group 30 of 38). Please check it against your partner's screen."},
		{fmt.Errorf("%w: %w", ErrNotInvite, crypto.ErrInviteMalformed), "That doesn't look like a Kintsugi invite code. Please copy the whole code from your partner's screen: it starts with “kintsugi1”."},
		{ErrWrongPassphrase, "That passphrase didn't match. Take your time and try again."},
		{errors.New("disk full"), "Something went wrong: disk full. Please try again in a moment; if it keeps happening, lock and reopen Kintsugi."},
	} {
		if got := plainError(tc.err); got != tc.want {
			t.Errorf("plainError(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

// An unpaired user can pair later from Settings, and the main screens come back.
func TestPairLaterFromSettings(t *testing.T) {
	test.NewTempApp(t)
	world := &memWorld{}
	o := &memOpener{world: world}
	s, err := o.Create("Alex", "alex passphrase")
	if err != nil {
		t.Fatal(err)
	}
	sam := newMemSession(world, "Sam", "x")
	f, c := newFlowWindow(t, o)
	f.sess = s
	f.showMain()
	f.ui.nav.Select(f.ui.screenIndex("Settings"))
	wantText(t, c, "Not paired yet")
	tap(t, c, "Pair with my partner")
	tap(t, c, "Invite my partner")
	code := find(t, c, func(l *widget.Label) bool { return l.Selectable }).Text
	if _, err := sam.Join(context.Background(), code); err != nil {
		t.Fatal(err)
	}
	settle(f.b)
	tap(t, c, "It matches")
	tap(t, c, "Not now")
	wantText(t, c, "Alex & Sam")
	if _, err := f.ui.doc.AddCommitment(f.ui.me.ID, "Call at lunch", "daily"); err != nil {
		t.Fatalf("editing the paired document: %v", err)
	}
}

// TestDemoLockUnlock checks that a demo window, once locked, tells its
// passphrase and opens again.
func TestDemoLockUnlock(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newWarmTheme())
	o := &memOpener{}
	s, err := o.Create("Alex", "demo passphrase Alex")
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	f := newFlow(w, o, &Bridge{manual: true})
	f.reveal = "demo passphrase Alex"
	f.sess = s
	f.showMain()
	f.ui.doLock()
	c := w.Canvas()
	wantText(t, c, "In this demo it is “demo passphrase Alex”")
	typeInto(t, c, "Passphrase", "demo passphrase Alex")
	tap(t, c, "Unlock")
	if f.sess == nil {
		t.Fatal("the demo window did not open again")
	}
	wantText(t, c, "Pair with your partner") // this memory profile is not paired
}

// Without a login entry (the demo's throwaway profiles), Settings offers
// none: a login must never start a profile that is about to be deleted.
func TestNoLoginBoxWithoutEntry(t *testing.T) {
	alex, _ := pairedSessions(t)
	test.NewTempApp(t).Settings().SetTheme(newWarmTheme())
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 760))
	b := &Bridge{manual: true}
	u := newUI(w, alex, b, fixedNow, nil)
	w.SetContent(u.content())
	t.Cleanup(u.close)
	u.nav.Select(u.screenIndex("Settings"))
	settle(b)
	if hasText(w.Canvas(), "Start Kintsugi when I log in") {
		t.Error("Settings offers a login entry it has not got")
	}
	if !hasText(w.Canvas(), "Remind me on this laptop") {
		t.Fatal("Settings did not open")
	}
}
