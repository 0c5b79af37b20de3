package ui

import (
	"testing"

	"github.com/kintsugi-app/kintsugi/doc"
)

// apologyRoles: Alex writes an apology with a flagged phrase; "Share
// apology" first previews it and says so gently; "Keep editing" shares
// nothing. Sam sees it as received, with no builder text about Sam's own
// hurt above it, and answers; Alex sees the answer.
func apologyRoles(t *testing.T, alex, sam Session, goldens bool) {
	a, s := newHarness(t, alex), newHarness(t, sam)
	ca, cs := a.win.Canvas(), s.win.Canvas()
	a.open("Apology")
	s.open("Apology")
	wantText(t, ca, "Write an apology to Sam")
	typeInto(t, ca, "What happened", "I lied about where I was")
	typeInto(t, ca, "How it hurt Sam", "You could not trust what I said")
	typeInto(t, ca, "What you feel", "I'm sorry you felt that way")
	typeInto(t, ca, "What you will do", "I will tell you where I am")
	tap(t, ca, "Share apology")
	wantText(t, ca, "This is how Sam will see it")
	wantText(t, ca, "Before you share, a gentle note")
	wantText(t, ca, "I'm sorry you felt")
	if goldens {
		golden(t, ca, "apology_preview.xml")
	}
	tap(t, ca, "Keep editing")
	if n := len(alex.Doc().Apologies()); n != 0 {
		t.Fatalf("Keep editing shared %d apologies", n)
	}
	entryWith(t, ca, "What you feel").SetText("I am truly sorry, and I understand why you are hurt")
	tap(t, ca, "Share apology")
	if hasText(ca, "Before you share, a gentle note") {
		t.Error("the preview flags a phrase that is no longer there")
	}
	tap(t, ca, "Share with Sam")
	a.edited()
	as := alex.Doc().Apologies()
	if len(as) != 1 || as[0].Remorse != "I am truly sorry, and I understand why you are hurt" {
		t.Fatalf("apologies = %+v", as)
	}
	wantText(t, ca, "You shared this")
	wantText(t, ca, "Sam hasn't answered yet")

	eventually(t, "the apology reaches Sam", func() bool { return hasText(cs, "From Alex to you") }, a, s)
	wantText(t, cs, "I lied about where I was")
	if hasText(cs, "You shared this") {
		t.Error("Sam sees Alex's apology as one Sam wrote")
	}
	entryWith(t, cs, "A few words back").SetText("I need a few days")
	tap(t, cs, "I'm not ready yet")
	s.edited()
	if ap := sam.Doc().Apologies()[0]; ap.Response != doc.ApologyNotReady || ap.ResponseNote != "I need a few days" {
		t.Fatalf("Sam's answer = %+v", ap)
	}
	wantText(t, cs, "You answered: I'm not ready yet — “I need a few days”")
	if goldens {
		golden(t, cs, "apology_received.xml")
	}
	eventually(t, "the answer reaches Alex", func() bool { return hasText(ca, "Sam answered: I'm not ready yet — “I need a few days”") }, a, s)
	tap(t, cs, "Thank you")
	eventually(t, "the new answer reaches Alex", func() bool { return hasText(ca, "Sam answered: Thank you") }, a, s)
	if goldens {
		golden(t, ca, "apology_answered.xml")
	}
}

func TestApologyRoles(t *testing.T) {
	alex, sam := pairedSessions(t)
	apologyRoles(t, alex, sam, true)
}

func TestApologyRolesRealStack(t *testing.T) {
	alex, sam := realCouple(t)
	apologyRoles(t, alex, sam, false)
}
