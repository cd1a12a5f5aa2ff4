package rules

// Bad input to the rule loader (issue #5): regexes RE2 refuses, deeply
// nested and huge TOML, a huge rule, and configs that try to make
// guardrail read outside the repository. Nothing panics or hangs, and every
// error names the file (and line and column when there is one).

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/internal/testutil"
)

// parseBounded parses data as file name under a time bound and checks
// that every error names the file with a line and column inside it.
func parseBounded(t *testing.T, name string, data []byte) (*Pack, []*Error) {
	t.Helper()
	var p *Pack
	var errs []*Error
	testutil.Bounded(t, name, 30*time.Second, func() { p, errs = ParsePack("bad.toml", data) })
	lines := strings.Count(string(data), "\n") + 1
	for _, e := range errs {
		if e.Pos.File != "bad.toml" || e.Pos.Line < 1 || e.Pos.Line > lines || e.Pos.Column < 1 || e.Msg == "" {
			t.Errorf("%s: error without a position in the file: %v", name, e)
		}
	}
	return p, errs
}

func TestBadInputRegexRE2Refuses(t *testing.T) {
	cases := []struct{ pattern, pos, msg string }{
		{`(?<=SRE )access`, "4:14", "not a valid RE2"},                                           // look-behind
		{`(?=models)`, "4:14", "not a valid RE2"},                                                // look-ahead
		{`(a)\1`, "4:17", "not a valid RE2"},                                                     // back-reference
		{`a{1001}`, "4:15", "not a valid RE2"},                                                   // repeat count over 1000
		{`(a{999}){999}`, "4:16", "not a valid RE2"},                                             // program too large
		{`[z-a]`, "4:15", "not a valid RE2"},                                                     // bad range
		{`x**`, "4:15", "not a valid RE2"},                                                       // nested repetition
		{strings.Repeat("(", 2000) + "a" + strings.Repeat(")", 2000), "4:14", "not a valid RE2"}, // nesting depth
		{`\p{NotAScript}`, "4:14", "not a valid RE2"},
	}
	for _, tc := range cases {
		src := fmt.Sprintf("# a pack\n[[rule]]\nid = \"t.re\"\npatterns = ['%s']\n", tc.pattern)
		name := "pattern " + tc.pattern
		if len(name) > 40 {
			name = name[:40] + "…"
		}
		p, errs := parseBounded(t, name, []byte(src))
		if p == nil || len(p.Rules) != 0 {
			t.Errorf("%s: rule accepted", name)
		}
		if len(errs) != 1 {
			t.Errorf("%s: errors %v, want one", name, errs)
			continue
		}
		if got := fmt.Sprintf("%d:%d", errs[0].Pos.Line, errs[0].Pos.Column); got != tc.pos || !strings.Contains(errs[0].Msg, tc.msg) {
			t.Errorf("%s: %s %s, want %s %q", name, got, errs[0].Msg, tc.pos, tc.msg)
		}
	}
}

