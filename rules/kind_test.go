package rules

import "testing"

func TestParseKindAndContext(t *testing.T) {
	src := `[pack]
name = "p"
kind = "claim"

[[rule]]
id = "p.default"
restricted = ["a"]

[[rule]]
id = "p.term"
kind = "term"
restricted = ["b"]
when = ["x"]
context = "clause"

[[rule]]
id = "p.words"
restricted = ["c"]
when = ["x"]
context = 5

[[rule]]
id = "p.sentence"
kind = "claim"
restricted = ["d"]
context = "sentence"
`
	p, errs := ParsePack("p.toml", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if p.Kind != KindClaim {
		t.Errorf("pack kind = %v, want claim", p.Kind)
	}
	want := []struct {
		id   string
		kind RuleKind
		ctx  Context
	}{
		{"p.default", KindClaim, Context{}},
		{"p.term", KindTerm, Context{Mode: ContextClause}},
		{"p.words", KindClaim, Context{Mode: ContextWords, Words: 5}},
		{"p.sentence", KindClaim, Context{Mode: ContextSentence}},
	}
	if len(p.Rules) != len(want) {
		t.Fatalf("%d rules, want %d", len(p.Rules), len(want))
	}
	for i, w := range want {
		r := p.Rules[i]
		if r.ID != w.id || r.Kind != w.kind || r.Context != w.ctx {
			t.Errorf("rule %d = %s kind %v context %v, want %s %v %v", i, r.ID, r.Kind, r.Context, w.id, w.kind, w.ctx)
		}
	}
}

// Without [pack] kind, rules are term rules: today's behaviour.
func TestKindDefaultsToTerm(t *testing.T) {
	p, errs := ParsePack(".guardrail.toml", []byte(okRule))
	if len(errs) > 0 || len(p.Rules) != 1 {
		t.Fatalf("errs %v", errs)
	}
	if r := p.Rules[0]; r.Kind != KindTerm || r.Context != (Context{}) {
		t.Errorf("kind %v context %v, want term, sentence", r.Kind, r.Context)
	}
}

func TestParseKindContextErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"unknown kind", okRule + "kind = \"claims\"\n", []string{`4:8 unknown kind "claims" (want "claim" or "term")`}},
		{"kind not a string", okRule + "kind = 1\n", []string{`4:8 kind must be a string`}},
		{"unknown pack kind", "[pack]\nkind = \"phrase\"\n" + okRule, []string{`2:8 pack unknown kind "phrase"`}},
		{"pack kind not a string", "[pack]\nkind = true\n", []string{`2:8 pack kind must be a string`}},
		{"unknown context", okRule + "context = \"paragraph\"\n", []string{`4:11 unknown context "paragraph"`}},
		{"context zero", okRule + "context = 0\n", []string{`4:11 context = 0 is out of range`}},
		{"context too big", okRule + "context = 1001\n", []string{`4:11 context = 1001 is out of range: a number of words must be 1 to 1000`}},
		{"context float", okRule + "context = 2.5\n", []string{`4:11 context must be "sentence", "clause" or a number of words, not a float`}},
		{"kind misspelt key", okRule + "knd = \"claim\"\n", []string{`4:1 unknown key "knd" in [[rule]] (did you mean "kind"?)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := ParsePack("p.toml", []byte(tt.src))
			checkErrs(t, "p.toml", errs, tt.want)
		})
	}
}
