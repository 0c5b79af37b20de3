package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	stdsync "sync"
	"time"

	qrcode "github.com/skip2/go-qrcode"
)

// This file holds in-memory implementations of the domain interfaces. They
// back the screen tests, and the demo when no real profile is at hand: two
// memory sessions that share one memStore behave like two paired laptops
// whose sync is instant.

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func dayKey(t time.Time) string { return t.Format("2006-01-02") }

// memStore is a Store held in memory.
type memStore struct {
	mu           stdsync.Mutex
	subs         map[int]chan struct{}
	next         int
	now          func() time.Time
	commitments  []Commitment
	checkins     []CheckIn
	needs        []Need
	boundaries   []Boundary
	interactions []Interaction
	questions    []Question
	apologies    []Apology
	repairs      []Repair
	milestones   map[string][]string
	start        time.Time
	stage        int
	help         map[string]bool
	pause        *Pause
	rituals      Rituals
}

func newMemStore() *memStore {
	return &memStore{now: time.Now, milestones: map[string][]string{}, help: map[string]bool{},
		rituals: Rituals{DailyTalk: "20:30", WeeklyMeet: "Sunday 18:00"}}
}

func (m *memStore) Subscribe() (<-chan struct{}, func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.subs == nil {
		m.subs = map[int]chan struct{}{}
	}
	ch := make(chan struct{}, 1)
	id := m.next
	m.next++
	m.subs[id] = ch
	return ch, func() { m.mu.Lock(); delete(m.subs, id); m.mu.Unlock() }
}

// edit runs f under the lock and signals subscribers when it succeeds.
func (m *memStore) edit(f func() error) error {
	m.mu.Lock()
	err := f()
	if err == nil {
		for _, ch := range m.subs {
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}
	m.mu.Unlock()
	return err
}

var errEmpty = fmt.Errorf("text is empty")
var errNoRecord = fmt.Errorf("no record with that id")

func blank(s string) bool { return strings.TrimSpace(s) == "" }

func (m *memStore) Commitments() []Commitment {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Commitment, len(m.commitments))
	for i, c := range m.commitments {
		c.Log = maps(c.Log)
		out[i] = c
	}
	return out
}

func maps(in map[string]Mark) map[string]Mark {
	out := make(map[string]Mark, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

func (m *memStore) AddCommitment(owner, text string, c Cadence) error {
	if blank(text) {
		return errEmpty
	}
	return m.edit(func() error {
		m.commitments = append(m.commitments, Commitment{ID: newID(), Owner: owner, Text: strings.TrimSpace(text), Cadence: c, Created: m.now(), Log: map[string]Mark{}})
		return nil
	})
}

func (m *memStore) findCommitment(id string) (*Commitment, error) {
	for i := range m.commitments {
		if m.commitments[i].ID == id {
			return &m.commitments[i], nil
		}
	}
	return nil, errNoRecord
}

func (m *memStore) MarkCommitment(id string, day time.Time, kept bool) error {
	return m.edit(func() error {
		c, err := m.findCommitment(id)
		if err != nil {
			return err
		}
		c.Log[dayKey(day)] = Mark{Kept: kept}
		return nil
	})
}

func (m *memStore) AcknowledgeCommitment(id string, day time.Time) error {
	return m.edit(func() error {
		c, err := m.findCommitment(id)
		if err != nil {
			return err
		}
		mk := c.Log[dayKey(day)]
		mk.Acked = true
		c.Log[dayKey(day)] = mk
		return nil
	})
}

func (m *memStore) CheckIns() []CheckIn {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.checkins)
}

func (m *memStore) AddCheckIn(c CheckIn) error {
	for _, v := range []int{c.Safety, c.Trust, c.Connection} {
		if v < 0 || v > 10 {
			return fmt.Errorf("score %d is outside 0–10", v)
		}
	}
	return m.edit(func() error {
		c.ID = newID()
		if c.At.IsZero() {
			c.At = m.now()
		}
		m.checkins = append(m.checkins, c)
		return nil
	})
}

func (m *memStore) Needs() []Need {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.needs)
}

