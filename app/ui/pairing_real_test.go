package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/app/adapt"
)

// Pairing through the screens with two real profiles over loopback.
func TestPairingRealProfiles(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newWarmTheme())
	base := t.TempDir()
	alexO, samO := adapt.DemoOpener(base, "alex"), adapt.DemoOpener(base, "sam")
	fa, ca := newFlowWindow(t, alexO)
	fs, cs := newFlowWindow(t, samO)
	for _, x := range []struct {
		c          fyne.Canvas
		name, pass string
	}{{ca, "Alex", "alex passphrase 1"}, {cs, "Sam", "sam passphrase 22"}} {
		typeInto(t, x.c, "Your first name", x.name)
		typeInto(t, x.c, "Passphrase", x.pass)
		typeInto(t, x.c, "Type it again", x.pass)
		tap(t, x.c, "Create my profile")
		tap(t, x.c, "Not now")
	}
	t.Cleanup(func() {
		for _, f := range []*Flow{fa, fs} {
			if f.sess != nil {
				f.sess.Close()
			}
		}
	})

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
	typeInto(t, cs, "Paste the code", string(typo))
	tap(t, cs, "Join")
	wantText(t, cs, "That code has a typo near the end")

	entryWith(t, cs, "Paste the code").SetText(code)
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
