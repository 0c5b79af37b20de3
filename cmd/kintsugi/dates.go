package main

import (
	"fmt"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

// parseDays reads the --from and --to flags of cmd as local dates at
// midnight; an empty flag gives the zero time. A date that does not parse
// is a usage error naming the flag.
func parseDays(cmd, from, to string) (first, last time.Time, err error) {
	for _, d := range []struct {
		s   string
		t   *time.Time
		arg string
	}{{from, &first, "--from"}, {to, &last, "--to"}} {
		if d.s == "" {
			continue
		}
		t, perr := time.ParseInLocation(doc.DateLayout, d.s, time.Local)
		if perr != nil {
			return time.Time{}, time.Time{}, usageError{fmt.Sprintf("%s: %s %q is not a date (YYYY-MM-DD)", cmd, d.arg, d.s)}
		}
		*d.t = t
	}
	return first, last, nil
}
