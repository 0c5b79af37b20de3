package doc_test

import (
	"strings"
	"testing"

	"github.com/kintsugi-app/kintsugi/doc"
)

// Each partner edits a fork, the forks merge, and Since names the partner
// behind every change, on both sides, whatever the merge order.
func TestSinceAuthors(t *testing.T) {
	a := newCouple(t)
	b := must[*doc.Shared](t)(a.Fork())
	before := a.Heads()

	// Alex's device.
	cid := must[string](t)(a.AddCommitment(alex, "Text when late", doc.Daily))
	noErr(t, a.MarkCommitment(cid, "2025-03-01", true))
	noErr(t, a.EditCommitmentText(cid, alex, "Text when I'm late")) // names no one
	must[string](t)(a.AddCheckIn(doc.CheckIn{Author: alex, Time: t0, Safety: 5, Trust: 5, Connection: 5}))
	// Sam's device.
	iid := must[string](t)(b.AddInteraction(sam, doc.Affection, "a hug"))
	must[string](t)(b.AddNeed(sam, "a walk"))
	qid := must[string](t)(b.AskQuestion(sam, "I wonder", "what helps?"))
	noErr(t, b.TickHelpSign(b.HelpSigns()[0].Sign, sam))

	noErr(t, a.Merge(b))
	// Back on Alex's device: alex notices and answers Sam's, then Sam acknowledges.
	noErr(t, a.NoticeInteraction(iid, alex))
	noErr(t, a.AnswerQuestion(qid, alex, "walks"))
	noErr(t, b.Merge(a))
	noErr(t, b.AcknowledgeCommitment(cid, "2025-03-01", sam))
	noErr(t, a.Merge(b))

	want := map[string]string{
		"add a commitment":              alex,
		"mark a commitment kept":        alex,
		"edit a commitment":             alex, // by its device's other changes
		"add a check-in":                alex,
		"add a positive interaction":    sam,
		"add a need":                    sam,
		"ask a question":                sam,
		"tick a help sign":              sam,
		"notice a positive interaction": alex,
		"answer a question":             alex,
		"acknowledge a kept commitment": sam,
	}
	for _, s := range []*doc.Shared{a, b} {
		acts := must[[]doc.Activity](t)(s.Since(before))
		if len(acts) != len(want) {
			t.Errorf("%d activities, want %d: %+v", len(acts), len(want), acts)
		}
		for _, act := range acts {
			w, ok := want[act.Message]
			if !ok {
				t.Errorf("unexpected change %q", act.Message)
				continue
			}
			if act.Author != w {
				t.Errorf("%q by %q, want %q", act.Message, act.Author, w)
			}
		}
	}

	// Since a partner's own heads: only what came after, still attributed.
	acts := must[[]doc.Activity](t)(b.Since(b.Heads()))
	if len(acts) != 0 {
		t.Errorf("since the current heads = %+v, want none", acts)
	}
}

// From the very start (no heads) the couple's set-up names no one, and the
// first record names its author.
func TestSinceAuthorsFromStart(t *testing.T) {
	a := newCouple(t)
	must[string](t)(a.AddNeed(sam, "rest"))
	acts := must[[]doc.Activity](t)(a.Since(nil))
	if len(acts) != 2 || acts[0].Message != "set the couple" || acts[1].Author != sam {
		t.Fatalf("since = %+v", acts)
	}
	// The set-up names no one; it was made on the device that added Sam's
	// need, so it takes Sam.
	if acts[0].Author != sam {
		t.Errorf("set-up by %q, want %q", acts[0].Author, sam)
	}

	// One device recording both partners cannot lend an unnamed change an
	// author.
	must[string](t)(a.AddNeed(alex, "quiet"))
	acts = must[[]doc.Activity](t)(a.Since(nil))
	if acts[0].Author != "" || acts[1].Author != sam || acts[2].Author != alex {
		t.Errorf("since = %+v", acts)
	}
}

// TestSinceAuthorFromCommits: with SetAuthor, every commit records who made
// it, so even a change that names no partner (a reworded commitment) is
// attributed, and the message Since returns carries no trace of the tag.
func TestSinceAuthorFromCommits(t *testing.T) {
	a := newCouple(t)
	a.SetAuthor(alex)
	id := must[string](t)(a.AddCommitment(sam, "Call when I'm late", doc.Daily))
	b := must[*doc.Shared](t)(a.Fork())
	b.SetAuthor(sam)
	before := a.Heads()

	// Sam rewords a commitment on Sam's device: no partner is named by
	// this change.
	noErr(t, b.EditCommitmentText(id, sam, "Call or text when I'm late"))
	noErr(t, a.Merge(b))
	acts := must[[]doc.Activity](t)(a.Since(before))
	if len(acts) != 1 {
		t.Fatalf("Since = %+v, want one activity", acts)
	}
	if acts[0].Author != sam {
		t.Errorf("author = %q, want %q", acts[0].Author, sam)
	}
	if strings.Contains(acts[0].Message, sam) || strings.ContainsRune(acts[0].Message, 0) {
		t.Errorf("message %q carries the author tag", acts[0].Message)
	}
}
