// Package doc is Kintsugi's domain model: the shared document that both
// partners edit and sync, and the private journal that never leaves a device.
//
// # The shared document
//
// [Shared] is a typed API over one Automerge document. Callers never see
// Automerge paths or errors: every method validates its input first, so a
// rejected call changes nothing, and then makes exactly one Automerge commit
// with a short message. Records live in maps keyed by random IDs, so
// concurrent additions on two laptops never collide; free text that both
// partners may edit is Automerge text and merges character by character.
//
// Every Kintsugi document starts from the same deterministic genesis change
// (see [NewShared]), so the container maps have one identity everywhere and
// any two documents of the same couple merge without losing a record.
//
// # Records
//
// The couple ([Shared.SetCouple]) and the journey ([Shared.Journey]: start
// date, stage, pause) come first; every other call names a partner by peer
// ID and fails with [ErrNotPartner] for anyone else. Then: commitments with
// a kept/missed log per date and the partner's acknowledgement; needs;
// boundaries, in force once both agreed to the current wording; check-ins;
// positive interactions, noticed only by the other partner; the talk
// rituals; repair conversations in five rounds; four-part apologies (see
// [BlameShiftingPhrases]); questions with a reflection; the fixed milestone
// list; and the professional-help checklist ([Shared.HelpAdvice]). Lists
// come back sorted by time, then ID, as structs with JSON tags.
//
// Views computed on every call and never stored: [Shared.TrustAccount],
// [Shared.MilestoneProgress], [Shared.Counts] and [Shared.Since]; and the
// period views behind Insights ([Range], [Shared.Insights],
// [Shared.Timeline]): per partner, per day, week or month.
//
// # The private journal
//
// [Journal] is a separate type that is never part of the shared document
// and is never handed to sync. Its [Journal.Save] bytes are plaintext for
// the profile to encrypt under the journal's own passphrase.
//
// # Schema versions
//
// The document carries a schema version ([SchemaVersion]). The rule:
//   - A program meeting a document of its own or an older version reads it
//     and, on its first edit, records its own version (upgrades are additive:
//     new fields and new maps only, never a changed meaning of an old one).
//   - A program meeting a document of a newer version refuses it with
//     [ErrNewerSchema] and does not touch it: the user is asked to update.
//     Changes from a newer partner ([Shared.ApplyChanges],
//     [Shared.ReceiveSyncMessage]) are refused with the same error. The core
//     cannot roll back, so the refused changes stay in memory, but they are
//     never handed to [Shared.SaveIncremental], and from then on every edit
//     of that document fails with ErrNewerSchema.
//
// # Syncing
//
// [Shared.NewSyncState], [Shared.GenerateSyncMessage] and
// [Shared.ReceiveSyncMessage] wrap Automerge's sync protocol; [Shared.Subscribe]
// tells listeners (the sync node, the screens, the profile's saver) that the
// document changed. Only authenticated bytes from the paired partner may be
// given to ReceiveSyncMessage, LoadShared or ApplyChanges: the Automerge core
// aborts the process on a panic, which Go cannot recover.
package doc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	stdsync "sync"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/kintsugi-app/kintsugi/internal/notify"
)

// SchemaVersion is the version of the document layout this package writes.
const SchemaVersion = 1

// genesisActor is the fixed actor of the genesis change. Together with a
// fixed time and fixed operations it makes the genesis change byte-identical
// in every document, so its hash is the same everywhere.
const genesisActor = "6b696e74737567690000000000000000" // "kintsugi" in hex, padded

// Top-level keys of the document. They are created in the genesis change.
const (
	keyMeta = "meta"
)

// containerKeys are the maps created in the genesis change. Record kinds add
// their key here; the order is part of the genesis and must never change.
// New kinds in later schema versions are appended after the genesis, not here.
var containerKeys = []string{
	keyMeta,
	"couple",
	"journey",
	"commitments",
	"needs",
	"boundaries",
	"checkins",
	"interactions",
	"rituals",
	"repairs",
	"apologies",
	"questions",
	"milestones",
	"help",
}

