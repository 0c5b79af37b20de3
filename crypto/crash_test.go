package crypto_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
)

// The crash test re-runs this test binary as a child that saves in a loop
// and reports each save that returned; the parent kills it with SIGKILL at a
// random moment, then checks that the store still opens and holds a state at
// least as new as the last reported save. KINTSUGI_CRASH_KILLS overrides the
// number of kills (default 1000).
const crashChildEnv = "KINTSUGI_CRASH_CHILD"

func TestCrashWhileSaving(t *testing.T) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		crashChild(dir)
		return
	}
	kills := 1000
	if s := os.Getenv("KINTSUGI_CRASH_KILLS"); s != "" {
		kills, _ = strconv.Atoi(s)
	}
	dir := t.TempDir()
	start := time.Now()
	var saved, compactions int
	for i := range kills {
		last := runAndKill(t, dir, i)
		got, gen := checkCrashState(t, dir, last)
		if got < last.state {
			t.Fatalf("kill %d: store holds state %d, but save %d had returned", i, got, last.state)
		}
		saved = max(saved, got)
		compactions = gen
	}
	t.Logf("%d kills in %v; final state %d after %d compactions", kills, time.Since(start).Round(time.Millisecond), saved, compactions)
	if saved < kills/10 {
		t.Fatalf("only %d saves over %d runs: the child hardly saved before being killed", saved, kills)
	}
}

// crashReport is what the child had reported when it was killed.
type crashReport struct {
	state int // counter of the last save that returned
	key   int // number of the passphrase the key file last changed to
}

func runAndKill(t *testing.T, dir string, run int) crashReport {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashWhileSaving$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1024)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var rep crashReport
	apply := func(l string) {
		if f := strings.Fields(l); len(f) == 2 {
			n, _ := strconv.Atoi(f[1])
			switch f[0] {
			case "saved":
				rep.state = n
			case "key":
				rep.key = n
			}
		}
	}
	// Wait until the child has loaded and starts saving, then kill it at a
	// random point of its save loop.
	ready := false
	for l := range lines {
		apply(l)
		if l == "ready" {
			ready = true
			break
		}
	}
	if !ready {
		cmd.Wait()
		t.Fatalf("run %d: child exited before it was ready", run)
	}
	time.Sleep(time.Duration(rand.IntN(6000)) * time.Microsecond)
	cmd.Process.Signal(syscall.SIGKILL)
	for l := range lines {
		apply(l)
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("run %d: child ended with %v, not by SIGKILL", run, err)
	}
	return rep
}

// checkCrashState opens the store as the next launch would and returns its
// state; it fails the test if the store or the key file is unusable.
func checkCrashState(t *testing.T, dir string, last crashReport) (state, gen int) {
	t.Helper()
	if last.key > 0 || fileExists(filepath.Join(dir, "key.age")) {
		// The key file opens with the last passphrase reported, or with the
		// next one if the change finished but was not reported yet.
		_, err := crypto.LoadKeyFile(filepath.Join(dir, "key.age"), crashPass(last.key))
		if errors.Is(err, crypto.ErrWrongPassphrase) {
			_, err = crypto.LoadKeyFile(filepath.Join(dir, "key.age"), crashPass(last.key+1))
		}
		if err != nil {
			t.Fatalf("key file after a kill: %v", err)
		}
	}
	state, gen, err := loadCrashState(dir)
	if err != nil {
		t.Fatalf("store after a kill: %v", err)
	}
	// Plaintext never touches the disk: not in the files, not in the
	// temporary files a kill leaves behind.
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(crashMarker)) {
			t.Fatalf("plaintext on disk after a kill, in %s", filepath.Base(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return state, gen
}

// crashMarker starts every plaintext the crash child saves.
const crashMarker = "kintsugi-crash-test-plaintext"

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func crashPass(n int) string { return fmt.Sprintf("passphrase number %d", n) }

// loadCrashState loads the log: the snapshot holds a counter and each chunk
// the next value. It checks that the chunks continue the snapshot exactly.
func loadCrashState(dir string) (state, compactions int, err error) {
	b, err := os.ReadFile(filepath.Join("testdata", "alice.key"))
	if err != nil {
		return 0, 0, err
	}
	id, err := crypto.ImportRecovery(b)
	if err != nil {
		return 0, 0, err
	}
	l, err := crypto.OpenLog(filepath.Join(dir, "store"), "doc", id.AgeIdentity(), id.Public().Recipient)
	if err != nil {
		return 0, 0, err
	}
	snap, chunks, err := l.Load()
	if err != nil {
		return 0, 0, err
	}
	if snap != nil {
		f := strings.Fields(string(snap))
		if len(f) != 3 || f[0] != crashMarker {
			return 0, 0, fmt.Errorf("bad snapshot %q", snap)
		}
		state, _ = strconv.Atoi(f[1])
		compactions, _ = strconv.Atoi(f[2])
	}
	for _, c := range chunks {
		rest, _ := strings.CutPrefix(string(c), crashMarker+" ")
		n, err := strconv.Atoi(rest)
		if err != nil || n != state+1 {
			return 0, 0, fmt.Errorf("chunk %q does not follow state %d", c, state)
		}
		state = n
	}
	return state, compactions, nil
}

// crashChild saves forever: appends the next counter, compacts every fourth
// save, and changes the key file's passphrase every fifth, printing each
// save after it returned.
func crashChild(dir string) {
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(3)
	}
	state, compactions, err := loadCrashState(dir)
	if err != nil {
		fail(err)
	}
	b, _ := os.ReadFile(filepath.Join("testdata", "alice.key"))
	id, _ := crypto.ImportRecovery(b)
	l, err := crypto.OpenLog(filepath.Join(dir, "store"), "doc", id.AgeIdentity(), id.Public().Recipient)
	if err != nil {
		fail(err)
	}
	if _, _, err := l.Load(); err != nil {
		fail(err)
	}
	keyPath := filepath.Join(dir, "key.age")
	key := 0
	for ; fileExists(keyPath); key++ {
		if _, err := crypto.LoadKeyFile(keyPath, crashPass(key)); err == nil {
			break
		}
		if key > 1e6 {
			fail(errors.New("key file opens with no passphrase"))
		}
	}
	if !fileExists(keyPath) {
		if err := crypto.SaveKeyFile(keyPath, id, crashPass(0)); err != nil {
			fail(err)
		}
	}
	w := bufio.NewWriter(os.Stdout)
	report := func(format string, args ...any) {
		fmt.Fprintf(w, format+"\n", args...)
		w.Flush()
	}
	report("key %d", key)
	report("saved %d", state)
	report("ready")
	for {
		state++
		if state%4 == 0 {
			compactions++
			err = l.Compact(fmt.Appendf(nil, "%s %d %d", crashMarker, state, compactions))
		} else {
			err = l.Append(fmt.Appendf(nil, "%s %d", crashMarker, state))
		}
		if err != nil {
			fail(err)
		}
		report("saved %d", state)
		if state%5 == 0 {
			if err := crypto.ChangePassphrase(keyPath, crashPass(key), crashPass(key+1)); err != nil {
				fail(err)
			}
			key++
			report("key %d", key)
		}
	}
}
