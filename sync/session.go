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
//
// Like Syncthing's lib/protocol connection, a run is a read loop and a
// write loop (conn.readLoop, conn.writeLoop, each on its own goroutine), a
// dispatch loop on the calling goroutine that hands each frame to its
// handler (conn.handle), and a graceful close (conn.close).
func (s *session) run(ctx context.Context, rw io.ReadWriter) (err error) {
	s.setDefaults()
	c := &conn{
		session:  s,
		rw:       rw,
		in:       make(chan frame),
		inErr:    make(chan error, 1),
		out:      make(chan frame, 1),
		written:  make(chan error, 1),
		stop:     make(chan struct{}),
		reported: -1,
	}
	c.wg.Add(2)
	go c.readLoop()
	go c.writeLoop()
	defer func() { c.close(err) }()
	return c.serve(ctx)
}

func (s *session) setDefaults() {
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
}

// conn is one run of a session: the stream, the channels between its loops,
// and where the protocol stands. Its fields other than the channels belong
// to the goroutine that called run.
type conn struct {
	*session
	rw io.ReadWriter

	in      chan frame    // read loop → dispatch: the partner's frames
	inErr   chan error    // read loop → dispatch: why reading ended
	out     chan frame    // dispatch → write loop: one frame at a time
	written chan error    // write loop → dispatch: the frame was written
	stop    chan struct{} // closed when the loops are to end
	wg      stdsync.WaitGroup

	writing  bool // a frame is with the write loop
	readDone bool // the read loop has reported the end of the stream

	st           *doc.SyncState
	helloDone    bool
	queue        []frame // control frames waiting for the writer
	wantGenerate bool
	partnerHeads []doc.Hash
	told         []doc.Hash // the heads we last told the partner
	started      bool       // we have generated a sync message
	dirty        bool       // st or partnerHeads changed since the last save
	active       bool       // a frame arrived since the last resync tick
	inSync       bool
	reported     int // the inSync last told to status: -1 none, 0, 1
}

// readLoop hands the partner's frames to the dispatch loop until the
// stream ends, and reports why it ended on inErr.
func (c *conn) readLoop() {
	defer c.wg.Done()
	fr := newGuardedFrameReader(c.rw, c.maxFrame, c.stall)
	for {
		f, err := fr.next()
		if err != nil {
			c.inErr <- err
			return
		}
		select {
		case c.in <- f:
		case <-c.stop:
			// Closing: drain what the partner still sends until
			// its end of the stream.
		}
	}
}

// writeLoop writes the frames handed to it, one at a time, and reports each
// on written.
func (c *conn) writeLoop() {
	defer c.wg.Done()
	for {
		select {
		case f := <-c.out:
			c.written <- writeFrame(c.rw, f.typ, f.payload)
		case <-c.stop:
			return
		}
	}
}

// send hands a frame to the write loop. Only one frame is with it at a
// time: call send only when !c.writing.
func (c *conn) send(typ byte, payload []byte) {
	c.writing = true
	c.out <- frame{typ, payload}
}

// waitWritten waits for the frame with the write loop, until timeout.
func (c *conn) waitWritten(timeout <-chan time.Time) bool {
	select {
	case werr := <-c.written:
		c.writing = false
		return werr == nil
	case <-timeout:
		return false
	}
}

// close ends the run that ended with err: it finishes the frame in
// progress, tells the partner why when it was the partner's fault, and
// stops both loops.
func (c *conn) close(err error) {
	timeout := time.NewTimer(closeWait)
	defer timeout.Stop()
	ok := true
	if c.writing {
		ok = c.waitWritten(timeout.C)
	}
	fault := err != nil && isPartnersFault(err)
	if ok && fault {
		// Say why we close.
		c.send(frameClose, closePayload(err))
		ok = c.waitWritten(timeout.C)
	}
	close(c.stop)
	// When we end the conversation (shutting down, or refusing the
	// partner), half-close and wait for the partner's end of the
	// stream: a transport may hold written frames in a queue that a
	// full close, or closing the connection right after, throws away,
	// and the last frame may be the one that tells the partner we are
	// in sync. The partner closes as soon as it reads our end.
	if cw, canHalfClose := c.rw.(interface{ CloseWrite() error }); ok && !c.readDone && canHalfClose &&
		(fault || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		if cw.CloseWrite() == nil {
			select {
			case <-c.inErr:
			case <-timeout.C:
			}
		}
	}
	if cl, ok := c.rw.(io.Closer); ok {
		cl.Close()
		c.wg.Wait()
	}
}

