package main

import (
	"fmt"

	"github.com/kintsugi-app/kintsugi/app/profile"
)

// Router port mapping: this laptop's setting, the same as the app's
// Settings → Connection switch; --port-map overrides it for one run.

func portMapCommand() *command {
	return &command{name: "port-map", summary: "let the router forward a port to this laptop (UPnP, NAT-PMP), off by default", sub: []*command{
		{name: "on", args: "", summary: "ask the router for a port from the next sync (as Settings → Connection)", run: func(c *cli, args []string) error { return setPortMap(c, args, true) }},
		{name: "off", args: "", summary: "ask the router for nothing (the default)", run: func(c *cli, args []string) error { return setPortMap(c, args, false) }},
		{name: "show", args: "[--json]", summary: "show whether this laptop asks the router for a port", run: cmdPortMapShow},
	}}
}

func setPortMap(c *cli, args []string, on bool) error {
	name := "port-map off"
	if on {
		name = "port-map on"
	}
	if _, err := parse(c.flags(name), args, 0, 0); err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		st := p.Settings()
		st.PortMap = on
		if err := p.SetSettings(st); err != nil {
			return err
		}
		if on {
			fmt.Fprintf(c.stderr, "Router port mapping on. From the next sync (and the next time the app is opened) this laptop asks the router, by UPnP or NAT-PMP, to open a port to it, so %s's laptop can reach it from another network. Anyone on the internet can then knock; only %s's laptop is let in.\n", partnerName(p), partnerName(p))
			return nil
		}
		fmt.Fprintln(c.stderr, "Router port mapping off. From the next sync (and the next time the app is opened) this laptop asks the router for nothing.")
		return nil
	})
}

func cmdPortMapShow(c *cli, args []string) error {
	fs := c.flags("port-map show")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		on := p.Settings().PortMap
		if *asJSON {
			return c.printJSON(struct {
				PortMap bool `json:"port_map"`
			}{on})
		}
		if on {
			c.printf("Router port mapping is on.\n")
		} else {
			c.printf("Router port mapping is off.\n")
		}
		return nil
	})
}
