package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/app/adapt"
	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	lcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
)

// realSession creates a real profile (not the memory session) in a
// temporary folder, syncing on loopback only, and returns its opener, its
// folder and the session.
func realSession(t *testing.T, name string) (Opener, string, Session) {
	t.Helper()
	base := t.TempDir()
	o := adapt.DemoOpener(base, name)
	s, err := o.Create(name, "lantern orbit velvet "+name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return o, filepath.Join(base, name), s
}

// tapWhenShown waits (running queued UI updates) for a button labelled
// label on the window or a dialog, and taps it.
func tapWhenShown(t *testing.T, h *harness, label string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var b *widget.Button
		for _, root := range append(h.win.Canvas().Overlays().List(), h.win.Canvas().Content()) {
			objects(root, func(o fyne.CanvasObject) bool {
				if x, ok := o.(*widget.Button); ok && x.Text == label {
					b = x
				}
				return b == nil
			})
		}
		if b != nil {
			b.OnTapped()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no button %q shown", label)
		}
		settle(h.b)
	}
}

// waitShown runs queued UI updates until a label holding text shows.
func waitShown(t *testing.T, h *harness, text string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !shown(t, h, text) {
		if time.Now().After(deadline) {
			t.Fatalf("%q never shown", text)
		}
		settle(h.b)
	}
}

// The recovery file is saved through Fyne's real save dialog, which
// creates the chosen file empty before the app writes it, by the real
// profile: the file is whole, private, and restores the same identity,
// whether the dialog made the file or the user chose an empty file that
// was there already.
func TestSaveRecoveryThroughRealDialog(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	_, _, s := realSession(t, "Alex")
	h := newHarness(t, s)
	h.open("Settings")
	path := filepath.Join(home, "kintsugi-recovery.txt")
	check := func() {
		t.Helper()
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("recovery file mode %v, want 0600", fi.Mode().Perm())
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := crypto.ParseRecovery(b)
		if err != nil {
			t.Fatalf("the saved recovery file does not read back: %v\n%s", err, b)
		}
		if got := r.Identity.Public(); peerIDOfPublic(t, got) != s.Me().ID {
			t.Error("the saved recovery file holds another identity")
		}
		if r.Name != "Alex" {
			t.Errorf("recovery file names %q, want Alex", r.Name)
		}
	}

	// The dialog creates the file.
	tapWhenShown(t, h, "Save recovery file…")
	checkFileDialogSize(t, h.win)
	tapWhenShown(t, h, "Save")
	waitShown(t, h, "Recovery file saved")
	check()

	// An empty file is there already: the dialog asks to overwrite it.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, o := range h.win.Canvas().Overlays().List() {
		h.win.Canvas().Overlays().Remove(o)
	}
	tapWhenShown(t, h, "Save recovery file…")
	tapWhenShown(t, h, "Save")
	tapWhenShown(t, h, "Yes")
	waitShown(t, h, "Recovery file saved")
	check()
}

// peerIDOfPublic is the peer ID the real profile derives from a public identity.
func peerIDOfPublic(t *testing.T, pub crypto.PublicIdentity) string {
	t.Helper()
	k, err := lcrypto.UnmarshalEd25519PublicKey(pub.SigningKey)
	if err != nil {
		t.Fatal(err)
	}
	id, err := peer.IDFromPublicKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return id.String()
}

// A forgotten passphrase and a lost key file: the unlock screen offers the
// recovery file, and the real profile opens again under a new passphrase
// with its shared document and pairing kept.
func TestRestoreFromUnlockScreenRealProfile(t *testing.T) {
	test.NewTempApp(t)
	o, dir, s := realSession(t, "Alex")
	if err := s.Doc().SetCouple(doc.Partner{ID: s.Me().ID, Name: "Alex"}, doc.Partner{ID: "12D3KooWpartner", Name: "Sam"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Doc().AddNeed(s.Me().ID, "a quiet hour"); err != nil {
		t.Fatal(err)
	}
	rec := filepath.Join(t.TempDir(), "recovery.txt")
	if err := s.ExportRecovery(rec); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "identity.key")); err != nil {
		t.Fatal(err)
	}
	f, c := newFlowWindow(t, o)
	wantText(t, c, "Welcome back")
	test.Tap(button(t, c, "I forgot my passphrase: use my recovery file"))
	checkFileDialogSize(t, f.win)
	for _, o := range c.Overlays().List() {
		c.Overlays().Remove(o)
	}
	b, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	f.showRestore(b) // what the file picker hands on
	typeInto(t, c, "New passphrase", "a brand new passphrase")
	typeInto(t, c, "Type it again", "a brand new passphrase")
	tap(t, c, "Open with my recovery file")
	deadline := time.Now().Add(20 * time.Second)
	for f.sess == nil {
		if time.Now().After(deadline) {
			t.Fatal("not restored")
		}
		settle(f.b)
	}
	t.Cleanup(func() { f.sess.Close() })
	if f.sess.Me().ID != s.Me().ID || len(f.sess.Doc().Needs()) != 1 {
		t.Errorf("restored %s with %d needs", f.sess.Me().ID, len(f.sess.Doc().Needs()))
	}
}