// Errors returned by the package. Callers branch on them with errors.Is.
var (
	// ErrCorrupt means the bytes are not a readable Kintsugi document.
	ErrCorrupt = errors.New("document is damaged or not a kintsugi document")
	// ErrNewerSchema means the document was written by a newer Kintsugi.
	ErrNewerSchema = errors.New("document was written by a newer version of kintsugi; please update")
	// ErrNotFound means no record has the given ID.
	ErrNotFound = errors.New("no record with that id")
	// ErrEmptyText means a required text was empty or only spaces.
	ErrEmptyText = errors.New("text is empty")
	// ErrInvalid means an argument is outside what the record allows
	// (a score outside 0–10, an unknown cadence, status or kind).
	ErrInvalid = errors.New("invalid value")
	// ErrNotPartner means a peer ID is not one of the couple's two partners.
	ErrNotPartner = errors.New("not one of the couple's partners")
	// ErrNotYours means a partner tried to change the other partner's own
	// words or marks: each partner edits, undoes and retires only their own.
	ErrNotYours = errors.New("only the partner who wrote it can change it")
	// ErrPrivate means what was given is private to this device (a check-in
	// note not shared, the sign of abuse or ongoing harm) and so is not the
	// shared document's to hold.
	ErrPrivate = errors.New("private to this device, not for the shared document")
	// ErrInternal wraps an unexpected failure inside the Automerge core.
	ErrInternal = errors.New("internal document error")
)

// automergeMagic starts every encoded Automerge document, change and chunk.
var automergeMagic = []byte{0x85, 0x6f, 0x4a, 0x83}

// Hash identifies one change in the document's history.
type Hash [32]byte

// String returns the hash in hex.
func (h Hash) String() string { return automerge.ChangeHash(h).String() }

// Shared is the document both partners edit. It is safe for concurrent use.
type Shared struct {
	mu      stdsync.Mutex
	am      *automerge.Doc
	changed notify.Value[struct{}] // see Subscribe

	now func() time.Time // the clock; see SetClock
	ids io.Reader        // the source of record IDs; see SetIDSource

	// unsaved holds the encoded changes since the last Save or
	// SaveIncremental. The core's own SaveIncremental walks the whole
	// history (milliseconds on a year of edits); this costs microseconds.
	unsaved []byte
	// queued holds changes received ahead of their dependencies, not
	// yet in the document (see ReceiveSyncMessage).
	queued []*automerge.Change

	// newer is set once changes from a newer schema were refused: the
	// document then refuses every edit.
	newer bool

	// author is the partner who makes this device's edits (SetAuthor);
	// every commit records it so Since needs no replay.
	author string
}

// NewShared returns an empty shared document. Its first change is the
// deterministic genesis, identical in every Kintsugi document.
func NewShared() *Shared {
	am := automerge.New()
	if err := am.SetActorID(genesisActor); err != nil {
		panic(fmt.Sprintf("doc: genesis actor: %v", err)) // a constant; cannot fail
	}
	root := am.RootMap()
	for _, k := range containerKeys {
		if err := root.Set(k, automerge.NewMap()); err != nil {
			panic(fmt.Sprintf("doc: genesis: %v", err))
		}
	}
	epoch := time.Unix(0, 0).UTC()
	if _, err := am.Commit("genesis", automerge.CommitOptions{Time: &epoch}); err != nil {
		panic(fmt.Sprintf("doc: genesis commit: %v", err))
	}
	if err := am.SetActorID(automerge.NewActorID()); err != nil {
		panic(fmt.Sprintf("doc: actor: %v", err))
	}
	s := &Shared{am: am}
	return s
}

// LoadShared reads a document saved with [Shared.Save], followed by any
// number of incremental chunks. Only authenticated bytes may be given.
func LoadShared(b []byte) (*Shared, error) {
	am, err := automerge.Load(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	s := &Shared{am: am}
	if err := s.checkSchemaLocked(); err != nil {
		return nil, err
	}
	return s, nil
}

// checkSchemaLocked verifies the genesis maps exist and the schema is not newer.
//
// Only a change can make either untrue, so after a load it runs only for a
// sync message or changes that brought at least one change into the
// document: not for the many messages that only say what each side has.
func (s *Shared) checkSchemaLocked() error {
	// One range over the root reads every container in one call into the
	// core: about 0.6x the time of one lookup per container.
	vals, err := s.am.RootMap().Values()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	for _, k := range containerKeys {
		if v, ok := vals[k]; !ok || v.Kind() != automerge.KindMap {
			return fmt.Errorf("%w: missing %q", ErrCorrupt, k)
		}
	}
	if v := schemaOf(vals[keyMeta].Map()); v > SchemaVersion {
		return fmt.Errorf("%w (document version %d, this program %d)", ErrNewerSchema, v, SchemaVersion)
	}
	return nil
}

// schemaOf reads the schema version from the meta map.
func schemaOf(meta *automerge.Map) int {
	v, err := meta.Get("schema")
	if err != nil || v.Kind() != automerge.KindInt64 {
		return 0 // only the genesis so far
	}
	return int(v.Int64())
}

func (s *Shared) schemaLocked() int {
	v, err := s.am.Path(keyMeta, "schema").Get()
	if err != nil || v.Kind() != automerge.KindInt64 {
		return 0 // only the genesis so far
	}
	return int(v.Int64())
}

// Schema returns the schema version recorded in the document (0 for a
// document that has only its genesis).
func (s *Shared) Schema() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.schemaLocked()
}

