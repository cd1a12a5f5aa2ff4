package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestSubcommandsNameTheirCommands: each entry of subcommands is found by
// the name its command answers to, and the whole tree lists them all in
// that order (so help's order is the table's).
func TestSubcommandsNameTheirCommands(t *testing.T) {
	a := &app{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	root := a.rootCommand()
	var names []string
	for _, sub := range root.Commands() {
		names = append(names, sub.Name())
	}
	var want []string
	for _, sc := range subcommands {
		if got := sc.build(a).Name(); got != sc.name {
			t.Errorf("subcommands entry %q builds command %q", sc.name, got)
		}
		want = append(want, sc.name)
	}
	want = append(want, "help", "completion")
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("root's commands = %q, want %q", names, want)
	}
}

// TestCommandTreeMatchesWholeTree: a command line run on the tree
// commandTree builds for it (one command under root) prints and exits
// exactly as on the whole tree: help, flag mistakes, unknown
// subcommands, deprecated spellings.
func TestCommandTreeMatchesWholeTree(t *testing.T) {
	lines := [][]string{
		{"check", "--help"},
		{"check", "-h"},
		{"check", "--formt", "json"},
		{"check", "-formt", "json"},
		{"check", "--format"},
		{"check", "--max-findings", "many"},
		{"check", "--version"},
		{"check", "--format", "yaml", "x.md"},
		{"lsp", "--help"},
		{"lsp", "-log-level", "bogus", "-log-file=x"},
		{"rules"},
		{"rules", "--help"},
		{"rules", "tset"},
		{"rules", "test", "--help"},
		{"rules", "list", "--help"},
		{"rules", "packs", "--help"},
		{"rules", "packs", "--format", "json"},
		{"explain", "--help"},
		{"explain", "no-such-rule-id"},
		{"init", "--help"},
		{"init", "--forse"},
		{"import", "--help"},
		{"import"},
		{"version"},
		{"version", "--help"},
		{"version", "extra"},
	}
	t.Chdir(t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	run := func(whole bool, args []string) string {
		var out, errb bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
		root := a.commandTree(args)
		if whole {
			root = a.rootCommand()
		}
		code := a.execute(root, args)
		return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", code, out.String(), errb.String())
	}
	for _, args := range lines {
		a := &app{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
		if root := a.commandTree(args); len(root.Commands()) != 1 || root.Commands()[0].Name() != args[0] {
			t.Errorf("%q: commandTree's root has %d commands, want %s alone", args, len(root.Commands()), args[0])
		}
		got, want := run(false, args), run(true, args)
		if got != want {
			t.Errorf("guardrail %s on its own tree:\n%s\non the whole tree:\n%s", strings.Join(args, " "), got, want)
		}
	}
}
