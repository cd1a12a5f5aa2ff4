package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixModeConfig = `root = true
[[rule]]
id = "f.auto"
severity = "hint"
restricted = ["utilize"]
approved = ["use"]

[[rule]]
id = "f.suggest"
fix = "suggest"
restricted = ["leverage"]
approved = ["use", "apply"]

[[rule]]
id = "f.none"
fix = "none"
restricted = ["synergy"]
approved = ["cooperation"]
message = "Say {approved}."

[[rule]]
id = "f.dwarf"
restricted = ["dwarf"]
approved = ["small"]
`

// TestFixModesCLI: --fix applies auto fixes only (at any severity, a hint
// included); suggest findings keep their replacements in the report
// ("suggestion:" in text, "fix": "suggest" in JSON) and are not applied; a
// none rule's findings have no replacements; an ALL CAPS match of a
// lower-case phrase (an acronym) is only suggested. The exit code follows
// what remains.
func TestFixModesCLI(t *testing.T) {
	const doc = "We utilize it. We leverage it. Synergy. The DWARF format is a dwarf.\n"
	dir := writeTree(t, map[string]string{".guardrail.toml": fixModeConfig, "a.md": doc})

	code, out, _ := runCLI(t, dir, "", "check", "--format", "json", "a.md")
	if code != exitFindings {
		t.Fatalf("exit %d\n%s", code, out)
	}
	var rep struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range rep.Findings {
		repl, _ := json.Marshal(f["replacements"])
		fix, has := f["fix"]
		if !has {
			fix = "-"
		}
		got[f["match"].(string)] = string(repl) + " " + fix.(string)
	}
	want := map[string]string{
		"utilize":  `["use"] -`,
		"leverage": `["use","apply"] suggest`,
		"Synergy":  `[] -`,
		"DWARF":    `["SMALL"] suggest`,
		"dwarf":    `["small"] -`,
	}
	for m, w := range want {
		if got[m] != w {
			t.Errorf("%s: got %s, want %s", m, got[m], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("findings %v", got)
	}

	_, out, _ = runCLI(t, dir, "", "check", "--no-color", "a.md")
	for _, s := range []string{"  suggestion: 'SMALL'\n", "  suggestions: 'use', 'apply'\n", "  fix: 'use'\n", "2 fixable with --fix"} {
		if !strings.Contains(out, s) {
			t.Errorf("text output lacks %q:\n%s", s, out)
		}
	}

	_, diff, _ := runCLI(t, dir, "", "check", "--diff", "a.md")
	if !strings.Contains(diff, "+We use it. We leverage it. Synergy. The DWARF format is a small.\n") {
		t.Errorf("diff:\n%s", diff)
	}

	code, _, stderr := runCLI(t, dir, "", "check", "--fix", "a.md")
	b, err := os.ReadFile(filepath.Join(dir, "a.md"))
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "We use it. We leverage it. Synergy. The DWARF format is a small.\n" {
		t.Errorf("fixed to %q", b)
	}
	if code != exitFindings || !strings.Contains(stderr, "fixed 2 issues in 1 file") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	// Nothing auto is left: a second run changes nothing.
	if _, _, stderr := runCLI(t, dir, "", "check", "--fix", "a.md"); strings.Contains(stderr, "fixed") {
		t.Errorf("second run: %q", stderr)
	}
}

// TestFixModeStdinFilter: check --fix - applies auto fixes only and writes
// the whole document.
func TestFixModeStdinFilter(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": fixModeConfig})
	_, out, _ := runCLI(t, dir, "We utilize and leverage the DWARF.\n", "check", "--fix", "--stdin-filename", "a.md", "-")
	if out != "We use and leverage the DWARF.\n" {
		t.Errorf("got %q", out)
	}
}

// TestExplainFixMode: explain says when approved phrases are not applied.
func TestExplainFixMode(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": fixModeConfig})
	for id, want := range map[string]string{
		"f.auto":    "Approved (first is the fix):",
		"f.suggest": "Approved (offered as fixes, never applied by --fix or Fix all):",
		"f.none":    "Approved (flag only: fix = \"none\"):",
	} {
		if _, out, _ := runCLI(t, dir, "", "explain", id); !strings.Contains(out, want) {
			t.Errorf("%s:\n%s", id, out)
		}
	}
}
