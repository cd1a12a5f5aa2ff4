package analysis

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

// splitSets make templates whose parts expand to more than splitMin
// phrases, so that they are split at their slots.
const splitSets = `
[sets]
verb = ["host", "hosts", "hosted", "hosting", "resell", "resells", "serve", "serves"]
models = ["OpenAI models", "GPT-4o", "GPT-4.1", "GPT-5", "o3", "ChatGPT", "OpenAI's (latest|newest|frontier) models"]
place = ["AWS", "Amazon Bedrock", "Bedrock"]
loose = ["GPT-class[ models]", "GPT class [models]", "o3"]
`

// TestTemplateSplitAtSlotsEqualsExpansion: a template split at its slots
// (splitAtSlots) finds exactly what the list of its expansions as plain
// phrases finds, with the same ranges, fixes and slot texts.
func TestTemplateSplitAtSlotsEqualsExpansion(t *testing.T) {
	templates := []string{
		"{verb} [the|all] {models}",
		"{models} (is|are) [now] (hosted|sold) on {place}",
		"{verb} {models} {...2} on {place}",
		"{verb} {models} {place}",
		// Cuts at punctuation next to a slot or an alternation.
		"{models}, [now|finally] (on|in) {place}",
		"available (on|in) {place}: {models}",
		"{place}'s {models}",
		"({verb}|sells) ({models}|{place})",
		// A set whose entries may end with a blank: no tight cut after it.
		"{loose}, now on {place}",
		"[{verb}] {models} [today|now]",
		// Parts that may be empty, between others and around gaps.
		"{verb} [the|all|every one of the] {models} [today|now] [on {place}]",
		"[the] {models} {...2} [now] {place}",
	}
	texts := []string{
		"AWS hosts GPT-4o today.",
		"AWS hosts the GPT-4o models and resells all OpenAI's latest models.",
		"We host, GPT-4o is elsewhere.",   // punctuation between: no match
		"They serve\nthe *GPT-5* models.", // line break and markup
		"GPT-5 is now hosted on Amazon Bedrock. o3 are sold on AWS.",
		"serve o3 quickly on Bedrock, host ChatGPT on AWS",
		"GPT-4o Bedrock and GPT-4oBedrock and GPT-4o. Bedrock",
		"hosting hosting GPT-5 GPT-5",
		"Serves OpenAI's frontier models.",
		"GPT-5, now on AWS. o3 , finally in Bedrock, ChatGPT,now on AWS",
		"available on AWS: GPT-4o and available in Bedrock : o3",
		"AWS's GPT-5 and Bedrock 's o3 and AWS'GPT-4o",
		"sells AWS, hosts Bedrock, sells GPT-5",
		"GPT-class, now on AWS. GPT-class , now on Bedrock. GPT class models, now on AWS",
		"host GPT-5 today, GPT-5 now, serves o3",
		"hosts every one of the GPT-5 now on AWS and serves all o3 today on Bedrock. serve the ChatGPT now",
		"the GPT-5 is on AWS, o3 now Bedrock and the the o3 x y now AWS",
	}
	for _, knob := range []int{0, 1} {
		t.Run(fmt.Sprintf("knob%d", knob), func(t *testing.T) {
			defer func(k int) { splitKnob = k }(splitKnob)
			splitKnob = knob
			checkSplitEqualsExpansion(t, templates, texts)
		})
	}
}

func checkSplitEqualsExpansion(t *testing.T, templates, texts []string) {
	for ti, tpl := range templates {
		src := splitSets + fmt.Sprintf("[[rule]]\nid = \"x.s\"\nrestricted = [%q]\napproved = [\"runs {models}\"]\n", tpl)
		p, errs := rules.ParsePack("t.toml", []byte(src))
		if rules.HasErrors(errs) {
			t.Fatalf("%s: %v", tpl, errs)
		}
		r := p.Rules[0]
		split := templatePack(t, src)
		if pt := split.rules[0].tpl.restricted[0]; len(pt.parts) < 2 && (ti < 4 || splitKnob == 1) {
			t.Fatalf("%s: not split (%d parts)", tpl, len(pt.parts))
		}
		// The reference: the gap-free pieces as plain phrases, matched
		// with the template's own gaps only.
		tt, _ := rules.ParseTemplate(tpl)
		if tt.HasGap() {
			continue // compared by FuzzTemplateMatch against a regex
		}
		var plain []string
		r.Sets.Expand(tt.Nodes, func(s string) bool {
			plain = append(plain, strings.Join(strings.Fields(s), " "))
			return true
		})
		ref := &rules.Rule{ID: "x.s", Severity: r.Severity, Restricted: plain, Scopes: r.Scopes}
		refEng, err := Compile([]*rules.Rule{ref})
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range texts {
			doc := Document{Path: "a.md", Text: []byte(text)}
			got, want := spansOf(split.Check(doc)), spansOf(refEng.Check(doc))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s on %q:\n got %v\nwant %v", tpl, text, got, want)
			}
		}
	}
}

func spansOf(fs []Finding) [][2]int {
	var out [][2]int
	for _, f := range fs {
		out = append(out, [2]int{f.Start, f.End})
	}
	return out
}

// TestNormalizePhraseEqualsNormalizeString: the fast path that indexes
// phrases gives normalizeString's result for every expansion of the
// built-in packs and for phrases that take the careful path.
func TestNormalizePhraseEqualsNormalizeString(t *testing.T) {
	phrases := []string{"", " a", "a ", "a  b", "  A  B  ", "A \u00a0 B", "A\tB", "a\n b", "x  ", "GPT-4o", "OpenAI’s models", "Ünïcode Words", "x\u00a0y", "AWS's", "a\x1fb"}
	for _, n := range rules.BuiltinNames() {
		p, err := rules.Builtin(n)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Rules {
			for _, list := range [][]string{r.Restricted, r.Approved, r.When, r.Unless} {
				for _, ph := range list {
					tt := r.Template(ph)
					if tt == nil {
						phrases = append(phrases, ph)
						continue
					}
					parts, _ := tt.Parts()
					for _, part := range parts {
						r.Sets.Expand(part, func(s string) bool {
							phrases = append(phrases, s)
							return true
						})
					}
				}
			}
		}
	}
	for _, s := range phrases {
		if got, want := normalizePhrase(s), normalizeString(s, true); got != want {
			t.Errorf("normalizePhrase(%q) = %q, want %q", s, got, want)
		}
		if got, want := string(normalizePhraseBytes([]byte("x"), []byte(s))), "x"+normalizeString(s, true); got != want {
			t.Errorf("normalizePhraseBytes(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestCollapseBlanks: a slot's text is its source with white space
// collapsed, as strings.Fields would.
func TestCollapseBlanks(t *testing.T) {
	for _, s := range []string{"", " ", "GPT-4o", "GPT 4o", "GPT  4o", " GPT", "GPT\n4o", "GPT\u00a04o", "a\tb", "x ", "Ünï code"} {
		if got, want := collapseBlanks([]byte(s)), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseBlanks(%q) = %q, want %q", s, got, want)
		}
	}
}
