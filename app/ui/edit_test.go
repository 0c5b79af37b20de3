package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// rewordTo taps Edit next to the words now, saves to in the dialog, and
// waits for the edit to show.
func rewordTo(h *harness, edit *widget.Button, now, to string) {
	t, c := h.t, h.win.Canvas()
	t.Helper()
	test.Tap(edit)
	e := find(t, c, func(e *textEntry) bool { return e.Text == now && e.MultiLine })
	e.SetText(to)
	tap(t, c, "Save")
	h.edited()
}

// editButtons returns the Edit buttons on screen.
func editButtons(c fyne.Canvas) []*widget.Button {
	var bs []*widget.Button
	objects(c.Content(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && b.Text == "Edit" {
			bs = append(bs, b)
		}
		return true
	})
	return bs
}

// undoEditRetire runs item 3 of the first week on two windows: Alex takes
// back a mis-clicked "Missed", rewords a commitment and a need, and
// retires the commitment; Sam sees the new words, marked edited, and is
// offered no way to change them. Markup goldens only when golden is set:
// real profiles have random IDs.
func undoEditRetire(t *testing.T, alex, sam Session, goldens bool) {
	a, s := newHarness(t, alex), newHarness(t, sam)
	ca, cs := a.win.Canvas(), s.win.Canvas()
	date := doc.DateOf(testNow)

	a.open("Commitments")
	typeInto(t, ca, "Something small", "Text when I'll be late")
	tap(t, ca, "Add commitment")
	a.edited()
	tap(t, ca, "Missed")
	a.edited()
	wantText(t, ca, "Missed today")
	if tr := alex.Doc().TrustAccount(""); len(tr) != 1 || tr[0].Withdrawals != 1 {
		t.Fatalf("trust account after Missed = %+v", tr)
	}
	tap(t, ca, "Undo")
	a.edited()
	if cm := alex.Doc().Commitments()[0]; len(cm.Log) != 0 {
		t.Fatalf("log after Undo = %+v", cm.Log)
	}
	if tr := alex.Doc().TrustAccount(""); len(tr) != 0 {
		t.Fatalf("trust account after Undo = %+v", tr)
	}
	tap(t, ca, "Kept today")
	a.edited()
	wantText(t, ca, "Kept today")
	rewordTo(a, editButtons(ca)[0], "Text when I'll be late", "Text when I'll be late, before six")
	cm := alex.Doc().Commitments()[0]
	if cm.Text != "Text when I'll be late, before six" || cm.Edited.IsZero() {
		t.Fatalf("commitment after Edit = %+v", cm)
	}
	if m, ok := markOn(cm, date); !ok || !m.Kept {
		t.Fatalf("the edit lost the day's mark: %+v", cm.Log)
	}
	wantText(t, ca, "Text when I'll be late, before six (edited)")
	if goldens {
		golden(t, ca, "commitments_edited.xml")
	}

	a.open("Needs")
	typeInto(t, ca, "Be specific", "I need you to ask about my day")
	tap(t, ca, "Share need")
	a.edited()
	rewordTo(a, editButtons(ca)[0], "I need you to ask about my day", "I need you to ask about my day, and listen")
	if n := alex.Doc().Needs()[0]; n.Text != "I need you to ask about my day, and listen" {
		t.Fatalf("need after Edit = %+v", n)
	}

	// Sam sees Alex's new words and has no Edit for them.
	s.open("Needs")
	eventually(t, "Alex's reworded need reaches Sam", func() bool { return hasText(cs, "and listen (edited)") }, a, s)
	if bs := editButtons(cs); len(bs) != 0 {
		t.Errorf("Sam is offered %d Edit buttons on Alex's need", len(bs))
	}
	s.open("Commitments")
	wantText(t, cs, "before six (edited)")
	if bs := editButtons(cs); len(bs) != 0 || hasText(cs, "Undo") || hasText(cs, "Retire") {
		t.Errorf("Sam is offered a change to Alex's commitment")
	}

	a.open("Commitments")
	tap(t, ca, "Retire")
	tap(t, ca, "Yes")
	a.edited()
	if cm := alex.Doc().Commitments()[0]; cm.Active || len(cm.Log) != 1 {
		t.Fatalf("retired commitment = %+v", cm)
	}
	wantText(t, ca, "None yet")
}

func TestUndoEditRetire(t *testing.T) {
	alex, sam := pairedSessions(t)
	undoEditRetire(t, alex, sam, true)
}

func TestUndoEditRetireRealStack(t *testing.T) {
	alex, sam := realCouple(t)
	undoEditRetire(t, alex, sam, false)
}

// The owner rewords a question until it is answered, and a journal entry.
func TestEditQuestionAndJournal(t *testing.T) {
	alex, sam := pairedSessions(t)
	a, s := newHarness(t, alex), newHarness(t, sam)
	ca, cs := a.win.Canvas(), s.win.Canvas()
	a.open("Questions")
	typeInto(t, ca, "Your question", "Where were you?")
	typeInto(t, ca, "Before sending", "I keep imagining the worst")
	tap(t, ca, "Ask")
	a.edited()
	rewordTo(a, editButtons(ca)[0], "Where were you?", "Where were you that night?")
	wantText(t, ca, "Where were you that night? (edited)")
	s.open("Questions")
	eventually(t, "the question reaches Sam", func() bool { return hasText(cs, "that night? (edited)") }, a, s)
	if len(editButtons(cs)) != 0 {
		t.Error("Sam is offered Edit on Alex's question")
	}
	entryWith(t, cs, "Answer honestly").SetText("At a friend's")
	tap(t, cs, "Send answer")
	eventually(t, "the answer reaches Alex", func() bool { return hasText(ca, "Answer: At a friend's") }, a, s)
	if len(editButtons(ca)) != 0 {
		t.Error("an answered question still offers Edit")
	}

	a.open("Journal")
	js := a.ui.journal
	js.pass.SetText("journal passphrase")
	js.confirm.SetText("journal passphrase")
	tap(t, ca, "Create journal")
	eventually(t, "the journal opens", func() bool { return js.j != nil }, a)
	typeInto(t, ca, "Write freely", "A hard day")
	tap(t, ca, "Save entry")
	a.edited()
	rewordTo(a, editButtons(ca)[0], "A hard day", "A hard day, then a kind evening")
	if es := js.j.Entries(); len(es) != 1 || es[0].Text != "A hard day, then a kind evening" {
		t.Fatalf("journal after Edit = %+v", es)
	}
	wantText(t, ca, "then a kind evening")
}
