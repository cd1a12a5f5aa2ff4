package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite golden files")

// runCLI runs one command line in process, in dir.
func runCLI(t *testing.T, dir, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCLIWith(t, dir, stdin, nil, args...)
}

// runCLIWith is runCLI with test knobs set on the app by knobs.
func runCLIWith(t *testing.T, dir, stdin string, knobs func(*app), args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if dir != "" {
		t.Chdir(dir)
	}
	var out, errb lockedBuffer
	a := &app{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}
	if knobs != nil {
		knobs(a)
	}
	code = a.run(args)
	out.close()
	errb.close()
	t.Cleanup(func() {
		for name, b := range map[string]*lockedBuffer{"stdout": &out, "stderr": &errb} {
			if late := b.lateWrites(); late != "" {
				t.Errorf("%q wrote to %s after it returned: %q", args, name, late)
			}
		}
	})
	return code, out.String(), errb.String()
}

// lockedBuffer is a bytes.Buffer safe for concurrent use that records
// what is written after close: nothing a command started (the server's
// goroutines after `lsp` returns) may write once it has returned.
type lockedBuffer struct {
	mu     sync.Mutex
	b      bytes.Buffer
	closed bool
	late   bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return l.late.Write(p)
	}
	return l.b.Write(p)
}

func (l *lockedBuffer) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
}

func (l *lockedBuffer) lateWrites() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.late.String()
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// writeTree writes files (path → content) under a new temp dir, with an
// empty user config so results do not depend on the machine.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, ".xdg-none"))
	testutil.WriteTree(t, dir, files)
	return dir
}

const testConfig = `root = true
[[rule]]
id = "t.access"
message = "Say '{approved}', not '{match}'."
severity = "error"
restricted = ["enables access to OpenAI models"]
approved = ["is powered by OpenAI models", "integrates with OpenAI models"]

[[rule]]
id = "t.utilize"
severity = "info"
restricted = ["utilize"]
approved = ["use"]

[[rule]]
id = "t.price"
severity = "warning"
patterns = ['\$\d+ per hour']
when = ["SRE"]
`

type jsonReport struct {
	Version  int `json:"version"`
	Findings []struct {
		Path, Rule, Severity, Message, Match string
		Line, Column, EndLine, EndColumn     int
		Offset, EndOffset                    int
		Replacements                         []string
	} `json:"findings"`
	Errors []struct {
		Path         string
		Line, Column int
		Message      string
	} `json:"errors"`
}

func decodeReport(t *testing.T, s string) jsonReport {
	t.Helper()
	var r jsonReport
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("bad JSON %v:\n%s", err, s)
	}
	return r
}

