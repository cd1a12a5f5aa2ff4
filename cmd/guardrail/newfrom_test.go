package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis"
)

// gitEnv makes git (the test's and guardrail's) independent of the
// machine's config.
func gitEnv(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_NAME", "t")
	t.Setenv("GIT_AUTHOR_EMAIL", "t@example.com")
	t.Setenv("GIT_COMMITTER_NAME", "t")
	t.Setenv("GIT_COMMITTER_EMAIL", "t@example.com")
	t.Setenv("GIT_CEILING_DIRECTORIES", os.TempDir())
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// renamedBase is a file long enough for git to see its move as a rename.
const renamedBase = "# Renamed\n\nThis paragraph stays.\nSo does this one.\nAnd this one too.\nOld line to utilize.\nKept line to utilize.\n"

// newFromRepo builds a git history: the tag "base", then a commit and
// work-tree changes of every kind. It returns the repository folder.
func newFromRepo(t *testing.T) string {
	gitEnv(t)
	dir := writeTree(t, map[string]string{".guardrail.toml": testConfig})
	git(t, dir, "init", "-q")
	files := map[string]string{
		"docs/a.md":            "L1 keep utilize\nL2 change me utilize\nL3 delete me utilize\nL4 keep utilize\nL5 keep utilize\nL6 move me utilize\n",
		"old/r.md":             renamedBase,
		"crlf.md":              "one utilize\r\ntwo utilize\r\nthree utilize\r\n",
		"with space/my doc.md": "first utilize\nsecond utilize\n",
		"same.md":              "unchanged utilize\n",
		"deleted.md":           "gone utilize\n",
		"span.md":              "It enables access to\nOpenAI engines.\n",
		"fix.md":               "a utilize\nb utilize\nc utilize\n",
	}
	for p, c := range files {
		writeFile(t, filepath.Join(dir, p), c)
	}
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "base")
	git(t, dir, "tag", "base")

	// A commit in the range: a file added, a file renamed (and changed).
	writeFile(t, filepath.Join(dir, "added.md"), "new file utilize\nsecond utilize\n")
	if err := os.Mkdir(filepath.Join(dir, "new"), 0o755); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "mv", "old/r.md", "new/r.md")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "second")

	// Work-tree changes on top.
	writeFile(t, filepath.Join(dir, "docs/a.md"), "L6 move me utilize\nL1 keep utilize\nL2 changed now utilize\nL4 keep utilize\nL5 keep utilize\nadded utilize\n")
	writeFile(t, filepath.Join(dir, "new/r.md"), strings.Replace(renamedBase, "Old line to utilize.", "New line to utilize.", 1))
	writeFile(t, filepath.Join(dir, "crlf.md"), "one utilize\r\ntwo utilize changed\r\nthree utilize\r\n")
	writeFile(t, filepath.Join(dir, "with space/my doc.md"), "first utilize\nsecond utilize, edited\n")
	writeFile(t, filepath.Join(dir, "span.md"), "It enables access to\nOpenAI models.\n")
	writeFile(t, filepath.Join(dir, "fix.md"), "a utilize\nb utilize now\nc utilize\n")
	writeFile(t, filepath.Join(dir, "untracked.md"), "brand new utilize\n")
	if err := os.Remove(filepath.Join(dir, "deleted.md")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// findingLines runs check --format json and returns "path:line rule".
func findingLines(t *testing.T, dir string, args ...string) []string {
	t.Helper()
	code, out, stderr := runCLI(t, dir, "", append([]string{"check", "--format", "json"}, args...)...)
	if code == exitUsage {
		t.Fatalf("check %v: exit 2\n%s%s", args, out, stderr)
	}
	var rep struct {
		Findings []struct {
			Path string
			Line int
			Rule string
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Path+":"+strconv.Itoa(f.Line)+" "+f.Rule)
	}
	slices.Sort(got)
	return got
}

var wantNew = []string{
	"added.md:1 t.utilize", // a file added in the range: every line
	"added.md:2 t.utilize",
	"crlf.md:2 t.utilize",   // changed, CRLF line ends
	"docs/a.md:1 t.utilize", // moved here
	"docs/a.md:3 t.utilize", // changed
	"docs/a.md:6 t.utilize", // added
	"fix.md:2 t.utilize",    // changed
	"new/r.md:6 t.utilize",  // renamed file, its changed line at the new path
	"span.md:1 t.access",    // spans a changed line (line 2)
	"with space/my doc.md:2 t.utilize",
}

func TestNewFromRev(t *testing.T) {
	dir := newFromRepo(t)
	got := findingLines(t, dir, "--new-from-rev", "base")
	want := append(slices.Clone(wantNew), "untracked.md:1 t.utilize") // untracked: wholly new
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("--new-from-rev base:\n got %q\nwant %q", got, want)
	}
	// Without the flag, every finding (unchanged lines too).
	if all := findingLines(t, dir); len(all) <= len(want) || !slices.Contains(all, "same.md:1 t.utilize") || !slices.Contains(all, "docs/a.md:2 t.utilize") {
		t.Errorf("plain check: %q", all)
	}
	// From a subfolder: paths stay relative to the current folder.
	sub := findingLines(t, filepath.Join(dir, "docs"), "--new-from-rev", "base")
	if want := []string{"a.md:1 t.utilize", "a.md:3 t.utilize", "a.md:6 t.utilize"}; !slices.Equal(sub, want) {
		t.Errorf("from docs/: got %q, want %q", sub, want)
	}
}

