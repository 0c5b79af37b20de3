package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/kintsugi-app/kintsugi/app/profile"
	"github.com/kintsugi-app/kintsugi/crypto"
	"golang.org/x/term"
)

// The commands that talk to the partner: invite, join, sync and bundles.

// netFlags are the flags of every command that starts the sync node.
type netFlags struct {
	listen   strList
	timeout  time.Duration
	discover bool
	portMap  bool
	fs       *flag.FlagSet
}

// syncFlags registers --listen, --timeout and --discover.
func syncFlags(c *cli, name string, timeout time.Duration) (*netFlags, *flag.FlagSet) {
	fs := c.flags(name)
	nf := &netFlags{fs: fs}
	fs.Var(&nf.listen, "listen", "a multiaddr to listen on (repeatable)")
	fs.DurationVar(&nf.timeout, "timeout", timeout, "how long to wait for your partner")
	fs.BoolVar(&nf.discover, "discover", true, "find your partner on the local network")
	fs.BoolVar(&nf.portMap, "port-map", false, "ask the router (UPnP, NAT-PMP) to open a port to this laptop from the internet (default: this laptop's setting, kintsugi port-map on|off)")
	return nf, fs
}

// options are the sync options the flags ask for. Without --port-map
// the laptop's setting decides; --port-map or --port-map=false overrides it.
func (nf *netFlags) options() profile.SyncOptions {
	o := profile.SyncOptions{Listen: nf.listen, NoDiscovery: !nf.discover}
	nf.fs.Visit(func(f *flag.Flag) {
		if f.Name == "port-map" {
			o.PortMap, o.NoPortMap = nf.portMap, !nf.portMap
		}
	})
	return o
}

