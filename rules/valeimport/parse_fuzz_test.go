package valeimport

import (
	"bytes"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

// FuzzParseINI: any .vale.ini text parses or fails with an error naming
// the file; it never panics.
func FuzzParseINI(f *testing.F) {
	f.Add("StylesPath = styles\n[*.md]\nBasedOnStyles = Vale, Google\nGoogle.We = NO\n")
	f.Add("[*]\nBasedOnStyles = A\n[formats]\nmdx = md\n; c\n# c\n")
	f.Add("[*.md\n")
	f.Fuzz(func(t *testing.T, src string) {
		cfg, err := ParseINI([]byte(src), "f.ini")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.ini:") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, s := range cfg.Sections {
			if s.Glob == "" {
				t.Fatalf("a section without a glob: %+v", s)
			}
		}
	})
}

// FuzzConvertRule: any rule file either fails to parse with an error
// naming the file, or converts into a pack that loads without errors;
// every rule that is not written is reported.
func FuzzConvertRule(f *testing.F) {
	for _, s := range []string{
		"extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: error\ntokens:\n  - foo\n  - '[\\w]+ed'\n  - '(?<!x)y'\n",
		"extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nignorecase: true\nswap:\n  chat ?bots?: chatbot(s)\n  '{x}': y|z\n  gb: GB\n",
		"extends: existence\nnonword: true\nscope: heading\ntokens: ['\\.\\.\\.', '[a-z0-9][.]\\s*$']\n",
		"extends: existence\nraw:\n  - \\b(am|is)\\b\\s*\ntokens:\n  - '[\\w]+ed'\n",
		"extends: occurrence\nmax: 3\ntoken: x\n",
		"extends: substitution\nswap:\n  '(\\w+) folder': $1 directory\n  'a  b': ''\n",
		"extends: existence\ntokens: 5\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		vr, err := parseRule([]byte(src), "S/R.yml")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "S/R.yml") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		vr.Name, vr.Style = "S.R", "S"
		c := newConverter()
		res := &Result{Source: "S", Styles: []string{"S"}, PackName: "vale-s", ValeRules: 1}
		res.Rules = c.convert(vr, "")
		res.Skipped = c.skipped
		if len(res.Rules) == 0 && len(res.Skipped) == 0 && (len(vr.Tokens) > 0 || len(vr.Swap) > 0) {
			t.Fatalf("rule with tokens or swap neither converted nor reported:\n%s", src)
		}
		var buf bytes.Buffer
		if err := res.WriteTOML(&buf); err != nil {
			t.Fatal(err)
		}
		if _, errs := rules.ParsePack("vale-s.toml", buf.Bytes()); rules.HasErrors(errs) {
			t.Fatalf("converted pack does not load: %v\nrule:\n%s\npack:\n%s", errs, src, buf.String())
		}
	})
}