func TestCheckJSONAndExitCodes(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".guardrail.toml": testConfig,
		"docs/a.md":       "# Title\n\nSRE enables access\nto OpenAI models. Utilize it.\n\n```\nenables access to OpenAI models\n```\n",
		"docs/b.txt":      "SRE costs $5 per hour.\n",
		"notes.toml":      "x = 'enables access to OpenAI models'\n",
		"image.png":       "\x89PNG\x00\x00enables access to OpenAI models",
	})
	code, out, _ := runCLI(t, dir, "", "check", "--format", "json", "docs")
	if code != exitFindings {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	r := decodeReport(t, out)
	if r.Version != 1 || len(r.Errors) != 0 {
		t.Fatalf("report %+v", r)
	}
	var got []string
	for _, f := range r.Findings {
		got = append(got, f.Path+":"+f.Rule+":"+f.Match)
	}
	want := []string{"docs/a.md:t.access:enables access\nto OpenAI models", "docs/a.md:t.utilize:Utilize", "docs/b.txt:t.price:$5 per hour"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("findings\n%q\nwant\n%q", got, want)
	}
	f := r.Findings[0]
	if f.Line != 3 || f.Column != 5 || f.EndLine != 4 || f.EndColumn != 17 || f.Offset != 13 || f.EndOffset != 44 {
		t.Errorf("position %+v", f)
	}
	if strings.Join(f.Replacements, "|") != "is powered by OpenAI models|integrates with OpenAI models" {
		t.Errorf("replacements %q", f.Replacements)
	}
	if r.Findings[1].Replacements[0] != "Use" {
		t.Errorf("capitalised fix = %q", r.Findings[1].Replacements)
	}

	// --fail-on and --min-severity.
	if code, _, _ := runCLI(t, dir, "", "check", "--fail-on", "never", "docs"); code != exitOK {
		t.Errorf("--fail-on never: exit %d", code)
	}
	if code, out, _ := runCLI(t, dir, "", "check", "--min-severity", "error", "--fail-on", "info", "--format", "json", "docs/b.txt"); code != exitOK || len(decodeReport(t, out).Findings) != 0 {
		t.Errorf("--min-severity error on a warning-only file: exit %d, %s", code, out)
	}
	if code, _, _ := runCLI(t, dir, "", "check", "--fail-on", "error", "docs/b.txt"); code != exitOK {
		t.Errorf("warning below --fail-on error: exit %d", code)
	}
	// Usage errors.
	for _, args := range [][]string{{"check", "--format", "xml"}, {"check", "--fail-on", "bad"}, {"check", "nosuchdir"}, {"nosuchcommand"}, {"check", "--nosuchflag"}} {
		if code, _, _ := runCLI(t, dir, "", args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestCheckStdin(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": testConfig})
	code, out, _ := runCLI(t, dir, "", "check", "--format", "json", "--stdin-filename", "docs/x.md", "-")
	if code != exitOK || len(decodeReport(t, out).Findings) != 0 {
		t.Fatalf("empty stdin: %d %s", code, out)
	}
	code, out, _ = runCLI(t, dir, "We utilize `utilize`.", "check", "--format", "json", "--stdin-filename", "docs/x.md", "-")
	r := decodeReport(t, out)
	if code != exitOK || len(r.Findings) != 1 || r.Findings[0].Path != "docs/x.md" || r.Findings[0].Column != 4 {
		t.Fatalf("stdin: exit %d %+v", code, r)
	}
	// --fix on stdin writes the fixed text.
	code, out, _ = runCLI(t, dir, "We utilize `utilize`.", "check", "--fix", "--stdin-filename", "docs/x.md", "-")
	if out != "We use `utilize`." || code != exitOK {
		t.Fatalf("stdin --fix: exit %d %q", code, out)
	}
}

func TestCheckFixAndDiff(t *testing.T) {
	orig := "SRE enables access to OpenAI models.\r\nWe UTILIZE it and utilize it.\r\n"
	dir := writeTree(t, map[string]string{
		".guardrail.toml": testConfig,
		"a.md":            orig,
		"clean.md":        "Nothing to see.\n",
	})
	if err := os.Chmod(filepath.Join(dir, "a.md"), 0o640); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, "clean.md"), old, old)

	code, diff, _ := runCLI(t, dir, "", "check", "--diff", ".")
	if code != exitOK {
		t.Errorf("--diff: exit %d (nothing remains after the fixes)", code)
	}
	wantDiff := "--- a/a.md\n+++ b/a.md\n@@ -1,2 +1,2 @@\n-SRE enables access to OpenAI models.\r\n-We UTILIZE it and utilize it.\r\n+SRE is powered by OpenAI models.\r\n+We UTILIZE it and use it.\r\n"
	if diff != wantDiff { // UTILIZE, ALL CAPS of a lower-case phrase, is only suggested (an acronym?)
		t.Errorf("diff:\n%q\nwant\n%q", diff, wantDiff)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.md")); string(b) != orig {
		t.Fatal("--diff changed the file")
	}

	code, _, stderr := runCLI(t, dir, "", "check", "--fix", ".")
	if code != exitOK {
		t.Errorf("--fix: exit %d", code)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "a.md"))
	if want := "SRE is powered by OpenAI models.\r\nWe UTILIZE it and use it.\r\n"; string(b) != want {
		t.Errorf("fixed file %q, want %q", b, want)
	}
	if !strings.Contains(stderr, "fixed 2 issues in 1 file") {
		t.Errorf("stderr %q", stderr)
	}
	st, _ := os.Stat(filepath.Join(dir, "a.md"))
	if st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", st.Mode().Perm())
	}
	if st, _ := os.Stat(filepath.Join(dir, "clean.md")); !st.ModTime().Equal(old) {
		t.Error("a file without fixes was touched")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "guardrail-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestCheckFixOverlapWaitsForNextRun(t *testing.T) {
	cfg := `root = true
[[rule]]
id = "o.long"
restricted = ["very big deal"]
approved = ["milestone"]
[[rule]]
id = "o.short"
restricted = ["big deal"]
approved = ["event"]
`
	dir := writeTree(t, map[string]string{".guardrail.toml": cfg, "a.txt": "A very big deal."})
	code, out, _ := runCLI(t, dir, "", "check", "--fix", "--format", "json", "a.txt")
	b, _ := os.ReadFile(filepath.Join(dir, "a.txt"))
	if string(b) != "A milestone." {
		t.Errorf("fixed %q", b)
	}
	if code != exitOK || len(decodeReport(t, out).Findings) != 0 {
		t.Errorf("after fix: exit %d %s", code, out)
	}
}

