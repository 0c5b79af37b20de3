package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

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
// and the box shows what the disk holds when the screen loads.
func TestStartAtLoginRealProfile(t *testing.T) {
	if !autostartSupported() {
		t.Skip("no freedesktop autostart here")
	}
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	entry := filepath.Join(cfg, "autostart", "kintsugi.desktop")
	_, _, sess := realSession(t, "Alex")
	h := newHarness(t, sess)
	h.open("Settings")
	settle(h.b)
	box := find(t, h.win.Canvas(), func(c *widget.Check) bool { return c.Text == "Start Kintsugi when I log in" })
	if box.Checked {
		t.Fatal("on by default")
	}
	if _, err := os.Stat(entry); err == nil {
		t.Fatal("an entry was written before anyone asked")
	}
	test.Tap(box)
	settle(h.b)
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
	settle(h.b)
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Fatalf("unticking left the entry: %v", err)
	}

	// The file is the setting: made elsewhere, the box shows it.
	if err := (autostart{path: entry, exec: exe}).set(true); err != nil {
		t.Fatal(err)
	}
	h.open("Today")
	h.open("Settings")
	settle(h.b)
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

// A desktop's "Startup Applications" hides an entry with Hidden=true.
func TestAutostartHiddenIsOff(t *testing.T) {
	dir := t.TempDir()
	a := autostart{path: filepath.Join(dir, "autostart", "kintsugi.desktop"), exec: "/usr/bin/kintsugi"}
	if a.enabled() {
		t.Fatal("enabled with no file")
	}
	if err := a.set(true); err != nil {
		t.Fatal(err)
	}
	if !a.enabled() {
		t.Fatal("not enabled after set")
	}
	if err := os.WriteFile(a.path, []byte(a.entry()+"Hidden=true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if a.enabled() {
		t.Error("a hidden entry counts as on")
	}
	if err := a.set(false); err != nil {
		t.Fatal(err)
	}
	if err := a.set(false); err != nil {
		t.Errorf("turning off twice: %v", err)
	}
}
