package app

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// The shared folder is picked in Fyne's real folder dialog, on the real
// stack (two real profiles paired in-process, the real adapter): it is
// saved in this laptop's settings, the running sync uses it at once, and
// "Stop using it" clears it and leaves the files.
func TestSettingsSharedFolderRealStack(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	alex, sam := realCouple(t)
	h := newHarness(t, alex)
	h.open("Settings")
	wantText(t, h.win.Canvas(), "No shared folder on this laptop.")
	wantText(t, h.win.Canvas(), "Only you will see this. It stays on this laptop.")

	// The dialog opens at home; "Open" picks the folder it shows.
	tapWhenShown(t, h, "Choose shared folder…")
	tapWhenShown(t, h, "Open")
	waitShown(t, h, "Choose the same folder on Sam's laptop too")
	if got := alex.Settings().Folder; got != home {
		t.Fatalf("folder saved: %q, want %q", got, home)
	}
	wantText(t, h.win.Canvas(), "Shared folder: "+home)

	// Sam chooses it too; with the two apart (Sam's edits made while not
	// syncing would come through it), Alex's laptop writes only sealed
	// files under random names there. Here they are in sync over the
	// network, so the folder may stay empty: what is in it is checked.
	st := sam.Settings()
	st.Folder = home
	if err := sam.SetSettings(st); err != nil {
		t.Fatal(err)
	}
	if _, err := alex.Doc().AddNeed(alex.Me().ID, "a quiet hour"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "Sam to get the need", func() bool { return len(sam.Doc().Needs()) == 1 }, h)
	entries, err := os.ReadDir(home)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(home, e.Name()))
		if len(b) > 0 && string(b[:min(len(b), 21)]) != "age-encryption.org/v1" && !e.IsDir() && e.Name()[0] != '.' {
			t.Errorf("%s in the folder is not sealed", e.Name())
		}
	}

	for _, o := range h.win.Canvas().Overlays().List() {
		h.win.Canvas().Overlays().Remove(o)
	}
	tapWhenShown(t, h, "Stop using it")
	waitShown(t, h, "Saved: no shared folder")
	if got := alex.Settings().Folder; got != "" {
		t.Fatalf("folder after stopping: %q", got)
	}
	wantText(t, h.win.Canvas(), "No shared folder on this laptop.")
}

// The Connection section with a shared folder set.
func TestSettingsSharedFolderGolden(t *testing.T) {
	alex, _ := pairedSessions(t)
	st := alex.Settings()
	st.Folder = "/home/alex/Sync/us"
	if err := alex.SetSettings(st); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, alex)
	h.open("Settings")
	settle(h.b)
	c := h.win.Canvas()
	wantText(t, c, "Shared folder: /home/alex/Sync/us")
	// Scroll the page to the Connection section.
	conn := find(t, c, func(l *widget.Label) bool { return l.Text == "Connection" })
	scroll := find(t, c, func(sc *container.Scroll) bool {
		return !objects(sc, func(o fyne.CanvasObject) bool { return o != conn })
	})
	y := fyne.CurrentApp().Driver().AbsolutePositionForObject(conn).Y - fyne.CurrentApp().Driver().AbsolutePositionForObject(scroll).Y
	scroll.ScrollToOffset(fyne.NewPos(0, y))
	golden(t, c, "settings_folder.xml")
}
