// Command peer is `make bench-peer`: Kintsugi against the peer a couple
// would otherwise pick, automerge-repo 2.5.6 under Node, on the same two
// workloads, each side in its own process, over loopback:
//
//   - edit→partner: one edit on A (a commitment), until it is in B's
//     document; -edits of them, one after the other, p50 and p99;
//   - catch-up: A makes -catchup edits while not connected, then connects;
//     the time from connecting until B's document has the last of them.
//
// Kintsugi's sides are this binary run again with -side (side.go): real
// profiles (key file, encrypted log, live libp2p node with Noise and yamux
// on TCP), paired once at the start. automerge-repo's are amrepo.mjs: a Repo
// with its Node fs storage, a WebSocket between the two, run twice: with its
// sync throttle set to 0 and as shipped (100 ms). The systems alternate
// within each run, so every ratio has its baseline from the same run.
//
//	make bench-peer                   # installs the npm packages, then runs this
//	go run ./bench/peer -runs 3 -edits 1000 -catchup 1000
//
// Times come from CLOCK_MONOTONIC read in the two processes (when A's edit
// returned, when B first had it), so the driver's own pipes are not timed.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kintsugi-app/kintsugi/app/profile"
)

const pass = "a passphrase for measuring"

// errBench is a run that did not go as it must.
var errBench = errors.New("bench-peer")

func main() {
	side := flag.String("side", "", "(internal) run one Kintsugi side: serve or edit")
	profileDir := flag.String("profile", "", "(internal) the side's profile folder")
	partner := flag.String("partner", "", "(internal) the partner's multiaddr, for edit")
	offline := flag.Bool("offline", false, "(internal) edit: start without the sync node")

	cpu := flag.String("cpuprofile", "", "write each Kintsugi side's CPU profile to this path + .serve or .edit (the last run's)")
	runs := flag.Int("runs", 3, "runs; each runs every system once, alternating")
	edits := flag.Int("edits", 1000, "edits per run for edit→partner")
	catchup := flag.Int("catchup", 1000, "offline edits per run for catch-up")
	warm := flag.Int("warmup", 20, "edits before edit→partner is timed")
	node := flag.String("node", "node", "the Node.js binary")
	js := flag.String("js", "bench/peer", "the folder of amrepo.mjs and its node_modules (npm ci)")
	only := flag.String("systems", "kintsugi,amrepo-throttle0,amrepo-shipped", "the systems to run, comma-separated (ratios need kintsugi)")
	flag.Parse()

	if *side != "" {
		if err := runSide(*side, *profileDir, *partner, *offline, *cpu); err != nil {
			fmt.Fprintln(os.Stderr, "side:", err)
			os.Exit(1)
		}
		return
	}
	if err := bench(*runs, *edits, *catchup, *warm, *node, *js, strings.Split(*only, ","), *cpu); err != nil {
		fmt.Fprintln(os.Stderr, "bench-peer:", err)
		os.Exit(1)
	}
}

// A system starts the two sides of one workload in dir: B serving, then A
// editing (offline: not connected until told).
type system struct {
	name  string
	start func(dir string, offline bool) (a, b *proc, err error)
}

// result is one system's figures in one run.
type result struct {
	p50, p99, catchUp time.Duration
}

