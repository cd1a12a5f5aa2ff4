package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelpGolden pins the help and usage output of every command, and of
// the mistakes people make typing them, in testdata/help (go test
// ./cmd/guardrail -run TestHelpGolden -update rewrites the files). Each
// file holds the exit code, stdout and stderr.
func TestHelpGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"root-help", []string{"--help"}},
		{"root-h", []string{"-h"}},
		{"help", []string{"help"}},
		{"no-args", nil},
		{"check-help", []string{"check", "--help"}},
		{"lsp-help", []string{"lsp", "--help"}},
		{"rules-help", []string{"rules", "--help"}},
		{"rules-test-help", []string{"rules", "test", "--help"}},
		{"rules-list-help", []string{"rules", "list", "--help"}},
		{"rules-packs-help", []string{"rules", "packs", "--help"}},
		{"explain-help", []string{"explain", "--help"}},
		{"init-help", []string{"init", "--help"}},
		{"version-help", []string{"version", "--help"}},
		{"help-import", []string{"help", "import"}},
		{"completion-help", []string{"completion", "--help"}},
		{"completion-bash-help", []string{"completion", "bash", "--help"}},
		{"completion-none", []string{"completion"}},
		{"unknown-command", []string{"chek"}},
		{"unknown-command-far", []string{"deploy"}},
		{"unknown-flag", []string{"check", "--formt", "json"}},
		{"unknown-flag-one-dash", []string{"check", "-formt", "json"}},
		{"unknown-flag-far", []string{"check", "--nosuchflag"}},
		{"flag-needs-value", []string{"check", "--format"}},
		{"bad-int", []string{"check", "--max-findings", "many"}},
		{"rules-none", []string{"rules"}},
		{"rules-unknown", []string{"rules", "tset"}},
		{"help-unknown", []string{"help", "chek"}},
		{"help-rules-unknown", []string{"help", "rules", "lst"}},
		{"one-dash-deprecated", []string{"lsp", "-log-level", "bogus", "-log-file=x"}},
	}
	goldenDir, err := filepath.Abs(filepath.Join("testdata", "help"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, dir, "", tt.args...)
			got := fmt.Sprintf("$ guardrail %s\nexit %d\n--- stdout\n%s--- stderr\n%s", strings.Join(tt.args, " "), code, stdout, stderr)
			golden := filepath.Join(goldenDir, tt.name+".txt")
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/guardrail -run TestHelpGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("differs from %s (-update accepts):\n got:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

// TestHelpRoutes: `help CMD`, `CMD --help` and `CMD -h` print the same
// help on stdout and exit 0, for every command; `rules --help` exits 0.
func TestHelpRoutes(t *testing.T) {
	dir := t.TempDir()
	for _, path := range [][]string{{"check"}, {"lsp"}, {"rules"}, {"rules", "test"}, {"rules", "list"}, {"rules", "packs"}, {"explain"}, {"init"}, {"version"}, {"completion"}} {
		_, viaHelp, _ := runCLI(t, dir, "", append([]string{"help"}, path...)...)
		for _, flag := range []string{"--help", "-h"} {
			code, out, errOut := runCLI(t, dir, "", append(append([]string{}, path...), flag)...)
			if code != exitOK || errOut != "" {
				t.Errorf("%v %s: exit %d, stderr %q", path, flag, code, errOut)
			}
			if out != viaHelp {
				t.Errorf("%v %s differs from help %v:\n%s\n---\n%s", path, flag, path, out, viaHelp)
			}
			if want := "Usage: guardrail " + strings.Join(path, " "); !strings.HasPrefix(out, want) {
				t.Errorf("%v %s: %q does not start with %q", path, flag, out, want)
			}
		}
	}
	// Flags are spelt with two dashes in help.
	_, out, _ := runCLI(t, dir, "", "help", "check")
	for _, want := range []string{"--format string", "--fail-on string", "--fix ", "--color string", "--progress", "-h, --help"} {
		if !strings.Contains(out, want) {
			t.Errorf("check help lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\n  -format") {
		t.Errorf("check help spells a flag with one dash:\n%s", out)
	}
}

// TestVersionFlags: -V, --version, the version command and the old
// -version all print the version line.
func TestVersionFlags(t *testing.T) {
	_, want, _ := runCLI(t, "", "", "version")
	if !strings.HasPrefix(want, "guardrail ") {
		t.Fatalf("version: %q", want)
	}
	for _, args := range [][]string{{"-V"}, {"--version"}, {"-version"}} {
		code, out, stderr := runCLI(t, "", "", args...)
		if code != exitOK || out != want {
			t.Errorf("%v: exit %d, %q, want %q", args, code, out, want)
		}
		if deprecated := strings.Contains(stderr, "deprecated"); deprecated != (args[0] == "-version") {
			t.Errorf("%v: stderr %q", args, stderr)
		}
	}
}

// TestOneDashLongFlags: every long flag spelt with one dash, as Go's flag
// package accepted, still works, with one line on stderr naming them.
func TestOneDashLongFlags(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": testConfig, "a.md": "We utilize it.\n"})
	_, want, _ := runCLI(t, dir, "", "check", "--format", "json", "--fail-on=never", "--max-findings", "5", "a.md")
	code, out, stderr := runCLI(t, dir, "", "check", "-format", "json", "-fail-on=never", "-max-findings", "5", "a.md")
	if code != exitOK || out != want {
		t.Errorf("one-dash flags: exit %d\n%s\nwant\n%s", code, out, want)
	}
	wantErr := "guardrail: warning: -format, -fail-on, -max-findings: long flags take two dashes (--format, --fail-on, --max-findings); the one-dash spelling is deprecated and will stop working in a future release\n"
	if stderr != wantErr {
		t.Errorf("stderr %q\nwant   %q", stderr, wantErr)
	}
	// Two dashes: no note. A value that looks like a flag stays a value;
	// after "--" nothing is rewritten.
	if _, _, stderr := runCLI(t, dir, "", "check", "--format", "json", "a.md"); stderr != "" {
		t.Errorf("two dashes: stderr %q", stderr)
	}
	os.WriteFile(filepath.Join(dir, "-fix.md"), []byte("We utilize it.\n"), 0o644)
	code, out, stderr = runCLI(t, dir, "", "check", "--stdin-filename", "-fix", "--fail-on", "never", "--", "-fix.md")
	if code != exitOK || strings.Contains(stderr, "deprecated") || !strings.Contains(out, "-fix.md:1:4") {
		t.Errorf("-fix as a value and a path: exit %d %q %q", code, out, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "-fix.md")); string(b) != "We utilize it.\n" {
		t.Errorf("a path named -fix was taken for --fix: %q", b)
	}
	// rules test's -v and --v, as before.
	os.WriteFile(filepath.Join(dir, "pack.toml"), []byte("[[rule]]\nid = \"p.x\"\nrestricted = [\"utilize\"]\napproved = [\"use\"]\n[[rule.example]]\nbad = \"Utilize it.\"\ngood = \"Use it.\"\n"), 0o644)
	for _, v := range []string{"-v", "--v", "--verbose"} {
		code, out, stderr := runCLI(t, dir, "", "rules", "test", v, "pack.toml")
		if code != exitOK || !strings.Contains(out, "p.x: 1 examples") || stderr != "" {
			t.Errorf("rules test %s: exit %d %q %q", v, code, out, stderr)
		}
	}
}

// TestSuggestions: a mistyped command, subcommand, help topic or flag
// names the nearest one; a name near nothing gets no suggestion.
func TestSuggestions(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"chek"}, `unknown command "chek" (did you mean "check"?)`},
		{[]string{"expalin", "x"}, `(did you mean "explain"?)`},
		{[]string{"rules", "lsit"}, `rules: unknown subcommand "lsit" (want test, list or packs; did you mean "list"?)`},
		{[]string{"help", "rules", "tset"}, `help: unknown command "rules tset" (did you mean "test"?)`},
		{[]string{"check", "--formt", "json"}, "check: unknown flag: --formt (did you mean --format?)"},
		{[]string{"check", "--min-severty", "info"}, "(did you mean --min-severity?)"},
		{[]string{"rules", "packs", "--formats", "json"}, "rules packs: unknown flag: --formats (did you mean --format?)"},
		{[]string{"lsp", "--log-lvel", "info"}, "(did you mean --log-level?)"},
		{[]string{"init", "--forse"}, "(did you mean --force?)"},
		{[]string{"completion", "bsh"}, `(want bash, zsh, fish or powershell; did you mean "bash"?)`},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, dir, "", tt.args...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tt.args, code, stderr, tt.want)
		}
	}
	for _, args := range [][]string{{"deploy"}, {"check", "--nosuchflag"}} {
		if _, _, stderr := runCLI(t, dir, "", args...); strings.Contains(stderr, "did you mean") {
			t.Errorf("%v: a far-fetched suggestion: %q", args, stderr)
		}
	}
}

