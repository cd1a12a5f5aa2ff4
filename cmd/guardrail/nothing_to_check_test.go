package main

import (
	"testing"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

// TestNothingToCheckSameAsEager: a check that compiles no engine for
// files with nothing to check (nothing_to_check.go) prints the same
// stdout and stderr and exits with the same code as one that compiles
// the engine first, for empty files, files of markup alone, a lone
// suppression comment, config errors and warnings, and --fail-on.
func TestNothingToCheckSameAsEager(t *testing.T) {
	trees := map[string]map[string]string{
		"default packs": {
			"empty.md": "", "blank.md": "\n\n   \n", "rule.md": "---\n\n***\n",
			"empty.txt": "", "spaces.txt": "  \n", "empty.go": "", "nocomment.go": "package x\n",
			"suppress.md": "<!-- guardrail-disable-next-line plain.utilize -->\n",
			"text.md":     "We will utilize the synergy.\n",
		},
		"builtin with overrides": {
			".guardrail.toml": "root = true\nextends = [\"builtin:plain-language\"]\n[severity]\nno.such-rule = \"error\"\n",
			"empty.md":        "", "a.txt": "",
		},
		"user rules": {
			".guardrail.toml": "root = true\n[[rule]]\nid = \"u.x\"\nrestricted = [\"x\"]\n",
			"empty.md":        "", "a.md": "x\n",
		},
		"broken config": {
			"bad/.guardrail.toml": "root = true\n[[rule]]\nid = \"Bad ID\"\nrestricted = [\"x\"]\n",
			"bad/empty.md":        "",
			"empty.md":            "",
		},
	}
	argsets := [][]string{
		{"check", "."},
		{"check", "--format", "json", "."},
		{"check", "--format", "sarif", "."},
		{"check", "--format", "github", "."},
		{"check", "--fail-on", "hint", "."},
		{"check", "--fail-on", "hint", "--min-severity", "hint", "--format", "json", "."},
		{"check", "--fix", "."},
		{"check", "--diff", "."},
	}
	for name, files := range trees {
		for _, args := range argsets {
			run := func(lazy bool) (int, string, string) {
				// A fresh tree each time: --fix may write.
				dir := writeTree(t, files)
				t.Setenv("GUARDRAIL_NO_CACHE", "1")
				return runCLIWith(t, dir, "", func(a *app) { a.eagerEngines = !lazy }, args...)
			}
			c1, o1, e1 := run(true)
			c2, o2, e2 := run(false)
			if c1 != c2 || o1 != o2 || e1 != e2 {
				t.Errorf("%s %q: lazy exit %d\n%s\n%s\neager exit %d\n%s\n%s", name, args, c1, o1, e1, c2, o2, e2)
			}
		}
	}
}

// TestNothingToCheckCompilesNothing: the saving is real. An empty file
// under the default packs leaves the engine uncompiled, and the first
// file with text compiles it; a file under user rules compiles them.
func TestNothingToCheckCompilesNothing(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"empty.md": "", "blank.md": "\n\n", "text.md": "Some text.\n",
		"user/.guardrail.toml": "root = true\n[[rule]]\nid = \"u.x\"\nrestricted = [\"x\"]\n",
		"user/empty.md":        "",
	})
	t.Setenv("GUARDRAIL_NO_CACHE", "1")
	ck := newChecker(rules.NewLoader(rules.Options{}))
	check := func(name string) *rules.Config {
		t.Helper()
		abs := dir + "/" + name
		if r := ck.checkOne(target{display: name, abs: abs}, false); r.skip || r.readErr != nil || len(r.cfgErrs) > 0 {
			t.Fatalf("%s: %+v", name, r)
		}
		cfg, _ := ck.loader.ConfigFor(abs)
		return cfg
	}
	def := check("empty.md")
	check("blank.md")
	if ck.compiled(def) {
		t.Fatal("an empty file compiled the default packs' engine")
	}
	if _, ok := ck.ruleInfo()["sre.access-claim"]; !ok {
		t.Fatal("the report must still know the default packs' rules (SARIF lists them)")
	}
	check("text.md")
	if !ck.compiled(def) {
		t.Fatal("a file with text did not compile the engine")
	}
	if user := check("user/empty.md"); !ck.compiled(user) {
		t.Fatal("user rules must be compiled (and their errors reported) even for an empty file")
	}
}

// TestBuiltinPacksCompile: skipping the compile of built-in rules hides
// no error, because each built-in pack, and all of them together,
// compile without one.
func TestBuiltinPacksCompile(t *testing.T) {
	var all []*rules.Rule
	for _, n := range rules.BuiltinNames() {
		p, err := rules.Builtin(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := analysis.Compile(p.Rules); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		all = append(all, p.Rules...)
	}
	if _, err := analysis.Compile(all); err != nil {
		t.Fatal(err)
	}
}
