package analysis

import (
	"strings"
	"sync"

	"github.com/guardrail-dev/guardrail/rules"
)

// A template's slots are found in a match by matching the template again,
// with backtracking, against the matched text alone: the text is one of the
// template's expansions, so this is short, and the index keeps no per-phrase
// slot data.

// tnode is a template node with its literal normalized for matching.
type tnode struct {
	kind    rules.NodeKind
	raw     string // NodeText: as written; NodeSlot: the set name
	lit     string // NodeText: normalized, case folded, trimmed
	litCase string // NodeText: normalized, case kept, trimmed
	alts    [][]tnode
}

// tsets are a file's word sets compiled to tnodes.
type tsets struct {
	entries map[string][][]tnode
}

// lazyTsets are a file's word sets, compiled on first use (get): most
// runs find no template match and never need them.
type lazyTsets struct {
	ws   *rules.WordSets
	once sync.Once
	ts   *tsets
}

func (l *lazyTsets) get() *tsets {
	if l == nil {
		return nil
	}
	l.once.Do(func() { l.ts = newTsets(l.ws) })
	return l.ts
}

func newTsets(ws *rules.WordSets) *tsets {
	ts := &tsets{entries: map[string][][]tnode{}}
	for _, name := range ws.Names() {
		var list [][]tnode
		for _, e := range ws.Entries(name) {
			t, err := rules.ParseTemplate(e)
			if err != nil {
				continue
			}
			list = append(list, compileNodes(t.Nodes))
		}
		ts.entries[name] = list
	}
	return ts
}

func compileNodes(nodes []rules.Node) []tnode {
	out := make([]tnode, 0, len(nodes))
	for _, n := range nodes {
		tn := tnode{kind: n.Kind}
		switch n.Kind {
		case rules.NodeText:
			tn.raw = n.Text
			tn.lit = normalizeString(n.Text, true)
			tn.litCase = normalizeString(n.Text, false)
		case rules.NodeSlot:
			tn.raw = n.Text
		case rules.NodeAlt, rules.NodeOpt:
			for _, a := range n.Alts {
				tn.alts = append(tn.alts, compileNodes(a))
			}
		}
		out = append(out, tn)
	}
	return out
}

// slotSpan is where slot name matched, as offsets into the resolved text.
type slotSpan struct {
	name string
	s, e int
}

// resolver matches template nodes against one normalized text.
type resolver struct {
	ts      *tsets
	text    string
	fold    bool // text is case folded: compare with lit, else litCase
	inflect bool // the first word may be an inflection
	slots   []slotSpan
	written []byte // the expansion as written, for case transfer
	steps   int    // work done; resolution gives up past maxSteps
	// maxSteps bounds the work (0: maxResolveSteps; tests set less).
	maxSteps int
}

// maxResolveSteps bounds the backtracking for one match (templates whose
// alternatives share long prefixes could otherwise take long).
const maxResolveSteps = 200000

// resolve matches nodes against text and reports whether the whole text
// matched; r.slots and r.written then describe the match.
func (r *resolver) resolve(nodes []tnode) bool {
	r.slots, r.written, r.steps = r.slots[:0], r.written[:0], 0
	return r.seq(nodes, 0, func(p int) bool { return r.skipSpace(p) == len(r.text) })
}

func (r *resolver) skipSpace(p int) int {
	for p < len(r.text) && r.text[p] == ' ' {
		p++
	}
	return p
}

func (r *resolver) seq(ns []tnode, pos int, k func(int) bool) bool {
	if len(ns) == 0 {
		return k(pos)
	}
	r.steps++
	if r.steps > maxResolveSteps || r.maxSteps > 0 && r.steps > r.maxSteps {
		return false
	}
	n, rest := &ns[0], ns[1:]
	next := func(p int) bool { return r.seq(rest, p, k) }
	switch n.kind {
	case rules.NodeText:
		lit := n.litCase
		if r.fold {
			lit = n.lit
		}
		if lit == "" {
			return next(pos)
		}
		p := r.skipSpace(pos)
		wl := len(r.written)
		if strings.HasPrefix(r.text[p:], lit) {
			r.written = append(r.written, n.raw...)
			if next(p + len(lit)) {
				return true
			}
			r.written = r.written[:wl]
		}
		if r.inflect && p == 0 {
			// The first word of the expansion may be inflected.
			i := strings.IndexFunc(lit, func(c rune) bool { return !isWordRune(c) })
			first, tail := lit, ""
			if i >= 0 {
				first, tail = lit[:i], lit[i:]
			}
			for _, v := range inflections(first) {
				if !r.fold {
					v = matchCase(first, v)
				}
				if strings.HasPrefix(r.text, v+tail) {
					r.written = append(r.written, n.raw...)
					if next(len(v) + len(tail)) {
						return true
					}
					r.written = r.written[:wl]
				}
			}
		}
		return false
	case rules.NodeAlt, rules.NodeOpt:
		if n.kind == rules.NodeOpt && next(pos) {
			return true
		}
		for _, a := range n.alts {
			if r.seq(a, pos, next) {
				return true
			}
		}
		return false
	case rules.NodeSlot:
		if r.ts == nil {
			return false
		}
		p := r.skipSpace(pos)
		i := len(r.slots)
		wl := len(r.written)
		for _, e := range r.ts.entries[n.raw] {
			r.slots = append(r.slots[:i], slotSpan{name: n.raw, s: p, e: -1})
			r.written = r.written[:wl]
			if r.seq(e, p, func(end int) bool {
				r.slots[i].e = end
				return next(end)
			}) {
				return true
			}
		}
		r.slots = r.slots[:i]
		r.written = r.written[:wl]
		return false
	}
	return next(pos)
}
