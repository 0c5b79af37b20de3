package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// lanFlows opens Alex's and Sam's windows, unlocked, in one memory world.
func lanFlows(t *testing.T) (fa *Flow, ca fyne.Canvas, fs *Flow, cs fyne.Canvas) {
	t.Helper()
	test.NewTempApp(t)
	world := &memWorld{}
	alexO, samO := &memOpener{world: world}, &memOpener{world: world}
	if _, err := alexO.Create("Alex", "alex passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := samO.Create("Sam", "sam passphrase"); err != nil {
		t.Fatal(err)
	}
	fa, ca = newFlowWindow(t, alexO)
	fs, cs = newFlowWindow(t, samO)
	for _, x := range []struct {
		c    fyne.Canvas
		pass string
	}{{ca, "alex passphrase"}, {cs, "sam passphrase"}} {
		typeInto(t, x.c, "Passphrase", x.pass)
		tap(t, x.c, "Unlock")
	}
	return fa, ca, fs, cs
}

func TestJoinListEmpty(t *testing.T) {
	_, _, fs, cs := lanFlows(t)
	tap(t, cs, "Join my partner")
	settle(fs.b)
	wantText(t, cs, "No invite found on this network yet")
	golden(t, cs, "join_lan_empty.xml")
}

func TestJoinByPickingLaptop(t *testing.T) {
	fa, ca, fs, cs := lanFlows(t)
	tap(t, ca, "Invite my partner")
	alexLaptop := laptopName(fa.sess.Me().ID)
	wantText(t, ca, "On the same Wi-Fi? Your partner can pick this laptop ("+alexLaptop+") and type: SECR-")

	tap(t, cs, "Join my partner")
	settle(fs.b)
	wantText(t, cs, "Or pick their laptop on this network")
	golden(t, cs, "join_lan.xml")
	tap(t, cs, alexLaptop)
	wantText(t, cs, "You picked "+alexLaptop)

	tap(t, cs, "Join")
	wantText(t, cs, "Please type the secret code first.")
	typeInto(t, cs, "Type the secret code", "nonsense")
	tap(t, cs, "Join")
	wantText(t, cs, "That secret code has a typo")
	entryWith(t, cs, "Type the secret code").SetText("SECR-9999")
	tap(t, cs, "Join")
	wantText(t, cs, "That laptop didn't accept the secret code")
	if _, ok := fs.sess.Partner(); ok {
		t.Fatal("a refused secret code paired Sam")
	}

	entryWith(t, cs, "Type the secret code").SetText("secr-0001")
	tap(t, cs, "Join")
	number := atSafetyStep(t, fa, ca, fs, cs)
	wantText(t, cs, number)
}
