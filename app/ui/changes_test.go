package ui

import (
	"testing"

	"github.com/kintsugi-app/kintsugi/doc"
)

// The partner's "since you last looked" tells where a pause stands now,
// never how many requests there were; and counts what is worth counting.
func TestChangesSentence(t *testing.T) {
	acts := func(msgs ...string) []doc.Activity {
		var out []doc.Activity
		for _, m := range msgs {
			out = append(out, doc.Activity{Message: m})
		}
		return out
	}
	for _, tc := range []struct {
		name string
		msgs []string
		want string
	}{
		{"asked three times, then withdrew", []string{"ask for a pause", "end the pause", "ask for a pause", "withdraw a request for a pause", "ask for a pause", "withdraw a request for a pause"},
			"Since you last looked, Sam withdrew a request for a pause."},
		{"agreed, with a check-in between", []string{"agree to the pause", "add a check-in", "end the pause"},
			"Since you last looked, Sam ended the pause and checked in."},
		{"said not now", []string{"not now to the pause"}, "Since you last looked, Sam would rather not pause now."},
		{"check-ins are counted", []string{"add a check-in", "add a check-in"}, "Since you last looked, Sam checked in 2 times."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := changesSentence("Sam", acts(tc.msgs...)); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}
