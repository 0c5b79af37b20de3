package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/kintsugi-app/kintsugi/app"
	"github.com/kintsugi-app/kintsugi/app/profile"
)

// env is what a command may touch of the outside world, so tests and the
// real binary run the same code.
type env struct {
	stdin  *os.File
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// ctx is cancelled on SIGINT or SIGTERM.
	ctx context.Context
}

func newEnv() *env {
	ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	return &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, ctx: ctx}
}

// cli is one invocation: the environment and the global flags.
type cli struct {
	*env
	profileDir string // --profile, else KINTSUGI_PROFILE, else the default
}

// command is one subcommand or group of subcommands.
type command struct {
	name    string
	args    string // usage after the name, e.g. "TEXT [--cadence daily|weekly|once]"
	summary string
	run     func(c *cli, args []string) error
	sub     []*command // a group: "commitment add", "commitment list"...
}

// commands is the table of every command, in the order "help" prints them.
var commands []*command

func init() {
	commands = []*command{
		{name: "init", args: "--name NAME", summary: "create a profile with a new identity", run: cmdInit},
		{name: "invite", args: "[--listen MULTIADDR] [--timeout DURATION] [--code-file FILE] [--secret-file FILE]", summary: "print an invite code and wait for your partner to join", run: cmdInvite},
		{name: "join", args: "[CODE | -] [--code-file FILE] | --lan SECRETCODE [--peer ID] [--timeout DURATION] [--listen MULTIADDR]", summary: "pair with your partner using their invite code, or their secret code on the same network", run: cmdJoin},
		{name: "unpair", args: "", summary: "forget your partner on this laptop, keeping the shared document, to pair again", run: cmdUnpair},
		{name: "status", args: "[--json]", summary: "show the profile, the partner and the sync state", run: cmdStatus},
		commitmentCommand(),
		needCommand(),
		boundaryCommand(),
		checkinCommand(),
		interactionCommand(),
		questionCommand(),
		apologyCommand(),
		milestoneCommand(),
		pauseCommand(),
		stageCommand(),
		ritualCommand(),
		remindersCommand(),
		helpSignCommand(),
		insightsCommand(),
		journalCommand(),
		{name: "sync", args: "[--once] [--timeout DURATION] [--listen MULTIADDR] [--partner-addr MULTIADDR]... [--port-map[=false]]", summary: "sync with your partner (live until interrupted, or --once)", run: cmdSync},
		relayCommand(),
		{name: "bundle", summary: "carry changes on a file when there is no network", sub: []*command{
			{name: "export", args: "FILE", summary: "write a sealed bundle of the shared document for your partner", run: cmdBundleExport},
			{name: "import", args: "FILE", summary: "merge a bundle from your partner", run: cmdBundleImport},
		}},
		folderCommand(),
		portMapCommand(),
		{name: "export", args: "--format md|pdf|json [--from DATE] [--to DATE] [--journal] FILE", summary: "export the shared document (and, if asked, your journal) for a therapist", run: cmdExport},
		{name: "identity", summary: "back up or restore your keys", sub: []*command{
			{name: "export", args: "FILE", summary: "write your recovery key (keep it private)", run: cmdIdentityExport},
			{name: "import", args: "FILE [--name NAME]", summary: "restore your profile from your recovery key (keeps everything it can read)", run: cmdIdentityImport},
		}},
		{name: "passphrase", args: "", summary: "change the profile passphrase (KINTSUGI_NEW_PASSPHRASE or asked)", run: cmdPassphrase},
		{name: "demo", summary: "open two paired demo windows on throwaway profiles", run: cmdDemo},
		{name: "help", args: "[COMMAND]", summary: "show this help", run: cmdHelp},
	}
}

// run runs the command line args and returns the process exit code.
func run(args []string, e *env) int {
	c := &cli{env: e}
	fs := flag.NewFlagSet("kintsugi", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.profileDir, "profile", "", "")
	if err := fs.Parse(args); err != nil {
		return c.fail(usageError{err.Error()})
	}
	args = fs.Args()
	if len(args) == 0 {
		return c.fail(c.runGUI())
	}
	cmd, rest, err := lookup(commands, args, "")
	if err != nil {
		return c.fail(err)
	}
	return c.fail(cmd.run(c, rest))
}

// lookup finds the command named by args and returns it with its arguments.
func lookup(table []*command, args []string, prefix string) (*command, []string, error) {
	name := args[0]
	if name == "-h" || name == "--help" || name == "-help" {
		name = "help"
	}
	for _, cmd := range table {
		if cmd.name != name {
			continue
		}
		if cmd.sub == nil {
			return cmd, args[1:], nil
		}
		if len(args) < 2 {
			return nil, nil, usageError{fmt.Sprintf("%s%s needs a subcommand: %s", prefix, name, subNames(cmd))}
		}
		return lookup(cmd.sub, args[1:], prefix+name+" ")
	}
	return nil, nil, usageError{fmt.Sprintf("unknown command %q (run \"kintsugi help\")", strings.TrimSpace(prefix+name))}
}

