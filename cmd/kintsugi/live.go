package main

import (
	"context"
	"fmt"

	"github.com/kintsugi-app/kintsugi/app/profile"
)

// syncLive syncs until ctx ends (SIGINT or SIGTERM), then returns; the
// caller's Close finishes the current write.
func (c *cli) syncLive(ctx context.Context, p *profile.Profile) error {
	fmt.Fprintf(c.stderr, "Syncing with %s. Press Ctrl-C to stop.\n", partnerName(p))
	<-ctx.Done()
	fmt.Fprintln(c.stderr, "Stopping; your changes are saved.")
	return nil
}
