package analysis

import (
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

// TestUnusedSuppressionSuggestsID: a suppression comment naming an id no
// rule has, but one nearly does, is reported as unused with the nearest
// id; an id near nothing, and a real rule's id that simply has nothing to
// suppress, keep the plain message.
func TestUnusedSuppressionSuggestsID(t *testing.T) {
	e, err := CompileWith([]*rules.Rule{
		rule("sre.access-claim", []string{"enables access to"}, nil),
		rule("b.two", []string{"beta"}, nil),
	}, Options{UnusedSuppression: rules.SeverityHint})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, src string
		want      []string
	}{
		{"one id, a typo", "// guardrail-disable-next-line sre.acess-claim\nIt enables access to models.",
			[]string{`Unused suppression: guardrail-disable-next-line sre.acess-claim suppresses nothing; no rule has that id (did you mean "sre.access-claim"?).`}},
		{"several ids, one a typo", "It enables access to models. // guardrail-disable-line b.two sre.access-clam\n",
			[]string{
				`Unused suppression: b.two of guardrail-disable-line suppresses nothing.`,
				`Unused suppression: sre.access-clam of guardrail-disable-line suppresses nothing; no rule has that id (did you mean "sre.access-claim"?).`,
			}},
		{"an id near nothing", "// guardrail-disable-next-line zz.unrelated\nIt enables access to models.",
			[]string{`Unused suppression: guardrail-disable-next-line zz.unrelated suppresses nothing.`}},
		{"a real id with nothing to suppress", "// guardrail-disable-next-line b.two\nnothing here",
			[]string{`Unused suppression: guardrail-disable-next-line b.two suppresses nothing.`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range e.CheckScoped(Document{Text: []byte(tt.src)}, lineScoped(tt.src)) {
				if f.Rule == UnusedSuppressionRule {
					got = append(got, f.Message)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("unused-suppression messages\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
