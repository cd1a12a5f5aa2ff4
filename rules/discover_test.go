package rules

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/guardrail-dev/guardrail/internal/testutil"
)

// tempRoot is a temporary folder with symlinks resolved, so paths compare
// equal to what the Loader reports.
func tempRoot(t *testing.T) string {
	t.Helper()
	d, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func rule(id string, extra ...string) string {
	return "[[rule]]\nid = \"" + id + "\"\nrestricted = [\"" + id + " phrase\"]\n" + strings.Join(extra, "\n") + "\n"
}

func ruleIDs(c *Config) string {
	var ids []string
	for _, r := range c.Rules {
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, ",")
}

func mustConfig(t *testing.T, l *Loader, doc string) *Config {
	t.Helper()
	c, errs := l.ConfigFor(doc)
	if c == nil {
		t.Fatalf("ConfigFor(%s): %v", doc, errs)
	}
	return c
}

// configErrs returns the problems of a config that must fail.
func configErrs(t *testing.T, l *Loader, doc string) []*Error {
	t.Helper()
	c, errs := l.ConfigFor(doc)
	if c != nil {
		t.Fatalf("ConfigFor(%s) succeeded with rules %s, want errors", doc, ruleIDs(c))
	}
	return errs
}

func builtinIDs(t *testing.T, name string) []string {
	t.Helper()
	p, err := Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range p.Rules {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestLayering(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"user/config.toml": rule("user.one") + rule("shared.x", `message = "from user"`) +
			"[severity]\n\"user.one\" = \"info\"\n\"repo.one\" = \"hint\"\n",
		"repo/.git/": "",
		"repo/.guardrail.toml": "extends = [\"builtin:sre-messaging\"]\n" + rule("repo.one") + rule("shared.x", `message = "from repo"`) +
			"[severity]\n\"repo.one\" = \"error\"\n",
		"repo/sub/.guardrail.toml": rule("sub.one") + rule("repo.one", `message = "replaced"`) +
			"[severity]\n\"sre.access-claim\" = \"off\"\n",
	})
	l := NewLoader(Options{UserConfig: filepath.Join(root, "user/config.toml")})
	sre := builtinIDs(t, "sre-messaging")

	top := mustConfig(t, l, filepath.Join(root, "repo/doc.md"))
	want := append([]string{"repo.one", "shared.x", "user.one"}, sre...)
	sort.Strings(want)
	if got := ruleIDs(top); got != strings.Join(want, ",") {
		t.Errorf("repo rules = %s, want %s", got, strings.Join(want, ","))
	}
	if top.Root != filepath.Join(root, "repo") || top.Default {
		t.Errorf("root = %s default = %v", top.Root, top.Default)
	}
	if got := top.Rule("shared.x").Message; got != "from repo" {
		t.Errorf("inner rule should replace outer: message %q", got)
	}
	if top.Rule("repo.one").Severity != SeverityError || top.Rule("user.one").Severity != SeverityInfo {
		t.Error("inner [severity] should win, outer still apply")
	}
	wantLayers := []string{filepath.Join(root, "user/config.toml"), filepath.Join(root, "repo/.guardrail.toml")}
	if strings.Join(top.Layers, "|") != strings.Join(wantLayers, "|") {
		t.Errorf("layers = %v", top.Layers)
	}

	sub := mustConfig(t, l, filepath.Join(root, "repo/sub/deeper/doc.md"))
	if sub.Rule("sre.access-claim") != nil {
		t.Error(`"off" should remove the rule`)
	}
	if r := sub.Rule("repo.one"); r == nil || r.Message != "replaced" || r.Severity != SeverityError {
		t.Errorf("sub repo.one = %+v (replaced by sub, severity from the repo layer)", r)
	}
	if sub.Rule("sub.one") == nil || sub.Rule("user.one") == nil {
		t.Errorf("sub rules = %s", ruleIDs(sub))
	}
	if sub.Root != filepath.Join(root, "repo") {
		t.Errorf("sub root = %s, want the outermost .guardrail.toml's folder", sub.Root)
	}
	if len(sub.Files) != 3 {
		t.Errorf("files = %v", sub.Files)
	}
	// Cached rules must not have been changed by the overrides.
	p := l.files[filepath.Join(root, "repo/.guardrail.toml")].pack
	if p.Rules[0].Severity != SeverityWarning {
		t.Error("severity override mutated the parsed rule")
	}
}

func TestRootCutsOff(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"user/config.toml":                rule("user.one"),
		"outer/.guardrail.toml":           rule("outer.one"),
		"outer/repo/.guardrail.toml":      "root = true\n" + rule("repo.one"),
		"outer/repo/docs/.guardrail.toml": rule("docs.one"),
	})
	l := NewLoader(Options{UserConfig: filepath.Join(root, "user/config.toml")})
	c := mustConfig(t, l, filepath.Join(root, "outer/repo/docs/a.md"))
	if got := ruleIDs(c); got != "docs.one,repo.one" {
		t.Errorf("rules = %s, want docs.one,repo.one (root = true cuts off outer and user)", got)
	}
	if c.Root != filepath.Join(root, "outer/repo") {
		t.Errorf("root = %s", c.Root)
	}
	c = mustConfig(t, l, filepath.Join(root, "outer/x.md"))
	if got := ruleIDs(c); got != "outer.one,user.one" {
		t.Errorf("outer rules = %s", got)
	}
}

