package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// The router port part of Settings → Connection: asking the router (UPnP,
// NAT-PMP) to forward a port to this laptop, off unless turned on.

// portMapHint says plainly what the switch does.
const portMapHint = "Off unless you turn it on. When on, this laptop asks your home router to open a port to it, so your partner's laptop can reach it directly from another network. " +
	"Anyone on the internet could then knock, but only your partner's laptop is let in. Turning it on or off takes effect " + takesEffect + "."

// takesEffect says when a change to the connection settings takes effect:
// the sync node reads them when the profile opens, so in the words of what
// the person does then.
const takesEffect = "the next time you open Kintsugi and type your passphrase"

// portMapView builds the widgets of the router port part.
func (s *settingsScreen) portMapView() fyne.CanvasObject {
	s.portMap = widget.NewCheck("Let my router forward a port to this laptop (UPnP)", s.savePortMap)
	return container.NewVBox(subheading("Router"), s.portMap, hint(portMapHint))
}

// savePortMap saves the switch in this laptop's settings off the UI
// goroutine; on failure the box goes back to what is saved.
func (s *settingsScreen) savePortMap(on bool) {
	if s.loading {
		return
	}
	u := s.u
	s.portMapBusy = true
	var err error
	var now bool
	u.b.Async(func() {
		s.saveMu.Lock()
		defer s.saveMu.Unlock()
		st := u.sess.Settings()
		st.PortMap = on
		err = u.sess.SetSettings(st)
		now = u.sess.Settings().PortMap
	}, func() {
		s.portMapBusy = false
		if now != s.portMap.Checked {
			s.loading = true
			s.portMap.SetChecked(now)
			s.loading = false
		}
		if err != nil {
			dialog.ShowInformation("Router", plainError(err), u.win)
		}
	})
}
