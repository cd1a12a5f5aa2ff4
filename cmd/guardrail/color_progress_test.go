package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// runCLIEnv is runCLI with the environment variables guardrail reads for
// colour and progress given (all others unset).
func runCLIEnv(t *testing.T, dir string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return env[k] }}
	code := a.run(args)
	return code, out.String(), errb.String()
}

// TestColorFlagAndEnvironment: --color always/never win; with auto (and
// stdout not a terminal, as here) NO_COLOR keeps colour off, FORCE_COLOR
// and CLICOLOR_FORCE switch it on; --no-color is --color never.
func TestColorFlagAndEnvironment(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": testConfig, "a.md": "We utilize it.\n"})
	tests := []struct {
		args []string
		env  map[string]string
		want bool
	}{
		{nil, nil, false}, // not a terminal
		{[]string{"--color", "always"}, nil, true},
		{[]string{"--color=always"}, map[string]string{"NO_COLOR": "1"}, true},
		{[]string{"--color", "never"}, map[string]string{"FORCE_COLOR": "1"}, false},
		{[]string{"--color", "auto"}, map[string]string{"FORCE_COLOR": "1"}, true},
		{nil, map[string]string{"FORCE_COLOR": "3"}, true},
		{nil, map[string]string{"FORCE_COLOR": "0"}, false},
		{nil, map[string]string{"CLICOLOR_FORCE": "1"}, true},
		{nil, map[string]string{"CLICOLOR_FORCE": "0"}, false},
		{nil, map[string]string{"NO_COLOR": "1", "FORCE_COLOR": "1"}, false},
		{[]string{"--no-color"}, map[string]string{"FORCE_COLOR": "1"}, false},
		{[]string{"--no-color", "--color", "always"}, nil, false},
		{[]string{"--color", "always", "--format", "json"}, nil, false}, // colour is for text only
	}
	for _, tt := range tests {
		args := append(append([]string{"check", "--fail-on", "never"}, tt.args...), "a.md")
		code, out, stderr := runCLIEnv(t, dir, tt.env, args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d %s", args, code, stderr)
		}
		if got := strings.Contains(out, "\x1b["); got != tt.want {
			t.Errorf("%v env %v: colour %v, want %v:\n%q", tt.args, tt.env, got, tt.want, out)
		}
	}
	code, _, stderr := runCLIEnv(t, dir, nil, "check", "--color", "sometimes", "a.md")
	if code != exitUsage || !strings.Contains(stderr, `check: unknown --color "sometimes" (want auto, always or never)`) {
		t.Errorf("--color sometimes: exit %d %q", code, stderr)
	}
}

// TestProgressAsked: --progress into a pipe (stderr not a terminal) gives
// plain lines and a last count; without it, or with --progress=false,
// nothing; stdout is the same either way.
func TestProgressAsked(t *testing.T) {
	files := map[string]string{".guardrail.toml": testConfig}
	for i := range 7 {
		files[fmt.Sprintf("d/%d.md", i)] = "We utilize it.\n"
	}
	dir := writeTree(t, files)
	plainCode, plain, stderr := runCLIEnv(t, dir, nil, "check", "d")
	if stderr != "" {
		t.Errorf("no --progress, stderr %q", stderr)
	}
	code, out, stderr := runCLIEnv(t, dir, nil, "check", "--progress", "d")
	if code != plainCode || out != plain {
		t.Errorf("--progress changed stdout or the exit code: %d\n%s", code, out)
	}
	if !strings.HasSuffix(stderr, "guardrail: checked 7/7 files\n") || strings.Contains(stderr, "\r") {
		t.Errorf("--progress stderr %q", stderr)
	}
	if _, _, stderr := runCLIEnv(t, dir, map[string]string{"CI": "true"}, "check", "--progress=false", "d"); stderr != "" {
		t.Errorf("--progress=false: stderr %q", stderr)
	}
}

// TestProgressOn: by default the line shows on a terminal outside CI;
// --progress and --progress=false decide whatever the terminal and CI.
func TestProgressOn(t *testing.T) {
	env := func(ci string) func(string) string {
		return func(k string) string {
			if k == "CI" {
				return ci
			}
			return ""
		}
	}
	for _, tt := range []struct {
		set, value, tty bool
		ci              string
		want            bool
	}{
		{false, false, true, "", true},
		{false, false, true, "true", false},
		{false, false, false, "", false},
		{true, true, false, "true", true},
		{true, false, true, "", false},
	} {
		f := checkFlags{progress: tt.value, progressSet: tt.set}
		if got := progressOn(f, tt.tty, env(tt.ci)); got != tt.want {
			t.Errorf("%+v: %v, want %v", tt, got, tt.want)
		}
	}
}

// TestProgressLine: on a terminal the line is redrawn in place (after the
// delay only), counts files with the total once it is known, and is erased
// when the last file is done.
func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	t0 := time.Unix(1000, 0)
	p := newProgress(&buf, true, t0)
	p.fileDone()
	p.render(t0.Add(progressDelay / 2))
	if buf.Len() != 0 {
		t.Fatalf("drawn before the delay: %q", buf.String())
	}
	p.fileDone()
	p.render(t0.Add(progressDelay))
	if got := buf.String(); got != "\r\x1b[Kguardrail: checked 2 files…" {
		t.Errorf("before the total: %q", got)
	}
	buf.Reset()
	p.setTotal(3)
	p.render(t0.Add(2 * progressDelay))
	if got := buf.String(); got != "\r\x1b[Kguardrail: checked 2/3 files" {
		t.Errorf("with the total: %q", got)
	}
	buf.Reset()
	p.fileDone() // the last one: erased
	p.render(t0.Add(3 * progressDelay))
	if got := buf.String(); got != "\r\x1b[K" {
		t.Errorf("at the end: %q", got)
	}
	p.stop() // idempotent
	if got := buf.String(); got != "\r\x1b[K" {
		t.Errorf("after stop: %q", got)
	}
	// A short run on a terminal shows nothing at all.
	buf.Reset()
	q := newProgress(&buf, true, t0)
	q.setTotal(1)
	q.fileDone()
	q.stop()
	if buf.Len() != 0 {
		t.Errorf("short run: %q", buf.String())
	}
	// nil: the checker's hooks are no-ops.
	var none *progress
	none.setTotal(1)
	none.fileDone()
	none.stop()
}
