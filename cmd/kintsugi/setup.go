package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kintsugi-app/kintsugi/app/profile"
	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
)

// This file holds the commands about the profile itself: init, status,
// identity export/import and passphrase.

func cmdInit(c *cli, args []string) error {
	fs := c.flags("init")
	name := fs.String("name", "", "your name, as your partner will see it")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	if *name == "" {
		return usageError{"init: --name is required"}
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	if profile.Exists(dir) {
		return fmt.Errorf("%w: %s", profile.ErrExists, dir)
	}
	if profile.HasData(dir) {
		return &profile.DataLeftError{Dir: dir}
	}
	pass, err := c.passphrase("KINTSUGI_PASSPHRASE", "Choose a passphrase: ", true)
	if err != nil {
		return err
	}
	p, err := profile.Create(dir, *name, pass)
	if err != nil {
		return err
	}
	c.printf("Welcome, %s. Your profile is ready in %s.\n", p.Name(), dir)
	c.printf("Your peer ID: %s\n", p.PeerID())
	c.printf("Next: \"kintsugi invite\" on one laptop and \"kintsugi join CODE\" on the other.\n")
	return p.Close()
}

// statusView is the JSON shape of "status --json".
type statusView struct {
	Name      string       `json:"name"`
	PeerID    string       `json:"peer_id"`
	Dir       string       `json:"profile"`
	Paired    bool         `json:"paired"`
	Partner   *partnerView `json:"partner"`
	Addresses []string     `json:"addresses"`
	Sync      syncView     `json:"sync"`
	Conn      connView     `json:"connection"`
	Journal   bool         `json:"journal"`
	Counts    doc.Counts   `json:"counts"`
}

type partnerView struct {
	Name         string   `json:"name"`
	PeerID       string   `json:"peer_id"`
	SafetyNumber string   `json:"safety_number"`
	Addresses    []string `json:"addresses"`
}

type syncView struct {
	State      string     `json:"state"`
	LastSynced *time.Time `json:"last_synced"`
}

// connView is how this laptop reaches the partner when apart.
type connView struct {
	Relay   *string     `json:"relay"`  // null: none
	Folder  *folderView `json:"folder"` // null: none
	PortMap bool        `json:"port_map"`
}

type folderView struct {
	Dir string `json:"dir"`
	// LastSynced is when a pass over the folder last carried changes
	// (merged the partner's or left mine); null: not yet.
	LastSynced *time.Time `json:"last_synced"`
}

func cmdStatus(c *cli, args []string) error {
	fs := c.flags("status")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		v := statusView{Name: p.Name(), PeerID: p.PeerID(), Dir: p.Dir(), Journal: p.JournalExists(),
			Counts: p.Doc().Counts(), Addresses: p.Settings().Listen, Sync: syncView{State: "not paired"}}
		if v.Addresses == nil {
			v.Addresses = []string{}
		}
		if part, ok := p.Partner(); ok {
			v.Paired = true
			v.Sync.State = "offline"
			v.Partner = &partnerView{Name: part.Name, PeerID: part.PeerID, SafetyNumber: part.SafetyNumber, Addresses: p.PartnerAddrs()}
			if v.Partner.Addresses == nil {
				v.Partner.Addresses = []string{}
			}
			if t := p.LastSynced(); !t.IsZero() {
				v.Sync.LastSynced = &t
			}
		}
		st := p.Settings()
		v.Conn.PortMap = st.PortMap
		if st.Relay != "" {
			v.Conn.Relay = &st.Relay
		}
		if st.Folder != "" {
			v.Conn.Folder = &folderView{Dir: st.Folder}
			if t := p.FolderSynced(); !t.IsZero() {
				v.Conn.Folder.LastSynced = &t
			}
		}
		if *asJSON {
			return c.printJSON(v)
		}
		c.printf("Name:      %s\nPeer ID:   %s\nProfile:   %s\n", v.Name, v.PeerID, v.Dir)
		if v.Partner == nil {
			c.printf("Partner:   not paired yet (\"kintsugi invite\" or \"kintsugi join CODE\")\n")
		} else {
			c.printf("Partner:   %s (%s)\nSafety number: %s\n", v.Partner.Name, v.Partner.PeerID, v.Partner.SafetyNumber)
			last := "never"
			if v.Sync.LastSynced != nil {
				last = v.Sync.LastSynced.Local().Format("Mon 2 Jan 2006 15:04")
			}
			c.printf("Last synced: %s\n", last)
		}
		relay := "none (\"kintsugi relay set ADDR\")"
		if v.Conn.Relay != nil {
			relay = *v.Conn.Relay
		}
		c.printf("Relay:     %s\n", relay)
		folder := "none (\"kintsugi folder set DIR\")"
		if f := v.Conn.Folder; f != nil {
			last := "not yet"
			if f.LastSynced != nil {
				last = f.LastSynced.Local().Format("Mon 2 Jan 2006 15:04")
			}
			folder = f.Dir + ", last carried changes: " + last
		}
		c.printf("Shared folder: %s\n", folder)
		pm := "off (\"kintsugi port-map on\" to turn it on)"
		if v.Conn.PortMap {
			pm = "on (\"kintsugi port-map off\" to turn it off)"
		}
		c.printf("Router port mapping: %s\n", pm)
		n := v.Counts
		c.printf("Commitments %d, needs %d, boundaries %d, check-ins %d, interactions %d, questions %d, apologies %d\n",
			n.Commitments, n.Needs, n.Boundaries, n.CheckIns, n.Interactions, n.Questions, n.Apologies)
		return nil
	})
}