// bench runs every system of only, runs times over, alternating, and
// prints each run's figures as it goes, then their medians.
func bench(runs, edits, catchup, warm int, node, js string, only []string, cpu string) error {
	script, err := filepath.Abs(filepath.Join(js, "amrepo.mjs"))
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(js, "node_modules", "@automerge", "automerge-repo")); err != nil {
		return fmt.Errorf("%w: no automerge-repo in %s/node_modules: run `make bench-peer` from the repository root (it runs npm ci)", errBench, js)
	}
	tmp, err := os.MkdirTemp("", "kintsugi-bench-peer-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	self, err := os.Executable()
	if err != nil {
		return err
	}
	tmpl := filepath.Join(tmp, "pair")
	fmt.Println("pairing two Kintsugi profiles (real scrypt: a second or two each)…")
	if err := pairTemplate(tmpl); err != nil {
		return fmt.Errorf("failed to pair: %w", err)
	}
	systems, peers, err := pickSystems([]system{
		kintsugiSystem(self, tmpl, cpu),
		amrepoSystem("amrepo-throttle0", "0", node, js, script),
		amrepoSystem("amrepo-shipped", "", node, js, script),
	}, only)
	if err != nil {
		return err
	}

	fmt.Printf("edit→partner: %d edits per run (after %d untimed); catch-up: %d offline edits; %d runs, systems alternating\n", edits, warm, catchup, runs)
	all := map[string][]result{}
	for r := range runs {
		for i, s := range systems {
			res, err := measure(s, filepath.Join(tmp, fmt.Sprintf("run%d-%d", r, i)), warm, edits, catchup)
			if err != nil {
				return err
			}
			all[s.name] = append(all[s.name], res)
			fmt.Printf("run %d  %-17s  edit→partner p50 %9s  p99 %9s   catch-up of %d: %9s\n",
				r+1, s.name, round(res.p50), round(res.p99), catchup, round(res.catchUp))
		}
		for _, s := range peers {
			k := all["kintsugi"][r]
			o := all[s.name][r]
			fmt.Printf("run %d  kintsugi / %-17s  p50 %.3f×  p99 %.3f×  catch-up %.3f×\n", r+1, s.name,
				ratio(k.p50, o.p50), ratio(k.p99, o.p99), ratio(k.catchUp, o.catchUp))
		}
	}
	printMedians(systems, peers, all, runs)
	return nil
}

// kintsugiSystem runs this binary as each side (-side), on copies of the
// paired profiles in tmpl; with cpu set, the online sides write CPU
// profiles there.
func kintsugiSystem(self, tmpl, cpu string) system {
	return system{"kintsugi", func(dir string, offline bool) (*proc, *proc, error) {
		for _, s := range []string{"a", "b"} {
			if err := copyDir(filepath.Join(tmpl, s), filepath.Join(dir, s)); err != nil {
				return nil, nil, err
			}
		}
		sideArgs := func(args ...string) []string {
			if cpu != "" && !offline {
				args = append(args, "-cpuprofile", cpu)
			}
			return args
		}
		return startSides(func() (*proc, error) {
			return startProc("kintsugi B", exec.Command(self, sideArgs("-side", "serve", "-profile", filepath.Join(dir, "b"))...))
		}, func(ready []string) (*proc, error) {
			args := sideArgs("-side", "edit", "-profile", filepath.Join(dir, "a"), "-partner", ready[1])
			if offline {
				args = append(args, "-offline")
			}
			return startProc("kintsugi A", exec.Command(self, args...))
		})
	}}
}

// amrepoSystem runs script (amrepo.mjs) under node as each side, with its
// sync throttle set to throttle ms, or as shipped if throttle is "".
func amrepoSystem(name, throttle, node, js, script string) system {
	return system{name, func(dir string, offline bool) (*proc, *proc, error) {
		cmd := func(args ...string) *exec.Cmd {
			c := exec.Command(node, append([]string{script}, args...)...)
			c.Dir = js
			if throttle != "" {
				c.Env = append(os.Environ(), "AMREPO_SYNC_THROTTLE_MS="+throttle)
			}
			return c
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, nil, err
		}
		init := filepath.Join(dir, "init.automerge")
		return startSides(func() (*proc, error) {
			return startProc(name+" B", cmd("serve", filepath.Join(dir, "b"), init))
		}, func(ready []string) (*proc, error) {
			args := []string{"edit", filepath.Join(dir, "a"), init, ready[1], ready[2]}
			if offline {
				args = append(args, "offline")
			}
			return startProc(name+" A", cmd(args...))
		})
	}}
}

// startSides starts B, waits until it is ready, then starts A with the
// fields of B's "ready" line (its address) and waits for A in turn. On
// failure, what was started is ended.
func startSides(startB func() (*proc, error), startA func(ready []string) (*proc, error)) (a, b *proc, err error) {
	b, err = startB()
	if err != nil {
		return nil, nil, err
	}
	ready, err := b.expect("ready", time.Minute)
	if err != nil {
		b.kill()
		return nil, nil, err
	}
	a, err = startA(ready)
	if err == nil {
		_, err = a.expect("ready", time.Minute)
	}
	if err != nil {
		b.kill()
		a.kill()
		return nil, nil, err
	}
	return a, b, nil
}

