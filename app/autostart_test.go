package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	_, sess := realSession(t, "Alex")
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
	for _, want := range []string{"[Desktop Entry]", "Type=Application", "Exec=" + execQuote(exe) + "\n"} {
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
