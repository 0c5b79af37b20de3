package main

import (
	"fmt"
	"strings"

	"golang.org/x/term"
)

// passphrase returns the passphrase from the environment variable envVar,
// else asks for it on the terminal without echo (twice when confirm is set).
func (c *cli) passphrase(envVar, prompt string, confirm bool) (string, error) {
	if v := c.getenv(envVar); v != "" {
		return v, nil
	}
	fd := int(c.stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", fmt.Errorf("%w (%s)", errNoTerminal, envVar)
	}
	for {
		p, err := c.readHidden(fd, prompt)
		if err != nil {
			return "", err
		}
		if strings.TrimSpace(p) == "" {
			fmt.Fprintln(c.stderr, "The passphrase cannot be empty. Please try again.")
			continue
		}
		if !confirm {
			return p, nil
		}
		again, err := c.readHidden(fd, "Once more, to be sure: ")
		if err != nil {
			return "", err
		}
		if again == p {
			return p, nil
		}
		fmt.Fprintln(c.stderr, "The two did not match. Please try again.")
	}
}

func (c *cli) readHidden(fd int, prompt string) (string, error) {
	fmt.Fprint(c.stderr, prompt)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(c.stderr)
	if err != nil {
		return "", fmt.Errorf("failed to read the passphrase: %w", err)
	}
	return string(b), nil
}
