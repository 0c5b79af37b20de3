package main

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/kintsugi-app/kintsugi/app/profile"
	"github.com/kintsugi-app/kintsugi/sync"
)

// The relay: running one for the two of you, and using one.

func relayCommand() *command {
	return &command{name: "relay", summary: "sync through a relay when you are apart", sub: []*command{
		{name: "serve", args: "[--listen MULTIADDR]... [--allow PEERID]... [--state DIR]", summary: "run a relay (a small server or a home machine) and print its addresses", run: cmdRelayServe},
		{name: "set", args: "ADDR", summary: "use the relay at ADDR (as Settings → Connection)", run: cmdRelaySet},
		{name: "show", args: "[--json]", summary: "show the relay this laptop uses", run: cmdRelayShow},
		{name: "off", args: "", summary: "stop using a relay", run: cmdRelayOff},
	}}
}

// relayStateDir is where relay serve keeps its identity by default:
// systemd's $STATE_DIRECTORY, else $XDG_STATE_HOME/kintsugi-relay, else
// ~/.local/state/kintsugi-relay.
func (c *cli) relayStateDir() (string, error) {
	if d := c.getenv("STATE_DIRECTORY"); d != "" {
		return d, nil
	}
	if d := c.getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "kintsugi-relay"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no folder for the relay's state: give one with --state: %w", err)
	}
	return filepath.Join(home, ".local", "state", "kintsugi-relay"), nil
}

func cmdRelayServe(c *cli, args []string) error {
	fs := c.flags("relay serve")
	var listen, allow strList
	fs.Var(&listen, "listen", "a multiaddr to listen on (repeatable)")
	fs.Var(&allow, "allow", "a peer ID that may use the relay (repeatable); none: anyone, within limits")
	state := fs.String("state", "", "the folder that keeps the relay's identity")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	for _, a := range allow {
		if !validPeerID(a) {
			return usageError{fmt.Sprintf("--allow %q is not a peer ID: each laptop shows its own with \"kintsugi status\"", a)}
		}
	}
	dir := *state
	if dir == "" {
		var err error
		if dir, err = c.relayStateDir(); err != nil {
			return err
		}
	}
	r, err := sync.ServeRelay(sync.RelayConfig{StateDir: dir, Listen: listen, Allow: allow,
		Logger: slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		return err
	}
	defer r.Close()
	for _, a := range r.Addrs() {
		c.printf("%s\n", a)
	}
	fmt.Fprintf(c.stderr, "The relay is running. On each laptop, run \"kintsugi relay set ADDRESS\" with the first address above that the laptops can reach (or put it in Settings → Connection).\n")
	if len(allow) == 0 {
		fmt.Fprintf(c.stderr, "Anyone may use it for short connections; \"--allow PEERID\" for each of your two laptops keeps it for you two, without those limits.\n")
	}
	fmt.Fprintf(c.stderr, "It sees only encrypted data. Stop it with Ctrl-C.\n")
	<-c.ctx.Done()
	return nil
}

func validPeerID(s string) bool {
	return sync.CheckRelayAddr("/ip4/127.0.0.1/tcp/1/p2p/"+s) == nil
}

func cmdRelaySet(c *cli, args []string) error {
	pos, err := parse(c.flags("relay set"), args, 1, 1)
	if err != nil {
		return err
	}
	addr := pos[0]
	if err := sync.CheckRelayAddr(addr); err != nil {
		return usageError{"that relay address doesn't look quite right: it looks like /ip4/203.0.113.7/tcp/4001/p2p/12D3KooW…, as \"kintsugi relay serve\" prints it"}
	}
	return c.withProfile(func(p *profile.Profile) error {
		st := p.Settings()
		st.Relay = addr
		if err := p.SetSettings(st); err != nil {
			return err
		}
		fmt.Fprintf(c.stderr, "Relay set. From the next sync (and the next time the app is opened) this laptop keeps a place on it, so %s can reach it there when you are apart.\n", partnerName(p))
		fmt.Fprintf(c.stderr, "If the relay runs with --allow, it needs this laptop's peer ID: %s\n", p.PeerID())
		return nil
	})
}

func cmdRelayShow(c *cli, args []string) error {
	fs := c.flags("relay show")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		relay := p.Settings().Relay
		if *asJSON {
			var v *string
			if relay != "" {
				v = &relay
			}
			return c.printJSON(struct {
				Relay *string `json:"relay"`
			}{v})
		}
		if relay == "" {
			c.printf("No relay set.\n")
			return nil
		}
		c.printf("%s\n", relay)
		return nil
	})
}

func cmdRelayOff(c *cli, args []string) error {
	if _, err := parse(c.flags("relay off"), args, 0, 0); err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		st := p.Settings()
		if st.Relay == "" {
			fmt.Fprintln(c.stderr, "No relay was set.")
			return nil
		}
		st.Relay = ""
		if err := p.SetSettings(st); err != nil {
			return err
		}
		fmt.Fprintln(c.stderr, "Relay off. From the next sync, the laptops connect only directly.")
		return nil
	})
}