func TestUserConfigOnly(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"user/config.toml": rule("user.one", `files = ["docs/**"]`),
		"proj/.git/":       "",
	})
	l := NewLoader(Options{UserConfig: filepath.Join(root, "user/config.toml")})
	c := mustConfig(t, l, filepath.Join(root, "proj/docs/a/b.md"))
	if c.Default || ruleIDs(c) != "user.one" {
		t.Errorf("default = %v rules = %s: a user config is a config", c.Default, ruleIDs(c))
	}
	if c.Root != filepath.Join(root, "proj") {
		t.Errorf("root = %s, want the git work tree", c.Root)
	}
	if got := c.RelPath(filepath.Join(root, "proj/docs/a/b.md")); got != "docs/a/b.md" {
		t.Errorf("relpath = %s", got)
	}
	if len(c.RulesFor(filepath.Join(root, "proj/docs/a/b.md"))) != 1 || len(c.RulesFor(filepath.Join(root, "proj/src/x.go"))) != 0 {
		t.Error("files globs relative to root")
	}
}

func TestNoConfigUsesDefaultPacks(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{"plain/doc.md": "x"})
	l := NewLoader(Options{NoUserConfig: true})
	c := mustConfig(t, l, filepath.Join(root, "plain/doc.md"))
	if !c.Default || len(c.Layers) != 0 {
		t.Errorf("default = %v layers = %v", c.Default, c.Layers)
	}
	var want []string
	for _, n := range DefaultPackNames() {
		want = append(want, builtinIDs(t, n)...)
	}
	sort.Strings(want)
	if got := ruleIDs(c); got != strings.Join(want, ",") || got == "" {
		t.Errorf("rules = %q, want %q", got, strings.Join(want, ","))
	}
	if c.Root != filepath.Join(root, "plain") {
		t.Errorf("root = %s, want the document's folder outside git", c.Root)
	}
	if c.Rule("sre.access-claim") == nil || c.Rule("sre.access-claim").Pack != "builtin:sre-messaging" {
		t.Error("builtin:sre-messaging is a default pack")
	}

	// A config that does not extend a built-in pack does not get it.
	testutil.WriteTree(t, root, map[string]string{"proj/.guardrail.toml": rule("own.one")})
	c = mustConfig(t, l, filepath.Join(root, "proj/doc.md"))
	if c.Default || ruleIDs(c) != "own.one" {
		t.Errorf("rules = %s", ruleIDs(c))
	}
}

