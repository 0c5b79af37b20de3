package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	h.win.Resize(fyne.NewSize(1100, 760))
	tapWhenShown(t, h, "Choose shared folder…")
	checkFileDialogSize(t, h.win)
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

	// A file that is not Sam's is left alone, and Settings says so.
	if err := os.WriteFile(filepath.Join(home, "notes.txt"), []byte("not a bundle"), 0o600); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the watcher to look at the new file", func() bool { return alex.FolderStatus().Load().Bad == 1 }, h)
	for _, o := range h.win.Canvas().Overlays().List() {
		h.win.Canvas().Overlays().Remove(o)
	}
	h.open("Today")
	h.open("Settings")
	waitShown(t, h, "One file in it isn't a Kintsugi change; it is left as it is.")
	if _, err := os.Stat(filepath.Join(home, "notes.txt")); err != nil {
		t.Fatal(err)
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
	alex.folder.Set(FolderStatus{At: testNow.Add(-time.Hour), Bad: 2})
	h := newHarness(t, alex)
	h.open("Settings")
	settle(h.b)
	c := h.win.Canvas()
	wantText(t, c, "Shared folder: /home/alex/Sync/us")
	wantText(t, c, "Last looked in it at "+testNow.Add(-time.Hour).Local().Format("15:04")+". 2 files in it aren't Kintsugi changes; they are left as they are.")
	// Scroll the page to the Connection section.
	conn := find(t, c, func(l *widget.Label) bool { return l.Text == "Connection" })
	scroll := find(t, c, func(sc *container.Scroll) bool {
		return !objects(sc, func(o fyne.CanvasObject) bool { return o != conn })
	})
	y := fyne.CurrentApp().Driver().AbsolutePositionForObject(conn).Y - fyne.CurrentApp().Driver().AbsolutePositionForObject(scroll).Y
	scroll.ScrollToOffset(fyne.NewPos(0, y))
	golden(t, c, "settings_folder.xml")
}

func TestFolderLine(t *testing.T) {
	now := time.Date(2026, 3, 10, 18, 0, 0, 0, time.Local)
	for _, c := range []struct {
		st   FolderStatus
		want string
	}{
		{FolderStatus{}, ""},
		{FolderStatus{At: now.Add(-time.Minute)}, "Last looked in it at 17:59."},
		{FolderStatus{At: now.Add(-24 * time.Hour)}, "Last looked in it on Mar 9 at 18:00."},
		{FolderStatus{At: now, Bad: 1}, "Last looked in it at 18:00. One file in it isn't a Kintsugi change; it is left as it is."},
		{FolderStatus{At: now, Bad: 3}, "Last looked in it at 18:00. 3 files in it aren't Kintsugi changes; they are left as they are."},
		{FolderStatus{At: now, Err: errors.New("gone")}, "Kintsugi can't reach this folder right now (is the drive or the cloud folder there?). It tries again by itself."},
	} {
		if got := folderLine(c.st, now); got != c.want {
			t.Errorf("%+v: %q, want %q", c.st, got, c.want)
		}
	}
}

// checkFileDialogSize checks that the file dialog shown takes most of the
// window, so names are not broken mid-word.
func checkFileDialogSize(t *testing.T, win fyne.Window) {
	t.Helper()
	pop, ok := win.Canvas().Overlays().Top().(*widget.PopUp)
	if !ok {
		t.Fatalf("no dialog shown: %T", win.Canvas().Overlays().Top())
	}
	got, w := pop.Content.Size(), win.Canvas().Size()
	if got.Width < 0.85*w.Width || got.Height < 0.8*w.Height {
		t.Errorf("the file dialog is %v in a %v window", got, w)
	}
}

// The line under the shared folder follows each round through it while
// Settings stays open, on the real stack (two real profiles, the real
// adapter): nothing in the document changes and the screen is not opened
// again, yet it says the folder was looked in, then that a file in it is
// not a Kintsugi change, then that two are.
func TestSettingsFolderLineFollowsRoundsRealStack(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	alex, _ := realCouple(t)
	dir := t.TempDir()
	st := alex.Settings()
	st.Folder = dir
	mustNil(t, alex.SetSettings(st))
	h := newHarness(t, alex)
	h.open("Settings")
	settle(h.b)
	c := h.win.Canvas()
	wantText(t, c, "Shared folder: "+dir)
	shown := h.ui.shown
	line := func() string { // the folder's line, "" while there is none
		var txt string
		objects(c.Content(), func(o fyne.CanvasObject) bool {
			if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "Last looked in it ") {
				txt = l.Text
			}
			return txt == ""
		})
		return txt
	}
	eventually(t, "Settings to say the folder was looked in", func() bool { return strings.HasPrefix(line(), "Last looked in it ") }, h)

	mustNil(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a bundle"), 0o600))
	eventually(t, "Settings to say a file in it isn't a change", func() bool {
		return strings.HasSuffix(line(), " One file in it isn't a Kintsugi change; it is left as it is.")
	}, h)
	mustNil(t, os.WriteFile(filepath.Join(dir, "photo.jpg"), []byte("not a bundle either"), 0o600))
	eventually(t, "Settings to say two files in it aren't changes", func() bool {
		return strings.HasSuffix(line(), " 2 files in it aren't Kintsugi changes; they are left as they are.")
	}, h)
	if h.ui.shown != shown || h.ui.screens[h.ui.current].title != "Settings" {
		t.Error("Settings was opened again: the line did not follow the folder by itself")
	}
	if want := folderLine(alex.FolderStatus().Load(), h.ui.now()); line() != want {
		t.Errorf("Settings says %q, the last round %q", line(), want)
	}
}
