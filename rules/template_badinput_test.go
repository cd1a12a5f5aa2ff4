package rules

import (
	"fmt"
	"strings"
	"testing"
)

// Hostile templates: over the expansion bound, gaps too wide or too many,
// deep nesting, exponential set chains and long cycles. Each is an error at
// the template (or set), quickly.
func TestBadInputTemplates(t *testing.T) {
	words := func(n int) string {
		var ws []string
		for i := range n {
			ws = append(ws, fmt.Sprintf("%q", fmt.Sprintf("w%d", i)))
		}
		return strings.Join(ws, ", ")
	}
	var chain strings.Builder
	chain.WriteString("[sets]\ns0 = [\"a\", \"b\"]\n")
	for i := 1; i < 200; i++ {
		fmt.Fprintf(&chain, "s%d = [\"{s%d} {s%d}\"]\n", i, i-1, i-1) // 2^(2^i) phrases
	}
	chain.WriteString("[[rule]]\nid = \"t.x\"\nrestricted = [\"{s199}\"]\n")
	var cycle strings.Builder
	cycle.WriteString("[sets]\n")
	for i := range 1000 {
		fmt.Fprintf(&cycle, "c%04d = [\"x {c%04d}\"]\n", i, (i+1)%1000)
	}
	cycle.WriteString("[[rule]]\nid = \"t.x\"\nrestricted = [\"{c0000}\"]\n")
	cases := []struct {
		name, src, pos, msg string
	}{
		{"over the bound", "[sets]\nw = [" + words(1000) + "]\n[[rule]]\nid = \"t.x\"\nrestricted = [\"{w} {w} (a|b)\"]\n",
			"5:15", "more than 1000000 phrases (this one to 2000000)"},
		{"gap too wide", "[[rule]]\nid = \"t.x\"\nrestricted = [\"a {...9} b\"]\n", "3:18", "at most 8 words"},
		{"gap in a huge number", "[[rule]]\nid = \"t.x\"\nrestricted = [\"a {...99999999999999999999} b\"]\n", "3:18", "number of words"},
		{"too many gaps", "[[rule]]\nid = \"t.x\"\nrestricted = [\"a" + strings.Repeat(" {...1} a", 40) + "\"]\n", "3:306", "too many gaps"},
		{"deep nesting", "[[rule]]\nid = \"t.x\"\nrestricted = [\"" + strings.Repeat("(", 5000) + "a" + strings.Repeat(")", 5000) + "\"]\n", "3:32", "nested too deeply"},
		{"exponential set chain", chain.String(), "204:15", "more than 1000000 phrases"},
		{"long cycle", cycle.String(), "2:1", "sets form a cycle: c0000 → c0001 → "},
	}
	for _, tc := range cases {
		p, errs := parseBounded(t, tc.name, []byte(tc.src))
		if p == nil || len(p.Rules) != 0 {
			t.Errorf("%s: rule accepted", tc.name)
		}
		if tc.name == "long cycle" && len(errs) == 2 && strings.Contains(errs[1].Msg, "set {c0000} is part of a cycle of sets (line 2)") {
			errs = errs[:1]
		}
		if len(errs) != 1 {
			t.Errorf("%s: %d problems, want one: %v", tc.name, len(errs), errs)
			continue
		}
		if len(errs[0].Msg) > 300 {
			t.Errorf("%s: a message of %d bytes", tc.name, len(errs[0].Msg))
		}
		if got := fmt.Sprintf("%d:%d", errs[0].Pos.Line, errs[0].Pos.Column); got != tc.pos || !strings.Contains(errs[0].Msg, tc.msg) {
			t.Errorf("%s: %s %s, want %s %q", tc.name, got, errs[0].Msg, tc.pos, tc.msg)
		}
	}
}
