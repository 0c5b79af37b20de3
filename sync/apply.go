package sync

import (
	"errors"
	"fmt"

	"github.com/kintsugi-app/kintsugi/doc"
)

// applyChanges merges encoded changes (from doc.Shared.ChangesSince) into d.
// The bytes must be authenticated. When the doc package cannot load the
// changes on their own (automerge-go's LoadChanges needs their
// dependencies in the same buffer), it loads them after a copy of d
// instead and merges that copy, which costs a save and a load of d.
func applyChanges(d *doc.Shared, changes []byte) error {
	err := d.ApplyChanges(changes)
	if err == nil || !errors.Is(err, doc.ErrCorrupt) {
		return err
	}
	other, lerr := doc.LoadShared(append(d.Save(), changes...))
	if lerr != nil {
		return fmt.Errorf("failed to load changes: %w", lerr)
	}
	return d.Merge(other)
}
