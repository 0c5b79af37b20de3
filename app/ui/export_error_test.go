package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// Only a wrong passphrase is called one: a journal that is damaged says
// so, and blames no passphrase.
func TestExportErrorJournalWords(t *testing.T) {
	for _, tc := range []struct {
		name     string
		err      error
		want     string
		dontWant string
	}{
		{"wrong passphrase", fmt.Errorf("%w: %w", ErrWrongPassphrase, errors.New("age: no identity matched")), "That passphrase didn't open your journal", "couldn't open"},
		{"damaged", errors.New("damaged: the journal: unexpected EOF"), "couldn't open your journal (damaged: the journal: unexpected EOF)", "passphrase"},
		{"no journal", errNoJournalToInclude, "haven't started a journal", "passphrase"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := exportError(tc.err)
			if !strings.Contains(got, tc.want) || strings.Contains(got, tc.dontWant) {
				t.Errorf("exportError(%v) = %q; want %q and not %q", tc.err, got, tc.want, tc.dontWant)
			}
		})
	}
}
