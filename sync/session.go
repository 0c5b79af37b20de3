package sync

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	stdsync "sync"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

// session runs the sync protocol with the partner over one stream. It knows
// nothing about libp2p: the node hands it a stream whose remote peer it has
// already checked is the paired partner, and tests hand it a net.Pipe.
type session struct {
	doc    *doc.Shared
	couple CoupleID
	log    *slog.Logger

	// syncState is the saved Automerge sync state from the last session
	// (nil to start fresh).
	syncState []byte
	// resync is how often an idle, unfinished sync starts over with a fresh
	// sync state: a guard against the Automerge core's known stall.
	resync time.Duration
	// persist is how often a changed sync state is handed to save.
	persist time.Duration
	// save stores the sync state and the partner's last known heads; called
	// from the session goroutine, at most every persist and at the end.
	save func(state []byte, partnerHeads []doc.Hash)
	// status is told when the session starts syncing or is in sync, with
	// the heads both documents then have.
	status func(inSync bool, heads []doc.Hash)
	// maxFrame limits incoming frames (MaxFrameSize when zero).
	maxFrame int
	// stall is how long the partner may stop sending in the middle of a
	// frame, on a stream with read deadlines (DefaultStallTimeout when
	// zero).
	stall time.Duration
	// initiator sends the first sync message; the other side answers it
	// rather than sending its own at the same time, which makes a large
	// catch-up the same four messages as Automerge's own exchange.
	initiator bool
}

// helloWait is how long a session waits for the partner's hello.
const helloWait = 20 * time.Second

// closeWait bounds how long a closing session waits for its last frames to
// be written and for the partner to end its side of the stream.
const closeWait = 2 * time.Second

var genesisHeads = stdsync.OnceValue(func() []doc.Hash { return doc.NewShared().Heads() })

func isEmpty(d *doc.Shared) bool { return sameHashes(d.Heads(), genesisHeads()) }

