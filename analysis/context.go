package analysis

import (
	"bytes"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/rules"
)

// Context and negation filtering of candidates, in time linear in the
// text (plus a logarithm per candidate):
//   - each chunk holding a candidate of a rule with `when`/`unless` terms or
//     of a claim rule is segmented once (clause.go);
//   - each rule's term occurrences are indexed once (spanIndex);
//   - each candidate is then answered by binary searches: its window (the
//     sentence, the clause or N words around it, within the sentence), the
//     terms inside that window, and for claim rules its negation.

// workHook, when set (by tests only, never concurrently with a check),
// receives the context work of each check: bytes segmented, occurrences
// indexed, candidates sorted and binary-search steps.
var workHook func(work int)

// spanIndex answers, for spans sorted by start, whether one lies inside a
// range (within) or covers one (covers), each in a logarithm of their number.
type spanIndex struct {
	occ    []span
	minEnd []int // minEnd[i]: least end among occ[i:]
	maxEnd []int // maxEnd[i]: greatest end among occ[:i]
}

func newSpanIndex(occ []span) *spanIndex {
	if !sortedSpans(occ) {
		sort.SliceStable(occ, func(i, j int) bool { return occ[i].s < occ[j].s })
	}
	x := &spanIndex{occ: occ, minEnd: make([]int, len(occ)+1), maxEnd: make([]int, len(occ)+1)}
	x.minEnd[len(occ)] = math.MaxInt
	for i := len(occ) - 1; i >= 0; i-- {
		x.minEnd[i] = min(x.minEnd[i+1], occ[i].e)
	}
	x.maxEnd[0] = math.MinInt
	for i, o := range occ {
		x.maxEnd[i+1] = max(x.maxEnd[i], o.e)
	}
	return x
}

// within reports whether a span lies inside [lo, hi).
func (x *spanIndex) within(lo, hi int, work *int) bool {
	i := searchCounting(len(x.occ), func(k int) bool { return x.occ[k].s >= lo }, work)
	return x.minEnd[i] <= hi
}

// covers reports whether a span holds [s, e).
func (x *spanIndex) covers(s, e int, work *int) bool {
	i := searchCounting(len(x.occ), func(k int) bool { return x.occ[k].s > s }, work)
	return x.maxEnd[i] >= e
}

func searchCounting(n int, f func(int) bool, work *int) int {
	lo, hi := 0, n
	for lo < hi {
		*work++
		m := int(uint(lo+hi) >> 1)
		if !f(m) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// spanIndexes builds a rule's index on first use.
type spanIndexes struct {
	occ map[int32][]span
	ix  map[int32]*spanIndex
}

func (s *spanIndexes) of(rule int32, work *int) *spanIndex {
	if x, ok := s.ix[rule]; ok {
		return x
	}
	if s.ix == nil {
		s.ix = map[int32]*spanIndex{}
	}
	*work += len(s.occ[rule])
	x := newSpanIndex(s.occ[rule])
	s.ix[rule] = x
	return x
}

// window returns the range where a rule's when/unless terms count for a
// match at [s, e).
func (g *segmentation) window(c rules.Context, s, e int) (int, int) {
	switch c.Mode {
	case rules.ContextClause:
		return g.clause(s, e)
	case rules.ContextWords:
		return g.wordsAround(s, e, c.Words)
	}
	return g.sentence(s, e)
}

// contextDrops marks the candidates that their rule's context drops: a
// claim negated or quoted as the thing not to say, no `when` term in the
// window, an `unless` term in it. It returns nil when no candidate has a
// context to look at.
func (e *Engine) contextDrops(st *checkState, src []byte, when, unless map[int32][]span) []bool {
	idx := st.ctxIdx[:0]
	for i, c := range st.cands {
		r := e.rules[c.rule]
		if r.hasContext || r.Kind == rules.KindClaim {
			idx = append(idx, int32(i))
		}
	}
	st.ctxIdx = idx
	if len(idx) == 0 {
		return nil
	}
	// Chunk by chunk, each segmented once.
	sort.Slice(idx, func(a, b int) bool {
		x, y := &st.cands[idx[a]], &st.cands[idx[b]]
		if x.chunk != y.chunk {
			return x.chunk < y.chunk
		}
		return x.start < y.start
	})
	st.work += len(idx)
	var listIntro []bool // computed on the first claim candidate
	var tables tableHeaders
	drop := make([]bool, len(st.cands))
	whenIx := spanIndexes{occ: when}
	unlessIx := spanIndexes{occ: unless}
	g := &st.seg
	g.work = 0
	cur := int32(-1)
	for _, i := range idx {
		c := &st.cands[i]
		if c.chunk != cur {
			cur = c.chunk
			cs := st.spans[cur]
			g.segment(st.b.norm, cs.start, cs.end)
		}
		r := e.rules[c.rule]
		s, en := c.start, max(c.end, c.start)
		if r.Kind == rules.KindClaim {
			if listIntro == nil {
				listIntro = introducedLists(st, src)
				cs := st.spans[cur] // introducedLists used g
				g.segment(st.b.norm, cs.start, cs.end)
			}
			if listIntro[cur] || g.negated(s, en) || crossedRow(src, c.srcStart) || forbiddenColumn(src, c.srcStart, &tables) {
				drop[i] = true
				continue
			}
		}
		if !r.hasContext {
			continue
		}
		lo, hi := g.window(r.Context, s, en)
		if len(r.When) > 0 && !whenIx.of(c.rule, &st.work).within(lo, hi, &st.work) {
			drop[i] = true
			continue
		}
		if len(r.Unless) > 0 && unlessIx.of(c.rule, &st.work).within(lo, hi, &st.work) {
			drop[i] = true
		}
	}
	st.work += g.work
	return drop
}

// introducedLists marks the chunks that are items of a list introduced by a
// colon that forbids wording: a chunk ending in "Don't say:" (or "Avoid:",
// "Words to avoid:", …) and the chunks right after it that start a list
// item in the source ("- ", "* ", "+ ", "• ", "1. ", "1) ").
func introducedLists(st *checkState, src []byte) []bool {
	out := make([]bool, len(st.spans))
	open := false
	norm := st.b.norm
	for si, cs := range st.spans {
		st.work++
		if listItemAt(src, st.b.srcStart(cs.start)) || startsWithMarker(norm[cs.start:cs.end]) {
			out[si] = open
			continue
		}
		open = false
		i := cs.end
		for i > cs.start && (norm[i-1] == ' ' || norm[i-1] == '*' || norm[i-1] == '_') {
			i--
		}
		if i > cs.start && norm[i-1] == ':' {
			st.seg.segment(norm, cs.start, cs.end)
			open = st.seg.endsIntroducing()
		}
	}
	return out
}

// listItemAt reports whether the source text at off starts a list item:
// between the start of its line and off stand only white space, quote and
// comment marks, and a list marker.
func listItemAt(src []byte, off int) bool {
	ls := off
	for ls > 0 && src[ls-1] != '\n' && src[ls-1] != '\r' {
		ls--
		if off-ls > 64 {
			return false
		}
	}
	p := strings.TrimRight(string(src[ls:off]), " \t")
	p = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(p, "[ ]"), "[x]"), "[X]") // task lists
	p = strings.TrimRight(p, " \t")
	if p == "" {
		return false
	}
	lead := func(q string) bool { return strings.Trim(q, " \t>/#;!") == "" }
	switch last := p[len(p)-1]; {
	case last == '-' || last == '*' || last == '+':
		return lead(p[:len(p)-1])
	case strings.HasSuffix(p, "•"):
		return lead(strings.TrimSuffix(p, "•"))
	case last == '.' || last == ')':
		d := len(p) - 1
		for d > 0 && p[d-1] >= '0' && p[d-1] <= '9' {
			d--
		}
		return d < len(p)-1 && len(p)-1-d <= 9 && lead(p[:d])
	}
	return false
}

