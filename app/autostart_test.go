package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/app/adapt"
	"github.com/kintsugi-app/kintsugi/app/ui"
	"github.com/kintsugi-app/kintsugi/crypto"
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

// findCheck returns the box labelled label on c, rendered widgets and
// dialogs included.
func findCheck(t *testing.T, c fyne.Canvas, label string) *widget.Check {
	t.Helper()
	var found *widget.Check
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil || o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Check:
			if x.Text == label {
				found = x
				return
			}
		case *fyne.Container:
			for _, o := range x.Objects {
				walk(o)
			}
			return
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, o := range test.WidgetRenderer(w).Objects() {
				walk(o)
			}
		}
	}
	walk(c.Content())
	if found == nil {
		t.Fatalf("no box %q on screen", label)
	}
	return found
}

func TestExecQuote(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"/usr/bin/kintsugi", "/usr/bin/kintsugi"},
		{"/home/al ex/bin/kintsugi", `"/home/al ex/bin/kintsugi"`},
		{`/opt/a"b/kintsugi`, `"/opt/a\\"b/kintsugi"`},
		{"/opt/$x/kintsugi", `"/opt/\\$x/kintsugi"`},
		{"/opt/100%/kintsugi", "/opt/100%%/kintsugi"},
	} {
		if got := execQuote(tc.path); got != tc.want {
			t.Errorf("execQuote(%q) = %s, want %s", tc.path, got, tc.want)
		}
	}
}

// Ticking "Start Kintsugi when I log in" on a real profile writes a
// freedesktop autostart entry that starts this binary; unticking removes it,
// and the box shows what the disk holds when the screen loads. It drives
// the screens as the app does, through package ui's API.
func TestStartAtLoginRealProfile(t *testing.T) {
	if !autostartSupported() {
		t.Skip("no freedesktop autostart here")
	}
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	entry := filepath.Join(cfg, "autostart", "kintsugi.desktop")
	sess, err := adapt.DemoOpener(t.TempDir(), "Alex").Create("Alex", "lantern orbit velvet")
	if err != nil {
		t.Fatal(err)
	}
	test.NewTempApp(t).Settings().SetTheme(ui.Theme())
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 760))
	br := ui.ManualBridge()
	f := ui.NewFlow(w, nil, br)
	f.OfferLogin(loginEntry(""))
	f.ShowMain(sess)
	t.Cleanup(f.Lock) // which closes the session
	c := w.Canvas()
	open := func(screen string) {
		t.Helper()
		shortcut := map[string]fyne.KeyName{"Today": fyne.Key1, "Settings": fyne.KeyComma}[screen]
		c.(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: shortcut, Modifier: fyne.KeyModifierShortcutDefault})
		settle(br)
	}
	open("Settings")
	box := findCheck(t, c, "Start Kintsugi when I log in")
	if box.Checked {
		t.Fatal("on by default")
	}
	if _, err := os.Stat(entry); err == nil {
		t.Fatal("an entry was written before anyone asked")
	}
	test.Tap(box)
	settle(br)
	b, err := os.ReadFile(entry)
	if err != nil {
		t.Fatalf("ticking wrote no entry: %v", err)
	}
	exe, _ := os.Executable()
	exe, _ = filepath.EvalSymlinks(exe)
	for _, want := range []string{"[Desktop Entry]", "Type=Application", "\nExec=" + execQuote(exe) + "\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("entry lacks %q:\n%s", want, b)
		}
	}
	test.Tap(box)
	settle(br)
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Fatalf("unticking left the entry: %v", err)
	}

	// The file is the setting: made elsewhere, the box shows it.
	if err := (autostart{path: entry, exec: exe}).Set(true); err != nil {
		t.Fatal(err)
	}
	open("Today")
	open("Settings")
	if !box.Checked {
		t.Error("the box does not show the entry on disk")
	}
}

// The entry opens the profile the app was opened on, quoted by the
// desktop-entry rules, so a login starts that profile and not the default.
func TestLoginEntryOpensItsProfile(t *testing.T) {
	if !autostartSupported() {
		t.Skip("no freedesktop autostart here")
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := filepath.Join(t.TempDir(), "our notes")
	a := loginEntry(dir)
	if a == nil {
		t.Fatal("no login entry")
	}
	exe, _ := os.Executable()
	exe, _ = filepath.EvalSymlinks(exe)
	want := "\nExec=" + execQuote(exe) + ` --profile "` + strings.ReplaceAll(dir, `\`, `\\`) + `"` + "\n"
	if got := a.entry(); !strings.Contains(got, want) {
		t.Errorf("entry lacks %q:\n%s", want, got)
	}
}

// A desktop's "Startup Applications" hides an entry with Hidden=true.
func TestAutostartHiddenIsOff(t *testing.T) {
	dir := t.TempDir()
	a := autostart{path: filepath.Join(dir, "autostart", "kintsugi.desktop"), exec: "/usr/bin/kintsugi"}
	if a.Enabled() {
		t.Fatal("enabled with no file")
	}
	if err := a.Set(true); err != nil {
		t.Fatal(err)
	}
	if !a.Enabled() {
		t.Fatal("not enabled after set")
	}
	if err := os.WriteFile(a.path, []byte(a.entry()+"Hidden=true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if a.Enabled() {
		t.Error("a hidden entry counts as on")
	}
	if err := a.Set(false); err != nil {
		t.Fatal(err)
	}
	if err := a.Set(false); err != nil {
		t.Errorf("turning off twice: %v", err)
	}
}
