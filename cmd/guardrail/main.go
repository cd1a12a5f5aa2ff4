// Command guardrail checks writing against a team's restricted phrases and
// approved wording: in CI (`guardrail check`) and in editors
// (`guardrail lsp`).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// Stamped by the release build (.goreleaser.yaml):
//
//	-ldflags "-X main.version=v1.2.3 -X main.commit=<sha> -X main.date=<RFC 3339>"
//
// Unstamped builds fall back to what the Go toolchain recorded (see
// versionString): `go install …@v1.2.3` gives the module version, a build
// in a git checkout the VCS revision and time.
var (
	version = "dev"
	commit  = ""
	date    = ""
)

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// usageError is a command-line mistake: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// errReported is a usage error already printed (by package flag).
var errReported = errors.New("usage error reported")

const mainUsage = `guardrail keeps writing on message: it flags restricted phrases and
offers the approved wording.

Usage:
  guardrail check [flags] [PATH...]   check files and folders (default .)
  guardrail lsp [flags]               language server on stdin/stdout
  guardrail rules test [PATH...]      run the rules' examples
  guardrail rules list                the effective rules here
  guardrail rules packs               the built-in packs
  guardrail explain RULE-ID           a rule's message, rationale and examples
  guardrail init [--force]            write a starter .guardrail.toml
  guardrail version                   version, commit, build date and Go version

Run 'guardrail COMMAND -h' for a command's flags.
`

// app carries the process's streams, so tests can run commands in-process.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// stdoutFile is os.Stdout when stdout is the terminal's, for colour.
	stdoutFile *os.File
	// beforeFix, set by a test, runs just before --fix writes a file (to
	// change the file between the check and the write).
	beforeFix func(path string)
}

func main() {
	a := &app{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, stdoutFile: os.Stdout}
	os.Exit(a.run(os.Args[1:]))
}

// run executes one command line and returns the exit code.
func (a *app) run(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(a.stderr, mainUsage)
		return exitUsage
	}
	var err error
	code := exitOK
	switch cmd, rest := args[0], args[1:]; cmd {
	case "check":
		code, err = a.check(rest)
	case "lsp":
		code, err = a.lsp(rest)
	case "rules":
		if len(rest) == 0 {
			err = usagef("rules: want a subcommand: test, list or packs")
			break
		}
		switch rest[0] {
		case "test":
			code, err = a.rulesTest(rest[1:])
		case "list":
			code, err = a.rulesList(rest[1:])
		case "packs":
			code, err = a.rulesPacks(rest[1:])
		default:
			err = usagef("rules: unknown subcommand %q (want test, list or packs)", rest[0])
		}
	case "explain":
		code, err = a.explain(rest)
	case "init":
		code, err = a.init(rest)
	case "version", "--version", "-version":
		fmt.Fprintln(a.stdout, versionString())
	case "help", "-h", "--help", "-help":
		fmt.Fprint(a.stdout, mainUsage)
	default:
		err = usagef("unknown command %q\n\n%s", cmd, mainUsage)
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		if errors.Is(err, errReported) {
			return exitUsage
		}
		fmt.Fprintf(a.stderr, "guardrail: %v\n", err)
		return exitUsage
	}
	return code
}

// versionString is "guardrail VERSION (commit C, built D, goX)".
func versionString() string {
	bi, _ := debug.ReadBuildInfo()
	return formatVersion(version, commit, date, bi)
}

// formatVersion prefers the stamped values and fills the gaps from the
// build info: the module version for `go install …@vX` builds, the VCS
// revision and time for builds in a git checkout. The date is left out when
// neither knows it.
func formatVersion(version, commit, date string, bi *debug.BuildInfo) string {
	v, c, d, goVersion := version, commit, date, "unknown"
	if bi != nil {
		goVersion = bi.GoVersion
		if v == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		dirty := false
		revision, vcsTime := "", ""
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				vcsTime = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if c == "" && revision != "" {
			c = revision
			if dirty {
				c += "-dirty"
			}
		}
		if d == "" {
			d = vcsTime
		}
	}
	if c == "" {
		c = "unknown"
	}
	if short, dirty := strings.CutSuffix(c, "-dirty"); len(short) > 12 {
		c = short[:12]
		if dirty {
			c += "-dirty"
		}
	}
	if d != "" {
		return fmt.Sprintf("guardrail %s (commit %s, built %s, %s)", v, c, d, goVersion)
	}
	return fmt.Sprintf("guardrail %s (commit %s, %s)", v, c, goVersion)
}

// parseFlags parses flags that may come before, between or after the
// positional arguments ("check docs/ --format json"). "--" ends flags; a
// lone "-" is a positional argument (stdin).
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errReported
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// flag stops at the first non-flag, or after "--".
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func newFlagSet(a *app, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	fs.Usage = func() {
		fmt.Fprintf(a.stderr, "Usage: guardrail %s\n", usage)
		if strings.Contains(usage, "[flags]") {
			fmt.Fprintln(a.stderr, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}
