package ui

import (
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// Small building blocks shared by the screens.

// blank reports whether s is empty or only spaces.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

// heading is a screen's title.
func heading(s string) fyne.CanvasObject {
	return themedText(s, theme.ColorNamePrimary, theme.TextHeadingSize(), fyne.TextStyle{Bold: true})
}

// subheading is a section title.
func subheading(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// hint is a short, gentle explanation.
func hint(s string) *widget.Label {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

// para is wrapped body text.
func para(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// page lays out a screen: a title, a hint, then the parts, scrolling.
func page(title, about string, parts ...fyne.CanvasObject) fyne.CanvasObject {
	objs := []fyne.CanvasObject{heading(title)}
	if about != "" {
		objs = append(objs, hint(about))
	}
	objs = append(objs, parts...)
	return container.NewVScroll(container.NewPadded(container.NewVBox(objs...)))
}

// section is a titled group with a subtle background.
func section(title string, parts ...fyne.CanvasObject) fyne.CanvasObject {
	return sectionL(subheading(title), parts...)
}

// sectionL is a section whose title label the caller may change.
func sectionL(title *widget.Label, parts ...fyne.CanvasObject) fyne.CanvasObject {
	bg := themedRect(theme.ColorNameHeaderBackground, 10)
	box := container.NewVBox(append([]fyne.CanvasObject{title}, parts...)...)
	return container.NewPadded(container.NewStack(bg, container.NewPadded(box)))
}

// primary is a highlighted button.
func primary(label string, tapped func()) *widget.Button {
	b := widget.NewButton(label, tapped)
	b.Importance = widget.HighImportance
	return b
}

// setObjects replaces a container's children and refreshes it.
func setObjects(c *fyne.Container, objs ...fyne.CanvasObject) {
	c.Objects = objs
	c.Refresh()
}

// empty is shown in place of an empty list.
func empty(s string) fyne.CanvasObject { return hint(s) }

func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// markOn returns a commitment's mark on date.
func markOn(c doc.Commitment, date string) (doc.Mark, bool) {
	for _, m := range c.Log {
		if m.Date == date {
			return m, true
		}
	}
	return doc.Mark{}, false
}

// dueOn reports whether an active commitment is due on day.
func dueOn(c doc.Commitment, day time.Time) bool {
	if !c.Active || dayStart(day).Before(dayStart(c.Created)) {
		return false
	}
	switch c.Cadence {
	case doc.Weekly:
		return day.Weekday() == c.Created.Weekday()
	case doc.Once:
		_, marked := markOn(c, doc.DateOf(day))
		return marked || len(c.Log) == 0
	}
	return true
}

// textEntry is the app's text field: a widget.Entry that lets the app's
// own shortcuts through. Fyne hands a shortcut to the focused widget
// instead of the window, and a plain Entry drops those it does not know,
// so Ctrl+2 did nothing while the cursor was in a field. A textEntry keeps
// every shortcut of text editing (copy, cut, paste, select all, undo,
// redo, moving by words) and passes the app's (appShortcut) on to its
// window.
type textEntry struct{ widget.Entry }

// newEntry returns a one-line text field.
func newEntry() *textEntry {
	e := &textEntry{}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// newMultiLineEntry returns a multi-line text field.
func newMultiLineEntry() *textEntry {
	e := newEntry()
	e.MultiLine = true
	return e
}

// newPasswordEntry returns a field for a passphrase, with Fyne's button
// that shows what was typed.
func newPasswordEntry() *textEntry {
	e := newEntry()
	e.Password = true
	return e
}

// TypedShortcut passes the app's shortcuts to the window and the rest to
// the field.
func (e *textEntry) TypedShortcut(s fyne.Shortcut) { passShortcut(e, &e.Entry, s) }

// passShortcut gives an app shortcut typed in field to the window of the
// object the window knows (field itself, or a widget built around it),
// and any other to field.
func passShortcut(known fyne.CanvasObject, field *widget.Entry, s fyne.Shortcut) {
	if appShortcut(s) {
		if c, ok := fyne.CurrentApp().Driver().CanvasForObject(known).(fyne.Shortcutable); ok {
			c.TypedShortcut(s)
			return
		}
	}
	field.TypedShortcut(s)
}

// wordPicks offers words to tick, in rows that wrap to the width there is:
// one row in a wide window, two or more in a narrow one.
type wordPicks struct {
	checks []*widget.Check
	view   *fyne.Container
}

func newWordPicks(words []string) *wordPicks {
	p := &wordPicks{}
	var cell fyne.Size
	objs := make([]fyne.CanvasObject, len(words))
	for i, w := range words {
		c := widget.NewCheck(w, nil)
		p.checks = append(p.checks, c)
		objs[i] = c
		cell = cell.Max(c.MinSize())
	}
	p.view = container.NewGridWrap(cell, objs...)
	return p
}

// Selected returns the ticked words, in the order offered.
func (p *wordPicks) Selected() []string {
	var out []string
	for _, c := range p.checks {
		if c.Checked {
			out = append(out, c.Text)
		}
	}
	return out
}

// SetSelected ticks exactly the given words.
func (p *wordPicks) SetSelected(words []string) {
	for _, c := range p.checks {
		c.SetChecked(slices.Contains(words, c.Text))
	}
}

// multiline returns a wrapped multi-line entry with a placeholder.
func multiline(placeholder string, rows int) *textEntry {
	e := newMultiLineEntry()
	e.SetPlaceHolder(placeholder)
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(rows)
	return e
}

func entry(placeholder string) *textEntry {
	e := newEntry()
	e.SetPlaceHolder(placeholder)
	return e
}

// rowCache keeps the rows of a list between refreshes. A row whose key is
// unchanged is reused, so a button in it keeps the keyboard focus when the
// partner's edits arrive; a key holds everything the row shows.
type rowCache struct{ rows, next map[string]fyne.CanvasObject }

// get returns the row for key, building it only if it is new.
func (c *rowCache) get(key string, build func() fyne.CanvasObject) fyne.CanvasObject {
	if c.next == nil {
		c.next = map[string]fyne.CanvasObject{}
	}
	r, ok := c.rows[key]
	if !ok {
		r = build()
	}
	c.next[key] = r
	return r
}

// done forgets the rows not asked for since the last done.
func (c *rowCache) done() { c.rows, c.next = c.next, nil }

// keptCheck returns the check box for key, made on first use and kept in
// checks across refreshes, so a partner's change arriving never takes the
// keyboard focus from it. It shows checked. A tap calls tapped with the new
// state; setting the box here calls nothing.
func keptCheck[K comparable](checks map[K]*widget.Check, key K, text string, checked bool, tapped func(on bool)) *widget.Check {
	c, ok := checks[key]
	if !ok {
		c = widget.NewCheck(text, nil)
		checks[key] = c
	}
	c.OnChanged = nil
	c.SetChecked(checked)
	c.OnChanged = tapped
	return c
}

// editWords asks for new words in a dialog that starts with the current
// ones; Save hands them to save, which [ui.act] runs off the UI goroutine.
// Only the user's own records offer it: a partner's words are theirs.
func editWords(u *ui, title, current string, save func(text string) error) {
	e := newMultiLineEntry()
	e.Wrapping = fyne.TextWrapWord
	e.SetText(current)
	e.SetMinRowsVisible(3)
	d := dialog.NewCustomConfirm(title, "Save", "Cancel", container.NewGridWrap(fyne.NewSize(440, 120), e), func(ok bool) {
		if !ok {
			return
		}
		text := e.Text
		u.act(func() error { return save(text) }, nil)
	}, u.win)
	d.Show()
	u.win.Canvas().Focus(e)
}

// edited marks words changed after they were first shared, so the partner
// knows: "(edited)".
func edited(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return " (edited)"
}

// low is a quiet button for a secondary action.
func low(label string, icon fyne.Resource, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon(label, icon, tapped)
	b.Importance = widget.LowImportance
	return b
}

// savedRow puts a short confirmation beside the button that caused it.
// The message takes the width the button leaves and wraps within it; the
// button keeps its own height however many lines the message needs. (In
// a box, a wrapped label is given the width of one character and the box
// stretches the button to the height of its column of letters.)
func savedRow(b fyne.CanvasObject, msg *widget.Label) fyne.CanvasObject {
	return container.NewBorder(nil, nil, container.NewVBox(b), nil, msg)
}

// slider returns a slider whose empty track stands out from the page and
// the section it sits on, in both variants: Fyne draws it in the fields'
// background colour, which is the section's own colour in the dark variant.
func slider(min, max float64) (*widget.Slider, fyne.CanvasObject) {
	s := widget.NewSlider(min, max)
	return s, container.NewThemeOverride(s, trackTheme{})
}

// onlyYou is the audience line of what stays on this device.
const onlyYou = "Only you will see this. It stays on this laptop."

// audience is the line on a form that says who will see what is written
// there.
func audience(who string) *widget.Label {
	l := widget.NewLabelWithStyle(who, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.LowImportance
	return l
}

// audienceTag is a short audience line beside a widget, on one line.
func audienceTag(who string) *widget.Label {
	l := widget.NewLabelWithStyle(who, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	l.Importance = widget.LowImportance
	return l
}

// seenBy is the audience line of what the partner will see: "Sam will see
// this." for what "this".
func (u *ui) seenBy(what string) string {
	name := u.partner().Name
	if _, ok := u.sess.Partner(); !ok {
		name = "Your partner"
	}
	return name + " will see " + what + "."
}

// wrapWidth lays out wrapped text at a fixed width and the height it needs
// there, so a dialog around it is as tall as its words and no taller.
type wrapWidth float32

func (w wrapWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		if o.Size().Width != float32(w) {
			o.Resize(fyne.NewSize(float32(w), o.MinSize().Height))
		}
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(w), h)
}

func (w wrapWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}
