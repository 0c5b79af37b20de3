package sync

import (
	"encoding/binary"
	"errors"
	"fmt"
	stdsync "sync"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

// StateStore keeps what this device knows about the partner's copy of the
// document between runs: the Automerge sync state, the partner's last known
// heads, when the two were last in sync and the bundle sequence numbers.
// The bytes are opaque to the caller, who stores them encrypted. Load
// returns nil and no error when nothing was saved yet.
type StateStore interface {
	LoadSyncState() ([]byte, error)
	SaveSyncState([]byte) error
}

// MemStore is a StateStore in memory, for tests and for a session that
// should forget the partner state when it ends.
type MemStore struct {
	mu stdsync.Mutex
	b  []byte
}

// LoadSyncState returns the last saved bytes.
func (m *MemStore) LoadSyncState() ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]byte(nil), m.b...), nil
}

// SaveSyncState keeps a copy of b.
func (m *MemStore) SaveSyncState(b []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.b = append([]byte(nil), b...)
	return nil
}

// peerState is what StateStore holds.
type peerState struct {
	Sync         []byte     // Automerge sync state
	PartnerHeads []doc.Hash // the partner's heads when last heard from
	LastSynced   time.Time  // when the two were last in sync
	BundleOut    uint64     // sequence number of the last bundle exported
	BundleIn     uint64     // sequence number of the last bundle imported
}

const peerStateVersion = 1

var errBadState = errors.New("saved sync state is unreadable")

func (p peerState) marshal() []byte {
	b := []byte{peerStateVersion}
	b = binary.AppendUvarint(b, uint64(len(p.Sync)))
	b = append(b, p.Sync...)
	b = binary.AppendUvarint(b, uint64(len(p.PartnerHeads)))
	for _, h := range p.PartnerHeads {
		b = append(b, h[:]...)
	}
	var t int64
	if !p.LastSynced.IsZero() {
		t = p.LastSynced.UnixNano()
	}
	b = binary.AppendVarint(b, t)
	b = binary.AppendUvarint(b, p.BundleOut)
	return binary.AppendUvarint(b, p.BundleIn)
}

func parsePeerState(b []byte) (peerState, error) {
	var p peerState
	if len(b) == 0 {
		return p, nil
	}
	if b[0] != peerStateVersion {
		return p, fmt.Errorf("%w: version %d", errBadState, b[0])
	}
	b = b[1:]
	uv := func() (uint64, bool) {
		v, n := uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	n, ok := uv()
	if !ok || n > uint64(len(b)) {
		return p, errBadState
	}
	if n > 0 {
		p.Sync = append([]byte(nil), b[:n]...)
	}
	b = b[n:]
	if n, ok = uv(); !ok || n > uint64(len(b)/32) {
		return p, errBadState
	}
	p.PartnerHeads = make([]doc.Hash, n)
	for i := range p.PartnerHeads {
		copy(p.PartnerHeads[i][:], b[32*i:])
	}
	b = b[32*n:]
	t, m := binary.Varint(b)
	if m <= 0 {
		return p, errBadState
	}
	b = b[m:]
	if t != 0 {
		p.LastSynced = time.Unix(0, t)
	}
	if p.BundleOut, ok = uv(); !ok {
		return p, errBadState
	}
	if p.BundleIn, ok = uv(); !ok {
		return p, errBadState
	}
	return p, nil
}

func loadPeerState(s StateStore) (peerState, error) {
	if s == nil {
		return peerState{}, nil
	}
	b, err := s.LoadSyncState()
	if err != nil {
		return peerState{}, fmt.Errorf("failed to load sync state: %w", err)
	}
	return parsePeerState(b)
}

func savePeerState(s StateStore, p peerState) error {
	if s == nil {
		return nil
	}
	if err := s.SaveSyncState(p.marshal()); err != nil {
		return fmt.Errorf("failed to save sync state: %w", err)
	}
	return nil
}
