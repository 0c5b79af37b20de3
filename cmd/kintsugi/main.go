// Command kintsugi is the Kintsugi desktop app and its headless command line.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "kintsugi: not built yet")
	os.Exit(1)
}
