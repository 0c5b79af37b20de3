package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Settings → Connection says, on both laptops of a real couple, what a
// relay is for and where its address comes from, in the line just above
// the relay field; the command it names is one the kintsugi command has.
func TestSettingsRelayWordsRealStack(t *testing.T) {
	alex, sam := realCouple(t)
	for _, sess := range []Session{alex, sam} {
		h := newHarness(t, sess)
		c := h.win.Canvas()
		h.open("Settings")
		settle(h.b)
		for _, w := range []string{
			"A relay is a computer on the internet that both your laptops can reach, for when you are often apart and can't connect directly.",
			"Its address comes from whoever runs the relay: someone you both trust, or one of you, with the command \"kintsugi relay serve\"",
			"Put the same address on both laptops.",
		} {
			wantText(t, c, w)
		}
		from := find(t, c, func(l *widget.Label) bool { return strings.HasPrefix(l.Text, "Its address comes from") })
		field := entryWith(t, c, "Relay address")
		d := fyne.CurrentApp().Driver()
		gap := d.AbsolutePositionForObject(field).Y - (d.AbsolutePositionForObject(from).Y + from.Size().Height)
		if gap < 0 || gap > 2*theme.Padding() {
			t.Errorf("%s: the line on where a relay address comes from is %v above the field, want just above it", h.ui.me.Name, gap)
		}
	}

	// The command named is the kintsugi command's own: "relay" with a
	// "serve" under it (cmd/kintsugi/relay.go).
	cmd := regexp.MustCompile(`"kintsugi (\w+) (\w+)"`).FindStringSubmatch(relayFromHint)
	if cmd == nil {
		t.Fatalf("the relay line names no command: %q", relayFromHint)
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "cmd", "kintsugi", cmd[1]+".go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), `name: "`+cmd[1]+`"`) || !strings.Contains(string(src), `{name: "`+cmd[2]+`"`) {
		t.Errorf("the kintsugi command has no %q %q, which Settings tells people to run", cmd[1], cmd[2])
	}
}
