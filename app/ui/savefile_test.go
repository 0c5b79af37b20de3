package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// tapFileItem taps the item called name (a folder, or "(Parent)") in the
// file dialog shown, as a person clicks a folder to go into it.
func tapFileItem(t *testing.T, h *harness, name string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var item fyne.Tappable
		for _, root := range h.win.Canvas().Overlays().List() {
			objects(root, func(o fyne.CanvasObject) bool {
				w, ok := o.(fyne.Widget)
				tp, tappable := o.(fyne.Tappable)
				if _, button := o.(*widget.Button); !ok || !tappable || button {
					return true
				}
				for _, c := range test.WidgetRenderer(w).Objects() {
					if l, ok := c.(*widget.Label); ok && l.Text == name {
						item = tp
					}
				}
				return item == nil
			})
		}
		if item != nil {
			item.Tapped(&fyne.PointEvent{})
			settle(h.b)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no item %q in the file dialog", name)
		}
		settle(h.b)
	}
}

// closeOverlays closes the dialogs shown.
func closeOverlays(h *harness) {
	for _, o := range h.win.Canvas().Overlays().List() {
		h.win.Canvas().Overlays().Remove(o)
	}
}

// exportsIn lists the exports and recovery files in dir.
func exportsIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "kintsugi-") {
			names = append(names, e.Name())
		}
	}
	return names
}

// sharedFolderHome sets HOME to a fresh folder with Documents and Cloud in
// it, and makes Cloud the shared folder of the real profile in h the way a
// person does: in Settings, through Fyne's real folder dialog, going into
// Cloud and choosing it. Fyne then remembers Cloud as the last folder.
func sharedFolderHome(t *testing.T, sess Session) (h *harness, docs, cloud string) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	docs, cloud = filepath.Join(home, "Documents"), filepath.Join(home, "Cloud")
	for _, d := range []string{docs, cloud} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	h = newHarness(t, sess)
	h.open("Settings")
	tapWhenShown(t, h, "Choose shared folder…")
	tapFileItem(t, h, "Cloud")
	tapWhenShown(t, h, "Open")
	waitShown(t, h, "Saved. Your changes now also travel through this folder")
	if got := sess.Settings().Folder; got != cloud {
		t.Fatalf("shared folder %q, want %q", got, cloud)
	}
	closeOverlays(h)
	return h, docs, cloud
}

// An export is plaintext: after the shared folder was chosen, Settings →
// Export's real save dialog opens in Documents, not in the shared folder
// Fyne remembers; a place in the shared folder chosen anyway is asked
// about, nothing is written there meanwhile, and "Choose another place"
// opens the dialog again in Documents. On the real stack (two real
// profiles paired in-process, the real adapter).
func TestExportSaveDialogAvoidsSharedFolderRealStack(t *testing.T) {
	alex, _ := realCouple(t)
	h, docs, cloud := sharedFolderHome(t, alex)
	name := "kintsugi-" + testNow.Format("2006-01-02") + ".pdf"

	tapWhenShown(t, h, "Export…")
	tapWhenShown(t, h, "Save")
	waitShown(t, h, "Saved the shared document to "+filepath.Join(docs, name))
	if got := exportsIn(t, cloud); len(got) != 0 {
		t.Fatalf("the export went into the shared folder: %v", got)
	}
	if b := readFile(t, filepath.Join(docs, name)); !strings.HasPrefix(b, "%PDF") {
		t.Fatalf("the export in Documents is not a PDF: %.20q", b)
	}
	if err := os.Remove(filepath.Join(docs, name)); err != nil {
		t.Fatal(err)
	}
	closeOverlays(h)

	// Into the shared folder anyway: asked first, kindly; nothing there.
	tapWhenShown(t, h, "Export…")
	tapFileItem(t, h, "(Parent)")
	tapFileItem(t, h, "Cloud")
	tapWhenShown(t, h, "Save")
	waitShown(t, h, "This is your shared folder: your cloud or shared drive copies everything in it")
	waitShown(t, h, "An export is not encrypted")
	if dir := os.Getenv("KINTSUGI_SHOTS"); dir != "" { // to look at
		mustNil(t, writePNG(filepath.Join(dir, "export_shared_folder_ask.png"), h.win.Canvas().Capture()))
		mustNil(t, writePNG(filepath.Join(dir, "export_shared_folder_ask_dark.png"), captureDark(h.win.Canvas())))
	}
	if got := exportsIn(t, cloud); len(got) != 0 {
		t.Fatalf("while asking, the shared folder holds %v", got)
	}
	tapWhenShown(t, h, "Choose another place")
	tapWhenShown(t, h, "Save")
	waitShown(t, h, "Saved the shared document to "+filepath.Join(docs, name))
	if got := exportsIn(t, cloud); len(got) != 0 {
		t.Fatalf("after choosing another place, the shared folder holds %v", got)
	}
	if got := exportsIn(t, docs); len(got) != 1 {
		t.Fatalf("Documents holds %v, want the export", got)
	}
}

// The recovery file is plaintext too: its real save dialog opens in
// Documents, never in the shared folder; saving into the shared folder is
// asked about, Cancel leaves nothing there, and "Save here anyway" is the
// person's clear choice, which is done.
func TestRecoverySaveDialogAvoidsSharedFolderRealStack(t *testing.T) {
	alex, _ := realCouple(t)
	h, docs, cloud := sharedFolderHome(t, alex)

	tapWhenShown(t, h, "Save recovery file…")
	tapWhenShown(t, h, "Save")
	waitShown(t, h, "Saved to "+filepath.Join(docs, "kintsugi-recovery.txt"))
	if got := exportsIn(t, cloud); len(got) != 0 {
		t.Fatalf("the recovery file went into the shared folder: %v", got)
	}
	closeOverlays(h)

	for _, answer := range []string{"Cancel", "Save here anyway"} {
		tapWhenShown(t, h, "Save recovery file…")
		tapFileItem(t, h, "(Parent)")
		tapFileItem(t, h, "Cloud")
		tapWhenShown(t, h, "Save")
		waitShown(t, h, "The recovery file is not encrypted")
		if got := exportsIn(t, cloud); len(got) != 0 {
			t.Fatalf("while asking, the shared folder holds %v", got)
		}
		tapWhenShown(t, h, answer)
		settle(h.b)
		got := exportsIn(t, cloud)
		if answer == "Cancel" && len(got) != 0 {
			t.Fatalf("after Cancel, the shared folder holds %v", got)
		}
		if answer == "Save here anyway" {
			waitShown(t, h, "Saved to "+filepath.Join(cloud, "kintsugi-recovery.txt"))
			if len(got) != 1 {
				t.Fatalf("after Save here anyway, the shared folder holds %v", got)
			}
		}
		closeOverlays(h)
	}
}

func TestPrivateDir(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	docs := filepath.Join(home, "Documents")
	if got := privateDir(""); got != home {
		t.Errorf("no Documents: %q, want home", got)
	}
	if err := os.Mkdir(docs, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ shared, want string }{
		{"", docs},
		{filepath.Join(home, "Cloud"), docs},
		{docs, home},
		{home, home}, // nowhere private under home: home, and saving there is asked about
	} {
		if got := privateDir(c.shared); got != c.want {
			t.Errorf("privateDir(%q) = %q, want %q", c.shared, got, c.want)
		}
	}
}