// run speaks the protocol until ctx ends, the stream fails or the partner
// misbehaves. It closes rw when it is an io.Closer and returns after its
// goroutines have ended; otherwise the caller must close the transport.
// Any error that is the partner's fault is sent to it in a close frame.
func (s *session) run(ctx context.Context, rw io.ReadWriter) (err error) {
	if s.resync <= 0 {
		s.resync = 30 * time.Second
	}
	if s.persist <= 0 {
		s.persist = time.Second
	}
	if s.stall <= 0 {
		s.stall = DefaultStallTimeout
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	in := make(chan frame)
	inErr := make(chan error, 1)
	out := make(chan frame, 1)
	written := make(chan error, 1)
	stop := make(chan struct{})
	var wg stdsync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		fr := newGuardedFrameReader(rw, s.maxFrame, s.stall)
		for {
			f, err := fr.next()
			if err != nil {
				inErr <- err
				return
			}
			select {
			case in <- f:
			case <-stop:
				// Closing: drain what the partner still sends until
				// its end of the stream.
			}
		}
	}()
	go func() {
		defer wg.Done()
		for {
			select {
			case f := <-out:
				written <- writeFrame(rw, f.typ, f.payload)
			case <-stop:
				return
			}
		}
	}()
	writing := false
	send := func(typ byte, payload []byte) {
		writing = true
		out <- frame{typ, payload}
	}
	readDone := false // the reader has reported the end of the stream
	defer func() {
		timeout := time.NewTimer(closeWait)
		defer timeout.Stop()
		// Finish the frame in progress.
		ok := true
		if writing {
			select {
			case werr := <-written:
				ok = werr == nil
			case <-timeout.C:
				ok = false
			}
		}
		fault := err != nil && isPartnersFault(err)
		if ok && fault {
			// Say why we close.
			send(frameClose, closePayload(err))
			select {
			case werr := <-written:
				ok = werr == nil
			case <-timeout.C:
				ok = false
			}
		}
		close(stop)
		// When we end the conversation (shutting down, or refusing the
		// partner), half-close and wait for the partner's end of the
		// stream: a transport may hold written frames in a queue that a
		// full close, or closing the connection right after, throws away,
		// and the last frame may be the one that tells the partner we are
		// in sync. The partner closes as soon as it reads our end.
		if cw, canHalfClose := rw.(interface{ CloseWrite() error }); ok && !readDone && canHalfClose &&
			(fault || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
			if cw.CloseWrite() == nil {
				select {
				case <-inErr:
				case <-timeout.C:
				}
			}
		}
		if c, ok := rw.(io.Closer); ok {
			c.Close()
			wg.Wait()
		}
	}()

	changed, cancel := s.doc.Subscribe()
	defer cancel()
	resync := time.NewTicker(s.resync)
	defer resync.Stop()
	persist := time.NewTicker(s.persist)
	defer persist.Stop()
	helloTimeout := time.NewTimer(helloWait)
	defer helloTimeout.Stop()

	var st *doc.SyncState
	if s.syncState != nil {
		if st, err = s.doc.LoadSyncState(s.syncState); err != nil {
			s.log.Warn("sync: saved sync state unreadable; starting fresh", "err", err)
		}
	}
	if st == nil {
		st = s.doc.NewSyncState()
	}
	var (
		helloDone    bool
		queue        []frame // control frames waiting for the writer
		wantGenerate bool
		partnerHeads []doc.Hash
		told         []doc.Hash // the heads we last told the partner
		started      bool       // we have generated a sync message
		dirty        bool
		active       bool // a frame arrived since the last resync tick
		inSync       bool
		reported     = -1
	)
	// However the session ends, but for our own shutdown: equal heads are
	// equal documents. The partner may end the stream (it is in sync and
	// leaves) right after the frame that tells us so, before we could
	// report it in the loop below.
	defer func() {
		if ctx.Err() == nil && helloDone && reported != 1 && s.status != nil &&
			partnerHeads != nil && sameHashes(partnerHeads, s.doc.Heads()) {
			s.status(true, partnerHeads)
		}
	}()
	saveState := func() {
		if dirty && s.save != nil {
			s.save(st.Save(), partnerHeads)
		}
		dirty = false
	}
	defer saveState()

	send(frameHello, hello{
		Version: ProtocolVersion,
		Schema:  doc.SchemaVersion,
		Couple:  s.couple,
		Empty:   isEmpty(s.doc),
	}.marshal())

	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-inErr:
			readDone = true
			if errors.Is(err, io.EOF) {
				return io.EOF
			}
			return err
		case err := <-written:
			writing = false
			if err != nil {
				return fmt.Errorf("failed to write frame: %w", err)
			}
		case f := <-in:
			active = true
			switch {
			case f.typ == frameClose:
				return parseClose(f.payload)
			case !helloDone && f.typ != frameHello:
				return fmt.Errorf("%w: frame %#x before hello", ErrProtocol, f.typ)
			case f.typ == frameHello:
				if helloDone {
					return fmt.Errorf("%w: second hello", ErrProtocol)
				}
				h, err := parseHello(f.payload)
				if err != nil {
					return err
				}
				if err := s.checkHello(h); err != nil {
					return err
				}
				helloDone = true
				wantGenerate = s.initiator
				if h.Empty {
					st = s.doc.NewSyncState() // the partner starts over
					dirty = true
					if !isEmpty(s.doc) {
						queue = append(queue, frame{frameSnapshot, s.doc.Save()})
					}
				}
			case f.typ == frameSync:
				heads, err := parseSyncHeads(f.payload)
				if err != nil {
					return err
				}
				if err := s.doc.ReceiveSyncMessage(st, f.payload); err != nil {
					return fmt.Errorf("%w: %v", ErrBadMessage, err)
				}
				partnerHeads, dirty, wantGenerate = heads, true, true
			case f.typ == frameHeads:
				heads, err := parseHeads(f.payload)
				if err != nil {
					return err
				}
				partnerHeads = heads
				if !started { // the initiator had nothing to say: our turn
					wantGenerate = true
				}
			case f.typ == frameSnapshot:
				other, err := doc.LoadShared(f.payload)
				if errors.Is(err, doc.ErrNewerSchema) {
					return fmt.Errorf("%w: %v", ErrPartnerNewer, err)
				}
				if err != nil {
					return fmt.Errorf("%w: %v", ErrBadMessage, err)
				}
				if err := s.doc.Merge(other); err != nil {
					return fmt.Errorf("%w: %v", ErrBadMessage, err)
				}
				partnerHeads, dirty, wantGenerate = other.Heads(), true, true
			default:
				return fmt.Errorf("%w: unknown frame type %#x", ErrProtocol, f.typ)
			}
		case <-changed:
			wantGenerate = true
		case <-resync.C:
			if helloDone && !inSync && !active {
				s.log.Debug("sync: idle before in sync; restarting sync state")
				st = s.doc.NewSyncState()
				wantGenerate, dirty = true, true
			}
			active = false
		case <-persist.C:
			saveState()
		case <-helloTimeout.C:
			if !helloDone {
				return fmt.Errorf("%w: no hello", ErrProtocol)
			}
		}

		if wantGenerate {
			// We generate below anyway: drop the change signals our own
			// receive or merge just raised.
			select {
			case <-changed:
			default:
			}
		}
		if !writing && len(queue) > 0 {
			send(queue[0].typ, queue[0].payload)
			queue = queue[1:]
		}
		if !writing && helloDone && wantGenerate {
			wantGenerate, started = false, true
			if msg, ok := s.doc.GenerateSyncMessage(st); ok {
				told, _ = parseSyncHeads(msg)
				send(frameSync, msg)
				dirty = true
			}
		}
		if helloDone && !writing && !wantGenerate && len(queue) == 0 {
			// Automerge may go quiet when it thinks the partner has all our
			// changes (after a snapshot, say) without telling the partner
			// our heads; say them, so both sides know they are in sync.
			if ours := s.doc.Heads(); !sameHashes(told, ours) {
				told = ours
				send(frameHeads, marshalHeads(ours))
			}
		}
		// Equal heads mean equal documents, whatever Automerge still has
		// in flight.
		inSync = helloDone && !writing && !wantGenerate && len(queue) == 0 &&
			partnerHeads != nil && sameHashes(partnerHeads, s.doc.Heads())
		if r := boolInt(inSync); helloDone && r != reported && s.status != nil {
			reported = r
			s.status(inSync, partnerHeads)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (s *session) checkHello(h hello) error {
	if h.Version != ProtocolVersion {
		return fmt.Errorf("%w: protocol version %d", ErrProtocol, h.Version)
	}
	if h.Couple != s.couple {
		return ErrWrongDocument
	}
	if h.Schema > doc.SchemaVersion {
		return fmt.Errorf("%w (partner schema %d, ours %d)", ErrPartnerNewer, h.Schema, doc.SchemaVersion)
	}
	return nil
}

// isPartnersFault reports whether err is a decision worth telling the other
// side about (rather than a broken transport or our own shutdown).
func isPartnersFault(err error) bool {
	var re *RemoteError
	if errors.As(err, &re) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	return codeFor(err) != codeInternal
}

// parseSyncHeads reads the heads at the start of an Automerge sync message
// (type byte 0x42, a LEB128 count, then 32-byte hashes) without handing the
// bytes to the Automerge core.
func parseSyncHeads(b []byte) ([]doc.Hash, error) {
	if len(b) < 2 || b[0] != 0x42 {
		return nil, fmt.Errorf("%w: not a sync message", ErrProtocol)
	}
	b = b[1:]
	var n uint64
	var shift uint
	for i := 0; ; i++ {
		if i >= len(b) || i > 9 {
			return nil, fmt.Errorf("%w: bad sync message", ErrProtocol)
		}
		n |= uint64(b[i]&0x7f) << shift
		shift += 7
		if b[i] < 0x80 {
			b = b[i+1:]
			break
		}
	}
	if n > uint64(len(b)/32) {
		return nil, fmt.Errorf("%w: bad sync message heads", ErrProtocol)
	}
	heads := make([]doc.Hash, n)
	for i := range heads {
		copy(heads[i][:], b[32*i:])
	}
	return heads, nil
}

// marshalHeads encodes a heads frame: a uvarint count and 32-byte hashes.
func marshalHeads(hs []doc.Hash) []byte {
	b := binary.AppendUvarint(nil, uint64(len(hs)))
	for _, h := range hs {
		b = append(b, h[:]...)
	}
	return b
}

func parseHeads(b []byte) ([]doc.Hash, error) {
	n, m := uvarint(b)
	if m <= 0 || n > uint64(len(b)-m)/32 || uint64(len(b)-m) != 32*n {
		return nil, fmt.Errorf("%w: bad heads frame", ErrProtocol)
	}
	b = b[m:]
	hs := make([]doc.Hash, n)
	for i := range hs {
		copy(hs[i][:], b[32*i:])
	}
	return hs, nil
}

// sameHashes compares two sets of heads.
func sameHashes(a, b []doc.Hash) bool {
	if len(a) != len(b) {
		return false
	}
	seen := make(map[doc.Hash]int, len(a))
	for _, h := range a {
		seen[h]++
	}
	for _, h := range b {
		if seen[h] == 0 {
			return false
		}
		seen[h]--
	}
	return true
}
