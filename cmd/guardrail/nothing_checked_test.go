package main

import (
	"strings"
	"testing"
)

// TestNothingCheckedInFolder: a folder named on the command line in which
// no file is checked is an error (exit 2) naming the include globs and the
// folder they resolve against — with --config, the config's folder — while
// the other paths are still checked and reported. A skipped file named on
// the command line keeps its stderr line and exit code.
func TestNothingCheckedInFolder(t *testing.T) {
	const cfg = "root = true\ninclude = [\"**/*.md\"]\n[[rule]]\nid = \"t.u\"\nrestricted = [\"utilize\"]\napproved = [\"use\"]\n"
	dir := writeTree(t, map[string]string{
		"cfg/.guardrail.toml":   cfg,
		"cfg/in.md":             "We utilize it.\n",
		"other/a.md":            "We utilize it.\n",
		"other/b.txt":           "We utilize it.\n",
		"plain/x.toml":          "a = 1\n",
		"plain/y.md":            "We utilize it.\n",
		"plain/.guardrail.toml": "root = true\nexclude = [\"*.md\"]\n[[rule]]\nid = \"t.u\"\nrestricted = [\"utilize\"]\n",
		"types/.guardrail.toml": "root = true\n[[rule]]\nid = \"t.u\"\nrestricted = [\"utilize\"]\n",
		"types/x.toml":          "a = 1\n",
	})

	// The case: --config, and a folder outside the config's.
	code, out, _ := runCLI(t, dir, "", "check", "--config", "cfg/.guardrail.toml", "other")
	want := `other: error: nothing checked: no file in it matches the include globs "**/*.md" (relative to cfg/), which match only files inside cfg/`
	if code != exitUsage || !strings.Contains(out, want) {
		t.Errorf("exit %d, want 2 and %q in:\n%s", code, want, out)
	}

	// Still checked and reported: the other folder named.
	code, out, _ = runCLI(t, dir, "", "check", "--config", "cfg/.guardrail.toml", "--format", "json", "cfg", "other")
	rep := decodeReport(t, out)
	if code != exitUsage || len(rep.Findings) != 1 || len(rep.Errors) != 1 || rep.Errors[0].Path != "other" ||
		!strings.Contains(rep.Errors[0].Message, `"**/*.md" (relative to cfg/)`) {
		t.Errorf("exit %d\n%s", code, out)
	}

	// Exclude leaves everything out; no include and no checked type.
	for path, msg := range map[string]string{
		"plain": `plain: error: nothing checked: exclude leaves out every file in it that guardrail would check` + "\n",
		"types": `types: error: nothing checked: none of its files is a type guardrail checks, and the config has no include to add others`,
	} {
		if code, out, _ := runCLI(t, dir, "", "check", path); code != exitUsage || !strings.Contains(out, msg) {
			t.Errorf("%s: exit %d, want 2 and %q:\n%s", path, code, msg, out)
		}
	}

	// A folder with a checked file is fine, and a skipped file named on
	// the command line keeps its stderr line and exit code.
	code, out, stderr := runCLI(t, dir, "", "check", "--config", "cfg/.guardrail.toml", "cfg", "other/b.txt")
	if code != exitFindings || strings.Contains(out, "nothing") || !strings.Contains(stderr, "other/b.txt: skipped:") {
		t.Errorf("exit %d\n%s\n%s", code, out, stderr)
	}
	code, out, stderr = runCLI(t, dir, "", "check", "--config", "cfg/.guardrail.toml", "other/b.txt")
	if code != exitOK || !strings.Contains(out, "0 files") || !strings.Contains(stderr, "other/b.txt: skipped:") {
		t.Errorf("a skipped file alone: exit %d\n%s\n%s", code, out, stderr)
	}
}

// TestNothingCheckedNotForShards: files that --shard leaves to other
// shards were still selected: no error.
func TestNothingCheckedNotForShards(t *testing.T) {
	dir := writeTree(t, map[string]string{".guardrail.toml": testConfig, "d/a.md": "Fine.\n"})
	for _, s := range []string{"1/2", "2/2"} {
		if code, out, _ := runCLI(t, dir, "", "check", "--shard", s, "d"); code != exitOK {
			t.Errorf("shard %s: exit %d\n%s", s, code, out)
		}
	}
}
