package analysis

import (
	"regexp"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// Patterns are compiled when a chunk first needs them: an engine that
// has checked nothing holds no compiled regex, one whose literal never
// occurs stays uncompiled, and a bad pattern is still an error of
// CompileWith, worded as regexp.Compile words it.
func TestPatternsCompileOnFirstUse(t *testing.T) {
	p, errs := rules.ParsePack("t.toml", []byte(`
[[rule]]
id = "t.price"
message = "m"
patterns = ['\bprice \d+']
[[rule]]
id = "t.other"
message = "m"
patterns = ['zebra\w+']
[[rule]]
id = "t.same"
message = "m"
patterns = ['\bprice \d+']
`))
	if rules.HasErrors(errs) {
		t.Fatal(errs)
	}
	rs := p.Rules
	e, err := Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	built := func(ri int) bool { return e.rules[ri].regexes[0].f != nil }
	for ri := range rs {
		if built(ri) {
			t.Errorf("rule %d: regex built at compile time", ri)
		}
	}
	if e.rules[0].regexes[0] != e.rules[2].regexes[0] {
		t.Error("rules with the same pattern do not share it")
	}
	found := e.Check(Document{Path: "a.txt", Text: []byte("The price 42 is fine.\n"), Kind: format.KindText})
	if len(found) != 2 {
		t.Fatalf("findings = %+v, want t.price and t.same", found)
	}
	if !built(0) || !built(2) {
		t.Error("the price pattern was not built when its literal occurred")
	}
	if built(1) {
		t.Error("zebra pattern built although its literal never occurred")
	}

	bad := []*rules.Rule{{ID: "t.bad", Message: "m", Patterns: []string{`(unclosed`}}}
	_, want := regexp.Compile("(?i)" + bad[0].Patterns[0]) // the rule's pattern as the engine compiles it
	if _, err := Compile(bad); err == nil || err.Error() != `rule t.bad: pattern "(unclosed": `+want.Error() {
		t.Errorf("bad pattern: %v", err)
	}
}