func TestNewFromPatch(t *testing.T) {
	dir := newFromRepo(t)
	patch := git(t, dir, "diff", "base")
	for _, crlf := range []bool{false, true} {
		p := patch
		if crlf {
			p = strings.ReplaceAll(strings.ReplaceAll(p, "\r\n", "\n"), "\n", "\r\n")
		}
		pf := filepath.Join(t.TempDir(), "changes.patch")
		writeFile(t, pf, p)
		got := findingLines(t, dir, "--new-from-patch", pf)
		if !slices.Equal(got, wantNew) { // untracked files are not in git diff
			t.Errorf("--new-from-patch (CRLF %v):\n got %q\nwant %q", crlf, got, wantNew)
		}
	}
}

// Outside git, a patch's paths are relative to the current folder; and
// through a symbolic link to the repository, paths still match.
func TestNewFromPatchOutsideGitAndThroughLink(t *testing.T) {
	gitEnv(t)
	dir := writeTree(t, map[string]string{
		".guardrail.toml": testConfig,
		"sub/x.md":        "one utilize\ntwo utilize\nthree utilize\n",
	})
	pf := filepath.Join(t.TempDir(), "p.diff")
	writeFile(t, pf, "--- a/sub/x.md\n+++ b/sub/x.md\n@@ -3 +3 @@\n-3 utilize\n+three utilize\n")
	if got, want := findingLines(t, dir, "--new-from-patch", pf), []string{"sub/x.md:3 t.utilize"}; !slices.Equal(got, want) {
		t.Errorf("outside git: %q, want %q", got, want)
	}

	repo := newFromRepo(t)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(repo, link); err != nil {
		t.Skip("no symbolic links:", err)
	}
	t.Setenv("PWD", link)
	got := findingLines(t, link, "--new-from-rev", "base", "docs")
	if want := []string{"docs/a.md:1 t.utilize", "docs/a.md:3 t.utilize", "docs/a.md:6 t.utilize"}; !slices.Equal(got, want) {
		t.Errorf("through a link: %q, want %q", got, want)
	}
}