func cmdIdentityExport(c *cli, args []string) error {
	pos, err := parse(c.flags("identity export"), args, 1, 1)
	if err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		if err := p.ExportRecovery(pos[0]); err != nil {
			return err
		}
		fmt.Fprintf(c.stderr, "Your recovery key is in %s. Keep it private and safe, for example printed on paper: anyone with it can read your shared document.\n", pos[0])
		return nil
	})
}

func cmdIdentityImport(c *cli, args []string) error {
	fs := c.flags("identity import")
	name := fs.String("name", "", "your name, as your partner will see it (kept from the profile or the recovery file if not given)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("failed to read the recovery key: %w", err)
	}
	if _, err := crypto.ParseRecovery(b); err != nil {
		return usageError{err.Error()}
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	pass, err := c.passphrase("KINTSUGI_PASSPHRASE", "Choose a new passphrase: ", true)
	if err != nil {
		return err
	}
	p, rep, err := profile.Restore(dir, *name, pass, b)
	if err != nil {
		return err
	}
	c.printf("Restored %s (peer ID %s) in %s, under your new passphrase.\n", p.Name(), p.PeerID(), dir)
	if rep.FromEmpty {
		c.printf("The shared document comes back from your partner's laptop at the next sync (or bundle).\n")
	} else {
		c.printf("Kept: %s.\n", strings.Join(rep.Kept, ", "))
	}
	if rep.MovedTo != "" {
		c.printf("Moved aside, not deleted (they could not be opened with this key): %s, into %s.\n", strings.Join(rep.Moved, ", "), rep.MovedTo)
	}
	if pt, ok := p.Partner(); ok {
		c.printf("Still paired with %s: no new pairing is needed.\n", pt.Name)
	} else {
		c.printf("Not paired: \"kintsugi invite\" on one laptop and \"kintsugi join CODE\" on the other pairs you again.\n")
	}
	return p.Close()
}

func cmdPassphrase(c *cli, args []string) error {
	fs := c.flags("passphrase")
	journal := fs.Bool("journal", false, "change the journal passphrase instead")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		if *journal {
			old, err := c.passphrase("KINTSUGI_JOURNAL_PASSPHRASE", "Current journal passphrase: ", false)
			if err != nil {
				return err
			}
			nw, err := c.passphrase("KINTSUGI_NEW_JOURNAL_PASSPHRASE", "New journal passphrase: ", true)
			if err != nil {
				return err
			}
			return p.ChangeJournalPassphrase(old, nw)
		}
		old, err := c.passphrase("KINTSUGI_PASSPHRASE", "Current passphrase: ", false)
		if err != nil {
			return err
		}
		nw, err := c.passphrase("KINTSUGI_NEW_PASSPHRASE", "New passphrase: ", true)
		if err != nil {
			return err
		}
		return p.ChangePassphrase(old, nw)
	})
}

func cmdUnpair(c *cli, args []string) error {
	if _, err := parse(c.flags("unpair"), args, 0, 0); err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		pt, ok := p.Partner()
		if !ok {
			return profile.ErrNotPaired
		}
		if err := p.Unpair(); err != nil {
			return err
		}
		c.printf("This laptop no longer syncs with %s. The shared document is kept as it was.\n", pt.Name)
		c.printf("To pair again: \"kintsugi invite\" on one laptop and \"kintsugi join CODE\" on the other, then compare the safety number.\n")
		return nil
	})
}