func subNames(cmd *command) string {
	var n []string
	for _, s := range cmd.sub {
		n = append(n, s.name)
	}
	return strings.Join(n, ", ")
}

// flags returns a flag set for a command that also accepts --profile.
func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.profileDir, "profile", c.profileDir, "profile folder")
	return fs
}

// parse parses flags that may come before, between or after positional
// arguments, and checks the number of positional arguments is in [min, max]
// (max < 0: no limit). "--" ends the flags.
func parse(fs *flag.FlagSet, args []string, min, max int) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, usageError{"help requested: run \"kintsugi help\""}
			}
			return nil, usageError{err.Error()}
		}
		rest := fs.Args()
		// fs.Parse stops at the first positional argument, or after "--".
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	if len(pos) < min || (max >= 0 && len(pos) > max) {
		switch {
		case max == 0:
			return nil, usageError{fmt.Sprintf("%s takes no arguments, got %q", fs.Name(), strings.Join(pos, " "))}
		case len(pos) < min:
			return nil, usageError{fmt.Sprintf("%s needs more arguments (run \"kintsugi help\")", fs.Name())}
		default:
			return nil, usageError{fmt.Sprintf("%s got too many arguments: %q (quote text with spaces)", fs.Name(), strings.Join(pos, " "))}
		}
	}
	return pos, nil
}

// dir returns the profile folder to use.
func (c *cli) dir() (string, error) {
	if c.profileDir != "" {
		return c.profileDir, nil
	}
	if d := c.getenv("KINTSUGI_PROFILE"); d != "" {
		return d, nil
	}
	return profile.DefaultDir()
}

// open opens the profile, asking for its passphrase. The caller closes it.
func (c *cli) open() (*profile.Profile, error) {
	dir, err := c.dir()
	if err != nil {
		return nil, err
	}
	if !profile.Exists(dir) && !profile.HasData(dir) {
		return nil, noProfileIn(dir)
	}
	if !profile.Exists(dir) {
		_, err := profile.Open(dir, "") // says what to do
		return nil, err
	}
	pass, err := c.passphrase("KINTSUGI_PASSPHRASE", "Passphrase: ", false)
	if err != nil {
		return nil, err
	}
	return profile.Open(dir, pass)
}

// withProfile opens the profile, runs f and closes the profile, keeping the
// first error.
func (c *cli) withProfile(f func(p *profile.Profile) error) (err error) {
	p, err := c.open()
	if err != nil {
		return err
	}
	defer func() {
		if cerr := p.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	return f(p)
}

// printf writes to stdout.
func (c *cli) printf(format string, a ...any) {
	fmt.Fprintf(c.stdout, format, a...)
}

// printJSON writes v as indented JSON on stdout.
func (c *cli) printJSON(v any) error {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (c *cli) runGUI() error {
	dir, err := c.dir()
	if err != nil {
		return err
	}
	return app.Run(dir)
}

func cmdDemo(c *cli, args []string) error {
	fs := c.flags("demo")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	return app.Demo(c.ctx)
}

func cmdHelp(c *cli, args []string) error {
	if len(args) > 0 {
		table, prefix := commands, ""
		for i, name := range args {
			var found *command
			for _, cmd := range table {
				if cmd.name == name {
					found = cmd
				}
			}
			if found == nil {
				return usageError{fmt.Sprintf("unknown command %q (run \"kintsugi help\")", strings.Join(args[:i+1], " "))}
			}
			if found.sub == nil || i == len(args)-1 {
				printUsage(c.stdout, []*command{found}, prefix)
				return nil
			}
			table, prefix = found.sub, strings.TrimSpace(prefix+" "+name)
		}
	}
	fmt.Fprintln(c.stdout, "Kintsugi: a private space for two partners repairing trust.")
	fmt.Fprintln(c.stdout, "\nUsage: kintsugi [--profile DIR] [COMMAND] ...   (no command opens the app)")
	fmt.Fprintln(c.stdout, "\nCommands:")
	printUsage(c.stdout, commands, "")
	fmt.Fprintln(c.stdout, "\nThe profile folder is --profile, else $KINTSUGI_PROFILE, else your config folder.")
	fmt.Fprintln(c.stdout, "Passphrases come from $KINTSUGI_PASSPHRASE and $KINTSUGI_JOURNAL_PASSPHRASE, else are asked.")
	fmt.Fprintln(c.stdout, "Exit codes:")
	var codes []int
	for code := range exitNames {
		codes = append(codes, code)
	}
	sort.Ints(codes)
	for _, code := range codes {
		fmt.Fprintf(c.stdout, "  %2d  %s\n", code, exitNames[code])
	}
	return nil
}

func printUsage(w io.Writer, table []*command, prefix string) {
	for _, cmd := range table {
		name := strings.TrimSpace(prefix + " " + cmd.name)
		if cmd.sub != nil {
			printUsage(w, cmd.sub, name)
			continue
		}
		line := "  " + name
		if cmd.args != "" {
			line += " " + cmd.args
		}
		fmt.Fprintf(w, "%-72s %s\n", line, cmd.summary)
	}
}