func TestConfigFileOption(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"user/config.toml":     rule("user.one"),
		"repo/.guardrail.toml": rule("repo.one"),
		"ci/strict.toml":       "extends = [\"../packs/*.toml\"]\n" + rule("ci.one"),
		"packs/p.toml":         rule("pack.one"),
	})
	l := NewLoader(Options{ConfigFile: filepath.Join(root, "ci/strict.toml"), UserConfig: filepath.Join(root, "user/config.toml")})
	c := mustConfig(t, l, filepath.Join(root, "repo/doc.md"))
	if got := ruleIDs(c); got != "ci.one,pack.one" {
		t.Errorf("rules = %s, want exactly the --config file's", got)
	}
	if c.Root != filepath.Join(root, "ci") {
		t.Errorf("root = %s", c.Root)
	}

	l = NewLoader(Options{ConfigFile: filepath.Join(root, "missing.toml")})
	errs := configErrs(t, l, filepath.Join(root, "repo/doc.md"))
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "does not exist") {
		t.Errorf("errs = %v", errs)
	}
}

func TestSeverityWarnings(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"repo/.guardrail.toml": "root = true\n" + rule("a.one") +
			"[severity]\n\"a.one\" = \"hint\"\n\"a.onee\" = \"error\"\n\"guardrail.unused-suppression\" = \"warning\"\n",
	})
	l := NewLoader(Options{NoUserConfig: true})
	c := mustConfig(t, l, filepath.Join(root, "repo/doc.md"))
	file := filepath.Join(root, "repo/.guardrail.toml")
	checkErrs(t, file, c.Warnings, []string{`8:1 unknown rule id "a.onee" in [severity] (did you mean "a.one"?)`})
	if !c.Warnings[0].Warning {
		t.Error("unknown id should be a warning")
	}
	if c.UnusedSuppression != SeverityWarning || c.Rule("a.one").Severity != SeverityHint {
		t.Errorf("unused = %v a.one = %v", c.UnusedSuppression, c.Rule("a.one").Severity)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		file  string // file the errors are in, relative to the temp root
		want  []string
	}{
		{"missing pack", map[string]string{
			"repo/.guardrail.toml": "root = true\nextends = [\"nope.toml\"]\n",
		}, "repo/.guardrail.toml", []string{`2:12 pack "nope.toml" does not exist`}},
		{"confinement: outside the git tree", map[string]string{
			"repo/.git/":           "",
			"outside.toml":         rule("out.one"),
			"repo/.guardrail.toml": "root = true\nextends = [\"../outside.toml\"]\n",
		}, "repo/.guardrail.toml", []string{`2:12 extends "../outside.toml" points outside`}},
		{"confinement: sub-config reaching above the git tree", map[string]string{
			"repo/.git/":                "",
			"outside.toml":              rule("out.one"),
			"repo/docs/.guardrail.toml": "extends = [\"../../outside.toml\"]\n",
		}, "repo/docs/.guardrail.toml", []string{`1:12 extends "../../outside.toml" points outside`}},
		{"confinement: outside git, above own folder", map[string]string{
			"shared.toml":          rule("s.one"),
			"repo/.guardrail.toml": "root = true\nextends = [\"../shared.toml\"]\n",
		}, "repo/.guardrail.toml", []string{`2:12 extends "../shared.toml" points outside`}},
		{"confinement applies to packs a config pulls in", map[string]string{
			"repo/.git/":           "",
			"outside.toml":         rule("out.one"),
			"repo/.guardrail.toml": "root = true\nextends = [\"packs/a.toml\"]\n",
			"repo/packs/a.toml":    "extends = [\"../../outside.toml\"]\n",
		}, "repo/packs/a.toml", []string{`1:12 extends "../../outside.toml" points outside`}},
		{"cycle", map[string]string{
			"repo/.guardrail.toml": "root = true\nextends = [\"a.toml\"]\n",
			"repo/a.toml":          "extends = [\"b.toml\"]\n" + rule("a.one"),
			"repo/b.toml":          "extends = [\"a.toml\"]\n" + rule("b.one"),
		}, "repo/b.toml", []string{`1:12 extends cycle: a.toml → b.toml → a.toml`}},
		{"cycle through the config", map[string]string{
			"repo/.guardrail.toml": "root = true\nextends = [\"a.toml\"]\n",
			"repo/a.toml":          "extends = [\".guardrail.toml\"]\n",
		}, "repo/a.toml", []string{`1:12 extends cycle: .guardrail.toml → a.toml → .guardrail.toml`}},
		{"duplicate ids between sibling packs", map[string]string{
			"repo/.guardrail.toml": "root = true\nextends = [\"a.toml\", \"b.toml\"]\n",
			"repo/a.toml":          rule("x.one"),
			"repo/b.toml":          rule("x.one"),
		}, "repo/.guardrail.toml", []string{`2:22 rule id "x.one" is defined both in`}},
		{"duplicate ids through a glob", map[string]string{
			"repo/.guardrail.toml": "root = true\nextends = [\"p/*.toml\"]\n",
			"repo/p/a.toml":        rule("x.one"),
			"repo/p/b.toml":        rule("x.one"),
		}, "repo/.guardrail.toml", []string{`2:12 rule id "x.one" is defined both in`}},
		{"config-only key in a pack", map[string]string{
			"repo/.guardrail.toml": "root = true\nextends = [\"a.toml\"]\n",
			"repo/a.toml":          "include = [\"**/*.md\"]\n" + rule("a.one"),
		}, "repo/a.toml", []string{`1:1 include is allowed only in a config file`}},
		{"errors in a pack", map[string]string{
			"repo/.guardrail.toml": "root = true\nextends = [\"a.toml\"]\n",
			"repo/a.toml":          rule("a.one", "severity = \"loud\""),
		}, "repo/a.toml", []string{`4:12 unknown severity "loud"`}},
		{"syntax error in a config", map[string]string{
			"repo/.guardrail.toml": "root = true\nextends = [\"a.toml\"\n",
		}, "repo/.guardrail.toml", []string{`2:20 invalid TOML`}},
		{"unknown builtin in a config", map[string]string{
			"repo/.guardrail.toml": "root = true\nextends = [\"builtin:nope\"]\n",
		}, "repo/.guardrail.toml", []string{`2:12 unknown built-in pack "builtin:nope"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := tempRoot(t)
			testutil.WriteTree(t, root, tc.files)
			l := NewLoader(Options{NoUserConfig: true})
			errs := configErrs(t, l, filepath.Join(root, "repo/docs/doc.md"))
			checkErrs(t, filepath.Join(root, filepath.FromSlash(tc.file)), errs, tc.want)
		})
	}
}

// TestGlobMatchingNothingWarns: the README's example config extends
// "policies/*.toml"; with no such files it loads, with a warning on the
// entry.
func TestGlobMatchingNothingWarns(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"repo/.guardrail.toml": "root = true\nextends = [\"builtin:sre-messaging\", \"policies/*.toml\"]\n",
	})
	c := mustConfig(t, NewLoader(Options{NoUserConfig: true}), filepath.Join(root, "repo/doc.md"))
	if c.Rule("sre.access-claim") == nil {
		t.Errorf("rules = %s", ruleIDs(c))
	}
	if len(c.Warnings) != 1 || !c.Warnings[0].Warning || c.Warnings[0].Pos.Line != 2 || c.Warnings[0].Pos.Column != 37 ||
		c.Warnings[0].Msg != `extends "policies/*.toml" matches no files` {
		t.Errorf("warnings %v", c.Warnings)
	}
}

func TestOwnRuleSettlesSiblingDuplicate(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"repo/.guardrail.toml": "root = true\nextends = [\"a.toml\", \"b.toml\"]\n" + rule("x.one", `message = "mine"`),
		"repo/a.toml":          rule("x.one"),
		"repo/b.toml":          rule("x.one"),
	})
	c := mustConfig(t, NewLoader(Options{NoUserConfig: true}), filepath.Join(root, "repo/doc.md"))
	if c.Rule("x.one").Message != "mine" {
		t.Error("the config's own rule should replace the extended ones")
	}
}

func TestDiamondIsNotDuplicate(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"repo/.guardrail.toml": "root = true\nextends = [\"a.toml\", \"b.toml\", \"builtin:sre-messaging\"]\n",
		"repo/a.toml":          "extends = [\"c.toml\", \"builtin:sre-messaging\"]\n" + rule("a.one"),
		"repo/b.toml":          "extends = [\"c.toml\"]\n" + rule("b.one"),
		"repo/c.toml":          rule("c.one"),
	})
	c := mustConfig(t, NewLoader(Options{NoUserConfig: true}), filepath.Join(root, "repo/doc.md"))
	if c.Rule("c.one") == nil || c.Rule("a.one") == nil || c.Rule("sre.access-claim") == nil {
		t.Errorf("rules = %s", ruleIDs(c))
	}
}

func TestExtendsGlobsAndConfinementInside(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"repo/.git/":                "",
		"repo/.guardrail.toml":      "root = true\nextends = [\"policies/*.toml\"]\n",
		"repo/policies/a.toml":      rule("pol.a"),
		"repo/policies/b.toml":      rule("pol.b"),
		"repo/policies/notes.txt":   "not a pack",
		"repo/docs/.guardrail.toml": "extends = [\"../shared/**/*.toml\"]\n",
		"repo/shared/x/s.toml":      rule("shared.s"),
	})
	l := NewLoader(Options{NoUserConfig: true})
	c := mustConfig(t, l, filepath.Join(root, "repo/docs/doc.md"))
	if got := ruleIDs(c); got != "pol.a,pol.b,shared.s" {
		t.Errorf("rules = %s", got)
	}
	want := []string{
		filepath.Join(root, "repo/.guardrail.toml"),
		filepath.Join(root, "repo/docs/.guardrail.toml"),
		filepath.Join(root, "repo/policies/a.toml"),
		filepath.Join(root, "repo/policies/b.toml"),
		filepath.Join(root, "repo/shared/x/s.toml"),
	}
	if strings.Join(c.Files, "\n") != strings.Join(want, "\n") {
		t.Errorf("files = %v", c.Files)
	}
}

func TestUserConfigMayExtendAnything(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"elsewhere/team.toml": rule("team.one"),
		"home/config.toml":    "extends = [\"../elsewhere/team.toml\"]\n",
		"repo/.git/":          "",
	})
	l := NewLoader(Options{UserConfig: filepath.Join(root, "home/config.toml")})
	c := mustConfig(t, l, filepath.Join(root, "repo/doc.md"))
	if ruleIDs(c) != "team.one" {
		t.Errorf("rules = %s", ruleIDs(c))
	}
}

func TestSymlinks(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"repo/.git/":   "",
		"secret.toml":  rule("secret.one"),
		"repo/ok.toml": rule("ok.one"),
		"loopdir/":     "",
	})
	must := func(err error) {
		if err != nil {
			t.Skip("symlinks not available:", err)
		}
	}
	must(os.Symlink(filepath.Join(root, "secret.toml"), filepath.Join(root, "repo/link.toml")))
	must(os.Symlink(filepath.Join(root, "repo/ok.toml"), filepath.Join(root, "repo/inside-link.toml")))
	must(os.Symlink(filepath.Join(root, "repo/loop-b.toml"), filepath.Join(root, "repo/loop-a.toml")))
	must(os.Symlink(filepath.Join(root, "repo/loop-a.toml"), filepath.Join(root, "repo/loop-b.toml")))
	must(os.Symlink(filepath.Join(root, "repo"), filepath.Join(root, "repo/dirloop")))

	file := filepath.Join(root, "repo/.guardrail.toml")
	testutil.WriteTree(t, root, map[string]string{"repo/.guardrail.toml": "root = true\nextends = [\"link.toml\", \"loop-a.toml\"]\n"})
	errs := configErrs(t, NewLoader(Options{NoUserConfig: true}), filepath.Join(root, "repo/doc.md"))
	checkErrs(t, file, errs, []string{
		`2:12 extends "link.toml" points outside`,
		`2:25 cannot read pack "loop-a.toml": too many levels of symbolic links`,
	})

	// A .guardrail.toml that is a symlink loop is an error, not a hang.
	must(os.Symlink(filepath.Join(root, "loopdir/.guardrail.toml"), filepath.Join(root, "loopdir/.guardrail.toml.tmp")))
	must(os.Rename(filepath.Join(root, "loopdir/.guardrail.toml.tmp"), filepath.Join(root, "loopdir/.guardrail.toml")))
	errs = configErrs(t, NewLoader(Options{NoUserConfig: true}), filepath.Join(root, "loopdir/doc.md"))
	if len(errs) != 1 || errs[0].Pos.File != filepath.Join(root, "loopdir/.guardrail.toml") || !strings.Contains(errs[0].Msg, "cannot read file") {
		t.Errorf("errs = %v", errs)
	}

	// A symlink that stays inside is fine, and ** does not follow the
	// directory loop.
	testutil.WriteTree(t, root, map[string]string{"repo/.guardrail.toml": "root = true\nextends = [\"inside-link.toml\"]\n"})
	c := mustConfig(t, NewLoader(Options{NoUserConfig: true}), filepath.Join(root, "repo/doc.md"))
	if ruleIDs(c) != "ok.one" {
		t.Errorf("rules = %s", ruleIDs(c))
	}
	testutil.WriteTree(t, root, map[string]string{"repo/.guardrail.toml": "root = true\nextends = [\"**/ok.toml\"]\n"})
	c = mustConfig(t, NewLoader(Options{NoUserConfig: true}), filepath.Join(root, "repo/doc.md"))
	if ruleIDs(c) != "ok.one" {
		t.Errorf("rules = %s", ruleIDs(c))
	}
}

func TestSelects(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"user/config.toml":          "exclude = [\"**/generated/**\"]\n",
		"repo/.guardrail.toml":      "include = [\"**/*.md\", \"docs/**\"]\nexclude = [\"vendor/**\", \"CHANGELOG.md\"]\n",
		"repo/site/.guardrail.toml": "include = [\"pages/*.html\"]\nexclude = [\"pages/draft.html\", \"/old\"]\n",
		"repo/misc/.guardrail.toml": "exclude = [\"../README.md\"]\n",
	})
	l := NewLoader(Options{UserConfig: filepath.Join(root, "user/config.toml")})
	tests := []struct {
		doc       string
		supported bool
		want      bool
	}{
		{"repo/README.md", false, true},
		{"repo/a/b/c.md", false, true},
		{"repo/docs/x/y.txt", false, true},
		{"repo/docs/y.go", false, true},
		{"repo/src/main.go", true, false}, // include given: supported does not matter
		{"repo/CHANGELOG.md", true, false},
		{"repo/sub/CHANGELOG.md", true, true}, // "CHANGELOG.md" is relative to the config's folder
		{"repo/vendor/x/y.md", true, false},
		{"repo/generated/a.md", true, false}, // the user config's exclude accumulates
		{"repo/docs/pack.toml", true, false}, // TOML files are never checked
		{"repo/site/pages/a.html", false, true},
		{"repo/site/pages/draft.html", true, false},
		{"repo/site/notes.md", true, false}, // the nearest include wins
		{"repo/site/old/pages/a.html", true, false},
		{"repo/misc/x.md", true, true},
	}
	for _, tc := range tests {
		doc := filepath.Join(root, filepath.FromSlash(tc.doc))
		c := mustConfig(t, l, doc)
		if got := c.Selects(doc, tc.supported); got != tc.want {
			t.Errorf("Selects(%s, %v) = %v, want %v", tc.doc, tc.supported, got, tc.want)
		}
	}
	// ../README.md in repo/misc excludes repo/README.md only for misc's config.
	misc := mustConfig(t, l, filepath.Join(root, "repo/misc/x.md"))
	if misc.Selects(filepath.Join(root, "repo/README.md"), true) {
		t.Error("../README.md should exclude the parent's README")
	}

	// No include anywhere: the caller's supported decides.
	testutil.WriteTree(t, root, map[string]string{"plain/.guardrail.toml": "root = true\nexclude = [\"skip\"]\n"})
	doc := filepath.Join(root, "plain/a.md")
	c := mustConfig(t, l, doc)
	if !c.Selects(doc, true) || c.Selects(doc, false) || c.Selects(filepath.Join(root, "plain/skip/a.md"), true) {
		t.Error("without include, supported decides; a folder name excludes what is below it")
	}
}

func TestCacheReadsEachFileOnce(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"user/config.toml":       rule("user.one"),
		"repo/.guardrail.toml":   "extends = [\"packs/a.toml\", \"packs/b.toml\"]\n",
		"repo/packs/a.toml":      "extends = [\"c.toml\"]\n" + rule("a.one"),
		"repo/packs/b.toml":      "extends = [\"c.toml\"]\n" + rule("b.one"),
		"repo/packs/c.toml":      rule("c.one"),
		"repo/x/.guardrail.toml": rule("x.one"),
	})
	var mu sync.Mutex
	reads := map[string]int{}
	l := NewLoader(Options{
		UserConfig: filepath.Join(root, "user/config.toml"),
		ReadFile: func(p string) ([]byte, error) {
			mu.Lock()
			reads[p]++
			mu.Unlock()
			return os.ReadFile(p)
		},
	})
	docs := []string{"repo/a.md", "repo/b.md", "repo/x/a.md", "repo/x/y/z/a.md", "repo/packs/q.md", "repo/a.md"}
	var wg sync.WaitGroup
	for _, d := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mustConfig(t, l, filepath.Join(root, d))
		}()
	}
	wg.Wait()
	for p, n := range reads {
		if n != 1 {
			t.Errorf("%s read %d times", p, n)
		}
	}
	for _, f := range []string{"user/config.toml", "repo/.guardrail.toml", "repo/packs/c.toml", "repo/x/.guardrail.toml"} {
		if reads[filepath.Join(root, f)] != 1 {
			t.Errorf("%s was not read", f)
		}
	}
	c1 := mustConfig(t, l, filepath.Join(root, "repo/a.md"))
	c2 := mustConfig(t, l, filepath.Join(root, "repo/b.md"))
	if c1 != c2 {
		t.Error("documents in one folder should share the cached config")
	}

	// Invalidate drops the caches: a changed pack is read again.
	testutil.WriteTree(t, root, map[string]string{"repo/packs/c.toml": rule("c.two")})
	l.Invalidate()
	c := mustConfig(t, l, filepath.Join(root, "repo/a.md"))
	if c.Rule("c.two") == nil || reads[filepath.Join(root, "repo/packs/c.toml")] != 2 {
		t.Errorf("after Invalidate: rules %s, reads %d", ruleIDs(c), reads[filepath.Join(root, "repo/packs/c.toml")])
	}
}

func TestUnsavedTextThroughReadFile(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{"repo/.guardrail.toml": "root = true\n" + rule("disk.one")})
	cfgPath := filepath.Join(root, "repo/.guardrail.toml")
	l := NewLoader(Options{NoUserConfig: true, ReadFile: func(p string) ([]byte, error) {
		if p == cfgPath {
			return []byte("root = true\n" + rule("editor.one")), nil
		}
		return os.ReadFile(p)
	}})
	if c := mustConfig(t, l, filepath.Join(root, "repo/a.md")); ruleIDs(c) != "editor.one" {
		t.Errorf("rules = %s", ruleIDs(c))
	}
}

func TestExtraPacks(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"repo/.guardrail.toml": "root = true\n" + rule("repo.one") + rule("extra.one", `message = "repo"`),
		"extra/e.toml":         rule("extra.one", `message = "extra"`),
	})
	l := NewLoader(Options{NoUserConfig: true, ExtraPacks: []string{filepath.Join(root, "extra/e.toml"), "builtin:sre-messaging"}})
	c := mustConfig(t, l, filepath.Join(root, "repo/a.md"))
	if c.Rule("extra.one").Message != "extra" || c.Rule("repo.one") == nil || c.Rule("sre.access-claim") == nil {
		t.Errorf("rules = %s", ruleIDs(c))
	}
	l = NewLoader(Options{NoUserConfig: true, ExtraPacks: []string{filepath.Join(root, "extra/missing.toml")}})
	errs := configErrs(t, l, filepath.Join(root, "repo/a.md"))
	if len(errs) != 1 || errs[0].Pos.File != filepath.Join(root, "extra/missing.toml") || !strings.Contains(errs[0].Msg, "does not exist") {
		t.Errorf("errs = %v", errs)
	}
}
