package analysis_test

import (
	"reflect"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

// TestTemplatesThroughPublicAPI loads a pack with templates as a user's
// config would be loaded, checks a Markdown document with the exported
// API only, and applies the fixes.
func TestTemplatesThroughPublicAPI(t *testing.T) {
	pack := `
[sets]
give = ["give", "gives", "provide", "provides"]
audience = ["you", "customers", "your teams"]
openai-models = ["OpenAI models", "OpenAI's [latest|newest|frontier] models", "GPT(-4o|-5| ) models", "ChatGPT"]

[[rule]]
id = "sre.access"
severity = "error"
restricted = ["{give} [{audience}] access to {openai-models}"]
approved = ["is powered by {openai-models}"]

[[rule]]
id = "sre.route"
restricted = ["(route|forward|send) {...3} requests to OpenAI"]
`
	p, errs := rules.ParsePack("pack.toml", []byte(pack))
	if rules.HasErrors(errs) || len(errs) != 0 {
		t.Fatalf("problems: %v", errs)
	}
	eng, err := analysis.Compile(p.Rules)
	if err != nil {
		t.Fatal(err)
	}
	src := "# Launch\n\nSRE gives your teams access to GPT-5 models.\n\nWe route all of your\nrequests to OpenAI. It is powered by GPT models.\n"
	fs := eng.Check(analysis.Document{Path: "launch.md", Text: []byte(src)})
	type got struct {
		Rule, Match, Template string
		Slots                 []analysis.Slot
		Replacements          []string
	}
	var gs []got
	for _, f := range fs {
		gs = append(gs, got{f.Rule, f.Match, f.Template, f.Slots, f.Replacements})
	}
	want := []got{
		{"sre.access", "gives your teams access to GPT-5 models", "{give} [{audience}] access to {openai-models}",
			[]analysis.Slot{{Name: "give", Text: "gives"}, {Name: "audience", Text: "your teams"}, {Name: "openai-models", Text: "GPT-5 models"}},
			[]string{"is powered by GPT-5 models"}},
		{"sre.route", "route all of your\nrequests to OpenAI", "(route|forward|send) {...3} requests to OpenAI", nil, []string{}},
	}
	if !reflect.DeepEqual(gs, want) {
		t.Fatalf("got  %+v\nwant %+v", gs, want)
	}
	fixed := string(analysis.ApplyFixes([]byte(src), fs))
	if want := "# Launch\n\nSRE is powered by GPT-5 models.\n\nWe route all of your\nrequests to OpenAI. It is powered by GPT models.\n"; fixed != want {
		t.Errorf("fixed:\n%s\nwant:\n%s", fixed, want)
	}
}
