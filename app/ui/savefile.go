package ui

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/internal/within"
)

// Saving a file that is not encrypted (an export, the recovery file).
// Fyne's save dialog opens where the last file dialog was, which after
// choosing the shared folder is the shared folder: a cloud drive the
// partner's laptop sees too. So such a dialog opens in a private place,
// and a place inside the shared folder is written to only when the person
// says so, after being told plainly what it means.

// plainFile says what is about to be saved, for the words of the dialogs.
type plainFile struct {
	name string // the file name offered
	risk string // one plain sentence: it is not encrypted, and who could read it there
}

// savePlain asks where to save f, opening in a private place, and calls
// then with the path chosen. A path inside the shared folder is asked
// about first: the empty file Fyne's dialog made there is removed at once,
// and written only after "Save here anyway"; "Choose another place" opens
// the dialog again in the private place.
func savePlain(win fyne.Window, sess Session, b *Bridge, f plainFile, then func(path string)) {
	var start string
	b.Async(func() { start = privateDir(sess.Settings().Folder) }, func() {
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				return
			}
			path := w.URI().Path()
			_ = w.Close()
			var inside bool
			b.Async(func() {
				if inside = within.Folder(sess.Settings().Folder, path); inside {
					removeIfEmpty(path) // the dialog made it; nothing goes there unasked
				}
			}, func() {
				if !inside {
					then(path)
					return
				}
				confirmShared(win, f, func(c sharedChoice) {
					switch c {
					case saveHere:
						then(path)
					case saveElsewhere:
						savePlain(win, sess, b, f, then)
					}
				})
			})
		}, win)
		d.SetFileName(f.name)
		if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
			d.SetLocation(l)
		}
		showFileDialog(d, win)
	})
}

// showFileDialog shows a file or folder dialog at most of the window's
// size: Fyne's own is small and breaks names mid-word.
func showFileDialog(d interface {
	Resize(fyne.Size)
	Show()
}, win fyne.Window) {
	sz := win.Canvas().Size()
	d.Resize(fyne.NewSize(max(sz.Width-2*fileDialogMargin, 0), max(sz.Height-2*fileDialogMargin, 0)))
	d.Show()
}

// fileDialogMargin is the window left showing around a file dialog.
const fileDialogMargin = 40

// sharedFolderWords say kindly why saving f in the shared folder is
// asked about.
func sharedFolderWords(f plainFile) string {
	return "This is your shared folder: your cloud or shared drive copies everything in it, and your partner's laptop sees it too. " +
		f.risk + "\n\nWould you like to save it somewhere private instead, like your Documents folder?"
}

// sharedChoice is the answer to saving in the shared folder.
type sharedChoice int

const (
	saveCancel    sharedChoice = iota // nothing is saved
	saveElsewhere                     // the save dialog opens again, in a private place
	saveHere                          // saved in the shared folder after all
)

// confirmShared asks whether to save f in the shared folder after all.
// Only "Save here anyway" saves there.
func confirmShared(win fyne.Window, f plainFile, answer func(sharedChoice)) {
	words := widget.NewLabel(sharedFolderWords(f))
	words.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	choose := func(c sharedChoice) func() { return func() { d.Hide(); answer(c) } }
	d = dialog.NewCustomWithoutButtons("This folder is shared", words, win)
	d.SetButtons([]fyne.CanvasObject{
		widget.NewButton("Cancel", choose(saveCancel)),
		widget.NewButton("Save here anyway", choose(saveHere)),
		primary("Choose another place", choose(saveElsewhere)),
	})
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// privateDir is where a dialog saving a file that is not encrypted opens:
// the Documents folder if there is one, else home, but never inside the
// shared folder (if both are, home, and saving there is asked about).
func privateDir(shared string) string {
	home := homeDir()
	docs := filepath.Join(home, "Documents")
	for _, d := range []string{docs, home} {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() && !within.Folder(shared, d) {
			return d
		}
	}
	return home
}
