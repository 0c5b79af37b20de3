package main

import (
	"context"
	"fmt"
	"time"

	"github.com/kintsugi-app/kintsugi/app/profile"
)

// syncLive syncs until ctx ends (SIGINT or SIGTERM), printing each change
// of state on stderr, then returns; the caller's Close finishes the
// current write and saves.
func (c *cli) syncLive(ctx context.Context, p *profile.Profile) error {
	fmt.Fprintf(c.stderr, "Syncing with %s. Press Ctrl-C to stop.\n", partnerName(p))
	for _, a := range p.Addrs() {
		fmt.Fprintf(c.stderr, "Listening on %s/p2p/%s\n", a, p.PeerID())
	}
	if dir := p.Settings().Folder; dir != "" {
		fmt.Fprintf(c.stderr, "Also syncing through the shared folder %s.\n", dir)
	}
	ch, stop := p.Watch()
	defer stop()
	last := ""
	for {
		select {
		case s := <-ch:
			line := s.State.String()
			if !s.LastSynced.IsZero() {
				line += ", last synced " + s.LastSynced.Local().Format(time.DateTime)
			}
			if s.Err != nil {
				line += " (" + s.Err.Error() + ")"
			}
			if line != last {
				fmt.Fprintf(c.stderr, "%s\n", line)
				last = line
			}
		case <-ctx.Done():
			fmt.Fprintln(c.stderr, "Stopping; your changes are saved.")
			return nil
		}
	}
}
