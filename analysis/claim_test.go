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
		// (The "Don't" column of the table quotes what not to say.)
		{"claim markdown", claim, "a.md", md, []string{
			"sre.access@gives access to OpenAI models=>is powered by OpenAI models",
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

// A list introduced by "Don't say:" (or "Avoid:", "Words to avoid:") quotes
// its items as the thing not to say; so does a cross mark.
func TestClaimIntroducedLists(t *testing.T) {
	claim := rule("sre.access", []string{"gives access to OpenAI models", "passthrough"},
		[]string{"is powered by OpenAI models"}, withKind(rules.KindClaim))
	e, err := Compile([]*rules.Rule{claim})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, src string
		want            int
	}{
		{"markdown list", "a.md", "Don't say:\n\n- SRE gives access to OpenAI models\n- SRE is a passthrough\n", 0},
		{"tight list, bold intro", "a.md", "**Words to avoid:**\n- passthrough\n* gives access to OpenAI models\n1. passthrough\n", 0},
		{"heading intro", "a.md", "## Don't say:\n\n- [ ] SRE is a passthrough\n", 0},
		{"list ends at a paragraph", "a.md", "Don't say:\n\n- passthrough\n\nToday SRE is a passthrough.\n\n- passthrough\n", 2},
		{"not an introducer", "a.md", "No setup needed:\n\n- SRE gives access to OpenAI models\n", 1},
		{"plain list", "a.md", "Highlights:\n\n- SRE gives access to OpenAI models\n", 1},
		{"cross mark", "a.md", "| ✅ | ❌ |\n|---|---|\n| SRE is powered by OpenAI models | ❌ SRE gives access to OpenAI models |\n", 0},
		{"cross mark, next sentence", "a.md", "❌ A passthrough. SRE is a passthrough.\n", 1},
		{"cross mark in another cell of the row", "a.md", "| Claim | OK? |\n|---|---|\n| SRE is a passthrough | ❌ |\n| SRE gives access to OpenAI models | ✅ |\n", 1},
		{"cross mark on a prose line", "a.md", "Slow setup ❌ is gone. SRE is a passthrough.\n", 1},
		{"instead-of column", "a.md", "| Instead of | Write |\n|---|---|\n| \"SRE gives access to OpenAI models\" | \"SRE is powered by OpenAI models\" |\n| SRE is a passthrough | SRE integrates with OpenAI models |\n", 0},
		{"don't-say column, second", "a.md", "| Topic | ❌ Don’t say | ✅ Say |\n| :-- | :-: | --: |\n| access | SRE gives access to OpenAI models | powered by |\n", 0},
		{"avoid column without outer pipes", "a.md", "Avoid | Prefer\n--- | ---\nSRE is a passthrough | SRE is a runtime\n", 0},
		{"other column of the same table", "a.md", "| Say | Instead of |\n|---|---|\n| SRE gives access to OpenAI models | x |\n", 1},
		{"header that only starts like one", "a.md", "| Notes | Write |\n|---|---|\n| SRE is a passthrough | x |\n", 1},
		{"rows apart: not one table", "a.md", "| Instead of |\n|---|\n\n| SRE is a passthrough |\n", 1},
		{"the header row itself", "a.md", "| SRE is a passthrough | Avoid |\n|---|---|\n| x | y |\n", 1},
		{"escaped pipe in a cell", "a.md", "| Write | Avoid |\n|---|---|\n| a \\| b | SRE is a passthrough |\n", 0},
		{"two tables", "a.md", "| Avoid |\n|---|\n| x |\n\n| Write |\n|---|\n| SRE is a passthrough |\n", 1},
		{"go comment", "a.go", "package p\n\n// Don't say:\n//   - SRE gives access to OpenAI models\n//   - passthrough\nvar x = 1\n", 0},
		{"plain text", "a.txt", "Avoid:\n\n1) passthrough\n2) gives access to OpenAI models\n\nSRE gives access to OpenAI models.\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.Check(Document{Path: tt.path, Text: []byte(tt.src)})
			if len(got) != tt.want {
				t.Errorf("%d findings %q, want %d", len(got), brief(t, tt.src, got), tt.want)
			}
		})
	}
}
