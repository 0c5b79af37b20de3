package doc

import (
	"errors"
	"fmt"

	"github.com/automerge/automerge-go"
)

// SyncState is what one side knows about the partner's copy of the document.
// Save it per partner so a reconnect sends only what is missing.
type SyncState struct {
	ss *automerge.SyncState
}

// NewSyncState starts syncing with a partner from nothing.
func (s *Shared) NewSyncState() *SyncState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &SyncState{ss: automerge.NewSyncState(s.am)}
}

// LoadSyncState resumes from a state saved with [SyncState.Save].
// The bytes come from our own encrypted store, never from the network.
func (s *Shared) LoadSyncState(b []byte) (*SyncState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss, err := automerge.LoadSyncState(s.am, b)
	if err != nil {
		return nil, fmt.Errorf("%w: sync state: %v", ErrCorrupt, err)
	}
	return &SyncState{ss: ss}, nil
}

// Save encodes the sync state for the profile's store.
func (st *SyncState) Save() []byte { return st.ss.Save() }

// GenerateSyncMessage returns the next message for the partner, or ok=false
// when there is nothing to send until the document or the partner changes.
func (s *Shared) GenerateSyncMessage(st *SyncState) (msg []byte, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := st.ss.GenerateMessage()
	if !ok {
		return nil, false
	}
	return m.Bytes(), true
}

// ReceiveSyncMessage applies a sync message from the partner. Only bytes
// from the authenticated, paired partner may be given: the Automerge core
// aborts the process on a panic.
func (s *Shared) ReceiveSyncMessage(st *SyncState, msg []byte) error {
	s.mu.Lock()
	before := s.am.Heads()
	_, err := st.ss.ReceiveMessage(msg)
	changed := !sameHeads(before, s.am.Heads())
	if err == nil && changed {
		// Only a change can bring a newer schema.
		err = s.checkSchemaLocked()
	}
	if errors.Is(err, ErrNewerSchema) {
		s.newer = true
	} else if err == nil {
		// Keep the message's changes for SaveIncremental once they are in
		// the document. A change that arrived ahead of its dependency is
		// queued by the core and joins only when the dependency does, on
		// a later message: it waits in queued until then.
		if m, lerr := automerge.LoadSyncMessage(msg); lerr == nil {
			s.queued = append(s.queued, m.Changes()...)
		}
		if changed {
			waiting := s.queued[:0]
			for _, ch := range s.queued {
				if _, cerr := s.am.Change(ch.Hash()); cerr == nil {
					s.unsaved = append(s.unsaved, ch.Save()...)
				} else {
					waiting = append(waiting, ch)
				}
			}
			clear(s.queued[len(waiting):])
			s.queued = waiting
		}
	}
	s.mu.Unlock()
	if err != nil {
		if errors.Is(err, ErrNewerSchema) || errors.Is(err, ErrCorrupt) {
			return err
		}
		return fmt.Errorf("%w: sync message: %v", ErrCorrupt, err)
	}
	if changed {
		s.notify()
	}
	return nil
}
