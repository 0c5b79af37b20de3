//go:build !linux || wayland

package app

import (
	"errors"
	"image"

	"fyne.io/fyne/v2"
)

// placeSideBySide leaves placement to the window manager.
func placeSideBySide(wins []fyne.Window) {}

// captureScreen is only available on X11.
func captureScreen() (image.Image, error) { return nil, errors.New("screen capture needs X11") }
