package doc

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	stdsync "sync"
	"time"
	"unicode"

	"github.com/kintsugi-app/kintsugi/internal/notify"
)

// Journal is a partner's private journal. It lives only on its owner's
// device: it is never part of the shared document and is never handed to
// sync. The profile stores [Journal.Save]'s bytes encrypted under the
// journal's own passphrase. [Journal.Subscribe] tells the profile's saver
// (and any screen) that it changed. It is safe for concurrent use.
type Journal struct {
	mu      stdsync.Mutex
	entries map[string]JournalEntry
	now     func() time.Time
	changed notify.Value[struct{}] // see Subscribe
}

// JournalEntry is one private reflection.
type JournalEntry struct {
	ID     string    `json:"id"`
	Time   time.Time `json:"time"`
	Prompt string    `json:"prompt,omitempty"`
	Text   string    `json:"text"`
	Mood   int       `json:"mood"` // 0–10
	Tags   []string  `json:"tags,omitempty"`
}

// JournalVersion is the version of the journal encoding. [LoadJournal]
// refuses a newer version with [ErrNewerSchema].
const JournalVersion = 1

// JournalPrompts are the reflection prompts the journal offers.
var JournalPrompts = []string{
	"What did I learn about myself through this?",
	"What does trust look like for me now?",
	"What do I need to feel emotionally safe right now?",
}

type journalFile struct {
	Kind    string         `json:"kind"`
	Version int            `json:"version"`
	Entries []JournalEntry `json:"entries"`
}

const journalKind = "kintsugi-journal"

// NewJournal returns an empty journal.
func NewJournal() *Journal {
	return &Journal{entries: map[string]JournalEntry{}}
}

// LoadJournal decodes a journal saved with [Journal.Save].
func LoadJournal(b []byte) (*Journal, error) {
	var f journalFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%w: journal: %v", ErrCorrupt, err)
	}
	if f.Kind != journalKind {
		return nil, fmt.Errorf("%w: not a journal", ErrCorrupt)
	}
	if f.Version > JournalVersion {
		return nil, fmt.Errorf("%w (journal version %d, this program %d)", ErrNewerSchema, f.Version, JournalVersion)
	}
	j := NewJournal()
	for _, e := range f.Entries {
		if e.ID == "" {
			return nil, fmt.Errorf("%w: journal entry without id", ErrCorrupt)
		}
		if _, dup := j.entries[e.ID]; dup {
			return nil, fmt.Errorf("%w: journal entry %q twice", ErrCorrupt, e.ID)
		}
		j.entries[e.ID] = e
	}
	return j, nil
}

// Save encodes the journal. The bytes are plaintext: encrypt them.
func (j *Journal) Save() []byte {
	f := journalFile{Kind: journalKind, Version: JournalVersion, Entries: j.Entries()}
	b, err := json.Marshal(f)
	if err != nil {
		panic(fmt.Sprintf("doc: journal: %v", err)) // plain data; cannot fail
	}
	return b
}

// SetClock replaces the journal's clock (time.Now by default).
func (j *Journal) SetClock(now func() time.Time) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.now = now
}

func (j *Journal) nowLocked() time.Time {
	if j.now != nil {
		return j.now()
	}
	return time.Now()
}

// Subscribe returns a channel that receives a value after an entry is
// added, updated or deleted. Signals coalesce: a slow reader sees one signal
// for many changes. cancel stops the subscription; the channel is never
// closed.
func (j *Journal) Subscribe() (changed <-chan struct{}, cancel func()) {
	return j.changed.Subscribe()
}

// notifyLocked signals every subscriber without blocking. Called with j.mu
// held, after a change.
func (j *Journal) notifyLocked() { j.changed.Set(struct{}{}) }

func cleanEntry(e JournalEntry) (JournalEntry, error) {
	text, err := cleanText("journal entry", e.Text)
	if err != nil {
		return e, err
	}
	e.Text = text
	if e.Prompt, err = optionalText("prompt", e.Prompt); err != nil {
		return e, err
	}
	if e.Mood < 0 || e.Mood > MaxScore {
		return e, fmt.Errorf("%w: mood %d is outside 0–10", ErrInvalid, e.Mood)
	}
	var tags []string
	seen := map[string]bool{}
	for _, t := range e.Tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		tags = append(tags, t)
	}
	e.Tags = tags
	return e, nil
}