// pickSystems keeps the systems named in only, in their order, and the
// peers Kintsugi is compared with: those after it when it comes first, none
// without it.
func pickSystems(all []system, only []string) (systems, peers []system, err error) {
	for _, s := range all {
		if slices.Contains(only, s.name) {
			systems = append(systems, s)
		}
	}
	if len(systems) == 0 {
		return nil, nil, fmt.Errorf("%w: no system named in -systems", errBench)
	}
	if systems[0].name == "kintsugi" {
		peers = systems[1:]
	} else {
		peers = nil // no ratios without Kintsugi
	}
	return systems, peers, nil
}

// measure runs both workloads of one system once, in dir.
func measure(s system, dir string, warm, edits, catchup int) (result, error) {
	var res result
	lat, err := editToPartner(s, filepath.Join(dir, "edits"), warm, edits)
	if err != nil {
		return res, fmt.Errorf("%s: edit→partner: %w", s.name, err)
	}
	res.p50, res.p99 = pct(lat, 0.50), pct(lat, 0.99)
	if res.catchUp, err = catchUp(s, filepath.Join(dir, "catchup"), catchup); err != nil {
		return res, fmt.Errorf("%s: catch-up: %w", s.name, err)
	}
	return res, nil
}

// printMedians prints each system's medians over the runs, then the median
// of Kintsugi's per-run ratios to each peer.
func printMedians(systems, peers []system, all map[string][]result, runs int) {
	fmt.Println("\nmedians over the runs (ratios: Kintsugi's time ÷ the other's, per run, then the median):")
	for _, s := range systems {
		rs := all[s.name]
		fmt.Printf("%-17s  p50 %9s  p99 %9s  catch-up %9s\n", s.name,
			round(median(rs, func(r result) time.Duration { return r.p50 })),
			round(median(rs, func(r result) time.Duration { return r.p99 })),
			round(median(rs, func(r result) time.Duration { return r.catchUp })))
	}
	for _, s := range peers {
		var p50, p99, cu []float64
		for r := range runs {
			k, o := all["kintsugi"][r], all[s.name][r]
			p50 = append(p50, ratio(k.p50, o.p50))
			p99 = append(p99, ratio(k.p99, o.p99))
			cu = append(cu, ratio(k.catchUp, o.catchUp))
		}
		fmt.Printf("kintsugi / %-17s  p50 %.3f×  p99 %.3f×  catch-up %.3f×\n", s.name, fmedian(p50), fmedian(p99), fmedian(cu))
	}
}

// editToPartner times edits one by one from A's edit returning to the
// change being a head of B's document.
func editToPartner(s system, dir string, warm, n int) ([]time.Duration, error) {
	a, b, err := s.start(dir, false)
	if err != nil {
		return nil, err
	}
	defer a.kill()
	defer b.kill()
	lat := make([]time.Duration, 0, n)
	for i := range warm + n {
		d, err := trip(a, b, i)
		if err != nil {
			return nil, err
		}
		if i >= warm {
			lat = append(lat, d)
		}
	}
	return lat, quit(a, b)
}

// trip makes edit i on a and waits until b has it.
func trip(a, b *proc, i int) (time.Duration, error) {
	e, err := a.ask("edit "+strconv.Itoa(i), "edited", 10*time.Second)
	if err != nil {
		return 0, err
	}
	got, err := b.ask("wait "+e[2], "arrived", 10*time.Second)
	if err != nil {
		return 0, err
	}
	return since(e[1], got[1])
}

// catchUp makes n edits on A while it is offline, then connects it and
// times until B has the last one.
func catchUp(s system, dir string, n int) (time.Duration, error) {
	a, b, err := s.start(dir, true)
	if err != nil {
		return 0, err
	}
	defer a.kill()
	defer b.kill()
	var last []string
	for i := range n {
		if last, err = a.ask("edit "+strconv.Itoa(i), "edited", 10*time.Second); err != nil {
			return 0, err
		}
	}
	// Offline edits were made a while ago: A is idle when it connects.
	if _, err := a.ask("flush", "flushed", time.Minute); err != nil {
		return 0, err
	}
	time.Sleep(500 * time.Millisecond)
	c, err := a.ask("connect", "connecting", 10*time.Second)
	if err != nil {
		return 0, err
	}
	got, err := b.ask("wait "+last[2], "arrived", time.Minute)
	if err != nil {
		return 0, err
	}
	d, err := since(c[1], got[1])
	if err != nil {
		return 0, err
	}
	return d, quit(a, b)
}

