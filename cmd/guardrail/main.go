// Command guardrail checks writing against a team's restricted phrases and
// approved wording: in CI (`guardrail check`) and in editors
// (`guardrail lsp`).
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/guardrail-dev/guardrail/analysis"
	_ "github.com/guardrail-dev/guardrail/internal/startstack" // one stack growth at init, not four
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

// app carries the process's streams, so tests can run commands in-process.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// stdoutFile is os.Stdout when stdout is the terminal's, for colour;
	// stderrFile is os.Stderr, for the progress line.
	stdoutFile, stderrFile *os.File
	// getenv reads the environment (os.Getenv when nil): NO_COLOR,
	// FORCE_COLOR, CLICOLOR_FORCE, CI.
	getenv func(string) string

	// code is the exit code of the command that ran.
	code int
	// beforeFix, set by a test, runs just before --fix writes a file (to
	// change the file between the check and the write).
	beforeFix func(path string)
	// maxDocSize, set by a test, lowers the largest document check reads
	// (0: analysis.MaxDocumentSize).
	maxDocSize int
	// eagerEngines, set by a test, compiles an engine even for a file
	// with nothing to check (checker.eager).
	eagerEngines bool
}

// maxDocumentSize is the largest document check reads.
func (a *app) maxDocumentSize() int {
	if a.maxDocSize > 0 {
		return a.maxDocSize
	}
	return analysis.MaxDocumentSize
}

func main() {
	a := &app{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, stdoutFile: os.Stdout, stderrFile: os.Stderr}
	os.Exit(a.run(os.Args[1:]))
}

func (a *app) env(key string) string {
	if a.getenv != nil {
		return a.getenv(key)
	}
	return os.Getenv(key)
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
