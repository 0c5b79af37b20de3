// Package adapt adapts the real profile (app/profile, over sync and
// crypto) to the [Session] the screens use, and maps the domain's
// errors to the model's. It does not import the screens, so their tests
// can run on two real profiles through it.
package adapt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/kintsugi-app/kintsugi/app/export"
	"github.com/kintsugi-app/kintsugi/app/profile"
	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/internal/notify"
	"github.com/kintsugi-app/kintsugi/sync"
)

// profileOpener opens the profile in one folder.
type profileOpener struct {
	dir  string
	opts profile.SyncOptions
}

// OpenerFor returns the opener of the profile in dir.
func OpenerFor(dir string) (Opener, error) { return &profileOpener{dir: dir}, nil }

// Exists reports whether the folder holds a profile, or what is left of
// one (its key file lost): the unlock screen then offers the recovery file.
func (o *profileOpener) Exists() bool { return profile.Exists(o.dir) || profile.HasData(o.dir) }

func (o *profileOpener) Restore(recovery []byte, pass string) (Session, error) {
	p, _, err := profile.Restore(o.dir, "", pass, recovery)
	if err != nil {
		return nil, mapErr(err)
	}
	return o.start(p)
}

func (o *profileOpener) Create(name, pass string) (Session, error) {
	p, err := profile.Create(o.dir, name, pass)
	if err != nil {
		return nil, mapErr(err)
	}
	return o.start(p)
}

func (o *profileOpener) Open(pass string) (Session, error) {
	p, err := profile.Open(o.dir, pass)
	if err != nil {
		return nil, mapErr(err)
	}
	return o.start(p)
}

// start starts the sync node, which also serves Invite and Join.
func (o *profileOpener) start(p *profile.Profile) (Session, error) {
	ctx, cancel := context.WithCancel(context.Background())
	if err := p.StartSync(ctx, o.opts); err != nil {
		cancel()
		p.Close()
		return nil, err
	}
	return &profileSession{p: p, cancel: cancel}, nil
}

// mapErr turns the domain packages' errors into the ones the screens word.
func mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, profile.ErrWrongPassphrase), errors.Is(err, crypto.ErrWrongPassphrase):
		return fmt.Errorf("%w: %w", ErrWrongPassphrase, err)
	case errors.Is(err, crypto.ErrInviteExpired), errors.Is(err, sync.ErrInviteExpired):
		return fmt.Errorf("%w: %w", ErrInviteExpired, err)
	case errors.Is(err, crypto.ErrSecretCodeTypo), errors.Is(err, crypto.ErrSecretCodeMalformed):
		return fmt.Errorf("%w: %w", ErrSecretTypo, err)
	case errors.Is(err, crypto.ErrInviteTypo):
		return fmt.Errorf("%w: %w", ErrInviteTypo, err)
	case errors.Is(err, crypto.ErrInviteMalformed):
		return fmt.Errorf("%w: %w", ErrNotInvite, err)
	case errors.Is(err, sync.ErrInviteRefused):
		return fmt.Errorf("%w: %w", ErrInviteUsed, err)
	case errors.Is(err, profile.ErrWrongRecovery):
		return fmt.Errorf("%w: %w", ErrRecoveryWrong, err)
	case errors.Is(err, crypto.ErrRecoveryMalformed):
		return fmt.Errorf("%w: %w", ErrRecoveryBad, err)
	}
	return err
}

// profileSession is a Session over an open profile.
type profileSession struct {
	p      *profile.Profile
	cancel context.CancelFunc
}

func (s *profileSession) Me() Person { return Person{ID: s.p.PeerID(), Name: s.p.Name()} }

func (s *profileSession) Partner() (Person, bool) {
	pt, ok := s.p.Partner()
	return Person{ID: pt.PeerID, Name: pt.Name}, ok
}