func TestConfigErrorExit2(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"bad/.guardrail.toml":  "root = true\n[[rule]]\nid = \"Bad ID\"\nrestricted = [\"x\"]\n",
		"bad/a.md":             "x",
		"good/.guardrail.toml": "root = true\n[[rule]]\nid = \"g.x\"\nrestricted = [\"x\"]\n",
		"good/a.md":            "x",
	})
	code, out, _ := runCLI(t, dir, "", "check", "--format", "json", ".")
	if code != exitUsage {
		t.Fatalf("exit %d, want 2", code)
	}
	r := decodeReport(t, out)
	if len(r.Errors) != 1 || r.Errors[0].Path != "bad/.guardrail.toml" || r.Errors[0].Line != 3 || r.Errors[0].Column != 6 {
		t.Fatalf("errors %+v", r.Errors)
	}
	if len(r.Findings) != 1 || r.Findings[0].Path != "good/a.md" {
		t.Fatalf("the good folder must still be checked: %+v", r.Findings)
	}
}

func TestRulesTestExplainInit(t *testing.T) {
	pack := `[[rule]]
id = "p.ok"
restricted = ["utilize"]
approved = ["use"]
[[rule.example]]
bad = "Utilize it."
good = "Use it."

[[rule]]
id = "p.broken"
restricted = ["foo"]
approved = ["bar"]
[[rule.example]]
bad = "no match here"
good = "bar"

[[rule]]
id = "p.twice"
restricted = ["utilize"]
approved = ["use"]
[[rule.example]]
bad = "We use it."
good = "We utilize it."
[[rule.example]]
bad = "We utilize it."
good = "We use it."
`
	dir := writeTree(t, map[string]string{"pack.toml": pack})
	code, out, _ := runCLI(t, dir, "", "rules", "test", "pack.toml")
	if code != exitFindings || !strings.Contains("\n"+out, "\npack.toml:13:") || strings.Contains(out, "FAIL p.ok") {
		t.Errorf("rules test: exit %d, want p.broken's failure at pack.toml:13 (relative)\n%s", code, out)
	}
	// p.twice's first example fails two ways: it is one failed example.
	if strings.Count(out, "FAIL p.twice") != 2 || !strings.Contains(out, "3 rules, 4 examples: 2 passed, 2 failed\n") {
		t.Errorf("rules test summary:\n%s", out)
	}
	code, _, stderr := runCLI(t, dir, "", "check", "--config", "nope.toml", ".")
	if code != exitUsage || !strings.Contains(stderr, "--config: nope.toml does not exist") {
		t.Errorf("check --config nope.toml: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, dir, "", "check", "nope.md"); code != exitUsage || !strings.Contains(stderr, "nope.md does not exist") {
		t.Errorf("check nope.md: exit %d, %q", code, stderr)
	}
	if code, out, _ := runCLI(t, dir, "", "rules", "test", "builtin:sre-messaging"); code != exitOK {
		t.Errorf("built-in pack examples fail:\n%s", out)
	}
	code, out, _ = runCLI(t, dir, "", "explain", "sre.access-claim")
	if code != exitOK || !strings.Contains(out, "is powered by OpenAI models") {
		t.Errorf("explain: %d\n%s", code, out)
	}
	if code, _, _ := runCLI(t, dir, "", "explain", "no.such-rule"); code != exitUsage {
		t.Errorf("explain unknown: exit %d", code)
	}
	// A broken config: explain says so rather than "unknown rule".
	os.WriteFile(filepath.Join(dir, ".guardrail.toml"), []byte("extends = [\"builtin:no-such-pack\"]\n"), 0o644)
	if code, _, stderr := runCLI(t, dir, "", "explain", "p.ok"); code != exitUsage || !strings.Contains(stderr, ".guardrail.toml:1:") || !strings.Contains(stderr, "configuration has errors") {
		t.Errorf("explain with a broken config: exit %d, %q", code, stderr)
	}
	os.Remove(filepath.Join(dir, ".guardrail.toml"))
	if code, _, _ := runCLI(t, dir, "", "init"); code != exitOK {
		t.Fatalf("init: exit %d", code)
	}
	if code, _, _ := runCLI(t, dir, "", "init"); code != exitUsage {
		t.Errorf("init over an existing file: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, dir, "", "init", "--force"); code != exitOK {
		t.Errorf("init --force: exit %d", code)
	}
	// The starter config loads and enables the default packs.
	code, out, _ = runCLI(t, dir, "", "rules", "list")
	if code != exitOK || !strings.Contains(out, "sre.access-claim") {
		t.Errorf("rules list after init: %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, dir, "", "version"); code != exitOK || !strings.HasPrefix(out, "guardrail ") {
		t.Errorf("version: %q", out)
	}
}

// The bundled examples: the quick start's command, pinned as a golden file.
func TestExamplesGolden(t *testing.T) {
	root, _ := filepath.Abs("../..")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	code, out, stderr := runCLI(t, root, "", "check", "--format", "json", "examples")
	if code != exitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden := filepath.Join(root, "cmd", "guardrail", "testdata", "examples.json")
	if *update {
		os.MkdirAll(filepath.Dir(golden), 0o755)
		os.WriteFile(golden, []byte(out), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("check examples/ differs from %s (run go test ./cmd/guardrail -update to accept)", golden)
	}
}

// TestNamedFileSkippedSaysWhy: a file named on the command line that is
// not checked gets a line on stderr saying why (a walk skips silently); an
// include makes an unknown text file plain text.
func TestNamedFileSkippedSaysWhy(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".guardrail.toml": strings.Replace(testConfig, "root = true\n", "root = true\nexclude = [\"skip.md\"]\n", 1),
		"notes":           "We utilize it.\n",
		"skip.md":         "We utilize it.\n",
		"bin.md":          "We utilize\x00 it.\n",
	})
	code, out, stderr := runCLI(t, dir, "", "check", "notes", "skip.md", "bin.md")
	if code != exitOK || !strings.Contains(out, "0 files") {
		t.Errorf("exit %d, %q", code, out)
	}
	for _, want := range []string{"notes: skipped: not a file type", "skip.md: skipped: the config's include or exclude", "bin.md: skipped: a binary file"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, _, stderr := runCLI(t, dir, "", "check", "."); strings.Contains(stderr, "skipped") {
		t.Errorf("a walk reported skipped files:\n%s", stderr)
	}
	os.WriteFile(filepath.Join(dir, ".guardrail.toml"), []byte(strings.Replace(testConfig, "root = true\n", "root = true\ninclude = [\"notes\"]\n", 1)), 0o644)
	if code, out, stderr := runCLI(t, dir, "", "check", "notes"); code != exitOK || !strings.Contains(out, "notes:1:4") || stderr != "" {
		t.Errorf("included: exit %d, %q, %q", code, out, stderr)
	}
}
