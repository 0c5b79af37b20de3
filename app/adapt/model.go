package adapt

import "github.com/kintsugi-app/kintsugi/app/ui/model"

// The adapter speaks the screens' model; these are its names.
type (
	Person       = model.Person
	SyncStatus   = model.SyncStatus
	PairResult   = model.PairResult
	Invitation   = model.Invitation
	FoundInvite  = model.FoundInvite
	Settings     = model.Settings
	FolderStatus = model.FolderStatus
	Session      = model.Session
	Opener       = model.Opener
)

// Sync states and errors of the model the adapter maps to.
const (
	SyncOffline    = model.SyncOffline
	SyncConnecting = model.SyncConnecting
	SyncLAN        = model.SyncLAN
	SyncRelay      = model.SyncRelay
	SyncSyncing    = model.SyncSyncing
	SyncInSync     = model.SyncInSync
	SyncUnpaired   = model.SyncUnpaired
)

var (
	ErrWrongPassphrase = model.ErrWrongPassphrase
	ErrInviteExpired   = model.ErrInviteExpired
	ErrInviteTypo      = model.ErrInviteTypo
	ErrNotInvite       = model.ErrNotInvite
	ErrInviteUsed      = model.ErrInviteUsed
	ErrSecretTypo      = model.ErrSecretTypo
	ErrSecretRefused   = model.ErrSecretRefused
	ErrRecoveryWrong   = model.ErrRecoveryWrong
	ErrRecoveryBad     = model.ErrRecoveryBad
)
