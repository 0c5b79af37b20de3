package profile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"

	"github.com/kintsugi-app/kintsugi/crypto"
)

// The metadata files (partner.age, settings.age, syncstate.age and
// profile.age) are authenticated as the document log is: each carries the
// kintsugi-auth stanza bound to its name (crypto.WriteAuthenticated), so
// only the holder of the key can write one, and one cannot stand in for
// another. Anyone who knows the public key (every invite carries it) can
// still encrypt a file to it, but not one that is accepted.
//
// So that a file deleted, or put back as an older copy, is seen too, each
// of the three files carries a version, and profile.age records the
// version last written of each. A write writes the file with the next
// version, then profile.age: after a crash in between, the file is one
// version ahead, which is accepted. Forgetting a file (unpairing) writes it
// again with no content rather than deleting it.

// envelope is the content of a versioned metadata file.
type envelope struct {
	Version uint64          `json:"version"`
	Data    json.RawMessage `json:"data"` // null: removed
}

// writeMeta writes profile.age with the versions of the other files.
// The caller holds fileMu, or has the profile to itself.
func (p *Profile) writeMeta() error {
	m := p.meta
	m.Files = maps.Clone(p.files)
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("failed to encode %s: %w", metaFile, err)
	}
	if err := crypto.WriteAuthenticated(p.path(metaFile), b, p.id.AgeIdentity()); err != nil {
		return fmt.Errorf("failed to save %s: %w", metaFile, err)
	}
	return nil
}

// readMeta reads profile.age into p.meta and p.files. It must exist.
func (p *Profile) readMeta() error {
	b, err := crypto.ReadAuthenticated(p.path(metaFile), p.id.AgeIdentity())
	if err != nil {
		return damaged(metaFile, err)
	}
	var m meta
	if err := json.Unmarshal(b, &m); err != nil {
		return damaged(metaFile, err)
	}
	p.meta = m
	p.files = m.Files
	if p.files == nil {
		p.files = map[string]uint64{}
	}
	return nil
}

// damaged is the error for a metadata file that cannot be trusted.
func damaged(name string, err error) error {
	return fmt.Errorf("%w: %s: %v. Nothing was changed. Restoring with your recovery file "+
		"(kintsugi identity import RECOVERY-FILE) moves it aside and keeps everything else", ErrDamaged, name, err)
}

// errOutOfStep means a file's version is not the one profile.age records.
var errOutOfStep = errors.New("it is not the version saved last: it was replaced by an older copy, or profile.age was")

// writeJSON writes v (nil: removed) as the next version of the metadata
// file name, then records it in profile.age.
func (p *Profile) writeJSON(name string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("failed to encode %s: %w", name, err)
	}
	p.fileMu.Lock()
	defer p.fileMu.Unlock()
	ver := p.files[name] + 1
	b, err := json.Marshal(envelope{Version: ver, Data: data})
	if err != nil {
		return fmt.Errorf("failed to encode %s: %w", name, err)
	}
	if err := crypto.WriteAuthenticated(p.path(name), b, p.id.AgeIdentity()); err != nil {
		return fmt.Errorf("failed to save %s: %w", name, err)
	}
	p.files[name] = ver
	p.ahead = ""
	return p.writeMeta()
}

// readEnvelope reads a metadata file and checks who wrote it, not its version.
func (p *Profile) readEnvelope(name string) (envelope, error) {
	var e envelope
	b, err := crypto.ReadAuthenticated(p.path(name), p.id.AgeIdentity())
	if errors.Is(err, fs.ErrNotExist) {
		return e, err
	}
	if err != nil {
		return e, damaged(name, err)
	}
	if err := json.Unmarshal(b, &e); err != nil || e.Version == 0 {
		return e, damaged(name, fmt.Errorf("unreadable content: %v", err))
	}
	return e, nil
}

// readJSON reads the metadata file name into v. A file never written, or
// removed, gives an error matching fs.ErrNotExist; one that is missing,
// forged, swapped or rolled back gives ErrDamaged and is left as it is.
func (p *Profile) readJSON(name string, v any) error {
	p.fileMu.Lock()
	defer p.fileMu.Unlock()
	want := p.files[name]
	e, err := p.readEnvelope(name)
	switch {
	case errors.Is(err, fs.ErrNotExist) && want == 0:
		return err
	case errors.Is(err, fs.ErrNotExist):
		return damaged(name, errors.New("it is missing"))
	case err != nil:
		return err
	case e.Version != want && e.Version != want+1:
		return damaged(name, errOutOfStep)
	case e.Version == want+1:
		// One ahead: a crash before profile.age was written. Writes are
		// one at a time, so only one file can be: more means profile.age
		// was put back as an older copy.
		if p.ahead != "" && p.ahead != name {
			return damaged(metaFile, errOutOfStep)
		}
		p.ahead = name
	}
	p.files[name] = e.Version
	if string(e.Data) == "null" {
		return fmt.Errorf("%s: %w", name, fs.ErrNotExist)
	}
	if err := json.Unmarshal(e.Data, v); err != nil {
		return damaged(name, err)
	}
	return nil
}
