package analysis

import (
	"slices"
	"strings"

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
	gaps  []int // gaps[i]: the most words between part i and i+1; adjacent (-1: no token between) for a split at a slot
	slots []string
	// tparts are the parts compiled for finding slots in a match.
	tparts [][]tnode
	// whole is the template compiled in one piece, when it has no gaps of
	// its own (for comparing a whole range with it).
	whole []tnode
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
// With split, a part that expands to many phrases is split at its large
// slots (splitAtSlots); approved phrases are never split (they are not
// joined, only matched whole).
func newPhraseTemplate(phrase string, sets *rules.WordSets, split bool) *phraseTemplate {
	if !rules.IsTemplate(phrase) {
		return nil
	}
	t, err := rules.ParseTemplate(phrase)
	if err != nil {
		return nil
	}
	pt := &phraseTemplate{src: phrase, t: t, slots: t.SlotNames()}
	parts, gaps := t.Parts()
	if len(parts) == 1 {
		pt.whole = compileNodes(parts[0])
	}
	for k, part := range parts {
		if k > 0 {
			pt.gaps = append(pt.gaps, gaps[k-1])
		}
		segs := [][]rules.Node{part}
		if split {
			segs = splitAtSlots(sets, part)
		}
		for j, seg := range segs {
			if j > 0 {
				pt.gaps = append(pt.gaps, adjacent)
			}
			pt.parts = append(pt.parts, seg)
			pt.tparts = append(pt.tparts, compileNodes(seg))
		}
	}
	return pt
}

// adjacent is the gap between the pieces of a part split at a slot: the
// next piece starts at the token right after the previous one ends.
const adjacent = -1

// Splitting a template at its slots. The phrase index holds every
// expansion of a part, so a part's phrases are the product of its slots'
// sizes ("(host|hosts|…) [the|all] {openai-models}" is 14 × 3 × 445). A
// part above splitMin phrases is cut before and after each slot of at
// least splitSlotMin phrases that stands as words of its own (blank text
// on both sides), and the pieces are joined like gaps that allow no word
// between them (template_join.go): the index then holds the sum of the
// pieces' phrases, not their product, and matches are the same.
const (
	splitMin     = 64
	splitSlotMin = 4
	maxPieces    = 16 // per part; entry.part (a uint8) counts every piece of a phrase
)

func splitAtSlots(ws *rules.WordSets, part []rules.Node) [][]rules.Node {
	if ws == nil || ws.Count(part) <= splitMin {
		return [][]rules.Node{part}
	}
	blankEnd := func(n rules.Node, suffix bool) bool {
		if n.Kind != rules.NodeText {
			return false
		}
		if suffix {
			return strings.HasSuffix(n.Text, " ")
		}
		return strings.HasPrefix(n.Text, " ")
	}
	var segs [][]rules.Node
	start := 0
	for i, n := range part {
		if n.Kind != rules.NodeSlot || ws.Count(part[i:i+1]) < splitSlotMin {
			continue
		}
		if (i > 0 && !blankEnd(part[i-1], true)) || (i+1 < len(part) && !blankEnd(part[i+1], false)) {
			continue
		}
		if i > start {
			segs = append(segs, part[start:i])
		}
		segs = append(segs, part[i:i+1])
		start = i + 1
	}
	if start < len(part) {
		segs = append(segs, part[start:])
	}
	// A piece that can be blank ("[the|all] ", " ") cannot stand alone: it
	// joins the piece before it (or, first, the one after).
	var out [][]rules.Node
	for _, seg := range segs {
		if len(out) > 0 && ws.CanBeEmpty(seg) {
			out[len(out)-1] = slices.Concat(out[len(out)-1], seg)
			continue
		}
		if len(out) == 1 && ws.CanBeEmpty(out[0]) {
			out[0] = slices.Concat(out[0], seg)
			continue
		}
		out = append(out, seg)
	}
	if len(out) > maxPieces {
		return [][]rules.Node{part}
	}
	return out
}

func templatesOf(list []string, sets *rules.WordSets, split bool) ([]*phraseTemplate, bool) {
	var out []*phraseTemplate
	any := false
	for i, p := range list {
		if pt := newPhraseTemplate(p, sets, split); pt != nil {
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
	rt.restricted, a = templatesOf(r.Restricted, r.Sets, true)
	rt.approved, b = templatesOf(r.Approved, r.Sets, false)
	rt.when, c = templatesOf(r.When, r.Sets, true)
	rt.unless, d = templatesOf(r.Unless, r.Sets, true)
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