// Add records an entry and returns its ID. A zero Time means now; e.ID is
// ignored. Tags are trimmed, lowercased and deduplicated.
func (j *Journal) Add(e JournalEntry) (string, error) {
	e, err := cleanEntry(e)
	if err != nil {
		return "", err
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("%w: failed to make an id: %v", ErrInternal, err)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	e.ID = hex.EncodeToString(b[:])
	if e.Time.IsZero() {
		e.Time = j.nowLocked()
	}
	j.entries[e.ID] = e
	j.notifyLocked()
	return e.ID, nil
}

// Update replaces the prompt, text, mood and tags of entry e.ID; its time
// is kept. An update that changes nothing does not signal subscribers.
func (j *Journal) Update(e JournalEntry) error {
	e, err := cleanEntry(e)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	old, ok := j.entries[e.ID]
	if !ok {
		return fmt.Errorf("%w: journal entry %q", ErrNotFound, e.ID)
	}
	e.Time = old.Time
	if e.Prompt == old.Prompt && e.Text == old.Text && e.Mood == old.Mood && slices.Equal(e.Tags, old.Tags) {
		return nil
	}
	j.entries[e.ID] = e
	j.notifyLocked()
	return nil
}

// Delete removes an entry.
func (j *Journal) Delete(id string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, ok := j.entries[id]; !ok {
		return fmt.Errorf("%w: journal entry %q", ErrNotFound, id)
	}
	delete(j.entries, id)
	j.notifyLocked()
	return nil
}

// Entry returns one entry.
func (j *Journal) Entry(id string) (JournalEntry, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	e, ok := j.entries[id]
	if !ok {
		return JournalEntry{}, fmt.Errorf("%w: journal entry %q", ErrNotFound, id)
	}
	return copyEntry(e), nil
}

func copyEntry(e JournalEntry) JournalEntry {
	e.Tags = append([]string(nil), e.Tags...)
	return e
}

// Entries returns every entry, oldest first.
func (j *Journal) Entries() []JournalEntry {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]JournalEntry, 0, len(j.entries))
	for _, e := range j.entries {
		out = append(out, copyEntry(e))
	}
	sortByTime(out, func(e JournalEntry) (time.Time, string) { return e.Time, e.ID })
	return out
}

// Search returns the entries whose text, prompt or tags contain every word
// of query, ignoring case, oldest first. An empty query matches everything.
func (j *Journal) Search(query string) []JournalEntry {
	words := strings.Fields(strings.ToLower(query))
	var out []JournalEntry
	for _, e := range j.Entries() {
		hay := strings.ToLower(e.Text + "\n" + e.Prompt + "\n" + strings.Join(e.Tags, " "))
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, e)
		}
	}
	return out
}

// Theme is a word that keeps returning in recent entries.
type Theme struct {
	Word    string   `json:"word"`
	Entries []string `json:"entries"` // IDs of the entries it appears in, oldest first
}

// LoopNote is the gentle note shown when [Journal.Loops] finds a theme.
const LoopNote = "You have come back to this a few times lately. That is okay. " +
	"If it feels like going round in circles, it might help to write about what you need next, " +
	"or to bring it to your partner or a counsellor."

// Loop detection looks at the entries of the last loopWindow and reports a
// word that appears in at least loopMin of them and in at least half.
const (
	loopWindow = 14 * 24 * time.Hour
	loopMin    = 3
)

// Loops returns the themes that recent entries (the two weeks before now)
// keep returning to, most frequent first: reflection, not rumination. A
// theme is a content word (or tag) found in at least three of those entries
// and in at least half of them.
func (j *Journal) Loops(now time.Time) []Theme {
	var recent []JournalEntry
	for _, e := range j.Entries() {
		if !e.Time.After(now) && now.Sub(e.Time) <= loopWindow {
			recent = append(recent, e)
		}
	}
	if len(recent) < loopMin {
		return nil
	}
	seen := map[string][]string{}
	for _, e := range recent {
		words := map[string]bool{}
		for _, w := range themeWords(e.Text) {
			words[w] = true
		}
		for _, t := range e.Tags {
			words[t] = true
		}
		for w := range words {
			seen[w] = append(seen[w], e.ID)
		}
	}
	var out []Theme
	for w, ids := range seen {
		if len(ids) >= loopMin && 2*len(ids) >= len(recent) {
			out = append(out, Theme{Word: w, Entries: ids})
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if len(out[a].Entries) != len(out[b].Entries) {
			return len(out[a].Entries) > len(out[b].Entries)
		}
		return out[a].Word < out[b].Word
	})
	return out
}

// themeWords returns the content words of text, lowercased and crudely
// stemmed ("texts", "texting" → "text").
func themeWords(text string) []string {
	fields := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\'' && r != '’'
	})
	var out []string
	for _, f := range fields {
		f = strings.Trim(f, "'’")
		if len([]rune(f)) < 4 || stopWords[f] {
			continue
		}
		out = append(out, stem(f))
	}
	return out
}

func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			return strings.TrimSuffix(w, suf)
		}
	}
	return w
}

var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`about above after again against also always because been before being
	below between both could didn't does doesn't doing don't down during each even every from further
	have having here hers herself himself into it's its itself just know like made make many maybe more
	most much myself never only other ought ours ourselves over really same should some still such than
	that that's their theirs them themselves then there there's these they they're thing things think
	this those through today very want wasn't were weren't what what's when where which while will with
	would yesterday your yours yourself felt feel feeling today's i'm i've i'd i'll we're we've can't
	won't going again something anything nothing time`) {
		m[w] = true
	}
	return m
}()
