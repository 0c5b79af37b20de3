package ui

import (
	"context"
	"image"
	"image/png"
	mathrand "math/rand"
	"os"
	"path/filepath"
	"strings"
	stdsync "sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// testNow is the fixed clock of the screen tests: a Tuesday evening.
var testNow = time.Date(2026, 3, 10, 19, 30, 0, 0, time.Local)

func fixedNow() time.Time { return testNow }

// pairedSessions returns two memory sessions, Alex and Sam, already paired.
func pairedSessions(t testing.TB) (alex, sam *memSession) {
	t.Helper()
	w := &memWorld{}
	alex, sam = newMemSession(w, "Alex", "alex passphrase"), newMemSession(w, "Sam", "sam passphrase")
	inv, _, err := alex.Invite(context.Background(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sam.Join(context.Background(), inv.Code); err != nil {
		t.Fatal(err)
	}
	alex.Doc().SetClock(fixedNow)
	alex.now, sam.now = fixedNow, fixedNow
	alex.Doc().SetIDSource(mathrand.New(mathrand.NewSource(1))) // stable order in goldens
	return alex, sam
}

// harness is one window of the app under test.
type harness struct {
	t   *testing.T
	win fyne.Window
	b   *Bridge
	ui  *ui
}

// newHarness opens the main screens of sess in a test window.
func newHarness(t *testing.T, sess Session) *harness {
	t.Helper()
	h := newHarnessB(t, sess)
	h.t = t
	return h
}

func newHarnessB(t testing.TB, sess Session) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newWarmTheme())
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 760))
	b := &Bridge{manual: true}
	u := newUI(w, sess, b, fixedNow, &testLogin{})
	w.SetContent(u.content())
	t.Cleanup(u.close)
	settle(b) // the first sync status
	return &harness{win: w, b: b, ui: u}
}

// open shows the screen with the given title.
func (h *harness) open(title string) {
	h.t.Helper()
	i := h.ui.screenIndex(title)
	if i < 0 {
		h.t.Fatalf("no screen %q", title)
	}
	h.ui.nav.Select(i)
}

// settle runs queued updates from other goroutines until none arrive for a moment.
func settle(b *Bridge) {
	quiet := 0
	for quiet < 3 {
		if b.Drain() == 0 {
			quiet++
		} else {
			quiet = 0
		}
		time.Sleep(15 * time.Millisecond)
	}
}

// edited waits for the notification of the edit an action just made on
// h's window, and lets the window reload the screen from it: an action
// never refreshes the screen by hand, the document's (or the unlocked
// journal's) notification does, for the user's own edits as for the
// partner's. It fails the test if no notification comes.
func (h *harness) edited() {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !h.b.queued() {
		if time.Now().After(deadline) {
			h.t.Fatal("no notification came after the edit")
		}
		time.Sleep(time.Millisecond)
	}
	settle(h.b)
}

// queued reports whether an update waits for Drain (manual bridges only).
func (b *Bridge) queued() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.queue) > 0
}

// objects walks every object under o, including widgets' rendered children.
func objects(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) bool {
	if o == nil || !o.Visible() {
		return true
	}
	if !visit(o) {
		return false
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			if !objects(c, visit) {
				return false
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			if !objects(c, visit) {
				return false
			}
		}
	}
	return true
}

func find[T fyne.CanvasObject](t *testing.T, c fyne.Canvas, match func(T) bool) T {
	t.Helper()
	var found T
	var ok bool
	objs := []fyne.CanvasObject{c.Content()}
	objs = append(objs, c.Overlays().List()...)
	for _, root := range objs {
		objects(root, func(o fyne.CanvasObject) bool {
			if x, is := o.(T); is && match(x) {
				found, ok = x, true
				return false
			}
			return true
		})
	}
	if !ok {
		t.Fatalf("no %T matching on screen", found)
	}
	return found
}

func button(t *testing.T, c fyne.Canvas, label string) *widget.Button {
	t.Helper()
	return find(t, c, func(b *widget.Button) bool { return b.Text == label })
}

func tap(t *testing.T, c fyne.Canvas, label string) {
	t.Helper()
	b := button(t, c, label)
	if b.Disabled() {
		t.Fatalf("button %q is disabled", label)
	}
	test.Tap(b)
}

func entryWith(t *testing.T, c fyne.Canvas, placeholder string) *textEntry {
	t.Helper()
	return find(t, c, func(e *textEntry) bool { return strings.HasPrefix(e.PlaceHolder, placeholder) })
}

