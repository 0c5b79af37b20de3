// Package app is the Kintsugi desktop app, built with Fyne.
package app

import (
	"context"
	"errors"
)

// errNotBuilt is returned until the screens exist.
var errNotBuilt = errors.New("the desktop app is not built yet")

// Run opens the desktop app on the profile in dir (created on first launch).
func Run(dir string) error { return errNotBuilt }

// Demo opens two windows on two fresh, paired profiles in a temporary folder.
func Demo(ctx context.Context) error { return errNotBuilt }
