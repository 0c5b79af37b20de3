package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// press sends the shortcut s as a running window does (Fyne's glfw driver,
// triggersShortcut): to the focused widget if it takes shortcuts, and
// only otherwise to the window's canvas.
func press(c fyne.Canvas, s fyne.Shortcut) {
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	c.(fyne.Shortcutable).TypedShortcut(s)
}

func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

// The screens' shortcuts work while the cursor is in a text field, on the
// real stack: a one-line field, a multi-line one and a passphrase field
// each pass Ctrl+2, Ctrl+0 and Ctrl+, on to the window, and the field left
// behind no longer takes the keyboard.
func TestShortcutsFromTextFields(t *testing.T) {
	alex, _ := realCouple(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	for _, tc := range []struct {
		from, field string
		key         fyne.KeyName
		want        string
	}{
		{"Today", "A note", fyne.Key2, "Commitments"},
		{"Commitments", "Something small you can keep", fyne.Key0, "Journal"},
		{"Journal", "Journal passphrase", fyne.KeyComma, "Settings"},
		{"Settings", "Your name", fyne.Key1, "Today"},
		{"Today", "Other words", fyne.KeyI, "Insights"},
	} {
		h.open(tc.from)
		settle(h.b)
		e := typeInto(t, c, tc.field, "x")
		if c.Focused() != e {
			t.Fatalf("%s: the field %q did not take the focus", tc.from, tc.field)
		}
		press(c, ctrl(tc.key))
		if got := h.ui.screens[h.ui.current].title; got != tc.want {
			t.Errorf("Ctrl+%s in %q on %s shows %q, want %q", tc.key, tc.field, tc.from, got, tc.want)
		}
		if c.Focused() == e {
			t.Errorf("the field %q on %s keeps the keyboard after leaving it", tc.field, tc.from)
		}
	}
}

// A text field keeps the shortcuts of editing: select all, copy, cut,
// paste, undo and redo act on its text, not on the window.
func TestTextFieldKeepsEditingShortcuts(t *testing.T) {
	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	h.open("Commitments")
	e := typeInto(t, c, "Something small you can keep", "Walk at nine")
	cb := fyne.CurrentApp().Clipboard()
	press(c, &fyne.ShortcutSelectAll{})
	press(c, &fyne.ShortcutCopy{Clipboard: cb})
	if got := cb.Content(); got != "Walk at nine" {
		t.Fatalf("Ctrl+A, Ctrl+C copied %q", got)
	}
	press(c, &fyne.ShortcutCut{Clipboard: cb})
	if e.Text != "" {
		t.Fatalf("Ctrl+X left %q", e.Text)
	}
	press(c, &fyne.ShortcutPaste{Clipboard: cb})
	press(c, &fyne.ShortcutPaste{Clipboard: cb})
	if e.Text != "Walk at nineWalk at nine" {
		t.Fatalf("Ctrl+V twice gives %q", e.Text)
	}
	press(c, &fyne.ShortcutUndo{})
	if e.Text != "Walk at nine" {
		t.Fatalf("Ctrl+Z gives %q", e.Text)
	}
	press(c, &fyne.ShortcutRedo{}) // a window reports Ctrl+Y as Redo
	if e.Text != "Walk at nineWalk at nine" {
		t.Fatalf("Ctrl+Y in a field gives %q, want the paste redone", e.Text)
	}
	if got := h.ui.screens[h.ui.current].title; got != "Commitments" || len(c.Overlays().List()) != 0 {
		t.Errorf("editing shortcuts reached the window: on %q with %d dialogs", got, len(c.Overlays().List()))
	}
	test.Type(e, "!")
	if e.Text != "Walk at nineWalk at nine!" {
		t.Errorf("typing after the shortcuts gives %q", e.Text)
	}
}

// Ctrl+Y away from a text field explains the sync status: a running
// window reports it as Redo, not as Ctrl with Y.
func TestCtrlYExplainsSync(t *testing.T) {
	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	c.Unfocus()
	press(c, &fyne.ShortcutRedo{})
	if len(c.Overlays().List()) == 0 {
		t.Fatal("Ctrl+Y showed nothing")
	}
}
