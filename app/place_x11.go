//go:build linux && !wayland

package app

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>
#include <stdlib.h>

static int moveWindow(unsigned long w, int x, int y) {
	Display *d = XOpenDisplay(NULL);
	if (d == NULL) return -1;
	XMoveWindow(d, (Window)w, x, y);
	XFlush(d);
	XCloseDisplay(d);
	return 0;
}
*/
import "C"

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// placeSideBySide moves the windows next to each other, left to right.
// Fyne has no API to place a window, so on X11 this asks the X server.
func placeSideBySide(wins []fyne.Window) {
	x := 0
	for _, w := range wins {
		nw, ok := w.(driver.NativeWindow)
		if !ok {
			continue
		}
		px := x
		nw.RunNative(func(ctx any) {
			if xc, ok := ctx.(driver.X11WindowContext); ok && xc.WindowHandle != 0 {
				C.moveWindow(C.ulong(xc.WindowHandle), C.int(px), 0)
			}
		})
		x += int(w.Canvas().Size().Width*w.Canvas().Scale()) + 8
	}
}
