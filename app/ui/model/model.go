// Package model is the narrow contract between the screens (package ui)
// and the profile. Screens edit the shared document through doc's own API;
// everything else (keys, pairing, sync status, the journal, export) comes
// through a [Session], so the screens never import profile, sync or
// crypto. Package adapt wraps the real profile; the screens' tests also
// use the memory session in app/ui/mem_test.go.
package model

import (
	"context"
	"errors"
	"time"

	"github.com/kintsugi-app/kintsugi/app/remind"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/internal/notify"
)

// Person is one of the two partners.
type Person struct {
	ID   string // libp2p peer ID, also the partner's ID in the document
	Name string
}

// SyncState is what the sync indicator shows.
type SyncState int

// Sync states, from worst to best.
const (
	SyncOffline SyncState = iota
	SyncConnecting
	SyncLAN
	SyncRelay
	SyncSyncing
	SyncInSync
	SyncUnpaired
)

// SyncStatus is one update of the sync indicator.
type SyncStatus struct {
	State    SyncState
	LastSync time.Time // zero before the first sync
	// Folder is true when this laptop has a shared folder; FolderSync is
	// when a pass over it last carried changes either way, FolderIn when
	// one last brought in the partner's (zero: not yet).
	Folder     bool
	FolderSync time.Time
	FolderIn   time.Time
}

// PairResult is the outcome of pairing.
type PairResult struct {
	Partner      Person
	SafetyNumber string
	Err          error
}

// Invitation is an invite shown to the partner.
type Invitation struct {
	Code       string
	QR         []byte // PNG
	Expires    time.Time
	SecretCode string // typed by a partner who picks this laptop on the LAN
}

// FoundInvite is a laptop with an open invite on the local network. Its
// ID is the peer ID, unauthenticated until the secret code is proven.
type FoundInvite struct {
	ID    string
	Addrs []string
}

// Settings are per-device preferences.
type Settings struct {
	// Reminders turns each reminder on or off on this device; the zero
	// value has them all on. Their times are shared: doc.Rituals.
	Reminders remind.Switches
	Relay     string
	// Folder is a folder both laptops see, carrying sealed changes when
	// the two are apart; empty for none.
	Folder string
	// PortMap asks the router (UPnP, NAT-PMP) to forward a port to this
	// laptop, used from the next time the app is opened; off by default.
	PortMap bool
}

// FolderStatus is how the shared folder last went on this laptop.
type FolderStatus struct {
	At  time.Time // the last round; zero before the first
	Err error     // why the folder could not be used then, or nil
	Bad int       // files in it that are not a bundle from the partner
}

// Session is an unlocked profile.
type Session interface {
	Me() Person
	Partner() (Person, bool)
	SafetyNumber() string
	Doc() *doc.Shared

	JournalExists() bool
	CreateJournal(passphrase string) error
	UnlockJournal(passphrase string) (*doc.Journal, error)
	LockJournal()

	// SyncStatus is the sync status, to load when it wakes its reader:
	// the header follows it in one hop ([notify.Source]).
	SyncStatus() notify.Source[SyncStatus]
	Invite(ctx context.Context, ttl time.Duration) (Invitation, <-chan PairResult, error)
	Join(ctx context.Context, code string) (PairResult, error)
	// DiscoverInvites browses the local network for open invites until
	// ctx ends, then closes the channel; each laptop once per call.
	DiscoverInvites(ctx context.Context) (<-chan FoundInvite, error)
	// JoinFound pairs with a laptop found by DiscoverInvites, using the
	// secret code shown on its screen.
	JoinFound(ctx context.Context, f FoundInvite, secretCode string) (PairResult, error)

	// AddCheckIn records my check-in. Its note stays on this device,
	// encrypted and never synced, unless c.NoteShared is set.
	AddCheckIn(c doc.CheckIn) (string, error)
	// PrivateNotes are the notes of my check-ins kept on this device, by
	// check-in ID.
	PrivateNotes() map[string]string
	// SafetySign reports whether I ticked the sign of abuse or ongoing
	// harm; SetSafetySign ticks or unticks it. The tick stays on this
	// device: never in the shared document, a bundle or an export.
	SafetySign() bool
	SetSafetySign(on bool) error

	ExportRecovery(path string) error
	// Unpair forgets the partner on this laptop and keeps the shared
	// document; the couple can pair again.
	Unpair() error
	// Export writes the shared document from..to (zero: open) in format
	// md, pdf or json to path, with journal when it is not nil.
	Export(path, format string, from, to time.Time, journal *doc.Journal) error
	Settings() Settings
	SetSettings(Settings) error
	// FolderStatus says how the last round through the shared folder went,
	// to load when it wakes its reader: after every round, so Settings
	// keeps up while it is open ([notify.Source]).
	FolderStatus() notify.Source[FolderStatus]
	Close() error
}

// Opener finds, creates and unlocks the profile in one folder. Create and
// Open are slow (scrypt): call them off the UI goroutine.
type Opener interface {
	Exists() bool
	Create(name, passphrase string) (Session, error)
	Open(passphrase string) (Session, error)
	// Restore opens the profile again with the recovery file's bytes,
	// under a new passphrase, keeping everything the key can read (a
	// forgotten passphrase, a lost key file); in an empty folder it makes
	// the same identity again. Slow (scrypt): off the UI goroutine.
	Restore(recovery []byte, passphrase string) (Session, error)
}

// Errors the screens turn into plain words.
var (
	ErrWrongPassphrase = errors.New("wrong passphrase")
	ErrInviteExpired   = errors.New("invite expired")
	ErrInviteTypo      = errors.New("invite code has a typo")
	ErrNotInvite       = errors.New("not an invite code")
	ErrInviteUsed      = errors.New("invite already used")
	ErrSecretTypo      = errors.New("secret code has a typo")
	ErrSecretRefused   = errors.New("secret code not accepted")
	ErrRecoveryWrong   = errors.New("the recovery file belongs to another profile")
	ErrRecoveryBad     = errors.New("not a recovery file")
)
