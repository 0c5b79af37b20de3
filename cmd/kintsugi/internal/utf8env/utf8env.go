// Package utf8env gives the process a locale Fyne can read when the
// environment names none, or only the C/POSIX locale.
//
// Fyne looks the locale up while its packages initialise and logs an error
// for "C" (also for "C.UTF-8"), which would print on every command-line run
// in a minimal shell. The fix keeps a UTF-8 C locale for C libraries and
// names English for messages through LANGUAGE, which Fyne's locale lookup
// reads once the locale is not the bare "C".
//
// Go initialises packages in import-path order among those whose imports are
// ready (Go 1.21 and later); this package imports only the standard library
// and sorts before Fyne's i18n dependency (github.com/nicksnyder/...), so a
// blank import from main runs its init first.
package utf8env

import (
	"os"
	"strings"
)

func init() { Fix(os.Getenv, os.Setenv) }

// Fix adjusts the locale variables through get and set; see the package
// comment.
func Fix(get func(string) string, set func(string, string) error) {
	name := "LANG"
	for _, n := range [...]string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if get(n) != "" {
			name = n
			break
		}
	}
	v := get(name)
	if v != "" && !isC(v) {
		return
	}
	if v == "" || v == "C" || v == "POSIX" {
		set(name, "C.UTF-8")
	}
	if get("LANGUAGE") == "" {
		set("LANGUAGE", "en")
	}
}

// isC tells whether a locale value is the C or POSIX locale, with or
// without an encoding ("C.UTF-8").
func isC(v string) bool {
	base, _, _ := strings.Cut(v, ".")
	return base == "C" || base == "POSIX"
}
