// Command rss measures the memory a real kintsugi process holds, in a fresh
// process, for docs/BENCHMARKS.md. It pairs two new profiles with the binary
// given first, optionally replaces both documents with doctest's history of
// -years, then for each binary in turn (alternating, -runs times) runs
// `sync` live on both profiles and `status` on the first, and prints VmRSS
// after -after and the peak VmHWM, read from /proc/PID/status.
//
//	go build -o /tmp/new ./cmd/kintsugi
//	go run ./bench/rss -years 5 -runs 3 /tmp/old /tmp/new
//
// It uses the real scrypt work factor (the release binary ignores
// KINTSUGI_TEST_SCRYPT), so each unlock costs the KDF's 256 MiB.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc/doctest"
)

const pass = "a passphrase for measuring"

func main() {
	years := flag.Int("years", 0, "years of doctest history in both documents (0: fresh profiles)")
	runs := flag.Int("runs", 3, "runs per binary, alternating")
	keep := flag.String("keep", "", "make the profiles in this new folder and keep them (default: a temporary folder)")
	after := flag.Duration("after", 20*time.Second, "how long after start to read VmRSS of sync")
	flag.Parse()
	bins := flag.Args()
	if len(bins) == 0 {
		fmt.Fprintln(os.Stderr, "usage: rss [-years N] [-runs N] [-after D] BINARY...")
		os.Exit(2)
	}
	dir := *keep
	if dir == "" {
		d, err := os.MkdirTemp("", "kintsugi-rss-")
		check(err)
		defer os.RemoveAll(d)
		dir = d
	} else {
		check(os.Mkdir(dir, 0o700))
	}
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	check(pair(bins[0], dir, a, b))
	if *years > 0 {
		saved, err := doctest.SavedHistory(1, *years)
		check(err)
		check(replaceDoc(a, saved))
		check(replaceDoc(b, saved))
	}
	fmt.Printf("years=%d after=%v\n", *years, *after)
	fmt.Printf("%-24s %4s %12s %12s %12s %12s %12s\n", "binary", "run", "sync RSS MB", "sync HWM MB", "partner RSS", "status peak", "status HWM")
	for r := range *runs {
		for _, bin := range bins {
			sa, sb := startSync(bin, a), startSync(bin, b)
			time.Sleep(*after)
			rssA, hwmA := mem(sa.Process.Pid)
			rssB, _ := mem(sb.Process.Pid)
			stop(sa)
			stop(sb)
			st := command(bin, a, "status")
			var out bytes.Buffer
			st.Stdout = &out
			check(st.Start())
			rssS, hwmS := watch(st)
			fmt.Printf("%-24s %4d %12.1f %12.1f %12.1f %12.1f %12.1f\n", filepath.Base(bin), r+1, rssA, hwmA, rssB, rssS, hwmS)
		}
	}
}

// watch samples the memory of a started command every 5 ms until it exits.
func watch(c *exec.Cmd) (rss, hwm float64) {
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			check(err)
			return rss, hwm
		case <-tick.C:
			r, h := mem(c.Process.Pid)
			rss, hwm = max(rss, r), max(hwm, h)
		}
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "rss:", err)
		os.Exit(1)
	}
}

func command(bin, profile string, args ...string) *exec.Cmd {
	c := exec.Command(bin, append([]string{"--profile", profile}, args...)...)
	c.Env = append(os.Environ(), "KINTSUGI_PASSPHRASE="+pass, "LANG=C.UTF-8", "LANGUAGE=en")
	c.Stderr = os.Stderr
	return c
}

// pair makes two profiles and pairs them over loopback.
func pair(bin, dir, a, b string) error {
	for _, p := range []string{a, b} {
		if out, err := command(bin, p, "init", "--name", filepath.Base(p)).Output(); err != nil {
			return fmt.Errorf("init: %w: %s", err, out)
		}
	}
	code := filepath.Join(dir, "code.txt")
	inv := command(bin, a, "invite", "--listen", "/ip4/127.0.0.1/tcp/0", "--discover=false", "--code-file", code)
	inv.Stdout, inv.Stderr = nil, nil
	if err := inv.Start(); err != nil {
		return err
	}
	for i := 0; ; i++ {
		if b, err := os.ReadFile(code); err == nil && len(b) > 0 {
			break
		}
		if i > 200 {
			return fmt.Errorf("no invite code")
		}
		time.Sleep(50 * time.Millisecond)
	}
	join := command(bin, b, "join", "--code-file", code, "--listen", "/ip4/127.0.0.1/tcp/0", "--discover=false")
	join.Stderr = nil
	if out, err := join.Output(); err != nil {
		return fmt.Errorf("join: %w: %s", err, out)
	}
	return inv.Wait()
}

// replaceDoc writes saved as the profile's shared document.
func replaceDoc(profile string, saved []byte) error {
	id, err := crypto.LoadKeyFile(filepath.Join(profile, "identity.key"), pass)
	if err != nil {
		return err
	}
	l, err := crypto.OpenLog(profile, "shared", id.AgeIdentity(), id.AgeIdentity().Recipient())
	if err != nil {
		return err
	}
	if _, _, err := l.Load(); err != nil {
		return err
	}
	return l.Compact(saved)
}

func startSync(bin, profile string) *exec.Cmd {
	c := command(bin, profile, "sync", "--discover=false", "--listen", "/ip4/127.0.0.1/tcp/0")
	c.Stderr = nil
	check(c.Start())
	return c
}

func stop(c *exec.Cmd) {
	c.Process.Signal(os.Interrupt)
	c.Wait()
}

// mem returns VmRSS and VmHWM of pid in MB.
func mem(pid int) (rss, hwm float64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var kb float64
		k, v, _ := strings.Cut(sc.Text(), ":")
		fmt.Sscanf(strings.TrimSpace(v), "%f", &kb)
		switch k {
		case "VmRSS":
			rss = kb / 1024
		case "VmHWM":
			hwm = kb / 1024
		}
	}
	return rss, hwm
}