// serve is the dispatch loop: it says hello, then handles the partner's
// frames, local changes and its timers until the run ends.
func (c *conn) serve(ctx context.Context) error {
	changed, cancel := c.doc.Subscribe()
	defer cancel()
	resync := time.NewTicker(c.resync)
	defer resync.Stop()
	persist := time.NewTicker(c.persist)
	defer persist.Stop()
	helloTimeout := time.NewTimer(helloWait)
	defer helloTimeout.Stop()

	c.loadSyncState()
	defer c.reportFinal(ctx)
	defer c.saveState()

	c.send(frameHello, hello{
		Version: ProtocolVersion,
		Schema:  doc.SchemaVersion,
		Couple:  c.couple,
		Empty:   isEmpty(c.doc),
	}.marshal())

	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-c.inErr:
			c.readDone = true
			if errors.Is(err, io.EOF) {
				return io.EOF
			}
			return err
		case err := <-c.written:
			c.writing = false
			if err != nil {
				return fmt.Errorf("failed to write frame: %w", err)
			}
		case f := <-c.in:
			c.active = true
			if err := c.handle(f); err != nil {
				return err
			}
		case <-changed:
			c.wantGenerate = true
		case <-resync.C:
			c.resyncIfIdle()
		case <-persist.C:
			c.saveState()
		case <-helloTimeout.C:
			if !c.helloDone {
				return fmt.Errorf("%w: no hello", ErrProtocol)
			}
		}
		if c.wantGenerate {
			// We generate below anyway: drop the change signals our own
			// receive or merge just raised.
			select {
			case <-changed:
			default:
			}
		}
		c.flush()
	}
}

// loadSyncState starts from the saved sync state, or afresh.
func (c *conn) loadSyncState() {
	if c.syncState != nil {
		var err error
		if c.st, err = c.doc.LoadSyncState(c.syncState); err != nil {
			c.log.Warn("sync: saved sync state unreadable; starting fresh", "err", err)
		}
	}
	if c.st == nil {
		c.st = c.doc.NewSyncState()
	}
}

// saveState hands a changed sync state to save.
func (c *conn) saveState() {
	if c.dirty && c.save != nil {
		c.save(c.st.Save(), c.partnerHeads)
	}
	c.dirty = false
}

// reportFinal reports in sync however the session ends, but for our own
// shutdown: equal heads are equal documents. The partner may end the stream
// (it is in sync and leaves) right after the frame that tells us so, before
// the loop could report it.
func (c *conn) reportFinal(ctx context.Context) {
	if ctx.Err() == nil && c.helloDone && c.reported != 1 && c.status != nil &&
		c.partnerHeads != nil && sameHashes(c.partnerHeads, c.doc.Heads()) {
		c.status(true, c.partnerHeads)
	}
}

// resyncIfIdle starts over with a fresh sync state when nothing arrived
// since the last tick and the two are not in sync yet.
func (c *conn) resyncIfIdle() {
	if c.helloDone && !c.inSync && !c.active {
		c.log.Debug("sync: idle before in sync; restarting sync state")
		c.st = c.doc.NewSyncState()
		c.wantGenerate, c.dirty = true, true
	}
	c.active = false
}

