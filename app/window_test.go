package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/kintsugi-app/kintsugi/app/adapt"
	"github.com/kintsugi-app/kintsugi/app/ui"
)

// The app's window opens at a size of which two fit side by side on a
// laptop screen, and its first screen, on a real profile folder, fits it.
func TestMainWindowFitsHalfAScreen(t *testing.T) {
	a := test.NewTempApp(t)
	w := mainWindow(a)
	defer w.Close()
	sz := w.Canvas().Size()
	if across := 2*sz.Width + ui.DemoWindowGap; across > ui.DemoScreenWidth {
		t.Errorf("the window opens %v wide: two take %v px across, more than a %v-px screen", sz.Width, across, ui.DemoScreenWidth)
	}
	if sz.Height > 800 {
		t.Errorf("the window opens %v tall, more than a laptop screen has", sz.Height)
	}
	o, err := adapt.OpenerFor(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b := ui.NewBridge()
	defer b.Stop()
	ui.NewFlow(w, o, b).Start()
	if min := w.Content().MinSize(); min.Width > sz.Width || min.Height > sz.Height {
		t.Errorf("the first screen needs %v, the window is %v", min, sz)
	}
}
