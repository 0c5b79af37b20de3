package ui

import (
	_ "embed"
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
)

//go:embed assets/icon.png
var iconPNG []byte

// iconResource is the app icon: a bowl mended with gold.
func iconResource() fyne.Resource { return fyne.NewStaticResource("icon.png", iconPNG) }

// drawIcon draws the app icon at size×size: a dark bowl on warm paper, its
// cracks mended with gold. assets/icon.png is this image (see icon_test.go).
func drawIcon(size int) image.Image {
	const ss = 3 // supersampling per axis
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	bgC := [3]float64{0xF6, 0xEE, 0xE0}
	bowlC := [3]float64{0x2F, 0x3B, 0x4A}
	rimC := [3]float64{0x45, 0x55, 0x68}
	goldC := [3]float64{0xD4, 0xA3, 0x37}
	// Crack polylines in unit coordinates.
	cracks := [][][2]float64{
		{{0.36, 0.50}, {0.43, 0.60}, {0.40, 0.68}, {0.47, 0.78}},
		{{0.62, 0.50}, {0.57, 0.58}, {0.63, 0.66}, {0.58, 0.74}},
		{{0.43, 0.60}, {0.52, 0.63}, {0.57, 0.58}},
	}
	segDist := func(px, py float64, a, b [2]float64) float64 {
		dx, dy := b[0]-a[0], b[1]-a[1]
		t := ((px-a[0])*dx + (py-a[1])*dy) / (dx*dx + dy*dy)
		t = math.Max(0, math.Min(1, t))
		x, y := a[0]+t*dx-px, a[1]+t*dy-py
		return math.Hypot(x, y)
	}
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var acc [4]float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					u := (float64(x) + (float64(sx)+0.5)/ss) / float64(size)
					v := (float64(y) + (float64(sy)+0.5)/ss) / float64(size)
					// Rounded square background.
					r := 0.18
					cx, cy := math.Max(r, math.Min(1-r, u)), math.Max(r, math.Min(1-r, v))
					if math.Hypot(u-cx, v-cy) > r-0.02 && (u < r || u > 1-r) && (v < r || v > 1-r) {
						continue
					}
					c := bgC
					// Bowl: lower half of an ellipse, with a rim band on top.
					ex, ey := (u-0.5)/0.36, (v-0.48)/0.34
					inBowl := v >= 0.48 && ex*ex+ey*ey <= 1
					inRim := math.Abs(v-0.48) < 0.035 && math.Abs(u-0.5) < 0.38
					if inBowl {
						c = bowlC
						for _, cr := range cracks {
							for i := 0; i+1 < len(cr); i++ {
								if segDist(u, v, cr[i], cr[i+1]) < 0.014 {
									c = goldC
								}
							}
						}
					}
					if inRim {
						c = rimC
					}
					// A little gold foot.
					if v > 0.82 && v < 0.86 && math.Abs(u-0.5) < 0.12 {
						c = goldC
					}
					acc[0] += c[0]
					acc[1] += c[1]
					acc[2] += c[2]
					acc[3] += 255
				}
			}
			n := float64(ss * ss)
			if acc[3] == 0 {
				continue
			}
			a := acc[3] / n
			img.SetNRGBA(x, y, color.NRGBA{R: uint8(acc[0] / (acc[3] / 255)), G: uint8(acc[1] / (acc[3] / 255)), B: uint8(acc[2] / (acc[3] / 255)), A: uint8(a)})
		}
	}
	return img
}