func (s *profileSession) SafetyNumber() string                     { return s.p.SafetyNumber() }
func (s *profileSession) Doc() *doc.Shared                         { return s.p.Doc() }
func (s *profileSession) JournalExists() bool                      { return s.p.JournalExists() }
func (s *profileSession) CreateJournal(pass string) error          { return mapErr(s.p.CreateJournal(pass)) }
func (s *profileSession) LockJournal()                             { s.p.LockJournal() }
func (s *profileSession) ExportRecovery(path string) error         { return s.p.ExportRecovery(path) }
func (s *profileSession) Unpair() error                            { return mapErr(s.p.Unpair()) }
func (s *profileSession) AddCheckIn(c doc.CheckIn) (string, error) { return s.p.AddCheckIn(c) }
func (s *profileSession) PrivateNotes() map[string]string          { return s.p.PrivateNotes() }
func (s *profileSession) SafetySign() bool                         { return s.p.SafetySign() }
func (s *profileSession) SetSafetySign(on bool) error {
	return s.p.TickHelpSign(doc.SignAbuse, on)
}
func (s *profileSession) Settings() Settings {
	st := s.p.Settings()
	return Settings{Reminders: st.Reminders, Relay: st.Relay, Folder: st.Folder, PortMap: st.PortMap}
}

// FolderStatus is the folder watcher's last pass, converted to the
// model's as Settings loads it.
func (s *profileSession) FolderStatus() notify.Source[FolderStatus] {
	return notify.Map(s.p.FolderPasses(), func(fp profile.FolderPass) FolderStatus {
		if fp.At.IsZero() {
			return FolderStatus{}
		}
		return FolderStatus{At: fp.At, Err: fp.Err, Bad: len(fp.Bad)}
	})
}

func (s *profileSession) UnlockJournal(pass string) (*doc.Journal, error) {
	j, err := s.p.UnlockJournal(pass)
	return j, mapErr(err)
}

func (s *profileSession) SetSettings(st Settings) error {
	cur := s.p.Settings()
	cur.Reminders, cur.Relay, cur.Folder, cur.PortMap = st.Reminders, st.Relay, st.Folder, st.PortMap
	return s.p.SetSettings(cur)
}

// SyncStatus is the profile's one status value, converted to the
// model's as the header loads it: no goroutine relays it.
func (s *profileSession) SyncStatus() notify.Source[SyncStatus] {
	return notify.Map(s.p.Statuses(), func(st sync.Status) SyncStatus {
		ss := syncStatus(st)
		ss.Folder = s.p.Settings().Folder != ""
		ss.FolderSync = s.p.FolderSynced()
		ss.FolderIn = s.p.FolderMerged()
		return ss
	})
}

func syncStatus(st sync.Status) SyncStatus {
	s := SyncStatus{LastSync: st.LastSynced}
	switch st.State {
	case sync.Unpaired:
		s.State = SyncUnpaired
	case sync.Connecting:
		s.State = SyncConnecting
	case sync.Connected:
		s.State = SyncLAN
		if st.Relayed {
			s.State = SyncRelay
		}
	case sync.Syncing:
		s.State = SyncSyncing
	case sync.InSync:
		s.State = SyncInSync
	default:
		s.State = SyncOffline
	}
	return s
}

func (s *profileSession) Invite(ctx context.Context, ttl time.Duration) (Invitation, <-chan PairResult, error) {
	inv, results, err := s.p.Invite(ctx, ttl)
	if err != nil {
		return Invitation{}, nil, mapErr(err)
	}
	qr, err := inv.QRCode(256)
	if err != nil {
		return Invitation{}, nil, err
	}
	out := make(chan PairResult, 1)
	go func() {
		defer close(out)
		for r := range results {
			out <- pairResult(r, nil)
		}
	}()
	return Invitation{Code: inv.Code(), QR: qr, Expires: inv.Expires, SecretCode: inv.SecretCode()}, out, nil
}

func (s *profileSession) Join(ctx context.Context, code string) (PairResult, error) {
	r, err := s.p.Join(ctx, code)
	if err != nil {
		return PairResult{}, mapErr(err)
	}
	return pairResult(r, nil), nil
}

