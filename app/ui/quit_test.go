package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kintsugi-app/kintsugi/app/adapt"
)

// Quitting touches no widget from another goroutine. Once the app's loop
// has ended, fyne.Do runs what it is given at once on the caller's
// goroutine, so a status change made by closing the session (Alex's node
// stops: Sam is no longer reachable) must not reach the header then. On
// the real stack: two real profiles in sync, Alex's window quits the way
// the shell does (Flow.Close after the loop), and the header keeps the
// last words it showed; the race detector sees any write from the
// follower's goroutine.
func TestQuitTouchesNoWidgetRealStack(t *testing.T) {
	alex, _ := realCouple(t)
	test.NewTempApp(t)
	fyne.CurrentApp().Settings().SetTheme(newWarmTheme())
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 760))
	b := &Bridge{manual: true}
	f := newFlow(w, adapt.DemoOpener(t.TempDir(), "Alex"), b)
	f.ShowMain(alex)
	h := &harness{t: t, win: w, b: b, ui: f.ui}
	eventually(t, "Alex's header to say in sync", func() bool { return strings.HasPrefix(f.ui.syncBtn.Text, "In sync") }, h)
	header := f.ui.syncBtn

	b.ended.Store(true) // the loop has ended: what the bridge is given now runs at once, where it is given
	// What was queued before it ended, the loop ran: a status change can
	// come between the last drain and the end.
	b.Drain()
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the node's last status changes
	if b.Drain() != 0 {
		t.Error("updates waited for a UI loop that has ended")
	}
	if got := header.Text; !strings.HasPrefix(got, "In sync") {
		t.Errorf("after quitting, the header was set to %q from another goroutine", got)
	}
	if f.Session() != nil {
		t.Error("the flow still holds the closed session")
	}
}
