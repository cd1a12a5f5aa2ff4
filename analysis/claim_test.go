package analysis

import (
	"reflect"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

func withKind(k rules.RuleKind) func(*rules.Rule) {
	return func(r *rules.Rule) { r.Kind = k }
}

// A claim rule does not flag (so never rewrites) a negated or quoted-as-
// forbidden match; a term rule flags the same words wherever they stand.
func TestClaimRulesThroughCheck(t *testing.T) {
	claim := rule("sre.access", []string{"gives access to OpenAI models", "passthrough"},
		[]string{"is powered by OpenAI models"}, withKind(rules.KindClaim))
	term := rule("sre.access", claim.Restricted, claim.Approved)
	md := "# SRE is not a passthrough\n\n" +
		"SRE never gives access to OpenAI models. Don't say \"passthrough\".\n\n" +
		"- Rather than a *passthrough*, SRE is a runtime.\n" +
		"- SRE gives access to OpenAI models.\n\n" +
		"| Don't | Do |\n|---|---|\n| passthrough | runtime |\n\n" +
		"No setup needed: SRE gives access to OpenAI models.\n"
	gosrc := "package p\n\n// Client is not a passthrough; it gives access to OpenAI models.\n" +
		"// It does not give access to\n// OpenAI models without a key.\nfunc Client() {}\n"
	tests := []struct {
		name string
		r    *rules.Rule
		path string
		src  string
		want []string
	}{
		{"claim markdown", claim, "a.md", md, []string{
			"sre.access@gives access to OpenAI models=>is powered by OpenAI models",
			"sre.access@passthrough=>is powered by OpenAI models",
			"sre.access@gives access to OpenAI models=>is powered by OpenAI models",
		}},
		{"term markdown", term, "a.md", md, []string{
			"sre.access@passthrough=>is powered by OpenAI models",
			"sre.access@gives access to OpenAI models=>is powered by OpenAI models",
			"sre.access@passthrough=>is powered by OpenAI models",
			"sre.access@passthrough=>is powered by OpenAI models",
			"sre.access@gives access to OpenAI models=>is powered by OpenAI models",
			"sre.access@passthrough=>is powered by OpenAI models",
			"sre.access@gives access to OpenAI models=>is powered by OpenAI models",
		}},
		{"claim go comments", claim, "a.go", gosrc, []string{
			"sre.access@gives access to OpenAI models=>is powered by OpenAI models",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Compile([]*rules.Rule{tt.r})
			if err != nil {
				t.Fatal(err)
			}
			got := brief(t, tt.src, e.Check(Document{Path: tt.path, Text: []byte(tt.src)}))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n  %q\nwant\n  %q", got, tt.want)
			}
		})
	}
}
