package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"
)

// TestLegacyCommand: a subcommand written as func(args) (int, error) that
// parses its own flags joins the tree through legacyCommand: it gets its
// arguments untouched (-flag and --flag alike), its --help (flag.ErrHelp)
// exits 0, its errors are usage errors, the root help lists it and
// `help NAME` points to its --help.
func TestLegacyCommand(t *testing.T) {
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	var gotOut string
	var gotPaths []string
	demo := func(args []string) (int, error) {
		fs := flag.NewFlagSet("demo", flag.ContinueOnError)
		fs.SetOutput(&errb)
		o := fs.String("out", "", "write here")
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitUsage, err
			}
			return exitUsage, fmt.Errorf("demo: %v", err)
		}
		gotOut, gotPaths = *o, fs.Args()
		return exitFindings, nil
	}
	exec := func(args ...string) int {
		out.Reset()
		errb.Reset()
		root := a.rootCommand()
		root.AddCommand(a.legacyCommand("demo [flags] PATH...", "a demo command", demo))
		return a.execute(root, args)
	}
	if code := exec("demo", "-out", "y.toml", "x.ini", "z.ini"); code != exitFindings || gotOut != "y.toml" || strings.Join(gotPaths, ",") != "x.ini,z.ini" || errb.Len() != 0 {
		t.Errorf("demo: exit %d, out %q, paths %q, stderr %q", code, gotOut, gotPaths, errb.String())
	}
	if code := exec("demo", "--out=w", "a"); code != exitFindings || gotOut != "w" {
		t.Errorf("--out=w: exit %d, %q", code, gotOut)
	}
	if code := exec("demo", "--help"); code != exitOK || !strings.Contains(errb.String(), "Usage of demo:\n  -out string\n") || strings.Contains(errb.String(), "deprecated") {
		t.Errorf("demo --help: exit %d, %q", code, errb.String())
	}
	if code := exec("demo", "--ot", "x"); code != exitUsage || !strings.HasSuffix(errb.String(), "guardrail: demo: flag provided but not defined: -ot\n") {
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
