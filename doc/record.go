package doc

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/automerge/automerge-go"
)

// errNoChange tells change that the edit found nothing to do: no commit.
var errNoChange = errors.New("no change")

// DateLayout is the layout of the civil dates that key per-day logs.
const DateLayout = "2006-01-02"

// DateOf returns the civil date of t in t's location, as used by
// [Shared.MarkCommitment].
func DateOf(t time.Time) string { return t.Format(DateLayout) }

// SetClock replaces the clock that stamps records and commits (time.Now by
// default). It is meant for tests, demos and history generators.
func (s *Shared) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// SetIDSource replaces the source of random record IDs (crypto/rand by
// default), so a generator can be deterministic. Two documents that are
// edited apart must never share a source: their IDs would collide.
func (s *Shared) SetIDSource(r io.Reader) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids = r
}

func (s *Shared) nowLocked() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// newIDLocked returns a fresh random record ID: 16 hex digits.
func (s *Shared) newIDLocked() (string, error) {
	var b [8]byte
	r := s.ids
	if r == nil {
		r = rand.Reader
	}
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("%w: failed to make an id: %v", ErrInternal, err)
	}
	return hex.EncodeToString(b[:]), nil
}

// rec is one record read from the document: its keys and values.
type rec map[string]*automerge.Value

func (r rec) str(k string) string {
	v := r[k]
	if v == nil {
		return ""
	}
	switch v.Kind() {
	case automerge.KindStr:
		return v.Str()
	case automerge.KindText:
		s, err := v.Text().Get()
		if err != nil {
			return ""
		}
		return s
	}
	return ""
}

func (r rec) int(k string) int64 {
	v := r[k]
	if v == nil {
		return 0
	}
	switch v.Kind() {
	case automerge.KindInt64:
		return v.Int64()
	case automerge.KindUint64:
		return int64(v.Uint64())
	case automerge.KindFloat64:
		return int64(v.Float64())
	}
	return 0
}

func (r rec) bool(k string) bool {
	v := r[k]
	return v != nil && v.Kind() == automerge.KindBool && v.Bool()
}

// time reads Unix milliseconds; absent or zero reads as the zero time.
func (r rec) time(k string) time.Time { return msTime(r.int(k)) }

func msTime(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

// sub reads a nested map; absent reads as empty.
func (r rec) sub(k string) rec {
	v := r[k]
	if v == nil || v.Kind() != automerge.KindMap {
		return nil
	}
	vals, err := v.Map().Values()
	if err != nil {
		return nil
	}
	return rec(vals)
}

// fieldsLocked reads the fields of one of the genesis maps; absent or
// unreadable reads as empty.
func (s *Shared) fieldsLocked(container string) rec {
	c, err := s.containerLocked(container)
	if err != nil {
		return nil
	}
	vals, err := c.Values()
	if err != nil {
		return nil
	}
	return rec(vals)
}

// containerLocked returns one of the genesis maps.
func (s *Shared) containerLocked(key string) (*automerge.Map, error) {
	v, err := s.am.RootMap().Get(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInternal, err)
	}
	if v.Kind() != automerge.KindMap {
		return nil, fmt.Errorf("%w: missing %q", ErrCorrupt, key)
	}
	return v.Map(), nil
}

// recordLocked returns the map of record id in container, or ErrNotFound.
func (s *Shared) recordLocked(container, id string) (*automerge.Map, error) {
	c, err := s.containerLocked(container)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, fmt.Errorf("%w: empty id", ErrNotFound)
	}
	v, err := c.Get(id)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInternal, err)
	}
	if v.Kind() != automerge.KindMap {
		return nil, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	return v.Map(), nil
}

// readLocked reads record id in container.
func (s *Shared) readLocked(container, id string) (rec, *automerge.Map, error) {
	m, err := s.recordLocked(container, id)
	if err != nil {
		return nil, nil, err
	}
	vals, err := m.Values()
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrInternal, err)
	}
	return rec(vals), m, nil
}

// allLocked reads every record of a container, keyed by ID.
func (s *Shared) allLocked(container string) map[string]rec {
	c, err := s.containerLocked(container)
	if err != nil {
		return nil
	}
	vals, err := c.Values()
	if err != nil {
		return nil
	}
	out := make(map[string]rec, len(vals))
	for id, v := range vals {
		if v.Kind() != automerge.KindMap {
			continue
		}
		r, err := v.Map().Values()
		if err != nil {
			continue
		}
		out[id] = rec(r)
	}
	return out
}

