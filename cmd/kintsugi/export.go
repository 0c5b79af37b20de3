package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/kintsugi-app/kintsugi/app/export"
	"github.com/kintsugi-app/kintsugi/app/profile"
	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/internal/within"
)

func cmdExport(c *cli, args []string) error {
	fs := c.flags("export")
	format := fs.String("format", "", "md, pdf or json")
	from := fs.String("from", "", "first day, YYYY-MM-DD")
	to := fs.String("to", "", "last day, YYYY-MM-DD")
	withJournal := fs.Bool("journal", false, "include your private journal (asks for its passphrase)")
	title := fs.String("title", "", "the title")
	inShared := fs.Bool("in-shared-folder", false, "save inside the shared folder even so (it is not encrypted there)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if *format == "" {
		return usageError{"export: --format md|pdf|json is required"}
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		return usageError{"export: " + err.Error()}
	}
	opts := export.Options{Title: *title}
	if opts.From, opts.To, err = parseDays("export", *from, *to); err != nil {
		return err
	}
	if !opts.From.IsZero() && !opts.To.IsZero() && opts.From.After(opts.To) {
		return usageError{"export: " + export.ErrBadRange.Error()}
	}
	write := func(p *profile.Profile) error {
		// An export is not encrypted: inside the shared folder, the cloud
		// or sync tool would carry it off this laptop. The app asks; here
		// the flag is the answer.
		if folder := p.Settings().Folder; !*inShared && within.Folder(folder, pos[0]) {
			return usageError{fmt.Sprintf("export: %s is inside your shared folder (%s), which your cloud or sync tool copies, and an export is not encrypted. Choose another place, or add --in-shared-folder to save it there anyway", pos[0], folder)}
		}
		return writeFile(pos[0], func(w io.Writer) error {
			return export.Write(w, f, p.Doc(), opts)
		})
	}
	if *withJournal {
		return c.withJournal(false, func(p *profile.Profile, j *doc.Journal) error {
			opts.Journal = j
			return write(p)
		})
	}
	return c.withProfile(write)
}

// writeFile writes a new file atomically (crypto.WriteFileAtomic, mode
// 0600) with the content fill produces. It refuses to replace a file.
func writeFile(path string, fill func(w io.Writer) error) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%w: %s", profile.ErrFileExists, path)
	}
	var buf bytes.Buffer
	if err := fill(&buf); err != nil {
		return err
	}
	if err := crypto.WriteFileAtomic(path, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("failed to write %s: %w", path, err)
	}
	return nil
}
