package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/kintsugi-app/kintsugi/crypto"
)

// Autostart is this device's "Start Kintsugi when I log in": a freedesktop
// autostart entry (XDG Autostart Specification) in
// $XDG_CONFIG_HOME/autostart/kintsugi.desktop. The file is the setting: on
// when it exists, off when it does not, so turning it off in the desktop's own
// "Startup Applications" shows here too. Nothing about it syncs.
type autostart struct {
	path    string // the entry's file
	exec    string // the binary it starts
	profile string // the profile folder it opens; "" for the default
}

// autostartSupported reports whether this platform reads freedesktop
// autostart entries (Linux and the BSDs; macOS uses login items instead).
func autostartSupported() bool {
	return runtime.GOOS != "darwin" && runtime.GOOS != "windows"
}

// loginEntry returns the login entry for the profile in dir, or nil where
// there can be none (another platform, no home folder).
func loginEntry(dir string) *autostart {
	if !autostartSupported() {
		return nil
	}
	a, err := newAutostart(dir)
	if err != nil {
		return nil
	}
	return &a
}

// newAutostart finds the entry's place and the running binary, which the
// entry starts on the profile in dir ("" for the default profile).
func newAutostart(dir string) (autostart, error) {
	cfg := os.Getenv("XDG_CONFIG_HOME")
	if !filepath.IsAbs(cfg) { // the spec says to ignore a relative one
		home, err := os.UserHomeDir()
		if err != nil {
			return autostart{}, fmt.Errorf("failed to find the home folder: %w", err)
		}
		cfg = filepath.Join(home, ".config")
	}
	exe, err := os.Executable()
	if err != nil {
		return autostart{}, fmt.Errorf("failed to find the Kintsugi binary: %w", err)
	}
	if p, err := filepath.EvalSymlinks(exe); err == nil {
		exe = p
	}
	if dir != "" {
		if dir, err = filepath.Abs(dir); err != nil {
			return autostart{}, fmt.Errorf("failed to find the profile folder: %w", err)
		}
	}
	return autostart{path: filepath.Join(cfg, "autostart", "kintsugi.desktop"), exec: exe, profile: dir}, nil
}

// Enabled reports whether the entry exists and is not hidden.
func (a autostart) Enabled() bool {
	b, err := os.ReadFile(a.path)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "Hidden=true" {
			return false
		}
	}
	return true
}

// Set writes the entry atomically, or removes it. It touches the disk: call
// it off the UI goroutine.
func (a autostart) Set(on bool) error {
	if !on {
		if err := os.Remove(a.path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("failed to remove the login entry: %w", err)
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(a.path), 0o700); err != nil {
		return fmt.Errorf("failed to create the autostart folder: %w", err)
	}
	if err := crypto.WriteFileAtomic(a.path, []byte(a.entry()), 0o644); err != nil {
		return fmt.Errorf("failed to write the login entry: %w", err)
	}
	return nil
}

// entry is the desktop entry's text.
func (a autostart) entry() string {
	return "[Desktop Entry]\n" +
		"Type=Application\n" +
		"Name=Kintsugi\n" +
		"Comment=Reminders for the two of you, kept on this laptop\n" +
		"Exec=" + a.command() + "\n" +
		"Icon=kintsugi\n" +
		"Terminal=false\n" +
		"X-GNOME-Autostart-enabled=true\n"
}

// command is the entry's Exec value: this binary, on this profile.
func (a autostart) command() string {
	if a.profile == "" {
		return execQuote(a.exec)
	}
	return execQuote(a.exec) + " --profile " + execQuote(a.profile)
}

// execQuote quotes a path for a desktop entry's Exec key, which has its own
// rules: double quotes around anything with a reserved character, a
// backslash before `"`, "`", "$" and "\" inside them, and "%" doubled.
func execQuote(path string) string {
	path = strings.ReplaceAll(path, "%", "%%")
	if !strings.ContainsAny(path, " \t\n\"'\\><~|&;$*?#()`") {
		return path
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range path {
		if strings.ContainsRune("\"`$\\", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	// The Exec value is itself a string value, whose own escapes come first.
	return strings.ReplaceAll(b.String(), `\`, `\\`)
}
