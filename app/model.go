package app

import (
	"context"
	"errors"
	"time"
)

// This file is the narrow contract between the screens and the domain
// packages. Screens never import doc, sync, crypto or profile directly: they
// are built from a [Session] (an unlocked profile) and its [Store] (the
// shared document). Adapters in adapt_*.go wrap the real packages; tests and
// the first-run flows use the same interfaces.

// Person is one of the two partners.
type Person struct {
	ID   string // libp2p peer ID
	Name string
}

// Cadence is how often a commitment is due.
type Cadence string

// Cadences of a commitment.
const (
	Daily  Cadence = "daily"
	Weekly Cadence = "weekly"
	Once   Cadence = "once"
)

// Mark is the kept/missed record of a commitment on one day.
type Mark struct {
	Kept  bool
	Acked bool // the other partner acknowledged the kept commitment
}

// Commitment is a small, verifiable promise with an owner and a cadence.
type Commitment struct {
	ID      string
	Owner   string
	Text    string
	Cadence Cadence
	Created time.Time
	Log     map[string]Mark // by day, "2006-01-02"
}

// CheckIn is one partner's feelings at one moment.
type CheckIn struct {
	ID                        string
	By                        string
	At                        time.Time
	Safety, Trust, Connection int // 0–10
	Feelings                  []string
	Note                      string
}

// NeedStatus is where a need stands.
type NeedStatus string

// Need statuses.
const (
	NeedOpen  NeedStatus = "open"
	NeedBeing NeedStatus = "being met"
	NeedMet   NeedStatus = "met"
)

// Need is something one partner needs to feel safe.
type Need struct {
	ID       string
	Owner    string
	Text     string
	Status   NeedStatus
	Response string // the other partner's response
	Created  time.Time
}

// BoundaryVersion is one wording of a boundary in its history.
type BoundaryVersion struct {
	Text, Consequence string
	By                string
	At                time.Time
}

// Boundary is in force only once both partners agreed to its current wording.
type Boundary struct {
	ID          string
	ProposedBy  string
	Text        string
	Consequence string
	AgreedBy    []string
	History     []BoundaryVersion // older wordings, oldest first
	Created     time.Time
}

// InForce reports whether both partners agreed to the current wording.
func (b Boundary) InForce() bool { return len(b.AgreedBy) >= 2 }

// AgreedByID reports whether id agreed to the current wording.
func (b Boundary) AgreedByID(id string) bool {
	for _, a := range b.AgreedBy {
		if a == id {
			return true
		}
	}
	return false
}

// Interaction is a positive, non-conflict moment.
type Interaction struct {
	ID      string
	By      string
	At      time.Time
	Text    string
	Noticed bool // the other partner noticed it
}

// Question is asked by one partner, after reflecting, and answered by the other.
type Question struct {
	ID         string
	By         string
	At         time.Time
	Text       string
	Answer     string
	AnsweredAt time.Time
}

// Apology has the four parts of a meaningful apology.
type Apology struct {
	ID                        string
	By                        string
	At                        time.Time
	What, Hurt, Remorse, Plan string
}

// Repair is the record of one repair conversation.
type Repair struct {
	ID       string
	At       time.Time
	Patterns []string
}

// Pause is a deliberate pause before talking.
type Pause struct {
	By    string
	Until time.Time
}

// Rituals are the agreed talk times.
type Rituals struct {
	DailyTalk  string // e.g. "20:30"
	WeeklyMeet string // e.g. "Sunday 18:00"
}

// Store is the shared document as the screens see it. Every method is safe
// to call from any goroutine; edits are one commit each and are saved and
// synced by the profile. Reads return copies.
type Store interface {
	// Subscribe signals after any change, local or from the partner.
	Subscribe() (changed <-chan struct{}, cancel func())

	Commitments() []Commitment
	AddCommitment(owner, text string, c Cadence) error
	MarkCommitment(id string, day time.Time, kept bool) error
	AcknowledgeCommitment(id string, day time.Time) error

	CheckIns() []CheckIn
	AddCheckIn(c CheckIn) error

	Needs() []Need
	AddNeed(owner, text string) error
	SetNeedStatus(id string, s NeedStatus) error
	RespondToNeed(id, response string) error

	Boundaries() []Boundary
	ProposeBoundary(by, text, consequence string) error
	AgreeBoundary(id, by string) error
	ReviseBoundary(id, by, text, consequence string) error

	Interactions() []Interaction
	AddInteraction(by, text string) error
	NoticeInteraction(id string) error

	Questions() []Question
	AskQuestion(by, text string) error
	AnswerQuestion(id, answer string) error

	Apologies() []Apology
	AddApology(a Apology) error

	Repairs() []Repair
	AddRepair(r Repair) error

	Milestones() map[string][]string // milestone key -> IDs of partners who ticked it
	TickMilestone(key, by string, done bool) error

	JourneyStart() time.Time
	SetJourneyStart(t time.Time) error
	Stage() int
	SetStage(i int) error

	HelpSigns() map[string]bool
	SetHelpSign(key string, on bool) error

	CurrentPause() (Pause, bool)
	StartPause(by string, until time.Time) error
	EndPause() error

	Rituals() Rituals
	SetRituals(r Rituals) error
}

// JournalEntry is one private journal entry.
type JournalEntry struct {
	At     time.Time
	Prompt string
	Text   string
}

// Journal is the device-local, separately locked journal.
type Journal interface {
	Entries() []JournalEntry
	AddEntry(prompt, text string) error
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
}

// PairResult is the outcome of pairing.
type PairResult struct {
	Partner      Person
	SafetyNumber string
	Err          error
}

// Invitation is an invite shown to the partner.
type Invitation struct {
	Code    string
	QR      []byte // PNG
	Expires time.Time
}

// Settings are per-device preferences.
type Settings struct {
	Reminders bool
	Relay     string
}

// Session is an unlocked profile.
type Session interface {
	Me() Person
	Partner() (Person, bool)
	SafetyNumber() string
	Store() Store

	JournalExists() bool
	CreateJournal(passphrase string) error
	UnlockJournal(passphrase string) (Journal, error)
	LockJournal()

	Watch() (<-chan SyncStatus, func())
	Invite(ctx context.Context, ttl time.Duration) (Invitation, <-chan PairResult, error)
	Join(ctx context.Context, code string) (PairResult, error)

	ExportRecovery(path string) error
	Export(path, format string, from, to time.Time, withJournal bool) error
	Settings() Settings
	SetSettings(Settings) error
	Close() error
}

// Opener finds, creates and unlocks the profile in one folder. Create and
// Open are slow (scrypt): call them off the UI goroutine.
type Opener interface {
	Exists() bool
	Create(name, passphrase string) (Session, error)
	Open(passphrase string) (Session, error)
}

// Errors the screens turn into plain words.
var (
	ErrWrongPassphrase = errors.New("wrong passphrase")
	ErrInviteExpired   = errors.New("invite expired")
	ErrInviteTypo      = errors.New("invite code has a typo")
	ErrInviteUsed      = errors.New("invite already used")
)
