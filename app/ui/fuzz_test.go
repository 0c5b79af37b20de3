package ui

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseHeads: what this device remembered as seen is parsed without
// panicking, and a valid list round-trips.
func FuzzParseHeads(f *testing.F) {
	f.Add("")
	f.Add(strings.Repeat("ab", 32))
	f.Add(strings.Repeat("ab", 32) + " " + strings.Repeat("01", 32))
	f.Add("zz not hex")
	f.Add(strings.Repeat("ab", 31))
	f.Fuzz(func(t *testing.T, s string) {
		hs := parseHeads(s)
		var parts []string
		for _, h := range hs {
			parts = append(parts, h.String())
		}
		if again := parseHeads(strings.Join(parts, " ")); len(again) != len(hs) {
			t.Fatalf("round trip lost heads: %d, then %d", len(hs), len(again))
		}
	})
}

// FuzzStrength: any passphrase gets a score from 0 to 4 and words to show.
func FuzzStrength(f *testing.F) {
	for _, s := range []string{"", "a", "password", "lantern orbit velvet nine", "Tr0ub4dor&3", "🙂🙂🙂🙂🙂🙂🙂🙂"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, words := strength(s)
		if n < 0 || n > 4 || words == "" {
			t.Fatalf("strength(%q) = %d, %q", s, n, words)
		}
		if utf8.RuneCountInString(s) < 8 && n != 0 {
			t.Fatalf("short passphrase %q scored %d", s, n)
		}
	})
}

// FuzzFlagBlame: the apology checker never panics on any text.
func FuzzFlagBlame(f *testing.F) {
	for _, s := range []string{"", "I'm sorry you felt hurt", "you should have said", "Sorry IF YOU were upset", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, note := range flagBlame(s) {
			if note == "" {
				t.Fatal("empty note")
			}
		}
	})
}
