package sync

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
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
	r     *bufio.Reader
	max   int
	guard *stallGuard // nil when the stream has no read deadlines
}

func newFrameReader(r io.Reader, max int) *frameReader {
	if max <= 0 {
		max = MaxFrameSize
	}
	return &frameReader{r: bufio.NewReader(r), max: max}
}

// DefaultStallTimeout is how long a stream may go without a byte in the
// middle of a frame before it is closed. Between frames a stream may be
// idle as long as it likes.
const DefaultStallTimeout = 30 * time.Second

// deadliner is a stream with read deadlines (a libp2p stream, a net.Conn).
type deadliner interface {
	SetReadDeadline(time.Time) error
}

// newGuardedFrameReader is newFrameReader for a stream with read
// deadlines: once a frame has begun, each read must bring a byte within
// stall, or next fails with ErrStalled.
func newGuardedFrameReader(r io.Reader, max int, stall time.Duration) *frameReader {
	d, ok := r.(deadliner)
	if !ok || stall <= 0 {
		return newFrameReader(r, max)
	}
	g := &stallGuard{r: r, d: d, stall: stall}
	fr := newFrameReader(g, max)
	fr.guard = g
	return fr
}

// stallGuard sits between the frame reader's buffer and the stream, and
// sets a read deadline while a frame is half read.
type stallGuard struct {
	r     io.Reader
	d     deadliner
	stall time.Duration
	mid   bool // a frame has begun
	armed bool // a deadline is set
}

func (g *stallGuard) Read(p []byte) (int, error) {
	switch {
	case g.mid:
		g.d.SetReadDeadline(time.Now().Add(g.stall))
		g.armed = true
	case g.armed:
		g.d.SetReadDeadline(time.Time{})
		g.armed = false
	}
	return g.r.Read(p)
}

func (fr *frameReader) midFrame(on bool) {
	if fr.guard != nil {
		fr.guard.mid = on
	}
}

// next reads one frame. It never allocates more than what actually arrived
// (plus bufio's buffer), whatever length the prefix claims.
func (fr *frameReader) next() (f frame, err error) {
	defer func() {
		fr.midFrame(false)
		var te interface{ Timeout() bool }
		if err != nil && fr.guard != nil && (errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &te) && te.Timeout()) {
			err = fmt.Errorf("%w: %w", ErrStalled, err)
		}
	}()
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
		fr.midFrame(true)
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