// crossedRow reports whether the source line holding off is a table row
// ("| … |") with a cross mark (❌ ✗ ✘ 🚫 ⛔ ⊘ ❎) in one of its cells: a
// do/don't table marks its row's wording as the thing not to say. Rows
// longer than 512 bytes either side are not looked at.
func crossedRow(src []byte, off int) bool {
	ls := off
	for ls > 0 && src[ls-1] != '\n' {
		ls--
		if off-ls > 512 {
			return false
		}
	}
	le := off
	for le < len(src) && src[le] != '\n' {
		le++
		if le-off > 512 {
			return false
		}
	}
	row := bytes.TrimSpace(src[ls:le])
	if len(row) == 0 || row[0] != '|' && row[len(row)-1] != '|' {
		return false
	}
	for i := 0; i < len(row); {
		r, w := utf8.DecodeRune(row[i:])
		if prohibitionMark(r) {
			return true
		}
		i += w
	}
	return false
}

// startsWithMarker reports a chunk whose own text starts with a list
// marker and a space (plain text keeps its markers).
func startsWithMarker(t []byte) bool {
	if len(t) >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ' {
		return true
	}
	if len(t) >= 4 && string(t[:3]) == "•" && t[3] == ' ' {
		return true
	}
	d := 0
	for d < len(t) && d < 9 && t[d] >= '0' && t[d] <= '9' {
		d++
	}
	return d > 0 && d+1 < len(t) && (t[d] == '.' || t[d] == ')') && t[d+1] == ' '
}

// exactOneOf reports whether the normalized range [s, e) is, with its
// case, one of phrases (for case-sensitive rules); tpls are the phrases'
// templates (nil entries for plain phrases). A template with gaps never
// equals a single range.
func exactOneOf(b *textBuilder, src []byte, r *compiledRule, phrases []string, tpls []*phraseTemplate, s, e int) bool {
	got := normalizeString(string(src[b.srcStart(s):b.srcEnd(e)]), false)
	for i, p := range phrases {
		if pt := at(tpls, i); pt != nil {
			if templateApprovedCase(r.tpl, pt, got) {
				return true
			}
			continue
		}
		if normalizeString(p, false) == got {
			return true
		}
	}
	return false
}

// tplOf is a rule's templates, or an empty set for a rule without any.
func tplOf(r *compiledRule) *ruleTemplates {
	if r.tpl == nil {
		return &noTemplates
	}
	return r.tpl
}

var noTemplates ruleTemplates
