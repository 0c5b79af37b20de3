// Command kintsugi is the Kintsugi desktop app and its headless command line.
//
// With no command it opens the desktop app on the profile. Every action of
// the app is also a command, for scripts and tests: see docs/CLI.md, or run
// "kintsugi help".
package main

import (
	"os"

	// First, so Fyne finds a locale it can parse.
	_ "github.com/kintsugi-app/kintsugi/cmd/kintsugi/internal/utf8env"
)

func main() {
	os.Exit(run(os.Args[1:], newEnv()))
}
