package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/kintsugi-app/kintsugi/app/profile"
)

// The commands that talk to the partner: invite, join, sync and bundles.

// netFlags are the flags of every command that starts the sync node.
type netFlags struct {
	listen   strList
	timeout  time.Duration
	discover bool
}

// syncFlags registers --listen, --timeout and --discover.
func syncFlags(c *cli, name string, timeout time.Duration) (*netFlags, *flag.FlagSet) {
	fs := c.flags(name)
	nf := &netFlags{}
	fs.Var(&nf.listen, "listen", "a multiaddr to listen on (repeatable)")
	fs.DurationVar(&nf.timeout, "timeout", timeout, "how long to wait for your partner")
	fs.BoolVar(&nf.discover, "discover", true, "find your partner on the local network and ask the router to open a port")
	return nf, fs
}

func (nf *netFlags) options() profile.SyncOptions {
	return profile.SyncOptions{Listen: nf.listen, NoDiscovery: !nf.discover}
}

func cmdInvite(c *cli, args []string) error {
	nf, fs := syncFlags(c, "invite", 10*time.Minute)
	codeFile := fs.String("code-file", "", "also write the code to this file")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		ctx, cancel := context.WithTimeout(c.ctx, nf.timeout)
		defer cancel()
		if err := p.StartSync(ctx, nf.options()); err != nil {
			return err
		}
		inv, results, err := p.Invite(ctx, nf.timeout)
		if err != nil {
			return err
		}
		code := inv.Code()
		w := bufio.NewWriter(c.stdout)
		fmt.Fprintln(w, code)
		w.Flush()
		if *codeFile != "" {
			if err := os.WriteFile(*codeFile, []byte(code+"\n"), 0o600); err != nil {
				return fmt.Errorf("failed to write the code file: %w", err)
			}
		}
		fmt.Fprintf(c.stderr, "Give this code to your partner; they run \"kintsugi join CODE\". Waiting up to %s…\n", nf.timeout)
		select {
		case r := <-results:
			if r.Err != nil {
				return r.Err
			}
			c.printPaired(r.Partner)
			return nil
		case <-ctx.Done():
			return pairTimeout(ctx)
		}
	})
}

func cmdJoin(c *cli, args []string) error {
	nf, fs := syncFlags(c, "join", 2*time.Minute)
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		ctx, cancel := context.WithTimeout(c.ctx, nf.timeout)
		defer cancel()
		if err := p.StartSync(ctx, nf.options()); err != nil {
			return err
		}
		r, err := p.Join(ctx, pos[0])
		if err == nil {
			err = r.Err
		}
		if err != nil {
			if ctx.Err() != nil {
				return pairTimeout(ctx)
			}
			return err
		}
		c.printPaired(r.Partner)
		return nil
	})
}

func (c *cli) printPaired(pt profile.Partner) {
	c.printf("Paired with %s (%s).\n", pt.Name, pt.PeerID)
	c.printf("Safety number: %s\n", pt.SafetyNumber)
	fmt.Fprintln(c.stderr, "Compare the safety number aloud with your partner: if both screens show the same digits, no one is in between.")
}

// pairTimeout explains why waiting ended.
func pairTimeout(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return profile.ErrTimeout
	}
	return fmt.Errorf("interrupted: %w", ctx.Err())
}

func cmdSync(c *cli, args []string) error {
	nf, fs := syncFlags(c, "sync", 0)
	once := fs.Bool("once", false, "exit once in sync with your partner")
	var partnerAddrs strList
	fs.Var(&partnerAddrs, "partner-addr", "a multiaddr to reach your partner at (repeatable)")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	if *once && nf.timeout == 0 {
		nf.timeout = 2 * time.Minute
	}
	return c.withProfile(func(p *profile.Profile) error {
		if !p.Paired() {
			return fmt.Errorf("%w: pair first with \"kintsugi invite\" and \"kintsugi join CODE\"", profile.ErrNotPaired)
		}
		ctx := c.ctx
		if nf.timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, nf.timeout)
			defer cancel()
		}
		opts := nf.options()
		opts.PartnerAddrs = partnerAddrs
		if err := p.StartSync(ctx, opts); err != nil {
			return err
		}
		if *once {
			if err := p.SyncOnce(ctx); err != nil {
				if ctx.Err() != nil {
					return pairTimeout(ctx)
				}
				return err
			}
			c.printf("In sync with %s.\n", partnerName(p))
			return nil
		}
		return c.syncLive(ctx, p)
	})
}

func partnerName(p *profile.Profile) string {
	if pt, ok := p.Partner(); ok {
		return pt.Name
	}
	return "your partner"
}

func cmdBundleExport(c *cli, args []string) error {
	pos, err := parse(c.flags("bundle export"), args, 1, 1)
	if err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		if err := p.ExportBundle(pos[0]); err != nil {
			return err
		}
		fmt.Fprintf(c.stderr, "Wrote %s. Only you and %s can open it.\n", pos[0], partnerName(p))
		return nil
	})
}

func cmdBundleImport(c *cli, args []string) error {
	pos, err := parse(c.flags("bundle import"), args, 1, 1)
	if err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		if err := p.ImportBundle(pos[0]); err != nil {
			return err
		}
		fmt.Fprintf(c.stderr, "Merged the changes from %s.\n", partnerName(p))
		return nil
	})
}