func (m *memStore) AddNeed(owner, text string) error {
	if blank(text) {
		return errEmpty
	}
	return m.edit(func() error {
		m.needs = append(m.needs, Need{ID: newID(), Owner: owner, Text: strings.TrimSpace(text), Status: NeedOpen, Created: m.now()})
		return nil
	})
}

func (m *memStore) findNeed(id string) (*Need, error) {
	for i := range m.needs {
		if m.needs[i].ID == id {
			return &m.needs[i], nil
		}
	}
	return nil, errNoRecord
}

func (m *memStore) SetNeedStatus(id string, s NeedStatus) error {
	return m.edit(func() error {
		n, err := m.findNeed(id)
		if err == nil {
			n.Status = s
		}
		return err
	})
}

func (m *memStore) RespondToNeed(id, response string) error {
	return m.edit(func() error {
		n, err := m.findNeed(id)
		if err == nil {
			n.Response = strings.TrimSpace(response)
		}
		return err
	})
}

func (m *memStore) Boundaries() []Boundary {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Boundary, len(m.boundaries))
	for i, b := range m.boundaries {
		b.AgreedBy = slices.Clone(b.AgreedBy)
		b.History = slices.Clone(b.History)
		out[i] = b
	}
	return out
}

func (m *memStore) ProposeBoundary(by, text, consequence string) error {
	if blank(text) {
		return errEmpty
	}
	return m.edit(func() error {
		m.boundaries = append(m.boundaries, Boundary{ID: newID(), ProposedBy: by, Text: strings.TrimSpace(text),
			Consequence: strings.TrimSpace(consequence), AgreedBy: []string{by}, Created: m.now()})
		return nil
	})
}

func (m *memStore) findBoundary(id string) (*Boundary, error) {
	for i := range m.boundaries {
		if m.boundaries[i].ID == id {
			return &m.boundaries[i], nil
		}
	}
	return nil, errNoRecord
}

func (m *memStore) AgreeBoundary(id, by string) error {
	return m.edit(func() error {
		b, err := m.findBoundary(id)
		if err == nil && !b.AgreedByID(by) {
			b.AgreedBy = append(b.AgreedBy, by)
		}
		return err
	})
}

func (m *memStore) ReviseBoundary(id, by, text, consequence string) error {
	if blank(text) {
		return errEmpty
	}
	return m.edit(func() error {
		b, err := m.findBoundary(id)
		if err != nil {
			return err
		}
		b.History = append(b.History, BoundaryVersion{Text: b.Text, Consequence: b.Consequence, By: b.ProposedBy, At: m.now()})
		b.Text, b.Consequence, b.ProposedBy = strings.TrimSpace(text), strings.TrimSpace(consequence), by
		b.AgreedBy = []string{by}
		return nil
	})
}

func (m *memStore) Interactions() []Interaction {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.interactions)
}

func (m *memStore) AddInteraction(by, text string) error {
	if blank(text) {
		return errEmpty
	}
	return m.edit(func() error {
		m.interactions = append(m.interactions, Interaction{ID: newID(), By: by, At: m.now(), Text: strings.TrimSpace(text)})
		return nil
	})
}

func (m *memStore) NoticeInteraction(id string) error {
	return m.edit(func() error {
		for i := range m.interactions {
			if m.interactions[i].ID == id {
				m.interactions[i].Noticed = true
				return nil
			}
		}
		return errNoRecord
	})
}

func (m *memStore) Questions() []Question {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.questions)
}

func (m *memStore) AskQuestion(by, text string) error {
	if blank(text) {
		return errEmpty
	}
	return m.edit(func() error {
		m.questions = append(m.questions, Question{ID: newID(), By: by, At: m.now(), Text: strings.TrimSpace(text)})
		return nil
	})
}

func (m *memStore) AnswerQuestion(id, answer string) error {
	if blank(answer) {
		return errEmpty
	}
	return m.edit(func() error {
		for i := range m.questions {
			if m.questions[i].ID == id {
				m.questions[i].Answer, m.questions[i].AnsweredAt = strings.TrimSpace(answer), m.now()
				return nil
			}
		}
		return errNoRecord
	})
}

