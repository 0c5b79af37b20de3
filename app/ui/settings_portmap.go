package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// The router port part of Settings → Connection: asking the router (UPnP,
// NAT-PMP) to forward a port to this laptop, off unless turned on.

// portMapOffHint and portMapOnHint say plainly what the switch does, in
// the words of the state it is in (see [portMapHint]). Router settings
// call it UPnP, for the person who goes looking there.
const (
	portMapOffHint = "Off unless you turn it on. When on, this laptop asks your home router to open a port to it, so your partner's laptop can reach it directly from another network. " +
		"Anyone on the internet could then knock, but only your partner's laptop is let in. " + portMapAfter
	portMapOnHint = "On: this laptop asks your home router to open a port to it, so your partner's laptop can reach it directly from another network. " +
		"Anyone on the internet can knock, but only your partner's laptop is let in. " + portMapAfter
	portMapAfter = "A change takes effect " + takesEffect + ". Routers may call this UPnP."
)

// portMapHint is the switch's explanation while it is on or off.
func portMapHint(on bool) string {
	if on {
		return portMapOnHint
	}
	return portMapOffHint
}

// takesEffect says when a change to the connection settings takes effect:
// the sync node reads them when the profile opens, so in the words of what
// the person does then.
const takesEffect = "the next time you open Kintsugi and type your passphrase"

// portMapView builds the widgets of the router port part.
func (s *settingsScreen) portMapView() fyne.CanvasObject {
	s.portMapText = hint(portMapHint(false))
	s.portMap = widget.NewCheck(portMapLabel, s.savePortMap)
	return container.NewVBox(subheading("Router"), s.portMap, s.portMapText)
}

// portMapLabel is the router switch.
const portMapLabel = "Let my router forward a port to this laptop"

// savePortMap saves the switch in this laptop's settings off the UI
// goroutine; on failure the box goes back to what is saved.
// It is the box's OnChanged, so it runs whenever the box changes, loaded
// or ticked: the words under it follow it here.
func (s *settingsScreen) savePortMap(on bool) {
	s.portMapText.SetText(portMapHint(on))
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