func typeInto(t *testing.T, c fyne.Canvas, placeholder, text string) *textEntry {
	t.Helper()
	e := entryWith(t, c, placeholder)
	c.Focus(e)
	test.Type(e, text)
	return e
}

// hasText reports whether some label or text on screen contains s.
func hasText(c fyne.Canvas, s string) bool {
	found := false
	roots := []fyne.CanvasObject{c.Content()}
	roots = append(roots, c.Overlays().List()...)
	for _, r := range roots {
		objects(r, func(o fyne.CanvasObject) bool {
			var txt string
			switch x := o.(type) {
			case *widget.Label:
				txt = x.Text
			case *widget.Button:
				txt = x.Text
			case *widget.Check:
				txt = x.Text
			}
			if strings.Contains(txt, s) {
				found = true
				return false
			}
			return true
		})
		if found {
			break
		}
	}
	if !found {
		found = strings.Contains(test.RenderToMarkup(c), s)
	}
	return found
}

func wantText(t *testing.T, c fyne.Canvas, s string) {
	t.Helper()
	if !hasText(c, s) {
		t.Errorf("screen does not show %q", s)
	}
}

// golden compares the canvas with testdata/name (markup). With -update it
// rewrites the golden first. With KINTSUGI_SHOTS=dir it also saves a PNG
// to look at.
func golden(t *testing.T, c fyne.Canvas, name string) {
	t.Helper()
	// Wrapped labels learn their width in one layout pass and their height
	// in the next, as in a running window.
	if r, ok := c.(interface{ Resize(fyne.Size) }); ok {
		sz := c.Size()
		r.Resize(sz.AddWidthHeight(1, 0))
		r.Resize(sz)
	}
	if *update {
		path := filepath.Join("testdata", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(markup(c)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if dir := os.Getenv("KINTSUGI_SHOTS"); dir != "" {
		if err := writePNG(filepath.Join(dir, strings.TrimSuffix(name, ".xml")+".png"), c.Capture()); err != nil {
			t.Error(err)
		}
		if err := writePNG(filepath.Join(dir, strings.TrimSuffix(name, ".xml")+"_dark.png"), captureDark(c)); err != nil {
			t.Error(err)
		}
	}
	assertMarkup(t, c, name)
}

// markup is c as markup, in the goldens' words: they name Kintsugi's own
// widgets (themed, textEntry, chart, timeline) by the package name they
// had when they were recorded, type="*app.themed", and keep it, so moving
// the screens from package app to package ui changed no golden. Only that
// name is mapped; every other byte is Fyne's markup as it is.
func markup(c fyne.Canvas) string {
	return strings.ReplaceAll(test.RenderToMarkup(c), `type="*ui.`, `type="*app.`)
}

// assertMarkup is test.AssertRendersToMarkup over markup: c must render
// byte for byte as testdata/name, else the markup goes to
// testdata/failed/name and the test fails at the first line that differs.
func assertMarkup(t *testing.T, c fyne.Canvas, name string) {
	t.Helper()
	got := markup(c)
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Errorf("golden %s: %v", name, err)
	}
	want := strings.ReplaceAll(string(raw), "\r", "")
	if got == want {
		return
	}
	failed := filepath.Join("testdata", "failed", name)
	if err := os.MkdirAll(filepath.Dir(failed), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(failed, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Errorf("%s differs from the golden at line %d:\n got: %s\nwant: %s\nthe markup is in %s", name, i+1, strings.TrimSpace(gl), strings.TrimSpace(wl), failed)
			return
		}
	}
}

// captureDark returns what c looks like in the dark variant of the theme,
// and leaves it as it was. Switching the theme redraws only the windows of
// the newest test app, and each harness makes its own: so every object on
// c, dialogs included, is refreshed after each switch.
func captureDark(c fyne.Canvas) image.Image {
	s := fyne.CurrentApp().Settings()
	was := s.Theme()
	s.SetTheme(variantTheme{was, theme.VariantDark})
	refreshAll(c)
	img := c.Capture()
	s.SetTheme(was)
	refreshAll(c)
	return img
}

// refreshAll refreshes every object on c, so each re-reads the theme.
func refreshAll(c fyne.Canvas) {
	for _, root := range append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...) {
		objects(root, func(o fyne.CanvasObject) bool {
			o.Refresh()
			return true
		})
	}
}

// testLogin is a login entry in memory: the screens' tests offer one, as
// the app does on Linux; app/autostart_test.go ticks the real one.
type testLogin struct {
	mu stdsync.Mutex
	on bool
}

func (l *testLogin) Enabled() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.on
}

func (l *testLogin) Set(on bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.on = on
	return nil
}

func mustNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// writePNG saves img to path, to look at.
func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
