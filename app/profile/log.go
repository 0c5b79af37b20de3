package profile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/kintsugi-app/kintsugi/crypto"
)

// sealedLog is a chunk log whose every frame is sealed (signed by the
// profile's identity and encrypted to it) with crypto.Seal, so a frame
// that was not written by this identity never reaches Automerge.
//
// On disk: frames of a 4-byte big-endian length and a sealed chunk. The
// sequence number of frame i is i+1, so frames cannot be reordered, dropped
// from the middle or replayed from another log of the same identity without
// detection.
type sealedLog struct {
	path    string
	id      *crypto.Identity
	purpose string
	n       uint64 // frames in the file
}

// maxFrame bounds a frame's length so a damaged length cannot make Load
// allocate without limit.
const maxFrame = 1 << 30

func newLog(path string, id *crypto.Identity) (chunkLog, error) {
	return newSealedLog(path, id, "kintsugi shared log"), nil
}

func newSealedLog(path string, id *crypto.Identity, purpose string) *sealedLog {
	return &sealedLog{path: path, id: id, purpose: purpose}
}

func (l *sealedLog) Load() ([][]byte, error) {
	b, err := os.ReadFile(l.path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("failed to read %s: %w", l.path, err)
	}
	var out [][]byte
	for seq := uint64(1); len(b) > 0; seq++ {
		if len(b) < 4 {
			return nil, errors.New("truncated frame header")
		}
		n := binary.BigEndian.Uint32(b)
		if n > maxFrame || int(n) > len(b)-4 {
			return nil, errors.New("truncated frame")
		}
		payload, got, err := crypto.Open(l.id, l.id.Public(), l.purpose, seq-1, b[4:4+n])
		if err != nil {
			return nil, fmt.Errorf("frame %d: %w", seq, err)
		}
		if got != seq {
			return nil, fmt.Errorf("frame %d: out of order (sequence %d)", seq, got)
		}
		out = append(out, payload)
		b = b[4+n:]
	}
	l.n = uint64(len(out))
	return out, nil
}

func (l *sealedLog) frame(seq uint64, chunk []byte) ([]byte, error) {
	sealed, err := crypto.Seal(l.id, l.purpose, seq, []crypto.PublicIdentity{l.id.Public()}, chunk)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	binary.Write(&buf, binary.BigEndian, uint32(len(sealed)))
	buf.Write(sealed)
	return buf.Bytes(), nil
}

func (l *sealedLog) Append(chunk []byte) error {
	fr, err := l.frame(l.n+1, chunk)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(fr); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	l.n++
	return nil
}

func (l *sealedLog) Compact(snapshot []byte) error {
	fr, err := l.frame(1, snapshot)
	if err != nil {
		return err
	}
	if err := crypto.WriteFileAtomic(l.path, fr, 0o600); err != nil {
		return err
	}
	l.n = 1
	return nil
}
