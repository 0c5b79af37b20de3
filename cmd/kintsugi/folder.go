package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/kintsugi-app/kintsugi/app/profile"
)

// The shared folder: a folder both laptops see, used as a mailbox of
// sealed bundles when the two are apart.

func folderCommand() *command {
	return &command{name: "folder", summary: "sync through a folder both laptops see (a cloud drive, Syncthing, a USB stick) when apart", sub: []*command{
		{name: "set", args: "DIR", summary: "use DIR as this laptop's shared folder", run: cmdFolderSet},
		{name: "show", args: "[--json]", summary: "show this laptop's shared folder", run: cmdFolderShow},
		{name: "off", args: "", summary: "stop syncing through a shared folder on this laptop", run: cmdFolderOff},
		{name: "sync", args: "", summary: "write your new changes into the shared folder and merge your partner's, once", run: cmdFolderSync},
	}}
}

// setFolder saves dir (empty: none) as this device's shared folder.
func setFolder(p *profile.Profile, dir string) error {
	st := p.Settings()
	st.Folder = dir
	return p.SetSettings(st)
}

func cmdFolderSet(c *cli, args []string) error {
	pos, err := parse(c.flags("folder set"), args, 1, 1)
	if err != nil {
		return err
	}
	dir, err := filepath.Abs(pos[0])
	if err != nil {
		return fmt.Errorf("%w: %w", profile.ErrBadFolder, err)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("%w: %s is not a folder on this laptop", profile.ErrBadFolder, dir)
	}
	return c.withProfile(func(p *profile.Profile) error {
		if err := setFolder(p, dir); err != nil {
			return err
		}
		c.printf("Shared folder: %s\n", dir)
		fmt.Fprintf(c.stderr, "Your changes travel through this folder, sealed so that only you and %s can open them. Set the folder on %s's laptop too (where it shows there).\n", partnerName(p), partnerName(p))
		return nil
	})
}

func cmdFolderShow(c *cli, args []string) error {
	fs := c.flags("folder show")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		dir := p.Settings().Folder
		if *asJSON {
			return c.printJSON(struct {
				Folder string `json:"folder"`
			}{dir})
		}
		if dir == "" {
			c.printf("No shared folder is set on this laptop.\n")
			return nil
		}
		c.printf("Shared folder: %s\n", dir)
		return nil
	})
}

func cmdFolderOff(c *cli, args []string) error {
	if _, err := parse(c.flags("folder off"), args, 0, 0); err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		if err := setFolder(p, ""); err != nil {
			return err
		}
		c.printf("No shared folder is set on this laptop.\n")
		fmt.Fprintln(c.stderr, "The files already in the folder stay there; you may delete them.")
		return nil
	})
}

func cmdFolderSync(c *cli, args []string) error {
	if _, err := parse(c.flags("folder sync"), args, 0, 0); err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		if !p.Paired() {
			return errPairFirst
		}
		rep, err := p.SyncFolder()
		if err != nil {
			return withHint(err)
		}
		c.printFolderPass(p, profile.FolderPass{Report: rep}, true)
		return nil
	})
}

// printFolderPass says on stderr what a pass over the shared folder did:
// one line for each file skipped, then what merged and what was written.
// quiet lines (nothing new) only when all is asked.
func (c *cli) printFolderPass(p *profile.Profile, fp profile.FolderPass, all bool) {
	name := partnerName(p)
	if fp.Err != nil {
		fmt.Fprintf(c.stderr, "The shared folder can't be used right now (%v); trying again later.\n", fp.Err)
		return
	}
	for _, s := range fp.Report.Skipped {
		fmt.Fprintf(c.stderr, "warning: skipped %s in the shared folder: it isn't a Kintsugi change this laptop can read; it is left as it is\n", s.Name)
	}
	r := fp.Report
	if r.Merged > 0 {
		fmt.Fprintf(c.stderr, "Merged %s's changes from the shared folder.\n", name)
	}
	switch {
	case r.Carried:
		fmt.Fprintf(c.stderr, "Put your changes in the shared folder for %s.\n", name)
	case r.Wrote != "" && all:
		fmt.Fprintf(c.stderr, "Nothing new of yours to put there; left a note for %s that this laptop has their changes.\n", name)
	}
	if all && r.Merged == 0 && r.Wrote == "" {
		fmt.Fprintln(c.stderr, "Nothing new in the shared folder.")
	}
}
