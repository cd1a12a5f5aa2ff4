package main

// Hostile repositories and documents (issue 12): every input the CLI takes
// from a repository gets a bound on time and memory, and nothing is lost
// or written outside the tree. Bounds on time are generous (at least 10×
// what the machine takes unloaded); memory is the Go heap's peak
// (testutil.PeakHeap).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/internal/testutil"
)

// xConfig flags every "x" (a one-character pattern) with its match in the
// message.
const xConfig = `root = true
[[rule]]
id = "t.x"
message = "no {match} here"
severity = "warning"
patterns = ['x']
`

// TestFixStdinAlwaysEchoes: `check --fix -` writes the whole document to
// stdout whatever happens (nothing to fix, not selected, binary, broken
// config, too large), so it is safe as an editor filter.
func TestFixStdinAlwaysEchoes(t *testing.T) {
	cases := []struct {
		name, config, filename, doc string
		code                        int
		stderr                      string
	}{
		{"nothing to fix", testConfig, "docs/x.md", "All fine here.\n", exitOK, ""},
		{"empty", testConfig, "docs/x.md", "", exitOK, ""},
		{"flag-only finding", testConfig, "docs/x.md", "SRE costs $5 per hour.\n", exitFindings, ""},
		{"not selected", "exclude = [\"skip/**\"]\n" + testConfig, "skip/x.md", "We utilize it.\n", exitOK, ""},
		{"binary", testConfig, "docs/x.md", "We utilize\x00 it.\n", exitOK, ""},
		{"broken config", "root = true\n[[rule]]\nid = 3\n", "docs/x.md", "We utilize it.\n", exitUsage, "error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{".guardrail.toml": c.config})
			code, out, errOut := runCLI(t, dir, c.doc, "check", "--fix", "--stdin-filename", c.filename, "-")
			if out != c.doc {
				t.Errorf("stdout = %q, want the document %q", out, c.doc)
			}
			if code != c.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, c.code, errOut)
			}
			if !strings.Contains(errOut, c.stderr) || c.stderr == "" && errOut != "" {
				t.Errorf("stderr = %q, want %q", errOut, c.stderr)
			}
		})
	}
	t.Run("too large", func(t *testing.T) {
		dir := writeTree(t, map[string]string{".guardrail.toml": testConfig})
		doc := strings.Repeat("We utilize it.\n", 1000)
		code, out, errOut := runCLIWith(t, dir, doc, func(a *app) { a.maxDocSize = 1 << 10 }, "check", "--fix", "--stdin-filename", "docs/x.md", "-")
		if out != doc || code != exitUsage || !strings.Contains(errOut, "too large") {
			t.Fatalf("exit %d, %d bytes out (want %d), stderr %q", code, len(out), len(doc), errOut)
		}
	})
	t.Run("other paths", func(t *testing.T) {
		dir := writeTree(t, map[string]string{".guardrail.toml": testConfig, "a.md": "x\n"})
		code, _, errOut := runCLI(t, dir, "x\n", "check", "--fix", "-", "a.md")
		if code != exitUsage || !strings.Contains(errOut, "-") {
			t.Fatalf("--fix - a.md: exit %d %q", code, errOut)
		}
		code, _, errOut = runCLI(t, dir, "x\n", "check", "--fix", "--format", "json", "-")
		if code != exitUsage || !strings.Contains(errOut, "--format") {
			t.Fatalf("--fix --format json -: exit %d %q", code, errOut)
		}
		code, _, errOut = runCLI(t, dir, "", "check", "--diff", "--format", "json", "a.md")
		if code != exitUsage || !strings.Contains(errOut, "--format") {
			t.Fatalf("--diff --format json: exit %d %q", code, errOut)
		}
	})
}