func (s *profileSession) DiscoverInvites(ctx context.Context) (<-chan FoundInvite, error) {
	found, err := s.p.DiscoverInvites(ctx)
	if err != nil {
		return nil, mapErr(err)
	}
	out := make(chan FoundInvite)
	go func() {
		defer close(out)
		for f := range found {
			select {
			case out <- FoundInvite{ID: f.PeerID, Addrs: f.Addrs}:
			case <-ctx.Done():
			}
		}
	}()
	return out, nil
}

func (s *profileSession) JoinFound(ctx context.Context, f FoundInvite, secretCode string) (PairResult, error) {
	r, err := s.p.JoinFound(ctx, profile.FoundInvite{PeerID: f.ID, Addrs: f.Addrs}, secretCode)
	if errors.Is(err, sync.ErrInviteRefused) {
		return PairResult{}, fmt.Errorf("%w: %w", ErrSecretRefused, err)
	}
	if err != nil {
		return PairResult{}, mapErr(err)
	}
	return pairResult(r, nil), nil
}

func pairResult(r profile.PairResult, err error) PairResult {
	if err == nil {
		err = r.Err
	}
	return PairResult{Partner: Person{ID: r.Partner.PeerID, Name: r.Partner.Name}, SafetyNumber: r.Partner.SafetyNumber, Err: mapErr(err)}
}

// Export writes the shared document (and journal, when not nil) to path.
func (s *profileSession) Export(path, format string, from, to time.Time, journal *doc.Journal) error {
	return ExportFile(path, format, s.p.Doc(), from, to, journal)
}

// ExportFile exports d (and journal, when not nil) in format md, pdf or
// json to path, atomically.
func ExportFile(path, format string, d *doc.Shared, from, to time.Time, journal *doc.Journal) error {
	f, err := export.ParseFormat(format)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, f, d, export.Options{From: from, To: to, Journal: journal}); err != nil {
		return err
	}
	if err := crypto.WriteFileAtomic(path, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("failed to write the export: %w", err)
	}
	return nil
}

// Close closes the profile, which stops its sync node and saves what the
// node knows, and only then cancels the sync context: cancelling first
// would let the profile's own watcher stop the node on another goroutine,
// still writing to the folder after Close returned.
func (s *profileSession) Close() error {
	err := s.p.Close()
	s.cancel()
	return err
}

// DemoPassphrase is the passphrase of the demo profile of name.
func DemoPassphrase(name string) string { return "demo passphrase " + name }

// DemoOpener opens the demo profile of name in dir again (after Lock).
func DemoOpener(dir, name string) Opener {
	return &profileOpener{dir: filepath.Join(dir, name), opts: profile.SyncOptions{Listen: []string{"/ip4/127.0.0.1/tcp/0"}, NoDiscovery: true}}
}

// DemoPair makes two fresh profiles in dir, Alex and Sam, and pairs them
// over loopback.
func DemoPair(ctx context.Context, dir string) (Session, Session, error) {
	var ss [2]*profileSession
	for i, name := range []string{"Alex", "Sam"} {
		s, err := DemoOpener(dir, name).Create(name, DemoPassphrase(name))
		if err != nil {
			return nil, nil, fmt.Errorf("failed to create the demo profile: %w", err)
		}
		ss[i] = s.(*profileSession)
	}
	inv, results, err := ss[0].Invite(ctx, 5*time.Minute)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to make the demo invite: %w", err)
	}
	if _, err := ss[1].Join(ctx, inv.Code); err != nil {
		return nil, nil, fmt.Errorf("failed to pair the demo profiles: %w", err)
	}
	select {
	case r := <-results:
		if r.Err != nil {
			return nil, nil, fmt.Errorf("failed to pair the demo profiles: %w", r.Err)
		}
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	return ss[0], ss[1], nil
}

// ProfileOf returns the real profile under s, or nil when s is not one of
// this package's sessions: for tests that look beneath the screens.
func ProfileOf(s Session) *profile.Profile {
	if ps, ok := s.(*profileSession); ok {
		return ps.p
	}
	return nil
}
