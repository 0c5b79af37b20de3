package main

import (
	"bufio"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
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
		f, err := os.Create(cpuProfile + "." + role)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	p, err := profile.Open(dir, pass)
	if err != nil {
		return err
	}
	defer p.Close()
	out := bufio.NewWriter(os.Stdout)
	var outMu stdsync.Mutex
	say := func(format string, a ...any) {
		outMu.Lock()
		defer outMu.Unlock()
		fmt.Fprintf(out, format+"\n", a...)
		out.Flush()
	}
	d := p.Doc()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := profile.SyncOptions{Listen: []string{"/ip4/127.0.0.1/tcp/0"}, NoDiscovery: true}

	// Note the first time each head is seen, as the benchmarks in sync/ do
	// (hasHead after each signal of Subscribe).
	var mu stdsync.Mutex
	seen := map[doc.Hash]int64{}
	waiting := map[doc.Hash]bool{}
	changed, stop := d.Subscribe()
	defer stop()
	note := func() {
		t := mono()
		heads := d.Heads()
		mu.Lock()
		defer mu.Unlock()
		for _, h := range heads {
			if _, ok := seen[h]; ok {
				continue
			}
			seen[h] = t
			if waiting[h] {
				delete(waiting, h)
				say("arrived %d", t)
			}
		}
	}
	note()
	go func() {
		for {
			select {
			case <-changed:
				note()
			case <-ctx.Done():
				return
			}
		}
	}()

	switch role {
	case "serve":
		if err := p.StartSync(ctx, opts); err != nil {
			return err
		}
		addrs := p.Addrs()
		if len(addrs) == 0 {
			return fmt.Errorf("%w: the node listens nowhere", errSide)
		}
		say("ready %s/p2p/%s", addrs[0], p.PeerID())
	case "edit":
		opts.PartnerAddrs = []string{partner}
		if !offline {
			if err := startAndSettle(ctx, p, opts); err != nil {
				return err
			}
		}
		say("ready")
	default:
		return fmt.Errorf("%w: unknown role %q", errSide, role)
	}

	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		cmd, arg, _ := strings.Cut(in.Text(), " ")
		switch cmd {
		case "edit":
			i, err := strconv.Atoi(arg)
			if err != nil {
				return fmt.Errorf("%w: edit %q", errSide, arg)
			}
			t0 := mono()
			if _, err := d.AddCommitment(p.PeerID(), fmt.Sprintf("commitment %d", i), doc.Daily); err != nil {
				return err
			}
			h := d.Heads()[0]
			say("edited %d %s", t0, hex.EncodeToString(h[:]))
		case "flush":
			if err := p.Flush(); err != nil {
				return err
			}
			say("flushed")
		case "connect":
			say("connecting %d", mono())
			if err := p.StartSync(ctx, opts); err != nil {
				return err
			}
		case "wait":
			var h doc.Hash
			if b, err := hex.DecodeString(arg); err != nil || len(b) != len(h) {
				return fmt.Errorf("%w: wait %q", errSide, arg)
			} else {
				copy(h[:], b)
			}
			mu.Lock()
			t, ok := seen[h]
			if !ok {
				waiting[h] = true
			}
			mu.Unlock()
			if ok {
				say("arrived %d", t)
			}
		case "quit":
			cancel()
			if err := p.Close(); err != nil {
				return err
			}
			say("bye")
			return nil
		default:
			return fmt.Errorf("%w: unknown command %q", errSide, cmd)
		}
	}
	return in.Err()
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
