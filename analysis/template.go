package analysis

import (
	"sync"

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
	gaps  []int // gaps[i]: the most words between part i and i+1; adjacent (-1: no token between) for a split part
	// shared[i] are the sets part i stands for when it is a shared
	// slot (template_split.go), else nil.
	shared [][]string
	// opt[i]: part i is a piece that may be empty; canStart[i]: every
	// part before i may be (a chain may start at part i); canEnd[i]:
	// every part after i may be.
	opt, canStart, canEnd []bool
	slots                 []string
	// gapFree: the template has no gaps of its own.
	gapFree bool
	// The parts compiled for finding slots in a match, and the template
	// compiled in one piece when gap-free (for comparing a whole range
	// with it): compiled on first use (compiled), since most templates
	// never match.
	once   sync.Once
	tparts [][]tnode
	whole  []tnode
}

// compiled returns the template's parts and (gap-free) whole compiled for
// finding slots.
func (pt *phraseTemplate) compiled() (tparts [][]tnode, whole []tnode) {
	pt.once.Do(func() {
		for _, p := range pt.parts {
			pt.tparts = append(pt.tparts, compileNodes(p))
		}
		if pt.gapFree {
			pt.whole = compileNodes(pt.t.Nodes)
		}
	})
	return pt.tparts, pt.whole
}

// ruleTemplates are a rule's templated phrases, by index; nil entries are
// plain phrases.
type ruleTemplates struct {
	sets       *rules.WordSets
	tsets      *lazyTsets
	restricted []*phraseTemplate
	approved   []*phraseTemplate
	when       []*phraseTemplate
	unless     []*phraseTemplate
	// approvedSlots: some approved phrase is a template (has slots).
	approvedSlots bool
}

// newPhraseTemplate parses phrase; nil when it is plain (or does not parse:
// loaded rules always do).
// With split, each gap-free part is cut into pieces (splitPart); with
// inflect, the first word may be inflected.
func newPhraseTemplate(phrase string, sets *rules.WordSets, split, inflect bool) *phraseTemplate {
	if !rules.IsTemplate(phrase) {
		return nil
	}
	t := sets.Parsed(phrase) // parsed at load
	if t == nil {
		var err error
		if t, err = rules.ParseTemplate(phrase); err != nil {
			return nil
		}
	}
	pt := &phraseTemplate{src: phrase, t: t, slots: t.SlotNames()}
	parts, gaps := t.Parts()
	pt.gapFree = len(parts) == 1
	for k, part := range parts {
		if k > 0 {
			pt.gaps = append(pt.gaps, gaps[k-1])
		}
		segs := []piece{{nodes: part}}
		if split {
			segs = splitPart(sets, part, k == 0 && !inflect)
		}
		for j, seg := range segs {
			if j > 0 {
				g := adjacent
				if seg.tight {
					g = adjacentTight
				}
				pt.gaps = append(pt.gaps, g)
			}
			pt.parts = append(pt.parts, seg.nodes)
			pt.shared = append(pt.shared, seg.sets)
			pt.opt = append(pt.opt, seg.opt)
		}
	}
	n := len(pt.parts)
	pt.canStart, pt.canEnd = make([]bool, n), make([]bool, n)
	for k := range n {
		pt.canStart[k] = k == 0 || pt.canStart[k-1] && pt.opt[k-1]
		e := n - 1 - k
		pt.canEnd[e] = e == n-1 || pt.canEnd[e+1] && pt.opt[e+1]
	}
	return pt
}

// adjacent is the gap between the pieces of a split part: the next piece
// starts at the token right after the previous one ends, with a space
// before it; adjacentTight, with no space (a cut before or after a
// punctuation mark).
const (
	adjacent      = -1
	adjacentTight = -2
)

