package ui

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	stdsync "sync"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/internal/notify"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/kintsugi-app/kintsugi/app/adapt"
)

// This file holds an in-memory Session over a real doc.Shared, for tests
// only. It backs the screen tests: two memory sessions that pair share one document, like two
// laptops whose sync is instant.

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// memWorld is where memory sessions meet to pair.
type memWorld struct {
	mu      stdsync.Mutex
	seq     int
	people  int
	invites map[string]*memInvite
}

type memInvite struct {
	secret  string
	from    *memSession
	expires time.Time
	done    chan PairResult
}

// memSession is a Session in memory.
type memSession struct {
	world      *memWorld
	me         Person
	now        func() time.Time // the journal's clock; nil means time.Now
	passphrase string

	mu          stdsync.Mutex
	doc         *doc.Shared
	partner     *Person
	safety      string
	journalPass string
	journal     *doc.Journal
	journalOpen bool // unlocked and not locked since
	settings    Settings
	folder      notify.Value[FolderStatus]
	notes       map[string]string // private check-in notes
	safetySign  bool
	status      notify.Value[SyncStatus]
}

func newMemSession(w *memWorld, name, pass string) *memSession {
	id := "12D3Koo" + newID()
	if w != nil { // stable IDs within a world, for goldens
		w.mu.Lock()
		w.people++
		sum := sha256.Sum256(fmt.Appendf(nil, "%s %d", name, w.people))
		id = "12D3Koo" + hex.EncodeToString(sum[:8])
		w.mu.Unlock()
	}
	s := &memSession{world: w, me: Person{ID: id, Name: name}, passphrase: pass,
		doc: doc.NewShared(), settings: Settings{}}
	s.status.Set(SyncStatus{State: SyncUnpaired})
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

func (s *memSession) Unpair() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.partner == nil {
		return fmt.Errorf("not paired")
	}
	s.partner, s.safety = nil, ""
	return nil
}

func (s *memSession) SafetyNumber() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.safety
}

func (s *memSession) Doc() *doc.Shared {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.doc
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
	s.journal = doc.NewJournal()
	if s.now != nil {
		s.journal.SetClock(s.now)
	}
	return nil
}

func (s *memSession) UnlockJournal(pass string) (*doc.Journal, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if pass != s.journalPass {
		return nil, ErrWrongPassphrase
	}
	s.journalOpen = true
	return s.journal, nil
}

func (s *memSession) LockJournal() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.journalOpen = false
}

// SyncStatus is the session's status, which setStatus changes.
func (s *memSession) SyncStatus() notify.Source[SyncStatus] { return &s.status }

func (s *memSession) setStatus(st SyncStatus) { s.status.Set(st) }

func (s *memSession) Invite(ctx context.Context, ttl time.Duration) (Invitation, <-chan PairResult, error) {
	s.world.mu.Lock()
	s.world.seq++
	code := fmt.Sprintf("KIN1-%04d-%04d-%04d", s.world.seq, 4242, 1000+s.world.seq*37)
	secret := fmt.Sprintf("SECR-%04d", s.world.seq)
	s.world.mu.Unlock()
	png, err := qrcode.Encode(code, qrcode.Medium, 256)
	if err != nil {
		return Invitation{}, nil, err
	}
	inv := &memInvite{secret: secret, from: s, expires: time.Now().Add(ttl), done: make(chan PairResult, 1)}
	s.world.mu.Lock()
	if s.world.invites == nil {
		s.world.invites = map[string]*memInvite{}
	}
	s.world.invites[code] = inv
	s.world.mu.Unlock()
	return Invitation{Code: code, QR: png, Expires: inv.expires, SecretCode: secret}, inv.done, nil
}

// DiscoverInvites reports the world's open invites of other sessions.
func (s *memSession) DiscoverInvites(ctx context.Context) (<-chan FoundInvite, error) {
	s.world.mu.Lock()
	defer s.world.mu.Unlock()
	var ids []string
	for _, inv := range s.world.invites {
		if inv.from != s && time.Now().Before(inv.expires) {
			ids = append(ids, inv.from.me.ID)
		}
	}
	sort.Strings(ids)
	out := make(chan FoundInvite, len(ids))
	for _, id := range ids {
		out <- FoundInvite{ID: id}
	}
	close(out)
	return out, nil
}