func (m *memStore) Apologies() []Apology {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.apologies)
}

func (m *memStore) AddApology(a Apology) error {
	if blank(a.What) || blank(a.Hurt) || blank(a.Remorse) || blank(a.Plan) {
		return errEmpty
	}
	return m.edit(func() error {
		a.ID, a.At = newID(), m.now()
		m.apologies = append(m.apologies, a)
		return nil
	})
}

func (m *memStore) Repairs() []Repair {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.repairs)
}

func (m *memStore) AddRepair(r Repair) error {
	return m.edit(func() error {
		r.ID = newID()
		if r.At.IsZero() {
			r.At = m.now()
		}
		m.repairs = append(m.repairs, r)
		return nil
	})
}

func (m *memStore) Milestones() map[string][]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string][]string{}
	for k, v := range m.milestones {
		out[k] = slices.Clone(v)
	}
	return out
}

func (m *memStore) TickMilestone(key, by string, done bool) error {
	return m.edit(func() error {
		ids := slices.DeleteFunc(m.milestones[key], func(s string) bool { return s == by })
		if done {
			ids = append(ids, by)
		}
		m.milestones[key] = ids
		return nil
	})
}

func (m *memStore) JourneyStart() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.start
}

func (m *memStore) SetJourneyStart(t time.Time) error {
	return m.edit(func() error { m.start = t; return nil })
}

func (m *memStore) Stage() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stage
}

func (m *memStore) SetStage(i int) error {
	if i < 0 || i >= len(stages) {
		return fmt.Errorf("stage %d is out of range", i)
	}
	return m.edit(func() error { m.stage = i; return nil })
}

func (m *memStore) HelpSigns() map[string]bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]bool{}
	for k, v := range m.help {
		out[k] = v
	}
	return out
}

func (m *memStore) SetHelpSign(key string, on bool) error {
	return m.edit(func() error { m.help[key] = on; return nil })
}

func (m *memStore) CurrentPause() (Pause, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pause == nil || !m.pause.Until.After(m.now()) {
		return Pause{}, false
	}
	return *m.pause, true
}

func (m *memStore) StartPause(by string, until time.Time) error {
	return m.edit(func() error { m.pause = &Pause{By: by, Until: until}; return nil })
}

func (m *memStore) EndPause() error {
	return m.edit(func() error { m.pause = nil; return nil })
}

func (m *memStore) Rituals() Rituals {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rituals
}

func (m *memStore) SetRituals(r Rituals) error {
	return m.edit(func() error { m.rituals = r; return nil })
}

// memJournal is a Journal in memory.
type memJournal struct {
	mu      stdsync.Mutex
	entries []JournalEntry
}

func (j *memJournal) Entries() []JournalEntry {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.entries)
}

func (j *memJournal) AddEntry(prompt, text string) error {
	if blank(text) {
		return errEmpty
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = append(j.entries, JournalEntry{At: time.Now(), Prompt: prompt, Text: strings.TrimSpace(text)})
	return nil
}

// memWorld is where memory sessions meet to pair.
type memWorld struct {
	mu      stdsync.Mutex
	invites map[string]*memInvite
}

type memInvite struct {
	from    *memSession
	expires time.Time
	done    chan PairResult
}

// memSession is a Session in memory.
type memSession struct {
	world      *memWorld
	me         Person
	passphrase string

	mu          stdsync.Mutex
	store       *memStore
	partner     *Person
	safety      string
	journalPass string
	journal     *memJournal
	settings    Settings
	status      chan SyncStatus
}

func newMemSession(w *memWorld, name, pass string) *memSession {
	s := &memSession{world: w, me: Person{ID: "12D3Koo" + newID(), Name: name}, passphrase: pass,
		store: newMemStore(), settings: Settings{Reminders: true}, status: make(chan SyncStatus, 4)}
	s.status <- SyncStatus{State: SyncUnpaired}
	return s
}

func (s *memSession) Me() Person { return s.me }

func (s *memSession) Partner() (Person, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.partner == nil {
		return Person{}, false
	}
	return *s.partner, true
}

func (s *memSession) SafetyNumber() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.safety
}

