package analysis

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

func withFix(m rules.FixMode) func(*rules.Rule) {
	return func(r *rules.Rule) { r.Fix = m }
}

// TestFixModes: a rule's `fix` decides a finding's Fix and replacements,
// and SelectFixes (what --fix and "Fix all" apply) takes only auto fixes.
// An ALL CAPS single-word match of a phrase written in lower case (a
// likely acronym) is suggest whatever the rule says, with an ALL CAPS
// suggestion.
func TestFixModes(t *testing.T) {
	dwarf := func(opts ...func(*rules.Rule)) *rules.Rule {
		return rule("d.dwarf", []string{"dwarf", "tiny box"}, []string{"small"}, opts...)
	}
	tests := []struct {
		name  string
		rule  *rules.Rule
		src   string
		want  []string // match=>replacements (mode)
		fixed string
	}{
		{"auto is the default", dwarf(), "A dwarf. A tiny box.",
			[]string{"dwarf=>small (auto)", "tiny box=>small (auto)"}, "A small. A small."},
		{"suggest", dwarf(withFix(rules.FixSuggest)), "A dwarf. A tiny box.",
			[]string{"dwarf=>small (suggest)", "tiny box=>small (suggest)"}, "A dwarf. A tiny box."},
		{"none", dwarf(withFix(rules.FixNone)), "A dwarf. A tiny box.",
			[]string{"dwarf=> (none)", "tiny box=> (none)"}, "A dwarf. A tiny box."},
		{"acronym: suggest, ALL CAPS", dwarf(), "The DWARF format, a dwarf, a Dwarf.",
			[]string{"DWARF=>SMALL (suggest)", "dwarf=>small (auto)", "Dwarf=>Small (auto)"}, "The DWARF format, a small, a Small."},
		{"acronym whatever the rule says", dwarf(withFix(rules.FixNone)), "The DWARF format, a dwarf.",
			[]string{"DWARF=>SMALL (suggest)", "dwarf=> (none)"}, "The DWARF format, a dwarf."},
		{"ALL CAPS of several words is not an acronym", dwarf(), "A TINY BOX.",
			[]string{"TINY BOX=>SMALL (auto)"}, "A SMALL."},
		{"a phrase written with capitals is not an acronym", rule("d.x", []string{"Dwarf"}, []string{"small"}), "The DWARF format.",
			[]string{"DWARF=>SMALL (auto)"}, "The SMALL format."},
		{"flag-only rule", rule("d.x", []string{"dwarf"}, nil), "The DWARF, a dwarf.",
			[]string{"DWARF=> (none)", "dwarf=> (none)"}, "The DWARF, a dwarf."},
		{"pattern matches follow the rule", rule("d.p", nil, []string{"small"}, withPatterns(`DWARF`), withFix(rules.FixSuggest)), "The DWARF.",
			[]string{"DWARF=>SMALL (suggest)"}, "The DWARF."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Compile([]*rules.Rule{tt.rule})
			if err != nil {
				t.Fatal(err)
			}
			fs := e.Check(Document{Path: "a.md", Text: []byte(tt.src)})
			var got []string
			for _, f := range fs {
				got = append(got, fmt.Sprintf("%s=>%s (%v)", f.Match, strings.Join(f.Replacements, "|"), f.Fix))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if got := string(ApplyFixes([]byte(tt.src), fs)); got != tt.fixed {
				t.Errorf("fixed to %q, want %q", got, tt.fixed)
			}
		})
	}
}

// TestFixModeExamples: `rules test` checks a suggest rule's suggestion
// (bad must be fixed to good by it) and a none rule as flag-only.
func TestFixModeExamples(t *testing.T) {
	for _, tc := range []struct {
		mode      rules.FixMode
		bad, good string
		fails     bool
	}{
		{rules.FixSuggest, "A dwarf.", "A small.", false},
		{rules.FixSuggest, "A dwarf.", "A tiny.", true},
		{rules.FixNone, "A dwarf.", "A small.", false},
		{rules.FixAuto, "The DWARF.", "The SMALL.", false}, // an acronym's suggestion
	} {
		r := rule("d.dwarf", []string{"dwarf"}, []string{"small"}, withFix(tc.mode))
		r.Examples = []rules.Example{{Bad: tc.bad, Good: tc.good}}
		if fails := TestExamples(r); (len(fails) > 0) != tc.fails {
			t.Errorf("%v %q → %q: failures %+v", tc.mode, tc.bad, tc.good, fails)
		}
	}
}