// handle hands a frame from the partner to the handler of its kind.
func (c *conn) handle(f frame) error {
	switch {
	case f.typ == frameClose:
		return parseClose(f.payload)
	case !c.helloDone && f.typ != frameHello:
		return fmt.Errorf("%w: frame %#x before hello", ErrProtocol, f.typ)
	case f.typ == frameHello:
		return c.handleHello(f.payload)
	case f.typ == frameSync:
		return c.handleSync(f.payload)
	case f.typ == frameHeads:
		return c.handleHeads(f.payload)
	case f.typ == frameSnapshot:
		return c.handleSnapshot(f.payload)
	default:
		return fmt.Errorf("%w: unknown frame type %#x", ErrProtocol, f.typ)
	}
}

func (c *conn) handleHello(b []byte) error {
	if c.helloDone {
		return fmt.Errorf("%w: second hello", ErrProtocol)
	}
	h, err := parseHello(b)
	if err != nil {
		return err
	}
	if err := c.checkHello(h); err != nil {
		return err
	}
	c.helloDone = true
	c.wantGenerate = c.initiator
	if h.Empty {
		c.st = c.doc.NewSyncState() // the partner starts over
		c.dirty = true
		if !isEmpty(c.doc) {
			c.queue = append(c.queue, frame{frameSnapshot, c.doc.Save()})
		}
	}
	return nil
}

func (c *conn) handleSync(b []byte) error {
	heads, err := parseSyncHeads(b)
	if err != nil {
		return err
	}
	if err := c.doc.ReceiveSyncMessage(c.st, b); err != nil {
		return fmt.Errorf("%w: %v", ErrBadMessage, err)
	}
	c.partnerHeads, c.dirty, c.wantGenerate = heads, true, true
	return nil
}

func (c *conn) handleHeads(b []byte) error {
	heads, err := parseHeads(b)
	if err != nil {
		return err
	}
	c.partnerHeads = heads
	if !c.started { // the initiator had nothing to say: our turn
		c.wantGenerate = true
	}
	return nil
}

func (c *conn) handleSnapshot(b []byte) error {
	other, err := doc.LoadShared(b)
	if errors.Is(err, doc.ErrNewerSchema) {
		return fmt.Errorf("%w: %v", ErrPartnerNewer, err)
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadMessage, err)
	}
	if err := c.doc.Merge(other); err != nil {
		return fmt.Errorf("%w: %v", ErrBadMessage, err)
	}
	c.partnerHeads, c.dirty, c.wantGenerate = other.Heads(), true, true
	return nil
}

// flush sends what is due once the write loop is free (a queued control
// frame, then a sync message, then our heads) and reports whether the two
// are in sync.
func (c *conn) flush() {
	if !c.writing && len(c.queue) > 0 {
		c.send(c.queue[0].typ, c.queue[0].payload)
		c.queue = c.queue[1:]
	}
	if !c.writing && c.helloDone && c.wantGenerate {
		c.wantGenerate, c.started = false, true
		if msg, ok := c.doc.GenerateSyncMessage(c.st); ok {
			c.told, _ = parseSyncHeads(msg)
			c.send(frameSync, msg)
			c.dirty = true
		}
	}
	if c.helloDone && !c.writing && !c.wantGenerate && len(c.queue) == 0 {
		// Automerge may go quiet when it thinks the partner has all our
		// changes (after a snapshot, say) without telling the partner
		// our heads; say them, so both sides know they are in sync.
		if ours := c.doc.Heads(); !sameHashes(c.told, ours) {
			c.told = ours
			c.send(frameHeads, marshalHeads(ours))
		}
	}
	// Equal heads mean equal documents, whatever Automerge still has
	// in flight.
	c.inSync = c.helloDone && !c.writing && !c.wantGenerate && len(c.queue) == 0 &&
		c.partnerHeads != nil && sameHashes(c.partnerHeads, c.doc.Heads())
	if r := boolInt(c.inSync); c.helloDone && r != c.reported && c.status != nil {
		c.reported = r
		c.status(c.inSync, c.partnerHeads)
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
