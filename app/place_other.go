//go:build !linux || wayland

package app

import "fyne.io/fyne/v2"

// placeSideBySide leaves placement to the window manager.
func placeSideBySide(wins []fyne.Window) {}
