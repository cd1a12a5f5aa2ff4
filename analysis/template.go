package analysis

import (
	"github.com/guardrail-dev/guardrail/rules"
)

// Phrase templates (rules/template.go) compile into the same phrase index as
// plain phrases: every expansion of a template is a phrase. A template with
// gaps is split at them into parts; each part's expansions are phrases of
// kind entPart, and a match is a left-to-right chain of part matches, each
// within its gap's words of the previous one in the same sentence
// (template_join.go). Slots are found again in the (short) matched text when
// a finding is built (template_slots.go), so expanded phrases carry nothing
// but their entry.

// phraseTemplate is one templated phrase of a rule.
type phraseTemplate struct {
	src   string
	t     *rules.Template
	parts [][]rules.Node
	gaps  []int // gaps[i]: the most words between part i and i+1
	slots []string
	// tparts are the parts compiled for finding slots in a match.
	tparts [][]tnode
}

// ruleTemplates are a rule's templated phrases, by index; nil entries are
// plain phrases.
type ruleTemplates struct {
	sets       *rules.WordSets
	tsets      *tsets
	restricted []*phraseTemplate
	approved   []*phraseTemplate
	when       []*phraseTemplate
	unless     []*phraseTemplate
	// approvedSlots: some approved phrase is a template (has slots).
	approvedSlots bool
}

// newPhraseTemplate parses phrase; nil when it is plain (or does not parse:
// loaded rules always do).
func newPhraseTemplate(phrase string) *phraseTemplate {
	if !rules.IsTemplate(phrase) {
		return nil
	}
	t, err := rules.ParseTemplate(phrase)
	if err != nil {
		return nil
	}
	pt := &phraseTemplate{src: phrase, t: t, slots: t.SlotNames()}
	pt.parts, pt.gaps = t.Parts()
	for _, p := range pt.parts {
		pt.tparts = append(pt.tparts, compileNodes(p))
	}
	return pt
}

func templatesOf(list []string) ([]*phraseTemplate, bool) {
	var out []*phraseTemplate
	any := false
	for i, p := range list {
		if pt := newPhraseTemplate(p); pt != nil {
			if out == nil {
				out = make([]*phraseTemplate, len(list))
			}
			out[i] = pt
			any = true
		}
	}
	return out, any
}

// compileTemplates returns the rule's templates, or nil when it has none.
// cache shares the compiled word sets of one file between its rules.
func compileTemplates(r *rules.Rule, cache map[*rules.WordSets]*tsets) *ruleTemplates {
	rt := &ruleTemplates{sets: r.Sets}
	var a, b, c, d bool
	rt.restricted, a = templatesOf(r.Restricted)
	rt.approved, b = templatesOf(r.Approved)
	rt.when, c = templatesOf(r.When)
	rt.unless, d = templatesOf(r.Unless)
	if !a && !b && !c && !d {
		return nil
	}
	rt.approvedSlots = b
	if r.Sets != nil {
		ts, ok := cache[r.Sets]
		if !ok {
			ts = newTsets(r.Sets)
			cache[r.Sets] = ts
		}
		rt.tsets = ts
	}
	return rt
}

// at returns the template of phrase i of a list, or nil.
func at(list []*phraseTemplate, i int) *phraseTemplate {
	if i < 0 || i >= len(list) {
		return nil
	}
	return list[i]
}

// addTemplate adds the expansions of pt as phrases with entry en (kind,
// rule and index set): a gap-free template's expansions as en itself, the
// parts of one with gaps as entPart entries of en's kind. With inflect, the
// first word of each expansion of the first part is inflected too.
func addTemplate(sets *rules.WordSets, pt *phraseTemplate, en entry, inflect bool, addPhrase func(string, entry)) {
	for k, part := range pt.parts {
		pe := en
		if len(pt.parts) > 1 {
			pe.kind, pe.of, pe.part = entPart, en.kind, uint8(k)
		}
		sets.Expand(part, func(s string) bool {
			addPhrase(s, pe)
			if inflect && k == 0 {
				ie := pe
				ie.inflected = true
				for _, v := range inflectPhrase(s) {
					addPhrase(v, ie)
				}
			}
			return true
		})
	}
}

// expectedPhrases estimates how many phrases rs put into the phrase index:
// every phrase and template expansion, inflected ones included.
func expectedPhrases(rs []*rules.Rule) int {
	n := 0
	for _, r := range rs {
		k := 1
		if r.Inflect {
			k = 4 // a word and up to three inflections, as a rule
		}
		for _, p := range r.Restricted {
			n += k * int(min(r.Expansions(p), rules.MaxExpansions))
		}
		for _, list := range [][]string{r.Approved, r.When, r.Unless} {
			for _, p := range list {
				n += int(min(r.Expansions(p), rules.MaxExpansions))
			}
		}
	}
	return min(n, 4*rules.MaxExpansions)
}