func cmdInvite(c *cli, args []string) error {
	nf, fs := syncFlags(c, "invite", 10*time.Minute)
	codeFile := fs.String("code-file", "", "also write the code to this file")
	secretFile := fs.String("secret-file", "", "also write the secret code, for join --lan, to this file")
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
		if *secretFile != "" {
			if err := os.WriteFile(*secretFile, []byte(inv.SecretCode()+"\n"), 0o600); err != nil {
				return fmt.Errorf("failed to write the secret code file: %w", err)
			}
		}
		fmt.Fprintf(c.stderr, "Give this code to your partner; they run \"kintsugi join CODE\". Waiting up to %s…\n", nf.timeout)
		if pt, ok := p.Partner(); ok {
			fmt.Fprintf(c.stderr, "You are paired with %s already: only %s can join this invite, to pair again. To pair with someone else, \"kintsugi unpair\" first.\n", pt.Name, pt.Name)
		}
		if nf.discover {
			fmt.Fprintf(c.stderr, "On the same network? Your partner can run \"kintsugi join --lan %s\" instead.\n", inv.SecretCode())
		}
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
	lan := fs.Bool("lan", false, "the argument is the secret code of an invite open on this network")
	peerID := fs.String("peer", "", "with --lan: the peer ID of the laptop to join, when several are found")
	codeFile := fs.String("code-file", "", "read the invite code from this file")
	pos, err := parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	if pos, err = c.joinCode(pos, *codeFile, *lan); err != nil {
		return err
	}
	if !*lan && *peerID != "" {
		return usageError{"--peer goes with --lan"}
	}
	if *lan && !nf.discover {
		return usageError{"--lan needs --discover to find your partner on the network"}
	}
	return c.withProfile(func(p *profile.Profile) error {
		ctx, cancel := context.WithTimeout(c.ctx, nf.timeout)
		defer cancel()
		if err := p.StartSync(ctx, nf.options()); err != nil {
			return err
		}
		var r profile.PairResult
		var err error
		if *lan {
			r, err = c.joinLAN(ctx, p, pos[0], *peerID)
		} else {
			r, err = p.Join(ctx, pos[0])
		}
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

// maxCodeInput caps what join reads for a code from a file or stdin: an
// invite code is a few hundred characters.
const maxCodeInput = 64 << 10

// joinCode returns join's code: the argument, or, when it is missing or
// "-", read from --code-file or standard input, so the one-time secret
// need not sit in the process list or the shell history.
func (c *cli) joinCode(pos []string, codeFile string, lan bool) ([]string, error) {
	arg := ""
	if len(pos) == 1 {
		arg = pos[0]
	}
	what := "invite code"
	if lan {
		what = "secret code"
	}
	var r io.Reader
	switch {
	case codeFile != "" && arg != "":
		return nil, usageError{"join: give the code as an argument or with --code-file, not both"}
	case codeFile != "":
		f, err := os.Open(codeFile)
		if err != nil {
			return nil, fmt.Errorf("failed to read the %s: %w", what, err)
		}
		defer f.Close()
		r = f
	case arg != "" && arg != "-":
		return pos, nil
	default:
		if term.IsTerminal(int(c.stdin.Fd())) {
			fmt.Fprintf(c.stderr, "Paste the %s from your partner's screen, then press Enter: ", what)
			line, err := bufio.NewReader(io.LimitReader(c.stdin, maxCodeInput)).ReadString('\n')
			if err != nil && !errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("failed to read the %s: %w", what, err)
			}
			r = strings.NewReader(line)
		} else {
			r = c.stdin
		}
	}
	b, err := io.ReadAll(io.LimitReader(r, maxCodeInput))
	if err != nil {
		return nil, fmt.Errorf("failed to read the %s: %w", what, err)
	}
	code := strings.TrimSpace(string(b))
	if code == "" {
		return nil, usageError{"join: no " + what + " given: pass it as an argument, on standard input, or with --code-file"}
	}
	return []string{code}, nil
}

// lanBrowse is how long join --lan looks for open invites on the network.
const lanBrowse = 4 * time.Second

// joinLAN joins the only open invite on the network, or the one with
// peerID, with the secret code.
func (c *cli) joinLAN(ctx context.Context, p *profile.Profile, code, peerID string) (profile.PairResult, error) {
	if _, err := crypto.ParseSecretCode(code); err != nil {
		return profile.PairResult{}, err // before any waiting
	}
	bctx, cancel := context.WithTimeout(ctx, lanBrowse)
	defer cancel()
	found, err := p.DiscoverInvites(bctx)
	if err != nil {
		return profile.PairResult{}, err
	}
	var all []profile.FoundInvite
	for f := range found {
		if peerID != "" && f.PeerID == peerID {
			cancel()
			return p.JoinFound(ctx, f, code)
		}
		all = append(all, f)
	}
	if ctx.Err() != nil {
		return profile.PairResult{}, ctx.Err()
	}
	switch {
	case peerID != "" || len(all) == 0:
		return profile.PairResult{}, errNoLANInvite
	case len(all) > 1:
		var b strings.Builder
		b.WriteString("several invites are open on this network; choose one with --peer ID:")
		for _, f := range all {
			b.WriteString("\n  " + f.PeerID)
		}
		return profile.PairResult{}, usageError{b.String()}
	}
	return p.JoinFound(ctx, all[0], code)
}

func (c *cli) printPaired(pt profile.Partner) {
	c.printf("Paired with %s (%s).\n", pt.Name, pt.PeerID)
	c.printf("Safety number: %s\n", pt.SafetyNumber)
	fmt.Fprintln(c.stderr, "Compare the safety number aloud with your partner: if both screens show the same digits, no one is in between.")
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
			return errPairFirst
		}
		ctx := c.ctx
		if nf.timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, nf.timeout)
			defer cancel()
		}
		opts := nf.options()
		opts.PartnerAddrs = partnerAddrs
		if !*once {
			opts.OnFolder = func(fp profile.FolderPass) { c.printFolderPass(p, fp, false) }
		}
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
