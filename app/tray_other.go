//go:build !linux

package app

// trayShown reports whether a tray shows the app's icon: macOS's menu bar
// and Windows' notification area always do.
func trayShown() bool { return true }
