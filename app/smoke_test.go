package app

import (
	"context"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2/theme"

	"github.com/kintsugi-app/kintsugi/app/ui"
)

// TestSmokeDemo builds the real binary, runs "kintsugi demo" on the X
// display (the Makefile runs the tests under xvfb-run), and checks from a
// screenshot of the screen that both windows rendered. With -update it
// saves the screenshot as docs/screenshot.png for the README.
func TestSmokeDemo(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the smoke test reads an X11 screen")
	}
	var wrap []string
	if os.Getenv("DISPLAY") == "" {
		xvfb, err := exec.LookPath("xvfb-run")
		if err != nil {
			t.Skip("no DISPLAY and no xvfb-run")
		}
		wrap = []string{xvfb, "-a", "-s", "-screen 0 1920x1080x24"}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "kintsugi")
	// Build like the test binary, so the packages come from the build cache.
	buildArgs := []string{"build", "-o", bin}
	if raceBuild {
		buildArgs = append(buildArgs, "-race")
	}
	build := exec.Command("go", append(buildArgs, "../cmd/kintsugi")...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	shot := filepath.Join(dir, "screen.png")
	// The demo makes two profiles (scrypt at full strength, under the race
	// detector) and pairs them: on two cores busy with the rest of the
	// suite that alone has taken two minutes. The limit only stops a hang.
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	args := append(wrap, bin, "demo")
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Env = append(os.Environ(), captureEnv+"="+shot, "FYNE_THEME=light", "LANG=C.UTF-8", "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("kintsugi demo: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() < 1200 || b.Dy() < 400 {
		t.Fatalf("screenshot is %v: want two windows side by side", b)
	}
	if b.Dx() > ui.DemoScreenWidth {
		t.Errorf("the two windows take %d px across: they must fit a %d-px-wide screen", b.Dx(), ui.DemoScreenWidth)
	}
	// Each half must show the app: warm paper background and gold accents.
	gold := color.NRGBAModel.Convert(ui.Theme().Color(theme.ColorNamePrimary, theme.VariantLight)).(color.NRGBA)
	for i, half := range []image.Rectangle{
		image.Rect(b.Min.X, b.Min.Y, b.Min.X+b.Dx()/2, b.Max.Y),
		image.Rect(b.Min.X+b.Dx()/2, b.Min.Y, b.Max.X, b.Max.Y),
	} {
		paperN, goldN := 0, 0
		for y := half.Min.Y; y < half.Max.Y; y += 2 {
			for x := half.Min.X; x < half.Max.X; x += 2 {
				r, g, bl, _ := img.At(x, y).RGBA()
				r, g, bl = r>>8, g>>8, bl>>8
				switch {
				case near(r, 0xFB) && near(g, 0xF7) && near(bl, 0xF0):
					paperN++
				case near(r, uint32(gold.R)) && near(g, uint32(gold.G)) && near(bl, uint32(gold.B)):
					goldN++
				}
			}
		}
		if paperN < 1000 || goldN < 50 {
			t.Errorf("window %d did not render the app (paper %d, gold %d pixels sampled)", i+1, paperN, goldN)
		}
	}
	if *update {
		data, err := os.ReadFile(shot)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("../docs/screenshot.png", data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var update = flag.Bool("update", false, "rewrite docs/screenshot.png")

// raceBuild is set when the tests run with -race.
var raceBuild bool

func near(a, b uint32) bool { return a+6 >= b && a <= b+6 }