// TestInitNeverFollowsSymlink: init leaves an existing .guardrail.toml
// link (dangling or live) alone, and with --force replaces the link
// itself, never its target.
func TestInitNeverFollowsSymlink(t *testing.T) {
	for _, dangling := range []bool{true, false} {
		t.Run(fmt.Sprintf("dangling=%v", dangling), func(t *testing.T) {
			dir := writeTree(t, map[string]string{"inside/": ""})
			outside := filepath.Join(t.TempDir(), "target.toml")
			if !dangling {
				if err := os.WriteFile(outside, []byte("mine\n"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			work := filepath.Join(dir, "inside")
			link := filepath.Join(work, ".guardrail.toml")
			if err := os.Symlink(outside, link); err != nil {
				t.Fatal(err)
			}
			targetState := func() string {
				b, err := os.ReadFile(outside)
				if err != nil {
					return "absent"
				}
				return string(b)
			}
			before := targetState()
			code, _, errOut := runCLI(t, work, "", "init")
			if code != exitUsage || !strings.Contains(errOut, ".guardrail.toml") || !strings.Contains(errOut, "--force") {
				t.Errorf("init over a link: exit %d, stderr %q", code, errOut)
			}
			if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
				t.Errorf("the link was changed: %v %v", fi, err)
			}
			if got := targetState(); got != before {
				t.Errorf("the link's target changed: %q → %q", before, got)
			}
			code, out, errOut := runCLI(t, work, "", "init", "--force")
			if code != exitOK {
				t.Fatalf("init --force: exit %d %q %q", code, out, errOut)
			}
			if got := targetState(); got != before {
				t.Errorf("init --force wrote through the link: %q → %q", before, got)
			}
			fi, err := os.Lstat(link)
			if err != nil || !fi.Mode().IsRegular() {
				t.Fatalf("init --force: .guardrail.toml is not a regular file: %v %v", fi, err)
			}
			if b, _ := os.ReadFile(link); !bytes.Contains(b, []byte("extends")) {
				t.Errorf("init --force wrote %q", b)
			}
			if fi.Mode().Perm() != 0o644 {
				t.Errorf("mode %v, want 0644", fi.Mode().Perm())
			}
			left, _ := filepath.Glob(filepath.Join(work, ".guardrail.toml.*"))
			if len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// TestInitExistingFile keeps a regular .guardrail.toml without --force.
func TestInitExistingFile(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": "mine\n"})
	code, _, errOut := runCLI(t, dir, "", "init")
	if b, _ := os.ReadFile(filepath.Join(dir, ".guardrail.toml")); code != exitUsage || string(b) != "mine\n" {
		t.Fatalf("exit %d %q, file %q", code, errOut, b)
	}
}

// TestFindingsCapPerFile: a one-character pattern on 1 MB (hundreds of
// thousands of findings) reports the first --max-findings (default 1,000)
// and the server's "N more" note, in bounded memory.
func TestFindingsCapPerFile(t *testing.T) {
	// Short paragraphs: the findings are many, the paragraphs linear.
	size := 1 << 20
	if raceEnabled || testing.Short() {
		size = 64 << 10 // the same checks, on less
	}
	para := strings.Repeat("x ", 20) + "\n\n"
	doc := strings.Repeat(para, size/len(para))
	total := strings.Count(doc, "x")
	dir := writeTree(t, map[string]string{".guardrail.toml": xConfig, "a.txt": doc, "b.txt": "x x x\n"})
	t.Chdir(dir)
	var code int
	var out string
	peak, took := testutil.PeakHeap(func() {
		testutil.Bounded(t, "check", 60*time.Second, func() {
			code, out, _ = runCLI(t, "", "", "check", "--format", "json", "a.txt", "b.txt")
		})
	})
	t.Logf("%d findings in %d KB: peak heap %d MB, %v", total, size>>10, peak>>20, took)
	r := decodeReport(t, out)
	if code != exitFindings || len(r.Findings) != 1003 {
		t.Fatalf("exit %d, %d findings; want 1, 1,000 + 3", code, len(r.Findings))
	}
	want := fmt.Sprintf("guardrail shows the first 1,000 of %s findings in this document; %s more from here on are not shown (--max-findings).",
		countText(total), countText(total-1000))
	notes := decodeNotes(t, out)
	if len(notes) != 1 || notes[0].Path != "a.txt" || notes[0].Message != want || notes[0].Line == 0 {
		t.Errorf("notes %+v, want one at the 1,001st finding of a.txt: %q", notes, want)
	}
	if peak > 300<<20 {
		t.Errorf("peak heap %d MB, want under 300 MB (760 MB before the cap)", peak>>20)
	}
	// Text: the note ends a.txt's findings; the summary counts every one.
	_, out, _ = runCLI(t, "", "", "check", "--max-findings", "2", "b.txt")
	if !strings.Contains(out, "b.txt:1:5: note: guardrail shows the first 2 of 3 findings in this document; 1 more from here on is not shown (--max-findings).") ||
		strings.Count(out, "warning:") != 2 {
		t.Errorf("--max-findings 2:\n%s", out)
	}
	// 0: no limit.
	big := strings.Repeat("x ", 1500)
	if err := os.WriteFile("c.txt", []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, _ = runCLI(t, "", "", "check", "--format", "json", "--max-findings", "0", "c.txt")
	if n := len(decodeReport(t, out).Findings); n != 1500 || len(decodeNotes(t, out)) != 0 {
		t.Errorf("--max-findings 0: %d findings, want 1,500 and no note", n)
	}
	code, _, errOut := runCLI(t, "", "", "check", "--max-findings", "-1", "b.txt")
	if code != exitUsage || !strings.Contains(errOut, "--max-findings") {
		t.Errorf("--max-findings -1: exit %d %q", code, errOut)
	}
}

// hostileName is a file name with an ESC sequence, CR, LF, a C1 control
// and an invalid UTF-8 byte.
const hostileName = "a\x1b[31mred\rb\nc\u009bd\xffe.md"

// TestNoRawControlCharacters: file names and matched text with control
// characters never reach the output raw, in any format.
func TestNoRawControlCharacters(t *testing.T) {
	const cfg = `root = true
[[rule]]
id = "t.esc"
message = "no {match}"
severity = "warning"
patterns = ['x[\x00-\x1f\x7f]y']
`
	doc := "a x\x1by b\n\nc x\x07y d\n\ne x\x7fy f\n"
	dir := writeTree(t, map[string]string{".guardrail.toml": cfg})
	if err := os.WriteFile(filepath.Join(dir, hostileName), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "github", "json", "sarif"} {
		code, out, errOut := runCLI(t, dir, "", "check", "--format", format, ".")
		if code != exitFindings || (format != "sarif" && strings.Count(out, "no x") != 3) {
			t.Errorf("%s: exit %d, stderr %q\n%s", format, code, errOut, out)
		}
		if bad := rawControl(out); bad != "" {
			t.Errorf("%s: raw control character %s in\n%q", format, bad, out)
		}
	}
}

// rawControl names the first control character of s other than the line
// feed that ends a line (C0, DEL, C1, or an invalid UTF-8 byte).
func rawControl(s string) string {
	for i, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			return fmt.Sprintf("%U at byte %d", r, i)
		case r == 0xFFFD && !strings.HasPrefix(s[i:], "\uFFFD"):
			return fmt.Sprintf("invalid UTF-8 at byte %d", i)
		}
	}
	return ""
}

// TestFixWriteFailureIsNotAConfigError: a --fix write that fails is
// counted as a file not fixed (exit 2), not as a configuration error.
func TestFixWriteFailureIsNotAConfigError(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": testConfig, "a.md": "We utilize it.\n"})
	origCreate := createFixTemp
	t.Cleanup(func() { createFixTemp = origCreate })
	createFixTemp = func(d, pattern string) (fixFile, error) { return nil, syscall.ENOSPC }
	code, out, _ := runCLI(t, dir, "", "check", "--fix", "a.md")
	if code != exitUsage || strings.Contains(out, "configuration error") || !strings.Contains(out, "1 file not fixed") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

type jsonNote struct {
	Path         string
	Line, Column int
	Message      string
}

// decodeNotes reads the "notes" of a JSON report.
func decodeNotes(t *testing.T, s string) []jsonNote {
	t.Helper()
	var r struct {
		Notes []jsonNote `json:"notes"`
	}
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("bad JSON %v", err)
	}
	return r.Notes
}

// TestRulesOutputNoRawControl: a pack's message, rationale and link with
// control characters (TOML "\u001b") never reach the terminal raw through
// explain, rules list or rules test.
func TestRulesOutputNoRawControl(t *testing.T) {
	const cfg = `root = true
[[rule]]
id = "t.esc"
message = "Bad \u001b]0;title\u0007 {match}"
rationale = "Line one.\nLine \u001b[2J two \u009b."
link = "https://example.com/\u001b[31m"
restricted = ["utilize"]
approved = ["use"]
[[rule.example]]
bad = "We utilize \u001b[1m it."
good = "We use it."
`
	dir := writeTree(t, map[string]string{".guardrail.toml": cfg})
	for _, args := range [][]string{{"explain", "t.esc"}, {"rules", "list"}, {"rules", "test"}} {
		code, out, errOut := runCLI(t, dir, "", args...)
		if bad := rawControl(out + errOut); bad != "" {
			t.Errorf("%v: exit %d, raw control character %s in %q", args, code, bad, out+errOut)
		}
		if args[0] == "explain" && (!strings.Contains(out, "Line one.\nLine ␛[2J two") || code != exitOK) {
			t.Errorf("explain: exit %d\n%s", code, out)
		}
	}
}

// TestDiffQuotesHostilePaths: --diff quotes a file name with control
// characters as git does; ordinary names (UTF-8 too) are unchanged.
func TestDiffQuotesHostilePaths(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": testConfig, "café.md": "We utilize it.\n"})
	if err := os.WriteFile(filepath.Join(dir, "new\nline\x1b.md"), []byte("We utilize it.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, _ := runCLI(t, dir, "", "check", "--diff", ".")
	for _, want := range []string{"--- a/café.md\n+++ b/café.md\n", "--- \"a/new\\nline\\033.md\"\n+++ \"b/new\\nline\\033.md\"\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
	if bad := rawControl(out); bad != "" {
		t.Errorf("raw control character %s", bad)
	}
}

func TestDiffPath(t *testing.T) {
	for in, want := range map[string]string{
		"a/docs/x.md":   "a/docs/x.md",
		"a/日本.md":       "a/日本.md",
		"a/q\"uote.md":  `"a/q\"uote.md"`,
		"a/back\\s.md":  `"a/back\\s.md"`,
		"a/tab\t.md":    `"a/tab\t.md"`,
		"a/bad\xff.md":  `"a/bad\377.md"`,
		"a/c1\u009b.md": `"a/c1\302\233.md"`,
		"a/del\x7f.md":  `"a/del\177.md"`,
		"a/é\x1b.md":    `"a/\303\251\033.md"`,
	} {
		if got := diffPath(in); got != want {
			t.Errorf("diffPath(%q) = %s, want %s", in, got, want)
		}
	}
}
