package profile

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
)

// compactAfter is how many chunks the log may hold before Open rewrites it
// as one snapshot. Loading many small chunks is slow; compacting often is
// wasteful.
const compactAfter = 64

// docStore keeps a shared document in sync with its log: its saver
// appends every change as an incremental chunk.
type docStore struct {
	doc   *doc.Shared
	log   *crypto.Log
	saver *saver

	dirty bool // the saver's: a write failed, compact next time
}

// openLog opens the shared document's log in the profile folder.
func openLog(dir string, id *crypto.Identity) (*crypto.Log, error) {
	return crypto.OpenLog(dir, docLog, id.AgeIdentity(), id.AgeIdentity().Recipient())
}

// createDocStore writes a new log holding an empty document.
func createDocStore(dir string, id *crypto.Identity) (*docStore, error) {
	d := doc.NewShared()
	lg, err := openLog(dir, id)
	if err != nil {
		return nil, err
	}
	if _, _, err := lg.Load(); err != nil {
		return nil, err
	}
	if err := lg.Compact(d.Save()); err != nil {
		return nil, fmt.Errorf("failed to save the shared document: %w", err)
	}
	return startDocStore(d, lg), nil
}

// openDocStore loads the document from its log. A log file that cannot be
// read or authenticated gives a *DocumentDamagedError and is left
// untouched. A folder with no log file at all (the user moved them out, as
// that error advises) starts an empty document, which the next sync fills
// from the partner's copy.
func openDocStore(dir string, id *crypto.Identity) (*docStore, error) {
	lg, err := openLog(dir, id)
	if err != nil {
		return nil, err
	}
	snap, chunks, err := lg.Load()
	var ce *crypto.CorruptError
	switch {
	case errors.As(err, &ce):
		return nil, &DocumentDamagedError{Dir: dir, Path: ce.Path, Missing: !fileExists(ce.Path), Newest: ce.Newest, Err: err}
	case err != nil:
		return nil, fmt.Errorf("failed to read the shared document: %w", err)
	case snap == nil && len(chunks) == 0:
		d := doc.NewShared()
		if err := lg.Compact(d.Save()); err != nil {
			return nil, fmt.Errorf("failed to save the shared document: %w", err)
		}
		return startDocStore(d, lg), nil
	case snap == nil:
		// Create writes a snapshot first: chunks alone mean it was lost.
		return nil, &DocumentDamagedError{Dir: dir, Err: errors.New("the snapshot is missing")}
	}
	d, err := doc.LoadShared(bytes.Join(append([][]byte{snap}, chunks...), nil))
	if err != nil {
		if errors.Is(err, doc.ErrNewerSchema) {
			return nil, err
		}
		return nil, &DocumentDamagedError{Dir: dir, Err: err}
	}
	if len(chunks) > compactAfter {
		if err := lg.Compact(d.Save()); err != nil {
			return nil, fmt.Errorf("failed to compact the shared document: %w", err)
		}
	}
	// Loading allocated and freed far more than the document keeps.
	doc.ReleaseMemory()
	return startDocStore(d, lg), nil
}

func startDocStore(d *doc.Shared, lg *crypto.Log) *docStore {
	s := &docStore{doc: d, log: lg}
	// Everything loaded is on disk already; start counting changes from here.
	d.SaveIncremental()
	changed, cancel := d.Subscribe()
	s.saver = startSaver(changed, cancel, s.write)
	return s
}

// flush appends the changes not yet on disk.
func (s *docStore) flush() error { return s.saver.flush() }

// close stops the saver after the current write and flushes what is left.
func (s *docStore) close() error { return s.saver.close() }

// write appends the changes not yet on disk. After a failed write the next
// one rewrites the whole document instead, so nothing is lost. The saver
// serialises it: SaveIncremental and the write that follows are one step.
func (s *docStore) write() error {
	chunk := s.doc.SaveIncremental()
	var err error
	switch {
	case s.dirty:
		err = s.log.Compact(s.doc.Save())
	case len(chunk) > 0:
		err = s.log.Append(chunk)
	}
	if err != nil {
		s.dirty = true
		return fmt.Errorf("failed to save the shared document: %w", err)
	}
	s.dirty = false
	return nil
}

// Flush writes any change of the shared document not yet on disk. Changes
// are saved as they happen; Flush is for callers that must know they are.
func (p *Profile) Flush() error {
	return p.store.flush()
}
