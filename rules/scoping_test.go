package rules

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/internal/testutil"
)

func TestParseScopingKeysErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"front_matter not a list", "front_matter = \"summary\"\n",
			[]string{`1:16 front_matter must be an array of strings; write front_matter = ["summary"]`}},
		{"front_matter empty key", "front_matter = [\"title\", \" \"]\n",
			[]string{`1:26 front_matter item 2 is empty`}},
		{"ignore not a table", "ignore = [\"x\"]\n",
			[]string{`1:10 ignore must be a table`}},
		{"ignore unknown key", "[ignore]\ntoken = ['x']\n",
			[]string{`2:1 unknown key "token" in [ignore] (did you mean "tokens"?)`}},
		{"ignore bad regex", "[ignore]\ntokens = ['ok', 'a(b']\n",
			[]string{`2:18 ignore pattern "a(b" is not a valid RE2 regular expression`}},
		{"ignore empty match", "[ignore]\nblocks = ['x*', '\\b', '(?m)^']\n",
			[]string{`2:11 ignore pattern "x*" matches empty text`, `2:17 ignore pattern "\\b" matches empty text`, `2:23 ignore pattern "(?m)^" matches empty text`}},
		{"ignore pattern too long", "[ignore]\ntokens = ['" + strings.Repeat("a", MaxIgnorePatternLength+1) + "']\n",
			[]string{`2:11 ignore pattern 1 is 4097 bytes long`}},
		{"ignore lookahead", "[ignore]\ntokens = ['a(?=b)']\n",
			[]string{`2:13 ignore pattern "a(?=b)" is not a valid RE2 regular expression`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := ParsePack("c.toml", []byte(tc.src))
			checkErrs(t, "c.toml", errs, tc.want)
		})
	}
}

func TestScopingSettingsLayering(t *testing.T) {
	root := tempRoot(t)
	testutil.WriteTree(t, root, map[string]string{
		"repo/.git/":                "",
		"repo/.guardrail.toml":      "front_matter = [\"title\", \"summary\"]\n[ignore]\ntokens = ['\\{\\{<[^>]*>\\}\\}']\n" + rule("a.one"),
		"repo/docs/.guardrail.toml": "[ignore]\nblocks = ['(?s)<!-- x -->.*?<!-- y -->']\n",
		"repo/blog/.guardrail.toml": "front_matter = []\n",
		"repo/packs/p.toml":         "[ignore]\ntokens = ['x']\n" + rule("p.one"),
		"repo/pk/.guardrail.toml":   "extends = [\"../packs/p.toml\"]\n",
	})
	l := NewLoader(Options{NoUserConfig: true})
	top := mustConfig(t, l, filepath.Join(root, "repo/a.md"))
	if !reflect.DeepEqual(top.FrontMatter, []string{"title", "summary"}) || len(top.IgnoreTokens) != 1 || len(top.IgnoreBlocks) != 0 {
		t.Errorf("top: front %q, tokens %d, blocks %d", top.FrontMatter, len(top.IgnoreTokens), len(top.IgnoreBlocks))
	}
	docs := mustConfig(t, l, filepath.Join(root, "repo/docs/a.md"))
	if !reflect.DeepEqual(docs.FrontMatter, []string{"title", "summary"}) || len(docs.IgnoreTokens) != 1 || len(docs.IgnoreBlocks) != 1 {
		t.Errorf("docs: front %q, tokens %d, blocks %d (the nearest front_matter wins, ignores accumulate)", docs.FrontMatter, len(docs.IgnoreTokens), len(docs.IgnoreBlocks))
	}
	if docs.Fingerprint() == top.Fingerprint() {
		t.Error("configs with different ignore patterns share a fingerprint (and so an engine)")
	}
	blog := mustConfig(t, l, filepath.Join(root, "repo/blog/a.md"))
	if blog.FrontMatter == nil || len(blog.FrontMatter) != 0 {
		t.Errorf("blog: front_matter = [] checks no key, got %q", blog.FrontMatter)
	}
	if blog.Fingerprint() == top.Fingerprint() {
		t.Error("configs with different front_matter share a fingerprint")
	}
	// No config: the default keys.
	none := mustConfig(t, NewLoader(Options{NoUserConfig: true}), filepath.Join(tempRoot(t), "a.md"))
	if !reflect.DeepEqual(none.FrontMatter, DefaultFrontMatter) {
		t.Errorf("default front matter %q", none.FrontMatter)
	}
	// Config-only: not in an extended pack.
	errs := configErrs(t, l, filepath.Join(root, "repo/pk/a.md"))
	checkErrs(t, filepath.Join(root, "repo/packs/p.toml"), errs, []string{`1:1 ignore is allowed only in a config file`})
}

func TestIgnorePatternCap(t *testing.T) {
	root := tempRoot(t)
	var sb strings.Builder
	sb.WriteString("[ignore]\ntokens = [")
	for i := 0; i <= MaxIgnorePatterns; i++ {
		sb.WriteString("'x', ")
	}
	sb.WriteString("]\n")
	testutil.WriteTree(t, root, map[string]string{"repo/.guardrail.toml": sb.String()})
	errs := configErrs(t, NewLoader(Options{NoUserConfig: true}), filepath.Join(root, "repo/a.md"))
	checkErrs(t, filepath.Join(root, "repo/.guardrail.toml"), errs, []string{`2:331 more than 64 ignore patterns`})
}
