package analysis

import (
	"math"
	"sort"

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
func (e *Engine) contextDrops(st *checkState, when, unless map[int32][]span) []bool {
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
		if r.Kind == rules.KindClaim && g.negated(s, en) {
			drop[i] = true
			continue
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

// exactOneOf reports whether the normalized range [s, e) is, with its
// case, one of phrases (for case-sensitive rules).
func exactOneOf(b *textBuilder, src []byte, phrases []string, s, e int) bool {
	got := normalizeString(string(src[b.srcStart(s):b.srcEnd(e)]), false)
	for _, p := range phrases {
		if normalizeString(p, false) == got {
			return true
		}
	}
	return false
}