func TestNewFromFixAndDiff(t *testing.T) {
	dir := newFromRepo(t)
	code, out, stderr := runCLI(t, dir, "", "check", "--diff", "--new-from-rev", "base", "fix.md")
	if code == exitUsage || !strings.Contains(out, "-b utilize now\n+b use now\n") || strings.Contains(out, "+a use") || strings.Contains(out, "+c use") {
		t.Errorf("--diff: exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = runCLI(t, dir, "", "check", "--fix", "--new-from-rev", "base", "fix.md", "crlf.md")
	if code != exitOK {
		t.Errorf("--fix: exit %d, want 0 (nothing left on changed lines)\n%s%s", code, out, stderr)
	}
	for path, want := range map[string]string{
		"fix.md":  "a utilize\nb use now\nc utilize\n",
		"crlf.md": "one utilize\r\ntwo use changed\r\nthree utilize\r\n",
	} {
		if b, _ := os.ReadFile(filepath.Join(dir, path)); string(b) != want {
			t.Errorf("%s after --fix: %q, want %q", path, b, want)
		}
	}
	if !strings.Contains(stderr, "fixed 2 issues in 2 files") {
		t.Errorf("stderr: %s", stderr)
	}
}

func TestNewFromTextAndSARIF(t *testing.T) {
	dir := newFromRepo(t)
	_, out, _ := runCLI(t, dir, "", "check", "--new-from-rev", "base", "docs")
	if !strings.Contains(out, "3 infos in 1 file, 3 fixable with --fix\n") {
		t.Errorf("text:\n%s", out)
	}
	_, out, _ = runCLI(t, dir, "", "check", "--format", "sarif", "--new-from-rev", "base", "docs")
	if n := strings.Count(out, `"ruleId"`); n != 3 {
		t.Errorf("sarif: %d results, want 3", n)
	}
	_, out, _ = runCLI(t, dir, "", "check", "--format", "github", "--new-from-rev", "base", "docs")
	if n := strings.Count(out, "::notice "); n != 3 {
		t.Errorf("github: %d annotations, want 3\n%s", n, out)
	}
}

func TestNewFromErrors(t *testing.T) {
	dir := newFromRepo(t)
	bad := filepath.Join(dir, "bad.patch")
	writeFile(t, bad, "--- a/x.md\n+++ b/x.md\n@@ -1 +1,x @@\n+a\n")
	notDiff := filepath.Join(dir, "note.txt")
	writeFile(t, notDiff, "just some text\n")
	cut := filepath.Join(dir, "cut.patch")
	writeFile(t, cut, "--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,3 @@\n+a\n")
	outside := t.TempDir()
	for _, tc := range []struct {
		dir  string
		args []string
		want string
	}{
		{dir, []string{"--new-from-rev", "no-such-rev"}, `unknown git revision "no-such-rev"`},
		{dir, []string{"--new-from-rev", "--help"}, `"--help" is not a git revision`},
		{outside, []string{"--new-from-rev", "main"}, "not in a git repository"},
		{dir, []string{"--new-from-patch", bad}, bad + ":3: a hunk header must look like"},
		{dir, []string{"--new-from-patch", notDiff}, notDiff + ":1: not a unified diff"},
		{dir, []string{"--new-from-patch", cut}, cut + ":3: the hunk is cut short"},
		{dir, []string{"--new-from-patch", filepath.Join(dir, "nope.patch")}, "nope.patch does not exist"},
		{dir, []string{"--new-from-rev", "base", "--new-from-patch", bad}, "cannot be used together"},
	} {
		code, out, stderr := runCLI(t, tc.dir, "", append([]string{"check"}, tc.args...)...)
		if code != exitUsage || out != "" || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("check %q: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", tc.args, code, out, stderr, tc.want)
		}
	}
}

func TestParsePatch(t *testing.T) {
	for _, tc := range []struct {
		name, patch string
		want        patchSet
	}{
		{"empty", "", patchSet{}},
		{"added and changed", "diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n@@ -2 +2 @@\n-old\n+new\n@@ -5,0 +6,2 @@ section\n+a\n+b\n", patchSet{"x.md": {{2, 2}, {6, 7}}}},
		{"deleted lines only", "--- a/x.md\n+++ b/x.md\n@@ -3,2 +2,0 @@\n-a\n-b\n", patchSet{"x.md": nil}},
		{"deleted file", "--- a/x.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n", patchSet{}},
		{"new file", "--- /dev/null\n+++ b/n.md\n@@ -0,0 +1,2 @@\n+a\n+b\n", patchSet{"n.md": {{1, 2}}}},
		{"context lines", "--- a/x.md\n+++ b/x.md\n@@ -1,3 +1,3 @@\n keep\n-old\n+new\n keep\n", patchSet{"x.md": {{2, 2}}}},
		{"body lines that look like headers", "--- a/x.md\n+++ b/x.md\n@@ -1 +1 @@\n--- gone\n+++ added\n", patchSet{"x.md": {{1, 1}}}},
		{"space in name (git's tab)", "--- a/my doc.md\t\n+++ b/my doc.md\t\n@@ -1 +1 @@\n-a\n+b\n", patchSet{"my doc.md": {{1, 1}}}},
		{"diff -u timestamp", "--- x.md\t2026-01-01 00:00:00\n+++ x.md\t2026-01-02 00:00:00\n@@ -1 +1 @@\n-a\n+b\n", patchSet{"x.md": {{1, 1}}}},
		{"quoted name", "--- \"a/caf\\303\\251.md\"\n+++ \"b/caf\\303\\251.md\"\n@@ -1 +1 @@\n-a\n+b\n", patchSet{"café.md": {{1, 1}}}},
		{"no newline at end", "--- a/x.md\n+++ b/x.md\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n", patchSet{"x.md": {{1, 1}}}},
		{"CRLF", "--- a/x.md\r\n+++ b/x.md\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n", patchSet{"x.md": {{1, 1}}}},
		{"rename only", "diff --git a/o.md b/n.md\nsimilarity index 100%\nrename from o.md\nrename to n.md\n", patchSet{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parsePatch([]byte(tc.patch))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for p, rs := range tc.want {
				g, ok := got[p]
				if !ok || !slices.Equal(g, rs) {
					t.Errorf("%s: got %v (present %v), want %v", p, g, ok, rs)
				}
			}
		})
	}
	for _, bad := range []string{
		"@@ -1 +1 @@\n+a\n",
		"--- a/x\n+++ b/x\n@@ -1 +1\n",
		"--- a/x\n+++ b/x\n@@ -1 +1 @@\n+a\n+b\n",
		"--- a/x\n+++ b/x\n@@ -1,2 +1 @@\n-a\n",
		"--- a/x\n+++ b/x\n@@ -1 +1 @@\n*a\n",
		"--- a/x\n+++ \"b/x\n",
		"hello\n",
	} {
		if _, err := parsePatch([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func FuzzParsePatch(f *testing.F) {
	f.Add([]byte("--- a/x.md\n+++ b/x.md\n@@ -1,3 +1,3 @@\n keep\n-old\n+new\n keep\n"))
	f.Add([]byte("--- /dev/null\n+++ \"b/caf\\303\\251.md\"\n@@ -0,0 +1,2 @@\n+a\n+b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := parsePatch(data)
		if err != nil {
			return
		}
		for p, rs := range set {
			for i, r := range rs {
				if r.First > r.Last || (i > 0 && r.First <= rs[i-1].Last) {
					t.Fatalf("%s: bad ranges %v", p, rs)
				}
			}
		}
	})
}

func TestShiftSpans(t *testing.T) {
	// "a utilize\nb utilize\n": line 2 changed; the fix on line 1 shortens
	// it by 4 bytes, so line 2 moves 4 bytes left.
	src := []byte("a utilize\nb utilize\n")
	spans := lineSpans(src, []lineRange{{2, 2}})
	if want := []span{{10, 20}}; !slices.Equal(spans, want) {
		t.Fatalf("lineSpans: %v, want %v", spans, want)
	}
	got := shiftSpans(spans, []analysis.Fix{{Start: 2, End: 9, Text: "use"}})
	if want := []span{{6, 16}}; !slices.Equal(got, want) {
		t.Errorf("shiftSpans: %v, want %v", got, want)
	}
	// An edit inside the span keeps it whole.
	got = shiftSpans(spans, []analysis.Fix{{Start: 12, End: 19, Text: "use"}})
	if want := []span{{10, 16}}; !slices.Equal(got, want) {
		t.Errorf("shiftSpans inside: %v, want %v", got, want)
	}
}
