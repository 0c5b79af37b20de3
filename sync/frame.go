package sync

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// MaxFrameSize is the largest frame body (type byte plus payload) either side
// accepts. A snapshot of years of use is a few megabytes; the limit only
// stops a broken or hostile stream from making us allocate without bound.
const MaxFrameSize = 64 << 20

// Frame types. The wire format is described in docs/PROTOCOL.md.
const (
	frameHello    byte = 0x01 // hello: protocol and schema version, couple ID
	frameSync     byte = 0x02 // one Automerge sync message
	frameSnapshot byte = 0x03 // a whole saved document, for an empty partner
	frameClose    byte = 0x04 // a close code and a short reason
	frameHeads    byte = 0x05 // the sender's current heads
	framePair     byte = 0x10 // pairing request or reply (on /kintsugi/pair/1)
)

// frame is one decoded frame.
type frame struct {
	typ     byte
	payload []byte
}

// frameReader reads varint length-prefixed frames.
type frameReader struct {
	r   *bufio.Reader
	max int
}

func newFrameReader(r io.Reader, max int) *frameReader {
	if max <= 0 {
		max = MaxFrameSize
	}
	return &frameReader{r: bufio.NewReader(r), max: max}
}

// next reads one frame. It never allocates more than what actually arrived
// (plus bufio's buffer), whatever length the prefix claims.
func (fr *frameReader) next() (frame, error) {
	n, err := fr.readLength()
	if err != nil {
		return frame{}, err
	}
	if n == 0 {
		return frame{}, fmt.Errorf("%w: empty frame", ErrProtocol)
	}
	if n > uint64(fr.max) {
		return frame{}, fmt.Errorf("%w: %d bytes, limit %d", ErrFrameTooLarge, n, fr.max)
	}
	typ, err := fr.r.ReadByte()
	if err != nil {
		return frame{}, fmt.Errorf("failed to read frame: %w", noEOF(err))
	}
	rest := int64(n - 1)
	var payload []byte
	if rest <= 64<<10 {
		payload = make([]byte, rest)
		if _, err := io.ReadFull(fr.r, payload); err != nil {
			return frame{}, fmt.Errorf("failed to read frame: %w", noEOF(err))
		}
	} else {
		// Grow with what arrives rather than trusting the prefix.
		var buf bytes.Buffer
		if _, err := io.CopyN(&buf, fr.r, rest); err != nil {
			return frame{}, fmt.Errorf("failed to read frame: %w", noEOF(err))
		}
		payload = buf.Bytes()
	}
	return frame{typ: typ, payload: payload}, nil
}

// readLength reads the uvarint length prefix. A clean end of stream before
// it is io.EOF; a malformed prefix is ErrProtocol; other read errors are the
// transport's.
func (fr *frameReader) readLength() (uint64, error) {
	var x uint64
	for i := 0; i < binary.MaxVarintLen64; i++ {
		b, err := fr.r.ReadByte()
		if err != nil {
			if i == 0 && errors.Is(err, io.EOF) {
				return 0, io.EOF
			}
			return 0, fmt.Errorf("failed to read frame length: %w", noEOF(err))
		}
		if i == binary.MaxVarintLen64-1 && b > 1 {
			break
		}
		x |= uint64(b&0x7f) << (7 * i)
		if b < 0x80 {
			return x, nil
		}
	}
	return 0, fmt.Errorf("%w: frame length overflows", ErrProtocol)
}

func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// writeFrame writes one frame in at most two writes.
func writeFrame(w io.Writer, typ byte, payload []byte) error {
	if 1+len(payload) > MaxFrameSize {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrFrameTooLarge, 1+len(payload), MaxFrameSize)
	}
	var hdr [binary.MaxVarintLen64 + 1]byte
	n := binary.PutUvarint(hdr[:], uint64(1+len(payload)))
	hdr[n] = typ
	n++
	if len(payload) <= 4<<10 {
		b := append(hdr[:n:n], payload...)
		_, err := w.Write(b)
		return err
	}
	if _, err := w.Write(hdr[:n]); err != nil {
		return err
	}
	_, err := w.Write(payload)
	return err
}
