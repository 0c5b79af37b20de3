package main

import (
	"bufio"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	stdsync "sync"

	"github.com/kintsugi-app/kintsugi/app/profile"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/sync"
	"golang.org/x/sys/unix"
)

// A side is one Kintsugi laptop in its own process: the driver runs this
// binary again with -side. It opens a real profile (app/profile: the key
// file, the encrypted log with one fsync per edit, the live sync node on
// loopback TCP), and answers the same commands as amrepo.mjs, one a line:
//
//	edit I    -> edited T0 HEAD   (one AddCommitment; T0 just before it)
//	flush     -> flushed          (once every edit is stored)
//	connect   -> connecting T0    (start the sync node now: catch-up)
//	wait HEAD -> arrived T1       (when HEAD first was a head of the document)
//	quit      -> bye              (after the profile closed and saved)
//
// Times are CLOCK_MONOTONIC in ns, one clock for every process of the
// machine, so T1-T0 from two processes is the edit's trip. T0 is read
// before the commit: the node may send the change while AddCommitment is
// still returning, and on a busy machine B can have it before A's caller
// runs again.

// errSide is a side's command line or conversation gone wrong.
var errSide = errors.New("bench-peer side")

// mono returns CLOCK_MONOTONIC in ns (what Node's process.hrtime reads).
func mono() int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts); err != nil {
		panic(err)
	}
	return ts.Nano()
}

// runSide runs one side: role "serve" listens and waits for its partner;
// "edit" dials partner (a multiaddr with /p2p/), at once unless offline.
func runSide(role, dir, partner string, offline bool, cpuProfile string) error {
	if cpuProfile != "" {
		stop, err := startCPUProfile(cpuProfile + "." + role)
		if err != nil {
			return err
		}
		defer stop()
	}
	p, err := profile.Open(dir, pass)
	if err != nil {
		return err
	}
	defer p.Close()
	s := &side{
		p:       p,
		d:       p.Doc(),
		opts:    profile.SyncOptions{Listen: []string{"/ip4/127.0.0.1/tcp/0"}, NoDiscovery: true},
		out:     bufio.NewWriter(os.Stdout),
		seen:    map[doc.Hash]int64{},
		waiting: map[doc.Hash]bool{},
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := s.watchHeads(ctx)
	defer stop()
	if err := s.start(ctx, role, partner, offline); err != nil {
		return err
	}
	return s.answer(ctx, cancel, os.Stdin)
}

// startCPUProfile writes a CPU profile to path until the returned stop.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// side is one running side: its profile and document, and the first time
// each head of the document was seen.
type side struct {
	p    *profile.Profile
	d    *doc.Shared
	opts profile.SyncOptions

	outMu stdsync.Mutex // one answer at a time on out
	out   *bufio.Writer

	mu      stdsync.Mutex
	seen    map[doc.Hash]int64 // when each head was first seen
	waiting map[doc.Hash]bool  // heads the driver waits for, not seen yet
}

// say writes one answer line to the driver.
func (s *side) say(format string, a ...any) {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	fmt.Fprintf(s.out, format+"\n", a...)
	s.out.Flush()
}

// watchHeads notes the first time each head is seen, as the benchmarks in
// sync/ do (hasHead after each signal of Subscribe), until ctx ends or the
// returned stop.
func (s *side) watchHeads(ctx context.Context) (stop func()) {
	changed, stop := s.d.Subscribe()
	s.noteHeads()
	go func() {
		for {
			select {
			case <-changed:
				s.noteHeads()
			case <-ctx.Done():
				return
			}
		}
	}()
	return stop
}

// noteHeads notes the time of the heads not seen before, and says
// "arrived" for those the driver waits for.
func (s *side) noteHeads() {
	t := mono()
	heads := s.d.Heads()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range heads {
		if _, ok := s.seen[h]; ok {
			continue
		}
		s.seen[h] = t
		if s.waiting[h] {
			delete(s.waiting, h)
			s.say("arrived %d", t)
		}
	}
}

// start starts the side in its role and says "ready" (serve: with its
// address) once it is.
func (s *side) start(ctx context.Context, role, partner string, offline bool) error {
	switch role {
	case "serve":
		if err := s.p.StartSync(ctx, s.opts); err != nil {
			return err
		}
		addrs := s.p.Addrs()
		if len(addrs) == 0 {
			return fmt.Errorf("%w: the node listens nowhere", errSide)
		}
		s.say("ready %s/p2p/%s", addrs[0], s.p.PeerID())
	case "edit":
		s.opts.PartnerAddrs = []string{partner}
		if !offline {
			if err := startAndSettle(ctx, s.p, s.opts); err != nil {
				return err
			}
		}
		s.say("ready")
	default:
		return fmt.Errorf("%w: unknown role %q", errSide, role)
	}
	return nil
}

// answer reads the driver's commands from in, one a line, and answers each
// until quit or the end of in; quit cancels ctx (with cancel) and closes the
// profile.
func (s *side) answer(ctx context.Context, cancel context.CancelFunc, in io.Reader) error {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		cmd, arg, _ := strings.Cut(sc.Text(), " ")
		switch cmd {
		case "edit":
			if err := s.edit(arg); err != nil {
				return err
			}
		case "flush":
			if err := s.p.Flush(); err != nil {
				return err
			}
			s.say("flushed")
		case "connect":
			s.say("connecting %d", mono())
			if err := s.p.StartSync(ctx, s.opts); err != nil {
				return err
			}
		case "wait":
			if err := s.wait(arg); err != nil {
				return err
			}
		case "quit":
			cancel()
			if err := s.p.Close(); err != nil {
				return err
			}
			s.say("bye")
			return nil
		default:
			return fmt.Errorf("%w: unknown command %q", errSide, cmd)
		}
	}
	return sc.Err()
}

// edit makes edit number arg, one commitment, and says when it began and
// the head it made.
func (s *side) edit(arg string) error {
	i, err := strconv.Atoi(arg)
	if err != nil {
		return fmt.Errorf("%w: edit %q", errSide, arg)
	}
	t0 := mono()
	if _, err := s.d.AddCommitment(s.p.PeerID(), fmt.Sprintf("commitment %d", i), doc.Daily); err != nil {
		return err
	}
	h := s.d.Heads()[0]
	s.say("edited %d %s", t0, hex.EncodeToString(h[:]))
	return nil
}

// wait says "arrived" with the time the head arg (hex) was first seen: now
// if it was, else when noteHeads sees it.
func (s *side) wait(arg string) error {
	var h doc.Hash
	if b, err := hex.DecodeString(arg); err != nil || len(b) != len(h) {
		return fmt.Errorf("%w: wait %q", errSide, arg)
	} else {
		copy(h[:], b)
	}
	s.mu.Lock()
	t, ok := s.seen[h]
	if !ok {
		s.waiting[h] = true
	}
	s.mu.Unlock()
	if ok {
		s.say("arrived %d", t)
	}
	return nil
}

// startAndSettle starts the sync node and waits until it is in sync with
// the partner, so the first edit measured is not a connection.
func startAndSettle(ctx context.Context, p *profile.Profile, opts profile.SyncOptions) error {
	st, stop := p.Watch()
	defer stop()
	if err := p.StartSync(ctx, opts); err != nil {
		return err
	}
	for s := range st {
		if s.State == sync.InSync {
			return nil
		}
	}
	return fmt.Errorf("%w: status closed before in sync", errSide)
}
