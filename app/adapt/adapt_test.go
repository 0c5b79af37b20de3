package adapt

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/app/export"
	"github.com/kintsugi-app/kintsugi/app/profile"
	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/sync"
)

func TestMain(m *testing.M) {
	crypto.ScryptWorkFactor = 10 // fast key files in tests only
	// No test may write into the real ~/.config (the login entry lives there).
	cfg, err := os.MkdirTemp("", "kintsugi-config-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", cfg)
	code := m.Run()
	os.RemoveAll(cfg)
	os.Exit(code)
}

// The demo's two real profiles pair over loopback and an edit in one
// reaches the other.
func TestDemoPairSyncs(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	alex, sam, err := demoPair(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer alex.Close()
	defer sam.Close()
	if p, ok := alex.Partner(); !ok || p.Name != "Sam" {
		t.Fatalf("alex's partner = %+v, %v", p, ok)
	}
	if alex.SafetyNumber() == "" || alex.SafetyNumber() != sam.SafetyNumber() {
		t.Fatalf("safety numbers %q and %q", alex.SafetyNumber(), sam.SafetyNumber())
	}
	if _, err := alex.Doc().AddCommitment(alex.Me().ID, "Text when I'll be late", doc.Daily); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(sam.Doc().Commitments()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("alex's commitment never reached sam")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestProfileOpener(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	o, err := openerFor(dir)
	if err != nil {
		t.Fatal(err)
	}
	if o.Exists() {
		t.Fatal("exists before create")
	}
	s, err := o.Create("Alex", "lantern orbit velvet")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := o.Open("wrong"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("Open(wrong) = %v, want ErrWrongPassphrase", err)
	}
	s, err = o.Open("lantern orbit velvet")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Me().Name != "Alex" {
		t.Errorf("name = %q", s.Me().Name)
	}
	for _, garbage := range []string{"kintsugi1-not-a-code", "hello this is not a code"} {
		_, err := s.Join(context.Background(), garbage)
		if !errors.Is(err, ErrNotInvite) {
			t.Errorf("Join(%q) = %v, want ErrNotInvite", garbage, err)
		}
		if msg := plainError(err); strings.Contains(msg, "typo") {
			t.Errorf("Join(%q) says %q: a typo, of something that is no code at all", garbage, msg)
		}
	}
	out := filepath.Join(t.TempDir(), "notes.md")
	if err := s.Export(out, "md", time.Time{}, time.Time{}, nil); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(out); err != nil || !strings.Contains(string(b), "# Our repair journey") {
		t.Errorf("export: %v, %q", err, b)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode: %v, %v (want 0600: it is not encrypted)", fi.Mode(), err)
	}
	if err := s.Export(out, "docx", time.Time{}, time.Time{}, nil); !errors.Is(err, export.ErrUnknownFormat) {
		t.Errorf("export as docx = %v, want ErrUnknownFormat", err)
	}
}

func TestMapErr(t *testing.T) {
	for _, tc := range []struct {
		in, want error
	}{
		{crypto.ErrWrongPassphrase, ErrWrongPassphrase},
		{crypto.ErrInviteExpired, ErrInviteExpired},
		{sync.ErrInviteExpired, ErrInviteExpired},
		{crypto.ErrInviteTypo, ErrInviteTypo},
		{crypto.ErrInviteMalformed, ErrNotInvite},
		{sync.ErrInviteRefused, ErrInviteUsed},
	} {
		if got := mapErr(fmt.Errorf("wrapped: %w", tc.in)); !errors.Is(got, tc.want) {
			t.Errorf("mapErr(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// Pairing through the screens with two real profiles over loopback.
func TestPairingRealProfiles(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newWarmTheme())
	loop := profile.SyncOptions{Listen: []string{"/ip4/127.0.0.1/tcp/0"}, NoDiscovery: true}
	base := t.TempDir()
	alexO := &profileOpener{dir: filepath.Join(base, "alex"), opts: loop}
	samO := &profileOpener{dir: filepath.Join(base, "sam"), opts: loop}
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
		for _, f := range []*flow{fa, fs} {
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
		fa.b.drain()
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
		f   *flow
		c   fyne.Canvas
	}{{"the inviter", fa, ca}, {"the joiner", fs, cs}} {
		deadline := time.Now().Add(20 * time.Second)
		for !hasText(x.c, "In sync") && !hasText(x.c, "Connected") {
			if time.Now().After(deadline) {
				t.Fatalf("after pairing %s's laptop shows %q", x.who, button(t, x.c, "Lock").Text+" / "+syncText(x.c))
			}
			x.f.b.drain()
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
	o := &profileOpener{dir: filepath.Join(t.TempDir(), "p"), opts: profile.SyncOptions{Listen: []string{"/ip4/127.0.0.1/tcp/0"}, NoDiscovery: true}}
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