// JoinFound joins f's invite if secretCode is its secret.
func (s *memSession) JoinFound(ctx context.Context, f FoundInvite, secretCode string) (PairResult, error) {
	if !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(secretCode)), "SECR-") {
		return PairResult{}, ErrSecretTypo
	}
	s.world.mu.Lock()
	code := ""
	for c, inv := range s.world.invites {
		if inv.from.me.ID == f.ID && inv.secret == strings.ToUpper(strings.TrimSpace(secretCode)) {
			code = c
		}
	}
	s.world.mu.Unlock()
	if code == "" {
		return PairResult{}, ErrSecretRefused
	}
	return s.Join(ctx, code)
}

func (s *memSession) Join(ctx context.Context, code string) (PairResult, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	s.world.mu.Lock()
	inv, ok := s.world.invites[code]
	delete(s.world.invites, code)
	s.world.mu.Unlock()
	switch {
	case !ok && strings.HasPrefix(code, "KIN1-"): // as the real codes' checksum places it
		return PairResult{}, fmt.Errorf("%w: %w", ErrInviteTypo, &crypto.InviteTypoError{Group: 3, LastGroup: 3, Groups: 3})
	case !ok:
		return PairResult{}, ErrNotInvite
	case time.Now().After(inv.expires):
		return PairResult{}, ErrInviteExpired
	}
	sum := 0
	for _, r := range code {
		sum = sum*31 + int(r)
	}
	safety := fmt.Sprintf("%05d %05d %05d", sum%100000, sum/7%100000, sum/13%100000)
	from := inv.from
	// Pairing shares one store: sync between memory sessions is instant.
	from.mu.Lock()
	d := from.doc
	from.partner, from.safety = &Person{ID: s.me.ID, Name: s.me.Name}, safety
	from.mu.Unlock()
	if err := d.SetCouple(doc.Partner{ID: from.me.ID, Name: from.me.Name}, doc.Partner{ID: s.me.ID, Name: s.me.Name}); err != nil {
		return PairResult{}, err
	}
	s.mu.Lock()
	s.doc, s.partner, s.safety = d, &Person{ID: from.me.ID, Name: from.me.Name}, safety
	s.mu.Unlock()
	now := time.Now()
	from.setStatus(SyncStatus{State: SyncInSync, LastSync: now})
	s.setStatus(SyncStatus{State: SyncInSync, LastSync: now})
	inv.done <- PairResult{Partner: s.me, SafetyNumber: safety}
	return PairResult{Partner: from.me, SafetyNumber: safety}, nil
}

func (s *memSession) ExportRecovery(path string) error { return nil }

func (s *memSession) AddCheckIn(c doc.CheckIn) (string, error) {
	note := strings.TrimSpace(c.Note)
	if !c.NoteShared {
		c.Note = ""
	}
	id, err := s.Doc().AddCheckIn(c)
	if err != nil || c.NoteShared || note == "" {
		return id, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.notes == nil {
		s.notes = map[string]string{}
	}
	s.notes[id] = note
	return id, nil
}

func (s *memSession) PrivateNotes() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for k, v := range s.notes {
		out[k] = v
	}
	return out
}

func (s *memSession) SafetySign() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.safetySign
}

func (s *memSession) SetSafetySign(on bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.safetySign = on
	return nil
}
func (s *memSession) Export(path, format string, from, to time.Time, journal *doc.Journal) error {
	return adapt.ExportFile(path, format, s.Doc(), from, to, journal)
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

func (s *memSession) FolderStatus() notify.Source[FolderStatus] { return &s.folder }

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

func (o *memOpener) Restore(recovery []byte, pass string) (Session, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.s == nil || len(recovery) == 0 {
		return nil, fmt.Errorf("no profile to restore")
	}
	o.s.passphrase = pass
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