// Unpair from Settings, on two real profiles paired as the demo pairs
// them: after the warning, this laptop is unpaired and keeps the shared
// document; the partner's laptop keeps its pin.
func TestUnpairFromSettingsRealProfiles(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	alex, sam, err := adapt.DemoPair(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer alex.Close()
	defer sam.Close()
	if _, err := alex.Doc().AddNeed(alex.Me().ID, "a quiet hour"); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, alex)
	h.win.Resize(fyne.NewSize(1100, 760))
	h.open("Settings")
	tapWhenShown(t, h, "Unpair…")
	waitShown(t, h, "nothing is deleted")
	checkUnpairDialog(t, h.win.Canvas())
	tapWhenShown(t, h, "Unpair")
	deadline := time.Now().Add(20 * time.Second)
	for {
		settle(h.b)
		if _, ok := alex.Partner(); !ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("still paired")
		}
	}
	if len(alex.Doc().Needs()) != 1 {
		t.Error("unpairing lost the shared document")
	}
	if _, ok := sam.Partner(); !ok {
		t.Error("unpairing on one laptop unpaired the other")
	}
	waitShown(t, h, "Not paired yet")
}

// checkUnpairDialog checks the unpair warning: the destructive button is
// not the highlighted one, and the buttons follow the words without a
// blank gap.
func checkUnpairDialog(t *testing.T, c fyne.Canvas) {
	t.Helper()
	var msg *widget.Label
	var unpair, stay *widget.Button
	objects(c.Overlays().Top(), func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *widget.Label:
			if strings.Contains(x.Text, "nothing is deleted") {
				msg = x
			}
		case *widget.Button:
			switch x.Text {
			case "Unpair":
				unpair = x
			case "Stay paired":
				stay = x
			}
		}
		return true
	})
	if msg == nil || unpair == nil || stay == nil {
		t.Fatalf("the unpair warning lacks its words or buttons (words %v, Unpair %v, Stay paired %v)", msg != nil, unpair != nil, stay != nil)
	}
	if unpair.Importance == widget.HighImportance || unpair.Importance == widget.SuccessImportance {
		t.Errorf("Unpair is the highlighted button (importance %v)", unpair.Importance)
	}
	d := fyne.CurrentApp().Driver()
	textBottom := d.AbsolutePositionForObject(msg).Y + msg.MinSize().Height
	gap := d.AbsolutePositionForObject(unpair).Y - textBottom
	if pad := theme.Padding(); gap > 6*pad {
		t.Errorf("%v px of blank space between the warning and its buttons", gap)
	}
}

// The recovery prompt after creating a profile offers two different
// things: "Save recovery file…", through the real save dialog and the
// real profile, and "Not now", which says where to find it later. Once
// the file is saved, only "Continue" is left, and it leads on to pairing.
func TestRecoveryOfferChoices(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	test.NewTempApp(t)
	o := adapt.DemoOpener(t.TempDir(), "alex")
	f, c := newFlowWindow(t, o)
	t.Cleanup(func() {
		if f.sess != nil {
			f.sess.Close()
		}
	})
	h := &harness{t: t, win: f.win, b: f.b}
	typeInto(t, c, "Your first name", "Alex")
	typeInto(t, c, "Passphrase", "lantern orbit velvet nine")
	typeInto(t, c, "Type it again", "lantern orbit velvet nine")
	tap(t, c, "Create my profile")
	waitShown(t, h, "Save a recovery file now")
	labels := func() map[string]bool {
		seen := map[string]bool{}
		objects(c.Content(), func(o fyne.CanvasObject) bool {
			if b, ok := o.(*widget.Button); ok {
				seen[b.Text] = true
			}
			return true
		})
		return seen
	}
	if got := labels(); !got["Save recovery file…"] || !got["Not now"] || got["Later"] || got["Continue"] {
		t.Fatalf("the prompt offers %v, want Save recovery file… and Not now", got)
	}
	wantText(t, c, "any time in Settings, under Safety")

	tapWhenShown(t, h, "Save recovery file…")
	tapWhenShown(t, h, "Save")
	waitShown(t, h, "Recovery file saved")
	if _, err := os.Stat(filepath.Join(home, "kintsugi-recovery.txt")); err != nil {
		t.Fatalf("no recovery file: %v", err)
	}
	if got := labels(); !got["Continue"] || got["Not now"] || got["Save recovery file…"] {
		t.Fatalf("after saving, the prompt offers %v, want only Continue", got)
	}
	wantText(t, c, "Your recovery file is saved")
	for _, o := range c.Overlays().List() {
		c.Overlays().Remove(o)
	}
	tap(t, c, "Continue")
	wantText(t, c, "Pair with your partner")
}