func TestBadInputDeepTOML(t *testing.T) {
	const depth = 10000
	inputs := map[string]string{
		"nested arrays":        "x = " + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "\n",
		"nested arrays, open":  "x = " + strings.Repeat("[", depth) + "\n",
		"nested inline tables": "x = " + strings.Repeat("{a = ", depth) + "1" + strings.Repeat("}", depth) + "\n",
		"dotted key":           strings.Repeat("a.", depth) + "b = 1\n",
		"table header":         "[" + strings.Repeat("a.", depth) + "b]\nc = 1\n",
		"nested rule arrays":   "rule = " + strings.Repeat("[", depth) + "{id = \"a.b\"}" + strings.Repeat("]", depth) + "\n",
		"deep in a rule":       "[[rule]]\nid = \"a.b\"\nrestricted = " + strings.Repeat("[", depth) + "\"x\"" + strings.Repeat("]", depth) + "\n",
		"deep severity":        "[severity]\n" + strings.Repeat("a.", depth) + "b = \"off\"\n",
		"many array tables":    strings.Repeat("[[rule]]\n", depth),
		"many rules":           strings.Repeat("[[rule]]\nid = \"a.b\"\nrestricted = [\"x\"]\n", depth),
	}
	for name, src := range inputs {
		start := time.Now()
		_, errs := parseBounded(t, name, []byte(src))
		if d := time.Since(start); d > 2*time.Second {
			t.Logf("%s: %v", name, d.Round(time.Millisecond))
		}
		if len(errs) == 0 {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestDeepTOMLLimitIgnoresStrings: brackets, braces and dots inside
// strings and comments do not count toward the nesting limit.
func TestDeepTOMLLimitIgnoresStrings(t *testing.T) {
	deep := strings.Repeat("[{.", 100)
	src := "# " + deep + "\n[[rule]]\nid = \"a.b\"\n" +
		"patterns = ['" + strings.Repeat("[(]", 100) + "x', \"\\\"" + deep + "\\\"x\"]\n" +
		"message = \"\"\"\n" + deep + "\"\"\"\"\n" +
		"rationale = '''" + deep + "''' # " + deep + "\n" +
		"link = \"http://x.y/" + strings.Repeat("a.", 100) + "\"\n" +
		"[rule.example]\nbad = ['\"" + deep + "']\n"
	p, errs := parseBounded(t, "brackets in strings", []byte(src))
	for _, e := range errs {
		if strings.Contains(e.Msg, "levels deep") || strings.Contains(e.Msg, "dotted key") {
			t.Fatalf("limit counted string content: %v", e)
		}
	}
	if p == nil {
		t.Fatalf("not parsed: %v", errs)
	}
	// Just under and over the limit.
	ok := "x = " + strings.Repeat("[", maxTOMLDepth) + strings.Repeat("]", maxTOMLDepth) + "\n"
	if _, errs := ParsePack("ok.toml", []byte(ok)); len(errs) == 0 || strings.Contains(errs[0].Msg, "levels deep") {
		t.Errorf("%d levels: %v", maxTOMLDepth, errs) // an unknown key, not the limit
	}
	over := "x = " + strings.Repeat("[", maxTOMLDepth+1) + strings.Repeat("]", maxTOMLDepth+1) + "\n"
	if _, errs := ParsePack("over.toml", []byte(over)); len(errs) != 1 || errs[0].Pos.Line != 1 || errs[0].Pos.Column != 5+maxTOMLDepth || !strings.Contains(errs[0].Msg, "levels deep") {
		t.Errorf("%d levels: %v", maxTOMLDepth+1, errs)
	}
}

func TestBadInputHugeTOMLString(t *testing.T) {
	n := 1 << 17 // 4 MB
	if raceEnabled {
		n = 1 << 14 // 512 KB: the race detector is slow
	}
	big := strings.Repeat("enables access to OpenAI models ", n)
	inputs := map[string]struct {
		src     string
		wantErr string // "" = loads
	}{
		"huge message":                   {"[[rule]]\nid = \"a.b\"\nrestricted = [\"x\"]\nmessage = \"" + big + "\"\n", ""},
		"huge restricted phrase":         {"[[rule]]\nid = \"a.b\"\nrestricted = ['" + big + "']\n", ""},
		"huge multi-line string":         {"[[rule]]\nid = \"a.b\"\nrestricted = [\"x\"]\nrationale = \"\"\"\n" + strings.ReplaceAll(big, "models ", "models\n") + "\"\"\"\n", ""},
		"huge unterminated string":       {"[[rule]]\nid = \"a.b\"\nrestricted = [\"x\"]\nmessage = \"" + big + "\n", "invalid TOML"},
		"huge string, bad escape at end": {"[[rule]]\nid = \"a.b\"\nrestricted = [\"x\"]\nmessage = \"" + big + "\\q\"\n", "invalid TOML"},
		"huge key":                       {"[[rule]]\nid = \"a.b\"\nrestricted = [\"x\"]\n\"" + big[:len(big)/4] + "\" = 1\n", "unknown key"},
	}
	for name, in := range inputs {
		start := time.Now()
		p, errs := parseBounded(t, name, []byte(in.src))
		t.Logf("%s (%d MB): %v", name, len(in.src)>>20, time.Since(start).Round(time.Millisecond))
		if in.wantErr == "" {
			if len(errs) != 0 || p == nil || len(p.Rules) != 1 {
				t.Errorf("%s: %v", name, errs)
			}
			continue
		}
		if len(errs) == 0 || !strings.Contains(errs[0].Msg, in.wantErr) {
			t.Errorf("%s: errors %v, want %q", name, errs, in.wantErr)
		}
		for _, e := range errs {
			if name != "huge key" && len(e.Msg) > 2000 {
				t.Errorf("%s: the error quotes %d bytes of the input", name, len(e.Msg))
			}
		}
	}
}

// TestBadInputManyPhrasesLoad: a config with one rule of 100,000 phrases
// through the Loader.
func TestBadInputManyPhrasesLoad(t *testing.T) {
	root := tempRoot(t)
	var b strings.Builder
	b.WriteString("root = true\n[[rule]]\nid = \"big.list\"\nrestricted = [\n")
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&b, "  \"term%d word%d\",\n", i, i%977)
	}
	b.WriteString("]\n")
	testutil.WriteTree(t, root, map[string]string{"repo/.guardrail.toml": b.String()})
	var c *Config
	var errs []*Error
	start := time.Now()
	testutil.Bounded(t, "100,000 phrases", 30*time.Second, func() {
		c, errs = NewLoader(Options{NoUserConfig: true}).ConfigFor(filepath.Join(root, "repo/doc.md"))
	})
	t.Logf("100,000-phrase config (%d KB): loaded in %v", b.Len()>>10, time.Since(start).Round(time.Millisecond))
	if c == nil || len(c.Rules) != 1 || len(c.Rules[0].Restricted) != 100000 {
		t.Fatalf("load: %v", errs)
	}
}

// TestBadInputConfinement: a repository's config cannot make guardrail read
// outside its git work tree — not through extends (paths, absolute paths,
// globs, symlinked folders) and not by being a symlink itself.
func TestBadInputConfinement(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"repo/.git/":            "",
		"repo/packs/ok.toml":    rule("ok.one"),
		"outside/secret.toml":   rule("secret.one"),
		"outside/creds.env":     "API_KEY=sk-very-secret\n",
		"outside/deep/x.toml":   rule("deep.one"),
		"plain/.guardrail.toml": "root = true\nextends = [\"../outside/*.toml\"]\n",
	})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Skip("symlinks not available:", err)
		}
	}
	must(os.Symlink(filepath.Join(root, "outside"), filepath.Join(root, "repo/linkdir")))
	doc := filepath.Join(root, "repo/docs/doc.md")
	cfgFile := filepath.Join(root, "repo/.guardrail.toml")
	cases := []struct {
		name, extends, want string
	}{
		{"relative path", `"../outside/secret.toml"`, `extends "../outside/secret.toml" points outside the git work tree`},
		{"absolute path", fmt.Sprintf("%q", filepath.Join(root, "outside/secret.toml")), `points outside the git work tree`},
		{"system file", `"/etc/passwd"`, `extends "/etc/passwd" points outside the git work tree`},
		{"glob from the file system root", `"/**/*.toml"`, `extends "/**/*.toml" points outside the git work tree`},
		{"glob above the work tree", `"../**/*.toml"`, `extends "../**/*.toml" points outside the git work tree`},
		{"glob through a symlinked folder", `"linkdir/*.toml"`, `extends "linkdir/*.toml" points outside the git work tree`},
		{"path through a symlinked folder", `"linkdir/secret.toml"`, `extends "linkdir/secret.toml" points outside the git work tree`},
		{"dot-dot inside a glob", `"packs/../../outside/*.toml"`, `points outside the git work tree`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testutil.WriteTree(t, root, map[string]string{"repo/.guardrail.toml": "root = true\nextends = [" + tc.extends + "]\n"})
			var errs []*Error
			start := time.Now()
			testutil.Bounded(t, tc.name, 10*time.Second, func() {
				errs = configErrs(t, NewLoader(Options{NoUserConfig: true}), doc)
			})
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v: the glob walked outside the work tree", d)
			}
			checkErrs(t, cfgFile, errs, []string{"2:12 " + tc.want})
		})
	}
	// Globs under the work tree keep working, without following the
	// symlinked folder.
	testutil.WriteTree(t, root, map[string]string{"repo/.guardrail.toml": "root = true\nextends = [\"**/*.toml\"]\n"})
	if c := mustConfig(t, NewLoader(Options{NoUserConfig: true}), doc); ruleIDs(c) != "ok.one" {
		t.Errorf("**/*.toml inside: rules %s", ruleIDs(c))
	}
	// Outside git, a config may extend only files in its own folder.
	errs := configErrs(t, NewLoader(Options{NoUserConfig: true}), filepath.Join(root, "plain/doc.md"))
	checkErrs(t, filepath.Join(root, "plain/.guardrail.toml"), errs, []string{`2:12 extends "../outside/*.toml" points outside`})

	// A .guardrail.toml that is a symlink to a file outside the work tree
	// is not read (its content would otherwise be quoted in errors).
	os.Remove(cfgFile)
	must(os.Symlink(filepath.Join(root, "outside/creds.env"), cfgFile))
	errs = configErrs(t, NewLoader(Options{NoUserConfig: true}), doc)
	if len(errs) != 1 || errs[0].Pos.File != cfgFile || !strings.Contains(errs[0].Msg, "symbolic link") || strings.Contains(errs[0].Msg, "sk-") {
		t.Fatalf("symlinked config: %v", errs)
	}
	// … the same for a sub-folder's config; a symlink to a config inside
	// the work tree is fine.
	os.Remove(cfgFile)
	must(os.Symlink(filepath.Join(root, "repo/packs/ok.toml"), cfgFile))
	if c := mustConfig(t, NewLoader(Options{NoUserConfig: true}), doc); ruleIDs(c) != "ok.one" {
		t.Errorf("symlink inside: rules %s", ruleIDs(c))
	}
	sub := filepath.Join(root, "repo/docs/.guardrail.toml")
	testutil.WriteTree(t, root, map[string]string{"repo/docs/": ""})
	must(os.Symlink(filepath.Join(root, "outside/secret.toml"), sub))
	errs = configErrs(t, NewLoader(Options{NoUserConfig: true}), doc)
	if len(errs) != 1 || errs[0].Pos.File != sub || !strings.Contains(errs[0].Msg, "outside the git work tree") {
		t.Fatalf("symlinked sub-config: %v", errs)
	}
	// A config symlink loop: an error naming the file, not a hang.
	os.Remove(sub)
	must(os.Symlink(sub, sub))
	testutil.Bounded(t, "config symlink loop", 10*time.Second, func() {
		errs = configErrs(t, NewLoader(Options{NoUserConfig: true}), doc)
	})
	if len(errs) != 1 || errs[0].Pos.File != sub || !strings.Contains(errs[0].Msg, "cannot read file") {
		t.Fatalf("symlink loop: %v", errs)
	}
	// The user config and --config are the user's: they may extend any file.
	c := mustConfig(t, NewLoader(Options{ConfigFile: filepath.Join(root, "outside/deep/x.toml")}), doc)
	if ruleIDs(c) != "deep.one" {
		t.Errorf("--config outside: rules %s", ruleIDs(c))
	}
}