// newRecordLocked creates record id in container and sets its fields.
// Values of type string are plain strings; *automerge.Text and nested
// *automerge.Map values are created in place. It must be called only after
// all validation.
func (s *Shared) newRecordLocked(container, id string, fields map[string]any) error {
	c, err := s.containerLocked(container)
	if err != nil {
		return err
	}
	m := automerge.NewMap()
	if err := c.Set(id, m); err != nil {
		return err
	}
	// A fixed order keeps generated documents deterministic.
	for _, k := range sortedKeys(fields) {
		if err := m.Set(k, fields[k]); err != nil {
			return err
		}
	}
	return nil
}

// Write-once records (check-ins, and the fixed part of positive
// interactions) keep the fields that never change in one JSON string under
// keyPacked. The Automerge core loads every operation on its own, and
// loading dominates start-up: one value instead of seven to a record makes
// the five-year history load about a fifth faster. Fields that may change
// later (an interaction's notice) stay keys of their own, so concurrent
// edits still merge field by field. Records written as separate keys by
// earlier builds are still read.
const keyPacked = "v"

// pack encodes a record's write-once fields.
func pack(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrInternal, err)
	}
	return string(b), nil
}

// writeFlat makes new write-once records use the earlier layout, one key
// per field. Only the benchmarks set it, to measure what packing saves.
var writeFlat bool

// writeOnceFields returns the fields of a new write-once record: packed
// holds them for keyPacked, flat is the same as one key per field.
func writeOnceFields(packed any, flat map[string]any) (map[string]any, error) {
	if writeFlat {
		return flat, nil
	}
	v, err := pack(packed)
	if err != nil {
		return nil, err
	}
	return map[string]any{keyPacked: v}, nil
}

// unpack decodes the write-once fields of r into v, reporting whether r
// holds them packed.
func (r rec) unpack(v any) bool {
	p := r[keyPacked]
	if p == nil || p.Kind() != automerge.KindStr {
		return false
	}
	return json.Unmarshal([]byte(p.Str()), v) == nil
}

// cleanText trims text and reports ErrEmptyText when nothing is left.
func cleanText(what, text string) (string, error) {
	t := strings.TrimSpace(text)
	if t == "" {
		return "", fmt.Errorf("%w: %s", ErrEmptyText, what)
	}
	if !utf8.ValidString(t) {
		return "", fmt.Errorf("%w: %s is not valid utf-8", ErrInvalid, what)
	}
	return t, nil
}

// optionalText trims text that may be empty.
func optionalText(what, text string) (string, error) {
	t := strings.TrimSpace(text)
	if !utf8.ValidString(t) {
		return "", fmt.Errorf("%w: %s is not valid utf-8", ErrInvalid, what)
	}
	return t, nil
}

// parseDate validates a civil date "2006-01-02".
func parseDate(date string) (string, error) {
	t, err := time.Parse(DateLayout, date)
	if err != nil || t.Format(DateLayout) != date {
		return "", fmt.Errorf("%w: date %q is not YYYY-MM-DD", ErrInvalid, date)
	}
	return date, nil
}

// spliceText edits the Automerge text at key of m to become text, with one
// splice covering only what differs (common prefix and suffix kept), so a
// concurrent edit elsewhere in the same text merges character by character.
func spliceText(m *automerge.Map, key, text string) error {
	v, err := m.Get(key)
	if err != nil {
		return err
	}
	if v.Kind() != automerge.KindText {
		return m.Set(key, automerge.NewText(text))
	}
	t := v.Text()
	old, err := t.Get()
	if err != nil {
		return err
	}
	pos, del, ins := textDiff(old, text)
	if del == 0 && ins == "" {
		return nil
	}
	return t.Splice(pos, del, ins)
}

// textDiff returns the single splice (in runes) that turns a into b.
func textDiff(a, b string) (pos, del int, ins string) {
	ra, rb := []rune(a), []rune(b)
	p := 0
	for p < len(ra) && p < len(rb) && ra[p] == rb[p] {
		p++
	}
	sa, sb := len(ra), len(rb)
	for sa > p && sb > p && ra[sa-1] == rb[sb-1] {
		sa--
		sb--
	}
	return p, sa - p, string(rb[p:sb])
}

// textOf reads the Automerge text (or string) at key of m.
func textOf(m *automerge.Map, key string) string {
	v, err := m.Get(key)
	if err != nil {
		return ""
	}
	return rec{key: v}.str(key)
}

// sortByTime sorts records by time, then ID, for stable lists.
func sortByTime[T any](xs []T, key func(T) (time.Time, string)) {
	sort.SliceStable(xs, func(i, j int) bool {
		ti, ii := key(xs[i])
		tj, ij := key(xs[j])
		if !ti.Equal(tj) {
			return ti.Before(tj)
		}
		return ii < ij
	})
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
