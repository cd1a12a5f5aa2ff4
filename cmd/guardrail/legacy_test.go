package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestLegacyCommand: a subcommand written as func(args) (int, error) over
// newFlagSet and parseFlags joins the tree through legacyCommand: it gets
// its arguments untouched (-flag and --flag alike, flags between
// arguments), --help prints its usage and exits 0, a mistyped flag is a
// usage error with a suggestion, and the root help lists it.
func TestLegacyCommand(t *testing.T) {
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	var gotOut string
	var gotPaths []string
	demo := func(args []string) (int, error) {
		flags := newFlagSet(a, "demo", "demo [flags] PATH...")
		o := flags.String("out", "", "write here")
		paths, err := parseFlags(flags, args)
		if err != nil {
			return exitUsage, err
		}
		gotOut, gotPaths = *o, paths
		return exitFindings, nil
	}
	exec := func(args ...string) int {
		out.Reset()
		errb.Reset()
		root := a.rootCommand()
		root.AddCommand(a.legacyCommand("demo [flags] PATH...", "a demo command", demo))
		return a.execute(root, args)
	}
	if code := exec("demo", "x.ini", "-out", "y.toml", "z.ini"); code != exitFindings || gotOut != "y.toml" || strings.Join(gotPaths, ",") != "x.ini,z.ini" || errb.Len() != 0 {
		t.Errorf("demo: exit %d, out %q, paths %q, stderr %q", code, gotOut, gotPaths, errb.String())
	}
	if code := exec("demo", "--out=w", "a"); code != exitFindings || gotOut != "w" {
		t.Errorf("--out=w: exit %d, %q", code, gotOut)
	}
	if code := exec("demo", "--help"); code != exitOK || !strings.Contains(errb.String(), "Usage: guardrail demo [flags] PATH...\n\nFlags:\n      --out string   write here\n") {
		t.Errorf("demo --help: exit %d, %q", code, errb.String())
	}
	if code := exec("demo", "--ot", "x"); code != exitUsage || !strings.Contains(errb.String(), "guardrail: demo: flag provided but not defined: -ot (did you mean --out?)\n") {
		t.Errorf("demo --ot: exit %d, %q", code, errb.String())
	}
	if exec("--help"); !strings.Contains(out.String(), "  guardrail demo [flags] PATH...") || !strings.Contains(out.String(), "a demo command") {
		t.Errorf("root help does not list demo:\n%s", out.String())
	}
	if code := exec("help", "demo"); code != exitOK || out.String() != "Usage: guardrail demo [flags] PATH...\n\nA demo command.\n\nRun 'guardrail demo --help' for its flags.\n" {
		t.Errorf("help demo: exit %d, %q", code, out.String())
	}
	if code := exec("dmeo"); code != exitUsage || !strings.Contains(errb.String(), `(did you mean "demo"?)`) {
		t.Errorf("dmeo: exit %d, %q", code, errb.String())
	}
}
