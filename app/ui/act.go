package ui

import "fyne.io/fyne/v2/widget"

// The one door through which a screen's action changes what is kept.
//
// An action reads what it needs from its widgets, on the UI goroutine, and
// hands the edit itself to [ui.act] (or [ui.submit], for a form that adds a
// record). The edit runs off the UI goroutine: a commit waits for the
// document's lock, which a save or a sync may hold, and a session's edit
// may write a file. The edits of one window run one at a time, in the
// order the user made them. Their errors are shown on the UI goroutine.
//
// An action never refreshes the screen by hand. The document tells the
// window that it changed, for the user's own edits as for the partner's,
// and the window reloads the screen on show once, its load off the UI
// goroutine (see [ui.reload]). The unlocked journal tells the window the
// same way. Only an edit of what neither holds (the safety sign, which
// stays on this device) asks for the reload itself, in its ok.

// pendingEdit is one action's change waiting its turn: see [ui.change].
type pendingEdit struct {
	run  func() error
	done func(error)
}

// act runs edit off the UI goroutine; then, on the UI goroutine, it runs
// ok (when not nil) if edit succeeded, or else tells what went wrong (see
// [ui.failed]).
func (u *ui) act(edit func() error, ok func()) {
	u.change(edit, func(err error) {
		if err != nil {
			u.failed(err)
			return
		}
		if ok != nil {
			ok()
		}
	})
}

// failed shows the error of an edit. A failed edit changed nothing and no
// notification comes, so the screen is reloaded: a check box or a choice
// the user moved shows again what is kept.
func (u *ui) failed(err error) {
	u.showError(err)
	u.reload()
}

// submit is act for the button of a form that adds a record. The button is
// disabled while the edit runs, and a press of it (or Enter in its form)
// while it is disabled does nothing: one press adds one record. ok, which
// usually clears the form, runs only if the edit succeeded.
func (u *ui) submit(btn *widget.Button, edit func() error, ok func()) {
	if btn.Disabled() {
		return
	}
	btn.Disable()
	u.change(edit, func(err error) {
		btn.Enable()
		if err != nil {
			u.failed(err)
			return
		}
		if ok != nil {
			ok()
		}
	})
}

// change runs edit off the UI goroutine after the window's earlier edits,
// and then done with its error on the UI goroutine. Runs on the UI
// goroutine, like done.
func (u *ui) change(run func() error, done func(error)) {
	u.edits = append(u.edits, pendingEdit{run, done})
	if len(u.edits) == 1 {
		u.nextEdit()
	}
}

// nextEdit runs the first waiting edit, and the next when it is done.
func (u *ui) nextEdit() {
	e := u.edits[0]
	var err error
	u.b.Async(func() { err = e.run() }, func() {
		u.edits = u.edits[1:]
		e.done(err)
		if len(u.edits) > 0 {
			u.nextEdit()
		}
	})
}