func (s *memSession) Store() Store {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.store
}

func (s *memSession) JournalExists() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.journalPass != ""
}

func (s *memSession) CreateJournal(pass string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.journalPass = pass
	s.journal = &memJournal{}
	return nil
}

func (s *memSession) UnlockJournal(pass string) (Journal, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if pass != s.journalPass {
		return nil, ErrWrongPassphrase
	}
	return s.journal, nil
}

func (s *memSession) LockJournal() {}

func (s *memSession) Watch() (<-chan SyncStatus, func()) { return s.status, func() {} }

func (s *memSession) setStatus(st SyncStatus) {
	select {
	case s.status <- st:
	default:
	}
}

func (s *memSession) Invite(ctx context.Context, ttl time.Duration) (Invitation, <-chan PairResult, error) {
	code := "KIN1-" + strings.ToUpper(newID()[:12])
	png, err := qrcode.Encode(code, qrcode.Medium, 256)
	if err != nil {
		return Invitation{}, nil, err
	}
	inv := &memInvite{from: s, expires: time.Now().Add(ttl), done: make(chan PairResult, 1)}
	s.world.mu.Lock()
	if s.world.invites == nil {
		s.world.invites = map[string]*memInvite{}
	}
	s.world.invites[code] = inv
	s.world.mu.Unlock()
	return Invitation{Code: code, QR: png, Expires: inv.expires}, inv.done, nil
}

func (s *memSession) Join(ctx context.Context, code string) (PairResult, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	s.world.mu.Lock()
	inv, ok := s.world.invites[code]
	delete(s.world.invites, code)
	s.world.mu.Unlock()
	switch {
	case !ok && strings.HasPrefix(code, "KIN1-"):
		return PairResult{}, ErrInviteTypo
	case !ok:
		return PairResult{}, ErrInviteTypo
	case time.Now().After(inv.expires):
		return PairResult{}, ErrInviteExpired
	}
	safety := fmt.Sprintf("%05d %05d %05d", len(code)*7919%100000, 31337, 42424)
	from := inv.from
	// Pairing shares one store: sync between memory sessions is instant.
	from.mu.Lock()
	st := from.store
	from.partner, from.safety = &Person{ID: s.me.ID, Name: s.me.Name}, safety
	from.mu.Unlock()
	s.mu.Lock()
	s.store, s.partner, s.safety = st, &Person{ID: from.me.ID, Name: from.me.Name}, safety
	s.mu.Unlock()
	now := time.Now()
	from.setStatus(SyncStatus{State: SyncInSync, LastSync: now})
	s.setStatus(SyncStatus{State: SyncInSync, LastSync: now})
	inv.done <- PairResult{Partner: s.me, SafetyNumber: safety}
	return PairResult{Partner: from.me, SafetyNumber: safety}, nil
}

func (s *memSession) ExportRecovery(path string) error { return nil }
func (s *memSession) Export(path, format string, from, to time.Time, withJournal bool) error {
	return nil
}

func (s *memSession) Settings() Settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings
}

func (s *memSession) SetSettings(st Settings) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settings = st
	return nil
}

func (s *memSession) Close() error { return nil }

// memOpener is an Opener over one memory session.
type memOpener struct {
	world *memWorld
	mu    stdsync.Mutex
	s     *memSession
}

func (o *memOpener) Exists() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.s != nil
}

func (o *memOpener) Create(name, pass string) (Session, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.world == nil {
		o.world = &memWorld{}
	}
	o.s = newMemSession(o.world, name, pass)
	return o.s, nil
}

func (o *memOpener) Open(pass string) (Session, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.s == nil {
		return nil, fmt.Errorf("no profile yet")
	}
	if pass != o.s.passphrase {
		return nil, ErrWrongPassphrase
	}
	return o.s, nil
}
