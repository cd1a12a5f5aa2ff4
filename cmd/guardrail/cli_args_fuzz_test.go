package main

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzPrepareArgs: whatever the command line, preparing it for cobra
// never panics, never drops or reorders an argument, and changes an
// argument only by adding one dash to a one-dash long flag it reports as
// deprecated (lsp's transport flags aside, which it removes).
func FuzzPrepareArgs(f *testing.F) {
	for _, s := range []string{
		"check\x00-format\x00json\x00docs",
		"check\x00--config\x00-fix\x00--\x00-format",
		"rules\x00test\x00-v\x00--v\x00pack.toml",
		"-version",
		"help\x00check",
		"check\x00-max-findings\x00-1\x00-",
		"chek\x00-x",
		"__complete\x00check\x00--fo",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Split(line, "\x00")
		if len(args) > 64 {
			args = args[:64]
		}
		if len(args) > 0 && args[0] == "lsp" {
			return // transportArgs removes flags: its own test
		}
		var errb bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &errb}
		out, err := a.prepareArgs(a.rootCommand(), args)
		if err != nil {
			if errb.Len() != 0 {
				t.Fatalf("an error and a note: %v, %q", err, errb.String())
			}
			return
		}
		if len(out) != len(args) {
			t.Fatalf("%q → %q: arguments dropped or added", args, out)
		}
		changed := false
		for i := range args {
			if out[i] == args[i] {
				continue
			}
			if out[i] != "-"+args[i] || !strings.HasPrefix(args[i], "-") || strings.HasPrefix(args[i], "--") {
				t.Fatalf("%q → %q: argument %d changed", args, out, i)
			}
			name, _, _ := strings.Cut(args[i], "=")
			if !strings.Contains(errb.String(), name) {
				t.Fatalf("%q rewritten without a note naming it: %q", args[i], errb.String())
			}
			changed = true
		}
		if changed != (errb.Len() > 0) {
			t.Fatalf("%q → %q: note %q", args, out, errb.String())
		}
	})
}
