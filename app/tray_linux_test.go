package app

import (
	"bufio"
	"os/exec"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"
)

// TestTrayShown asks a private session bus whether a StatusNotifier
// watcher is there: not at first, yes once one owns the name.
func TestTrayShown(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	if trayShown() {
		t.Error("a tray without a session bus")
	}
	daemon, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Fatal("dbus-daemon is missing: install the dbus package (make deps does)")
	}
	cmd := exec.Command(daemon, "--session", "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v", err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", strings.TrimSpace(addr))
	if trayShown() {
		t.Error("a tray on a session bus with no StatusNotifier watcher")
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if r, err := conn.RequestName(statusNotifierWatcher, dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("owning %s: %v, %v", statusNotifierWatcher, r, err)
	}
	if trayShown() {
		t.Error("a tray from a watcher that answers nothing about a host")
	}
	props, err := prop.Export(conn, "/StatusNotifierWatcher", prop.Map{statusNotifierWatcher: {
		"IsStatusNotifierHostRegistered": {Value: false, Writable: true, Emit: prop.EmitFalse},
	}})
	if err != nil {
		t.Fatal(err)
	}
	// A watcher with no host (kded, started by a KDE app on plain GNOME):
	// nothing draws the icon.
	if trayShown() {
		t.Error("a tray while the StatusNotifier watcher has no host")
	}
	props.SetMust(statusNotifierWatcher, "IsStatusNotifierHostRegistered", true)
	if !trayShown() {
		t.Error("no tray while a StatusNotifier watcher with a host is on the bus")
	}
}
