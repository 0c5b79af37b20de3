package ui

import "github.com/kintsugi-app/kintsugi/app/ui/model"

// The screens see the domain only through package model: the shared
// document through doc's own API, and everything else (keys, pairing, sync
// status, the journal, export) through a [Session]. These names are the
// model's, so the screens read as if it were this package.

type (
	Person       = model.Person
	SyncState    = model.SyncState
	SyncStatus   = model.SyncStatus
	PairResult   = model.PairResult
	Invitation   = model.Invitation
	FoundInvite  = model.FoundInvite
	Settings     = model.Settings
	FolderStatus = model.FolderStatus
	Session      = model.Session
	Opener       = model.Opener
)

// Sync states, from worst to best.
const (
	SyncOffline    = model.SyncOffline
	SyncConnecting = model.SyncConnecting
	SyncLAN        = model.SyncLAN
	SyncRelay      = model.SyncRelay
	SyncSyncing    = model.SyncSyncing
	SyncInSync     = model.SyncInSync
	SyncUnpaired   = model.SyncUnpaired
)

// Errors the screens turn into plain words.
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