func templatesOf(list []string, sets *rules.WordSets, split, inflect bool) ([]*phraseTemplate, bool) {
	var out []*phraseTemplate
	any := false
	for i, p := range list {
		if pt := newPhraseTemplate(p, sets, split, inflect); pt != nil {
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
func compileTemplates(r *rules.Rule, cache map[*rules.WordSets]*lazyTsets) *ruleTemplates {
	restricted, a := templatesOf(r.Restricted, r.Sets, true, r.Inflect)
	approved, b := templatesOf(r.Approved, r.Sets, true, false)
	when, c := templatesOf(r.When, r.Sets, true, false)
	unless, d := templatesOf(r.Unless, r.Sets, true, false)
	if !a && !b && !c && !d {
		return nil // allocates nothing for a rule without templates
	}
	rt := &ruleTemplates{sets: r.Sets, restricted: restricted, approved: approved, when: when, unless: unless}
	rt.approvedSlots = b
	if r.Sets != nil {
		ts, ok := cache[r.Sets]
		if !ok {
			ts = &lazyTsets{ws: r.Sets}
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
// parts of one with gaps as entPart entries of en's kind, and a shared
// slot's set once for the engine (sh). With inflect, the first word of
// each expansion of the first part is inflected too.
func addTemplate(sets *rules.WordSets, pt *phraseTemplate, en entry, inflect bool, sh *sharedSets, addPhrase func([]byte, entry)) {
	chain := int32(-1)
	if len(pt.parts) > 1 || pt.shared[0] != nil {
		chain = int32(len(sh.chains))
		sh.chains = append(sh.chains, chainInfo{key: chainKey{rule: en.rule, index: en.index, of: en.kind}, pt: pt})
	}
	for k, part := range pt.parts {
		pe := en
		if chain >= 0 {
			// A part: its entry names the chain (template_join.go).
			pe.kind, pe.of, pe.part, pe.index = entPart, en.kind, uint8(k), chain
		}
		if leaves := pt.shared[k]; leaves != nil && !(inflect && k == 0) {
			for _, name := range leaves {
				id, isNew := sh.id(sets, name)
				sh.uses[id] = append(sh.uses[id], setUse{chain: chain, part: uint8(k)})
				if isNew {
					se := entry{rule: -1, kind: entSet, index: id}
					sets.ExpandBytes([]rules.Node{{Kind: rules.NodeSlot, Text: name}}, func(b []byte) bool {
						addPhrase(b, se)
						return true
					})
				}
			}
			continue
		}
		sets.ExpandBytes(part, func(b []byte) bool {
			addPhrase(b, pe)
			if inflect && k == 0 {
				ie := pe
				ie.inflected = true
				for _, v := range inflectPhrase(string(b)) {
					addPhrase([]byte(v), ie)
				}
			}
			return true
		})
	}
}

// sharedSets numbers an engine's shared slots (template_split.go) and
// lists the template pieces that wait for each, and numbers the templated
// phrases matched as chains of parts.
type sharedSets struct {
	ids    map[sharedKey]int32
	uses   [][]setUse // per id
	chains []chainInfo
}

// chainInfo is a templated phrase matched as a chain of parts.
type chainInfo struct {
	key chainKey
	pt  *phraseTemplate
}

type sharedKey struct {
	ws   *rules.WordSets
	name string
}

// setUse is one piece that a shared set's match may be: part part of the
// templated phrase key.
type setUse struct {
	chain int32
	part  uint8
}

// id returns the set's number, and whether it is new.
func (sh *sharedSets) id(ws *rules.WordSets, name string) (int32, bool) {
	k := sharedKey{ws, name}
	if id, ok := sh.ids[k]; ok {
		return id, false
	}
	if sh.ids == nil {
		sh.ids = map[sharedKey]int32{}
	}
	id := int32(len(sh.uses))
	sh.ids[k] = id
	sh.uses = append(sh.uses, nil)
	return id, true
}

// expectedPhrases estimates how many phrases rs put into the phrase index
// (tpls: their compiled templates): every phrase and piece expansion,
// inflected ones included, a shared set once.
func expectedPhrases(rs []*rules.Rule, tpls []*ruleTemplates) int {
	n := 0
	seen := map[sharedKey]bool{}
	for ri, r := range rs {
		k := 1
		if r.Inflect {
			k = 4 // a word and up to three inflections, as a rule
		}
		rt := tpls[ri]
		for li, list := range [][]string{r.Restricted, r.Approved, r.When, r.Unless} {
			for pi := range list {
				var pt *phraseTemplate
				if rt != nil {
					pt = at([][]*phraseTemplate{rt.restricted, rt.approved, rt.when, rt.unless}[li], pi)
				}
				if pt == nil {
					n += k
					continue
				}
				for j, part := range pt.parts {
					if leaves := pt.shared[j]; leaves != nil {
						for _, name := range leaves {
							if !seen[sharedKey{r.Sets, name}] {
								seen[sharedKey{r.Sets, name}] = true
								n += int(min(r.Sets.Count([]rules.Node{{Kind: rules.NodeSlot, Text: name}}), rules.MaxExpansions))
							}
						}
						continue
					}
					n += k * int(min(r.Sets.Count(part), rules.MaxExpansions))
				}
			}
		}
	}
	return min(n, 4*rules.MaxExpansions)
}

// normalizePhrase is normalizeString(s, true) for a phrase to index,
// without building a textBuilder for the usual phrase: printable ASCII
// maps byte for byte, letters folded, runs of spaces collapsed and the
// ends trimmed (asciiRun, normalizeString); without upper-case letters or
// extra spaces it is s itself.
func normalizePhrase(s string) string {
	same := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				same = false
			}
		case c < 0x21 || c > 0x7E:
			return normalizeString(s, true)
		case c >= 'A' && c <= 'Z':
			same = false
		}
	}
	if same {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' {
			if len(b) == 0 || b[len(b)-1] == ' ' {
				continue
			}
		}
		b = append(b, foldASCII[c])
	}
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return string(b)
}

// normalizePhraseBytes appends normalizePhrase(b) to dst.
func normalizePhraseBytes(dst, b []byte) []byte {
	for _, c := range b {
		if c != ' ' && (c < 0x21 || c > 0x7E) {
			return append(dst, normalizeString(string(b), true)...)
		}
	}
	n := len(dst)
	for _, c := range b {
		if c == ' ' && (len(dst) == n || dst[len(dst)-1] == ' ') {
			continue
		}
		dst = append(dst, foldASCII[c])
	}
	for len(dst) > n && dst[len(dst)-1] == ' ' {
		dst = dst[:len(dst)-1]
	}
	return dst
}

// sharePieces gives a phrase that is a piece of two or more chains one
// entSet entry instead of an entPart entry per chain: a match of a common
// piece ("to", "access to") is then one part match, offered to each chain
// only when the join reaches it (template_join.go), not one per chain.
// Inflected entries stay as they are.
func sharePieces(entries [][]entry, sh *sharedSets) {
	for i, es := range entries {
		n := 0
		for _, en := range es {
			if en.kind == entPart && !en.inflected {
				n++
			}
		}
		if n < 2 {
			continue
		}
		id := int32(len(sh.uses))
		var uses []setUse
		out := es[:0:0]
		for _, en := range es {
			if en.kind == entPart && !en.inflected {
				uses = append(uses, setUse{chain: en.index, part: en.part})
				continue
			}
			out = append(out, en)
		}
		sh.uses = append(sh.uses, uses)
		entries[i] = append(out, entry{rule: -1, kind: entSet, index: id, bounds: true})
	}
}