// Save returns the whole document, compacted. It does not touch what
// SaveIncremental will return: a snapshot made for the partner or a bundle
// must not make the profile's saver skip changes it has not written yet.
func (s *Shared) Save() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.am.Save()
}

// SaveIncremental returns the changes since the last SaveIncremental.
// Appending these chunks after a saved document and loading the
// concatenation with [LoadShared] gives the current document.
func (s *Shared) SaveIncremental() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.unsaved
	s.unsaved = nil
	return b
}

// keepLocked records changes for the next SaveIncremental.
func (s *Shared) keepLocked(hs []automerge.ChangeHash) {
	for _, h := range hs {
		ch, err := s.am.Change(h)
		if err != nil {
			continue // not in the document: nothing to save
		}
		s.unsaved = append(s.unsaved, ch.Save()...)
	}
}

// Heads returns the hashes of the newest changes.
func (s *Shared) Heads() []Hash {
	s.mu.Lock()
	defer s.mu.Unlock()
	return toHashes(s.am.Heads())
}

// HasHeads reports whether the document holds every change named by heads
// (and so everything before them).
func (s *Shared) HasHeads(heads []Hash) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range heads {
		if _, err := s.am.Change(automerge.ChangeHash(h)); err != nil {
			return false
		}
	}
	return true
}

// Covers reports whether every change named by of is one of heads or an
// ancestor of them: whether a device at heads holds all of of. Changes
// this document does not hold, in heads or in of, give false.
func (s *Shared) Covers(heads, of []Hash) bool {
	if len(of) == 0 {
		return true
	}
	if len(heads) == 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	hs := make([]automerge.ChangeHash, len(heads))
	for i, h := range heads {
		hs[i] = automerge.ChangeHash(h)
	}
	for _, h := range of {
		if _, err := s.am.Change(automerge.ChangeHash(h)); err != nil {
			return false
		}
	}
	after, err := s.am.Changes(hs...)
	if err != nil {
		return false
	}
	newer := make(map[automerge.ChangeHash]bool, len(after))
	for _, ch := range after {
		newer[ch.Hash()] = true
	}
	for _, h := range of {
		if newer[automerge.ChangeHash(h)] {
			return false
		}
	}
	return true
}

// ChangesSince returns the encoded changes that are not ancestors of heads
// (all changes when heads is empty), for an offline bundle.
func (s *Shared) ChangesSince(heads []Hash) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	hs := make([]automerge.ChangeHash, len(heads))
	for i, h := range heads {
		hs[i] = automerge.ChangeHash(h)
	}
	chs, err := s.am.Changes(hs...)
	if err != nil {
		// Unknown heads: the partner knows changes we do not; send all.
		chs, err = s.am.Changes()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInternal, err)
		}
	}
	return automerge.SaveChanges(chs), nil
}

