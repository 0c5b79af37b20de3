package main

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kintsugi-app/kintsugi/app/profile"
	"github.com/kintsugi-app/kintsugi/doc"
)

// The journal commands. The journal never leaves this device; it has its
// own passphrase, from KINTSUGI_JOURNAL_PASSPHRASE or asked.

// withJournal opens the profile and unlocks the journal, creating it on
// first use when create is set.
func (c *cli) withJournal(create bool, f func(p *profile.Profile, j *doc.Journal) error) error {
	return c.withProfile(func(p *profile.Profile) error {
		if !p.JournalExists() {
			if !create {
				return errNoJournalYet
			}
			pass, err := c.passphrase("KINTSUGI_JOURNAL_PASSPHRASE", "Choose a passphrase for your private journal: ", true)
			if err != nil {
				return err
			}
			if err := p.CreateJournal(pass); err != nil {
				return err
			}
			fmt.Fprintln(c.stderr, "Your private journal is created. It stays on this device, under its own passphrase.")
		} else {
			pass, err := c.passphrase("KINTSUGI_JOURNAL_PASSPHRASE", "Journal passphrase: ", false)
			if err != nil {
				return err
			}
			if _, err := p.UnlockJournal(pass); err != nil {
				return journalError(err)
			}
		}
		j, err := p.Journal()
		if err != nil {
			return err
		}
		return f(p, j)
	})
}

func journalCommand() *command {
	return &command{name: "journal", summary: "your private journal (never shared)", sub: []*command{
		{name: "add", args: "TEXT [--prompt PROMPT] [--mood N] [--tag WORD]...", summary: "write an entry (creates the journal on first use); prints its id", run: func(c *cli, args []string) error {
			fs := c.flags("journal add")
			prompt := fs.String("prompt", "", "the prompt you wrote to")
			mood := fs.Int("mood", 5, "your mood, 0-10")
			var tags strList
			fs.Var(&tags, "tag", "a tag (repeatable)")
			pos, err := parse(fs, args, 1, 1)
			if err != nil {
				return err
			}
			return c.withJournal(true, func(_ *profile.Profile, j *doc.Journal) error {
				id, err := j.Add(doc.JournalEntry{Text: pos[0], Prompt: *prompt, Mood: *mood, Tags: tags})
				if err != nil {
					return err
				}
				c.printf("%s\n", id)
				if loops := j.Loops(time.Now()); len(loops) > 0 {
					fmt.Fprintf(c.stderr, "A gentle note: %q has come up in several recent entries. Reflection helps; going round in circles rarely does. Maybe a prompt could open another door.\n", loops[0].Word)
				}
				return nil
			})
		}},
		{name: "edit", args: "ID TEXT", summary: "rewrite the text of an entry (its prompt, mood and tags stay)", run: func(c *cli, args []string) error {
			pos, err := parse(c.flags("journal edit"), args, 2, 2)
			if err != nil {
				return err
			}
			return c.withJournal(false, func(_ *profile.Profile, j *doc.Journal) error {
				e, err := j.Entry(pos[0])
				if err != nil {
					return err
				}
				e.Text = pos[1]
				return j.Update(e)
			})
		}},
		{name: "list", args: "[--json]", summary: "list your entries", run: func(c *cli, args []string) error {
			fs := c.flags("journal list")
			asJSON := fs.Bool("json", false, "print JSON")
			if _, err := parse(fs, args, 0, 0); err != nil {
				return err
			}
			return c.withJournal(false, func(_ *profile.Profile, j *doc.Journal) error {
				return c.printEntries(j.Entries(), *asJSON)
			})
		}},
		{name: "search", args: "WORDS... [--json]", summary: "find entries holding every word", run: func(c *cli, args []string) error {
			fs := c.flags("journal search")
			asJSON := fs.Bool("json", false, "print JSON")
			pos, err := parse(fs, args, 1, -1)
			if err != nil {
				return err
			}
			return c.withJournal(false, func(_ *profile.Profile, j *doc.Journal) error {
				return c.printEntries(j.Search(strings.Join(pos, " ")), *asJSON)
			})
		}},
		{name: "prompts", summary: "show the reflection prompts", run: func(c *cli, args []string) error {
			if _, err := parse(c.flags("journal prompts"), args, 0, 0); err != nil {
				return err
			}
			for _, p := range doc.JournalPrompts {
				c.printf("%s\n", p)
			}
			return nil
		}},
	}}
}

func (c *cli) printEntries(es []doc.JournalEntry, asJSON bool) error {
	if es == nil {
		es = []doc.JournalEntry{}
	}
	if asJSON {
		return c.printJSON(es)
	}
	if len(es) == 0 {
		c.printf("Nothing here yet.\n")
		return nil
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	for _, e := range es {
		fmt.Fprintf(tw, "%s\t%s\tmood %d\t%s\n", e.ID, day(e.Time), e.Mood, oneLine(e.Text))
	}
	return tw.Flush()
}
