package app

import (
	"context"
	"time"

	"github.com/godbus/dbus/v5"
)

// statusNotifierWatcher is the D-Bus name of what shows tray icons on
// Linux desktops: KDE, GNOME with the AppIndicator extension, XFCE's
// status tray plugin and others. Fyne's tray icon registers with it.
const statusNotifierWatcher = "org.kde.StatusNotifierWatcher"

// trayShown reports whether the session bus has a StatusNotifier watcher
// now, and the watcher says a host (a panel that draws the icons) is
// registered with it. Without one, Fyne's tray icon is never shown (plain
// GNOME, for one), and a window hidden to the tray could not be found
// again; a watcher with no host is what a KDE app started on GNOME
// leaves behind (kded runs one).
func trayShown() bool {
	// It runs when the window is closed, on the UI goroutine: a bus that
	// does not answer within a second counts as no tray.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	conn, err := dbus.ConnectSessionBus(dbus.WithContext(ctx))
	if err != nil {
		return false
	}
	defer conn.Close()
	var has bool
	err = conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, statusNotifierWatcher).Store(&has)
	if err != nil || !has {
		return false
	}
	var host dbus.Variant
	err = conn.Object(statusNotifierWatcher, "/StatusNotifierWatcher").CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0,
		statusNotifierWatcher, "IsStatusNotifierHostRegistered").Store(&host)
	registered, ok := host.Value().(bool)
	return err == nil && ok && registered
}