// ApplyChanges merges changes encoded by [Shared.ChangesSince]. Applying the
// same changes twice is harmless. Only authenticated bytes may be given.
func (s *Shared) ApplyChanges(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	// The core silently ignores bytes it cannot read as changes.
	if !bytes.HasPrefix(b, automergeMagic) {
		return fmt.Errorf("%w: not encoded changes", ErrCorrupt)
	}
	s.mu.Lock()
	before := s.am.Heads()
	// LoadIncremental reads the concatenated changes directly. Apply with
	// the parsed changes is far slower and, for thousands of changes,
	// exhausts memory in this version of the core.
	err := s.am.LoadIncremental(b)
	changed := !sameHeads(before, s.am.Heads())
	if err == nil && changed {
		err = s.checkSchemaLocked()
	}
	if errors.Is(err, ErrNewerSchema) {
		s.newer = true
	} else if changed && err == nil {
		// Known changes in b are harmless duplicates when loading.
		s.unsaved = append(s.unsaved, b...)
	}
	s.mu.Unlock()
	if err != nil {
		if errors.Is(err, ErrNewerSchema) || errors.Is(err, ErrCorrupt) {
			return err
		}
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if changed {
		s.notify()
	}
	return nil
}

// Merge merges another document into s, as after loading a snapshot from
// the partner.
func (s *Shared) Merge(other *Shared) error {
	if other == s {
		return nil
	}
	other.mu.Lock()
	snap := other.am.Save()
	other.mu.Unlock()
	o, err := automerge.Load(snap)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInternal, err)
	}
	s.mu.Lock()
	before := s.am.Heads()
	// The core's Merge returns the new heads, not the changes it applied:
	// keep every change that is new since before.
	_, err = s.am.Merge(o)
	changed := !sameHeads(before, s.am.Heads())
	if err == nil && changed {
		var chs []*automerge.Change
		if chs, err = s.am.Changes(before...); err == nil {
			for _, ch := range chs {
				s.unsaved = append(s.unsaved, ch.Save()...)
			}
		}
	}
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInternal, err)
	}
	if changed {
		s.notify()
	}
	return nil
}

// Fork returns an independent copy of the document with its own actor.
func (s *Shared) Fork() (*Shared, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	am, err := s.am.Fork()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInternal, err)
	}
	return &Shared{am: am, now: s.now}, nil
}

// Subscribe returns a channel that receives a value after the document
// changes, by a local commit or by merging the partner's changes. Signals
// coalesce: a slow reader sees one signal for many changes. cancel stops the
// subscription.
func (s *Shared) Subscribe() (changed <-chan struct{}, cancel func()) {
	return s.changed.Subscribe()
}

// notify wakes the subscribers without blocking.
func (s *Shared) notify() { s.changed.Set(struct{}{}) }

// change runs edit on the root map and commits it with msg as one change.
// edit must validate everything before its first write: Automerge has no
// rollback, so a failure after a write would leave a partial edit.
func (s *Shared) change(msg string, edit func(root *automerge.Map) error) error {
	s.mu.Lock()
	if s.newer {
		s.mu.Unlock()
		return fmt.Errorf("%w: it holds changes from a newer partner", ErrNewerSchema)
	}
	err := edit(s.am.RootMap())
	if err == errNoChange {
		s.mu.Unlock()
		return nil
	}
	if err == nil && s.schemaLocked() < SchemaVersion {
		err = s.am.Path(keyMeta, "schema").Set(int64(SchemaVersion))
	}
	if err == nil {
		t := s.nowLocked()
		var h automerge.ChangeHash
		h, err = s.am.Commit(withAuthor(msg, s.author), automerge.CommitOptions{Time: &t})
		if err != nil && err.Error() == "Commit is empty" {
			// Every write set a value the document already held.
			s.mu.Unlock()
			return nil
		}
		if err == nil {
			s.keepLocked([]automerge.ChangeHash{h})
		}
	}
	s.mu.Unlock()
	if err != nil {
		if isOwnError(err) {
			return err
		}
		return fmt.Errorf("%w: %v", ErrInternal, err)
	}
	s.notify()
	return nil
}

func isOwnError(err error) bool {
	for _, e := range []error{ErrCorrupt, ErrNewerSchema, ErrNotFound, ErrEmptyText, ErrInvalid, ErrNotPartner, ErrNotYours, ErrInternal} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func toHashes(hs []automerge.ChangeHash) []Hash {
	out := make([]Hash, len(hs))
	for i, h := range hs {
		out[i] = Hash(h)
	}
	return out
}

func sameHeads(a, b []automerge.ChangeHash) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// SetAuthor names the partner (peer ID) who makes this device's edits. Every
// later commit records it after its message, so [Shared.Since] can say who
// changed what without replaying history. The profile sets it on open.
func (s *Shared) SetAuthor(peerID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.author = peerID
}

// authorSep separates a commit message from the author it records.
const authorSep = "\n\x00by "

func withAuthor(msg, author string) string {
	if author == "" {
		return msg
	}
	return msg + authorSep + author
}

// splitAuthor undoes withAuthor; author is "" for commits that record none.
func splitAuthor(full string) (msg, author string) {
	msg, author, _ = strings.Cut(full, authorSep)
	return msg, author
}
