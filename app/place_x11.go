//go:build linux && !wayland

package app

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdlib.h>

// grabRoot copies the whole screen into a malloc'd 0xRRGGBB buffer.
static unsigned int *grabRoot(int *w, int *h) {
	Display *d = XOpenDisplay(NULL);
	if (d == NULL) return NULL;
	Window root = DefaultRootWindow(d);
	XWindowAttributes a;
	XGetWindowAttributes(d, root, &a);
	XImage *img = XGetImage(d, root, 0, 0, a.width, a.height, AllPlanes, ZPixmap);
	if (img == NULL) { XCloseDisplay(d); return NULL; }
	unsigned int *out = malloc(sizeof(unsigned int) * a.width * a.height);
	for (int y = 0; y < a.height; y++)
		for (int x = 0; x < a.width; x++)
			out[y * a.width + x] = (unsigned int)XGetPixel(img, x, y);
	*w = a.width; *h = a.height;
	XDestroyImage(img);
	XCloseDisplay(d);
	return out;
}

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
	"errors"
	"image"
	"image/color"
	"unsafe"

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

// captureScreen returns what the X server shows on the whole screen.
func captureScreen() (image.Image, error) {
	var w, h C.int
	buf := C.grabRoot(&w, &h)
	if buf == nil {
		return nil, errors.New("failed to read the X screen")
	}
	defer C.free(unsafe.Pointer(buf))
	px := unsafe.Slice((*uint32)(unsafe.Pointer(buf)), int(w)*int(h))
	img := image.NewNRGBA(image.Rect(0, 0, int(w), int(h)))
	for i, p := range px {
		img.SetNRGBA(i%int(w), i/int(w), color.NRGBA{R: uint8(p >> 16), G: uint8(p >> 8), B: uint8(p), A: 0xFF})
	}
	return img, nil
}
