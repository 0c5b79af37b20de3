package ui

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// The shared folder part of Settings → Connection: a folder both laptops
// see, through which sealed changes travel when the two are apart.

// folderHint explains the shared folder plainly.
const folderHint = "Apart, on different networks? Choose a folder both laptops see: a cloud drive folder, a Syncthing or Nextcloud folder, or a USB stick. " +
	"Your changes travel through it sealed: only the two of you can open them, and the file names say nothing about you. Choose it on both laptops."

// folderView builds the widgets of the shared folder part.
func (s *settingsScreen) folderView() fyne.CanvasObject {
	s.folder = widget.NewLabel("")
	s.folder.Wrapping = fyne.TextWrapBreak // a long path wraps rather than widen the page
	s.folderOff = widget.NewButton("Stop using it", func() { s.saveFolder("") })
	s.folderState = hint("")
	s.showFolder("", FolderStatus{})
	// The line under the folder follows each round through it, as the
	// header follows the sync status, so it is not stale while Settings
	// stays open.
	followLatest(s.u.b, s.u.sess.FolderStatus(), s.u.stop, s.setFolderStatus)
	return container.NewVBox(subheading("Shared folder"), audience(onlyYou), hint(folderHint), s.folder, s.folderState,
		container.NewHBox(widget.NewButton("Choose shared folder…", s.pickFolder), s.folderOff))
}

// showFolder shows dir (empty: none) and how its last round went, on the
// UI goroutine.
func (s *settingsScreen) showFolder(dir string, st FolderStatus) {
	s.folderDir = dir
	if dir == "" {
		s.folder.SetText("No shared folder on this laptop.")
		s.folderState.SetText("")
		s.folderState.Hide()
		s.folderOff.Hide()
		return
	}
	s.folder.SetText("Shared folder: " + dir)
	s.folderOff.Show()
	line := folderLine(st, s.u.now())
	s.folderState.SetText(line)
	s.folderState.Hidden = line == ""
	s.folderState.Refresh()
}

// setFolderStatus shows how the last round through the shared folder
// went, on the UI goroutine, as it is followed; the folder shown stays.
func (s *settingsScreen) setFolderStatus(st FolderStatus) {
	s.folderSt = st
	if s.folderDir != "" {
		s.showFolder(s.folderDir, st)
	}
}

// folderLine says plainly how the last round through the folder went. A
// file it skips is only "not a Kintsugi change": a cloud's own file, a
// copy still uploading, anything; the words imply no one.
func folderLine(st FolderStatus, now time.Time) string {
	if st.At.IsZero() {
		return ""
	}
	if st.Err != nil {
		return folderError(st.Err)
	}
	line := "Last looked in it at " + st.At.Local().Format("15:04")
	if st.At.Local().YearDay() != now.Local().YearDay() || st.At.Year() != now.Year() {
		line = "Last looked in it on " + st.At.Local().Format("Jan 2 at 15:04")
	}
	line += "."
	switch {
	case st.Bad == 1:
		line += " One file in it isn't a Kintsugi change; it is left as it is."
	case st.Bad > 1:
		line += " " + strconv.Itoa(st.Bad) + " files in it aren't Kintsugi changes; they are left as they are."
	}
	return line
}

// pickFolder opens Fyne's folder dialog at the folder set, else at home.
func (s *settingsScreen) pickFolder() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil || l == nil {
			return
		}
		s.saveFolder(l.Path())
	}, s.u.win)
	start := s.folderDir
	if start == "" {
		start = homeDir()
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
		d.SetLocation(l)
	}
	showFileDialog(d, s.u.win)
}

// saveFolder saves dir (empty: none) as this laptop's shared folder, off
// the UI goroutine; a running sync starts using it at once.
func (s *settingsScreen) saveFolder(dir string) {
	u := s.u
	var err error
	var last FolderStatus
	u.b.Async(func() {
		s.saveMu.Lock()
		defer s.saveMu.Unlock()
		st := u.sess.Settings()
		st.Folder = dir
		err = u.sess.SetSettings(st)
		last = u.sess.FolderStatus().Load() // none yet for a new folder, or its first round
	}, func() {
		if err != nil {
			dialog.ShowInformation("Shared folder", plainError(err), u.win)
			return
		}
		s.folderSt = last
		s.showFolder(dir, last)
		if dir == "" {
			dialog.ShowInformation("Shared folder", "Saved: no shared folder. The files already in it stay there; you may delete them.", u.win)
			return
		}
		name := s.partnerName
		dialog.ShowInformation("Shared folder", "Saved. Your changes now also travel through this folder, sealed for the two of you. Choose the same folder on "+name+"'s laptop too.", u.win)
	})
}
