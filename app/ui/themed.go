package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// themed wraps a canvas rectangle or text whose colour comes from the theme.
// A bare canvas object keeps the colour it was made with; as a widget it is
// refreshed when the system switches between light and dark, and re-reads
// its colour then.
type themed struct {
	widget.BaseWidget
	obj  fyne.CanvasObject // *canvas.Rectangle or *canvas.Text
	name fyne.ThemeColorName
}

// themedRect is a rounded rectangle filled with the theme colour name.
func themedRect(name fyne.ThemeColorName, radius float32) *themed {
	r := canvas.NewRectangle(theme.Color(name))
	r.CornerRadius = radius
	return newThemed(r, name)
}

// themedText is a text in the theme colour name.
func themedText(s string, name fyne.ThemeColorName, size float32, style fyne.TextStyle) *themed {
	t := canvas.NewText(s, theme.Color(name))
	t.TextSize = size
	t.TextStyle = style
	return newThemed(t, name)
}

func newThemed(o fyne.CanvasObject, name fyne.ThemeColorName) *themed {
	w := &themed{obj: o, name: name}
	w.ExtendBaseWidget(w)
	return w
}

func (w *themed) CreateRenderer() fyne.WidgetRenderer { return &themedRenderer{w: w} }

type themedRenderer struct{ w *themed }

func (r *themedRenderer) Destroy()                     {}
func (r *themedRenderer) Layout(s fyne.Size)           { r.w.obj.Resize(s) }
func (r *themedRenderer) MinSize() fyne.Size           { return r.w.obj.MinSize() }
func (r *themedRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.w.obj} }
func (r *themedRenderer) Refresh() {
	c := theme.Color(r.w.name)
	switch o := r.w.obj.(type) {
	case *canvas.Rectangle:
		o.FillColor = c
	case *canvas.Text:
		o.Color = c
	}
	r.w.obj.Refresh()
}