// TestExplainSuggestsRuleID: an unknown rule id in explain names the
// nearest known one, from the config's rules and the built-in packs.
func TestExplainSuggestsRuleID(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": testConfig})
	for _, tt := range []struct{ id, want string }{
		{"t.acess", `explain: unknown rule "t.acess" (did you mean "t.access"? see 'guardrail rules list')`},
		{"sre.acess-claim", `(did you mean "sre.access-claim"?`},
		{"guardrail.unused-suppresion", `(did you mean "guardrail.unused-suppression"?`},
	} {
		code, _, stderr := runCLI(t, dir, "", "explain", tt.id)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("explain %s: exit %d, %q, want %q", tt.id, code, stderr, tt.want)
		}
	}
	if _, _, stderr := runCLI(t, dir, "", "explain", "zzz.nothing-like-it"); strings.Contains(stderr, "did you mean") || !strings.Contains(stderr, `unknown rule "zzz.nothing-like-it" (see 'guardrail rules list')`) {
		t.Errorf("explain far id: %q", stderr)
	}
}

// TestSeveritySuggestsRuleID: a mistyped rule id in [severity] is a
// warning on stderr naming the nearest rule id; the exit code is not
// changed by it.
func TestSeveritySuggestsRuleID(t *testing.T) {
	cfg := testConfig + "\n[severity]\n\"t.utilise\" = \"error\"\n"
	dir := writeTree(t, map[string]string{".guardrail.toml": cfg, "a.md": "Fine text.\n"})
	code, _, stderr := runCLI(t, dir, "", "check", "a.md")
	want := `.guardrail.toml:22:1: warning: unknown rule id "t.utilise" in [severity] (did you mean "t.utilize"?)`
	if code != exitOK || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q, want %q", code, stderr, want)
	}
}
