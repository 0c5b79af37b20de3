package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary run as the kintsugi command in scripts, as
// a real subprocess.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"kintsugi": func() {
			testHooks()
			main()
		},
	})
}

// testHooks applies settings only test builds honour: KINTSUGI_TEST_SCRYPT
// lowers the scrypt work factor so scripts do not spend a second per
// unlock. The production binary never reads it.
func testHooks() {
	if v := os.Getenv("KINTSUGI_TEST_SCRYPT"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 30 {
			fmt.Fprintln(os.Stderr, "KINTSUGI_TEST_SCRYPT must be 1-30")
			os.Exit(2)
		}
		crypto.ScryptWorkFactor = n
	}
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata",
		Setup: func(e *testscript.Env) error {
			e.Setenv("KINTSUGI_TEST_SCRYPT", "10")
			e.Setenv("HOME", e.WorkDir)
			e.Setenv("XDG_CONFIG_HOME", e.WorkDir+"/.config")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"waitline":   cmdWaitLine,
			"freeport":   cmdFreePort,
			"readvar":    cmdReadVar,
			"jsonvar":    cmdJSONVar,
			"tamper":     cmdTamper,
			"waitlocked": cmdWaitLocked,
			"waitmatch":  cmdWaitMatch,
		},
	})
}

// cmdWaitLine waits for FILE to hold a complete first line (written by a
// background command) and sets the environment variable VAR to it:
//
//	waitline FILE VAR [TIMEOUT]
func cmdWaitLine(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: waitline FILE VAR [TIMEOUT]")
	}
	timeout := 60 * time.Second
	if len(args) == 3 {
		d, err := time.ParseDuration(args[2])
		ts.Check(err)
		timeout = d
	}
	deadline := time.Now().Add(timeout)
	for {
		if f, err := os.Open(ts.MkAbs(args[0])); err == nil {
			line, err := bufio.NewReader(f).ReadString('\n')
			f.Close()
			if err == nil {
				ts.Setenv(args[1], strings.TrimSpace(line))
				return
			}
		}
		if time.Now().After(deadline) {
			ts.Fatalf("no line in %s after %s", args[0], timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cmdWaitMatch waits until FILE (written by a background command) holds a
// line matching REGEX:
//
//	waitmatch FILE REGEX [TIMEOUT]
func cmdWaitMatch(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: waitmatch FILE REGEX [TIMEOUT]")
	}
	re, err := regexp.Compile("(?m)" + args[1])
	ts.Check(err)
	timeout := 60 * time.Second
	if len(args) == 3 {
		timeout, err = time.ParseDuration(args[2])
		ts.Check(err)
	}
	deadline := time.Now().Add(timeout)
	for {
		if b, err := os.ReadFile(ts.MkAbs(args[0])); err == nil && re.Match(b) {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("no line matching %q in %s after %s", args[1], args[0], timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cmdFreePort sets each VAR to a free TCP port on 127.0.0.1:
//
//	freeport VAR...
func cmdFreePort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: freeport VAR...")
	}
	for _, v := range args {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		ts.Check(err)
		ts.Setenv(v, strconv.Itoa(l.Addr().(*net.TCPAddr).Port))
		l.Close()
	}
}

// cmdReadVar sets VAR to the first line of FILE ("stdout" after cp):
//
//	readvar VAR FILE
func cmdReadVar(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: readvar VAR FILE")
	}
	line, _, _ := strings.Cut(ts.ReadFile(args[1]), "\n")
	ts.Setenv(args[0], strings.TrimSpace(line))
}

// cmdJSONVar sets VAR to the value at a dotted PATH of the JSON in FILE;
// a number in the path indexes an array:
//
//	jsonvar VAR FILE PATH
func cmdJSONVar(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: jsonvar VAR FILE PATH")
	}
	var v any
	ts.Check(json.Unmarshal([]byte(ts.ReadFile(args[1])), &v))
	for _, k := range strings.Split(args[2], ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(x) {
				ts.Fatalf("%s: no element %q", args[2], k)
			}
			v = x[i]
		default:
			ts.Fatalf("%s: %q is not in an object or array", args[2], k)
		}
	}
	if s, ok := v.(string); ok {
		ts.Setenv(args[0], s)
		return
	}
	b, _ := json.Marshal(v)
	ts.Setenv(args[0], string(b))
}

// cmdTamper flips one bit in the middle of FILE, keeping a copy of the
// tampered bytes in COPY to compare with later:
//
//	tamper FILE COPY
func cmdTamper(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: tamper FILE COPY")
	}
	b, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	b[len(b)/2] ^= 0x10
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), b, 0o600))
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), b, 0o600))
}

// cmdWaitLocked waits until a process holds the lock of the profile in DIR
// (its lock file names a PID):
//
//	waitlocked DIR
func cmdWaitLocked(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitlocked DIR")
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		b, _ := os.ReadFile(ts.MkAbs(args[0]) + "/lock")
		if len(strings.TrimSpace(string(b))) > 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	ts.Fatalf("%s was not locked in time", args[0])
}
