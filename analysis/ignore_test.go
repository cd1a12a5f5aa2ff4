package analysis

import (
	"reflect"
	"regexp"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

// A config's [ignore] patterns: tokens are opaque like inline code,
// blocks are skipped like blocks; in every file type.
func TestIgnorePatterns(t *testing.T) {
	rs := []*rules.Rule{
		rule("t.when-is", []string{"when is"}, nil),
		rule("t.disabled", []string{"disabled"}, []string{"turned off"}),
	}
	opts := Options{
		IgnoreTokens: []*regexp.Regexp{regexp.MustCompile(`\[\[[a-z]+\]\]`), regexp.MustCompile(`(?i)ACME-\d+`)},
		IgnoreBlocks: []*regexp.Regexp{regexp.MustCompile(`(?s)<!-- vale off -->.*?<!-- vale on -->`)},
	}
	eng, err := CompileWith(rs, opts)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path, src string
		want, without   []string
	}{
		{"token", "a.md", "When [[disabled]] is set, it is disabled.\n", []string{"t.disabled@disabled=>turned off"},
			[]string{"t.disabled@disabled=>turned off", "t.disabled@disabled=>turned off"}},
		{"text between tokens is checked", "a.md", "when ACME-12 disabled ACME-3 is\n", []string{"t.disabled@disabled=>turned off"}, []string{"t.disabled@disabled=>turned off"}},
		{"token in plain text", "a.txt", "when [[disabled]] is\n", nil, []string{"t.disabled@disabled=>turned off"}},
		{"token in a comment", "a.go", "// [[disabled]] is disabled\n", []string{"t.disabled@disabled=>turned off"},
			[]string{"t.disabled@disabled=>turned off", "t.disabled@disabled=>turned off"}},
		{"block over paragraphs", "a.md", "Before.\n\n<!-- vale off -->\nIt is disabled.\n\nStill disabled.\n<!-- vale on -->\n\nAfter, disabled.\n",
			[]string{"t.disabled@disabled=>turned off"},
			[]string{"t.disabled@disabled=>turned off", "t.disabled@disabled=>turned off", "t.disabled@disabled=>turned off"}},
		{"block inside a paragraph", "a.md", "when <!-- vale off -->disabled<!-- vale on --> is\n", nil,
			[]string{"t.disabled@disabled=>turned off"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := brief(t, c.src, eng.Check(Document{Path: c.path, Text: []byte(c.src)}))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("with ignores: got %q, want %q", got, c.want)
			}
			got = brief(t, c.src, plain.Check(Document{Path: c.path, Text: []byte(c.src)}))
			if !reflect.DeepEqual(got, c.without) {
				t.Errorf("without: got %q, want %q", got, c.without)
			}
		})
	}
}

// ConfigOptions carries a config's scoping settings to the engine.
func TestConfigOptions(t *testing.T) {
	re := regexp.MustCompile("x")
	cfg := &rules.Config{UnusedSuppression: rules.SeverityInfo, FrontMatter: []string{"summary"},
		IgnoreTokens: []rules.IgnorePattern{{Pattern: "x", Re: re}}, IgnoreBlocks: []rules.IgnorePattern{{Pattern: "x", Re: re}}}
	o := ConfigOptions(cfg)
	if o.UnusedSuppression != rules.SeverityInfo || !reflect.DeepEqual(o.FrontMatter, []string{"summary"}) || len(o.IgnoreTokens) != 1 || len(o.IgnoreBlocks) != 1 {
		t.Errorf("%+v", o)
	}
}