// TestBadInputExtendsCycleAndDepth: cycles of every length and a chain
// longer than the depth limit end with an error naming the file.
func TestBadInputExtendsCycleAndDepth(t *testing.T) {
	root := tempRoot(t)
	files := map[string]string{"repo/.guardrail.toml": "root = true\nextends = [\"p0.toml\"]\n"}
	const n = 200
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("repo/p%d.toml", i)] = fmt.Sprintf("extends = [\"p%d.toml\"]\n", (i+1)%n)
	}
	// A self-extending glob and a pack that extends itself.
	files["repo/self.toml"] = "extends = [\"self.toml\"]\n"
	testutil.WriteTree(t, root, files)
	var errs []*Error
	testutil.Bounded(t, "200-pack cycle", 10*time.Second, func() {
		errs = configErrs(t, NewLoader(Options{NoUserConfig: true}), filepath.Join(root, "repo/doc.md"))
	})
	if len(errs) == 0 || errs[0].Pos.Line == 0 || !strings.Contains(errs[0].Msg, "nested more than") && !strings.Contains(errs[0].Msg, "cycle") {
		t.Fatalf("errs %v", errs)
	}
	testutil.WriteTree(t, root, map[string]string{"repo/.guardrail.toml": "root = true\nextends = [\"self.toml\"]\n"})
	errs = configErrs(t, NewLoader(Options{NoUserConfig: true}), filepath.Join(root, "repo/doc.md"))
	checkErrs(t, filepath.Join(root, "repo/self.toml"), errs, []string{"1:12 extends cycle: self.toml → self.toml"})
}