func quit(a, b *proc) error {
	for _, p := range []*proc{a, b} {
		if _, err := p.ask("quit", "bye", 30*time.Second); err != nil {
			return err
		}
	}
	return nil
}

// since parses two CLOCK_MONOTONIC readings in ns and returns t1-t0.
func since(t0, t1 string) (time.Duration, error) {
	a, err0 := strconv.ParseInt(t0, 10, 64)
	b, err1 := strconv.ParseInt(t1, 10, 64)
	if err := errors.Join(err0, err1); err != nil {
		return 0, fmt.Errorf("%w: bad time: %w", errBench, err)
	}
	if b < a {
		return 0, fmt.Errorf("%w: arrived before it was made (%d < %d)", errBench, b, a)
	}
	return time.Duration(b - a), nil
}

// pairTemplate makes two profiles in dir/a and dir/b and pairs them over
// loopback, as invite and join do; every run starts from copies of them.
func pairTemplate(dir string) error {
	ann, err := profile.Create(filepath.Join(dir, "a"), "Ann", pass)
	if err != nil {
		return err
	}
	defer ann.Close()
	bob, err := profile.Create(filepath.Join(dir, "b"), "Bob", pass)
	if err != nil {
		return err
	}
	defer bob.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	opts := profile.SyncOptions{Listen: []string{"/ip4/127.0.0.1/tcp/0"}, NoDiscovery: true}
	for _, p := range []*profile.Profile{ann, bob} {
		if err := p.StartSync(ctx, opts); err != nil {
			return err
		}
	}
	inv, res, err := ann.Invite(ctx, time.Minute)
	if err != nil {
		return err
	}
	jr, err := bob.Join(ctx, inv.Code())
	if err == nil {
		err = jr.Err
	}
	if err != nil {
		return err
	}
	if r := <-res; r.Err != nil {
		return r.Err
	}
	return errors.Join(ann.Close(), bob.Close())
}

// copyDir copies the files of a profile folder.
func copyDir(from, to string) error {
	return filepath.WalkDir(from, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		dst := filepath.Join(to, rel)
		if e.IsDir() {
			return os.MkdirAll(dst, 0o700)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o600)
	})
}

// proc is one side's process: commands on its stdin, answers on its stdout.
type proc struct {
	name  string
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines chan string
}

func startProc(name string, c *exec.Cmd) (*proc, error) {
	c.Stderr = os.Stderr
	in, err := c.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := c.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := c.Start(); err != nil {
		return nil, fmt.Errorf("failed to start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: c, in: in, lines: make(chan string, 16)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
	}()
	return p, nil
}

// ask sends line and returns the fields of the answer, which must start
// with want.
func (p *proc) ask(line, want string, timeout time.Duration) ([]string, error) {
	if _, err := io.WriteString(p.in, line+"\n"); err != nil {
		return nil, fmt.Errorf("%s: %w", p.name, err)
	}
	return p.expect(want, timeout)
}

func (p *proc) expect(want string, timeout time.Duration) ([]string, error) {
	select {
	case l, ok := <-p.lines:
		if !ok {
			return nil, fmt.Errorf("%w: %s ended", errBench, p.name)
		}
		f := strings.Fields(l)
		if len(f) == 0 || f[0] != want {
			return nil, fmt.Errorf("%w: %s said %q, not %s", errBench, p.name, l, want)
		}
		return f, nil
	case <-time.After(timeout):
		return nil, fmt.Errorf("%w: %s did not say %s within %s", errBench, p.name, want, timeout)
	}
}

// kill ends the process if it is still running (after quit, it is not).
func (p *proc) kill() {
	p.in.Close()
	done := make(chan struct{})
	go func() {
		p.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
}

func pct(ds []time.Duration, q float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

func median(rs []result, f func(result) time.Duration) time.Duration {
	var ds []time.Duration
	for _, r := range rs {
		ds = append(ds, f(r))
	}
	return pct(ds, 0.5)
}

func fmedian(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

// round keeps three significant figures or so.
func round(d time.Duration) time.Duration {
	switch {
	case d >= 100*time.Millisecond:
		return d.Round(time.Millisecond)
	case d >= 10*time.Millisecond:
		return d.Round(100 * time.Microsecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
