package analysis

// Joining the parts of templates with gaps. Each part's expansions are in
// the phrase index; a chunk's part matches are collected while it is
// scanned, then joined left to right: a match of part k continues a chain
// whose part k-1 match ends at most gaps[k-1] words before it starts, in
// the same sentence. Part matches are taken in order of their end token
// (a counting sort), and for each, only the previous part's chain ends
// within the gap's window are looked at: the window holds at most gap+1
// word positions, so the work is linear in the number of part matches.

// partOcc is one match of one part of a template with gaps.
type partOcc struct {
	chain      int32 // Engine.chains; -1: a match of shared set set
	set        int32
	part       uint8
	inflected  bool
	start, end int32 // normalized offsets
	sTok, eTok int32
}

// chainKey names a templated phrase: rule, kind (restricted, when, unless)
// and phrase index.
type chainKey struct {
	rule  int32
	index int32
	of    entryKind
}

// reach is a part match that ends a valid chain of parts 0..k.
type reach struct {
	eTok      int32
	start     int32 // normalized start of the chain's first part
	end       int32 // normalized end of the chain's last non-empty part
	prev      int32 // index of the chain's part k-1 reach, -1 for part 0
	occ       int32 // index into the chunk's part matches; -1 for an empty part
	inflected bool
}

type chainState struct {
	reached [][]reach // per part
}

// templateScratch is the per-check state of template matching.
type templateScratch struct {
	parts []partOcc
	order []int32
	word  []int32 // per chunk token: word tokens before it
	sent  []int32 // per chunk token: sentence ends before it
	count []int32
	// Per chain (Engine.chains): its state's index, valid when its
	// generation is this chunk's.
	chainIdx []int32
	chainGen []uint32
	gen      uint32
	states   []chainState // reused from chunk to chunk
	nstates  int          // states in use in this chunk
	joins    [][]span     // per joined restricted match: its parts' ranges
	curJoin  int32        // join of the candidate being recorded (1-based; 0: none)
	// resolutions are the parts' slots found in this check (resolved),
	// by part and text.
	resolutions  map[resolutionKey]map[string]resolution
	nresolutions int
	spanArena    []span // backs joins
}

func (ts *templateScratch) reset() {
	ts.parts = ts.parts[:0]
	clear(ts.resolutions)
	ts.nresolutions = 0
	ts.spanArena = ts.spanArena[:0]
	ts.joins = ts.joins[:0]
	ts.curJoin = 0
}

// joinParts joins the part matches of the chunk just scanned (tokens toks
// of norm, chunk starting at cs) and calls emit for each whole match: the
// entry it stands for and its normalized range; for restricted matches
// ts.curJoin is set while emit runs.
func (e *Engine) joinParts(ts *templateScratch, norm []byte, toks []token, cs int, emit func(en entry, start, end int)) {
	occ := ts.parts
	defer func() { ts.parts = ts.parts[:0] }()
	n := len(toks)
	if n == 0 {
		return
	}
	// Token indices of each match: matches come ordered by start.
	t := 0
	for i := range occ {
		o := &occ[i]
		for t < n && toks[t].start < o.start {
			t++
		}
		o.sTok = int32(t)
		u := t
		for u < n && toks[u].end < o.end {
			u++
		}
		o.eTok = int32(u + 1)
	}
	// Words and sentence ends before each token.
	if cap(ts.word) < n+1 {
		ts.word = make([]int32, n+1)
		ts.sent = make([]int32, n+1)
	}
	ts.word, ts.sent = ts.word[:n+1], ts.sent[:n+1]
	var w, s int32
	for i := range toks {
		ts.word[i], ts.sent[i] = w, s
		tk := &toks[i]
		if tk.brk {
			s++
			continue
		}
		if isWordByteAt(norm, int(tk.start)) {
			w++
		} else if c := norm[tk.start]; c == '.' || c == '!' || c == '?' {
			if _, ok := sentenceEnd(norm, int(tk.start), cs); ok {
				s++
			}
		}
	}
	ts.word[n], ts.sent[n] = w, s
	// Order by end token (counting sort).
	if cap(ts.order) < len(occ) {
		ts.order = make([]int32, len(occ))
	}
	ts.order = ts.order[:len(occ)]
	if cap(ts.count) < n+2 {
		ts.count = make([]int32, n+2)
	}
	count := ts.count[:n+2]
	clear(count)
	for i := range occ {
		count[occ[i].eTok]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	for i := len(occ) - 1; i >= 0; i-- {
		k := occ[i].eTok
		count[k]--
		ts.order[count[k]] = int32(i)
	}
	if len(ts.chainGen) != len(e.chains) {
		ts.chainIdx = make([]int32, len(e.chains))
		ts.chainGen = make([]uint32, len(e.chains))
		ts.gen = 0
	}
	if ts.gen++; ts.gen == 0 {
		clear(ts.chainGen)
		ts.gen = 1
	}
	ts.nstates = 0
	for _, oi := range ts.order {
		if c := occ[oi].chain; c < 0 {
			// A shared set's match: a piece of every template that
			// uses the set.
			for _, u := range e.setUses[occ[oi].set] {
				e.joinStep(ts, toks, oi, u.chain, u.part, emit)
			}
			continue
		}
		e.joinStep(ts, toks, oi, occ[oi].chain, occ[oi].part, emit)
	}
}

// joinStep takes part match oi of the chunk as part part of the templated
// phrase chain: it ends a chain of parts 0..part, or does not. A part that
// may be empty (pt.opt) is passed over: a chain that reaches the part
// before it reaches it too, at the same end (an empty reach, occ -1).
func (e *Engine) joinStep(ts *templateScratch, toks []token, oi int32, chain int32, part uint8, emit func(en entry, start, end int)) {
	occ := ts.parts
	o := &occ[oi]
	ch := &e.chains[chain]
	pt, key := ch.pt, ch.key
	if int(part) >= len(pt.parts) {
		return
	}
	si := ts.chainIdx[chain]
	if ts.chainGen[chain] != ts.gen {
		if !pt.canStart[part] {
			return // no chain to continue
		}
		if ts.nstates == len(ts.states) {
			ts.states = append(ts.states, chainState{})
		}
		si = int32(ts.nstates)
		ts.nstates++
		ts.chainIdx[chain], ts.chainGen[chain] = si, ts.gen
		st := &ts.states[si]
		if cap(st.reached) < len(pt.parts) {
			st.reached = make([][]reach, len(pt.parts))
		}
		st.reached = st.reached[:len(pt.parts)]
		for k := range st.reached {
			st.reached[k] = st.reached[k][:0]
		}
	}
	cst := &ts.states[si]
	r := reach{eTok: o.eTok, start: o.start, end: o.end, prev: -1, occ: oi, inflected: o.inflected}
	if part > 0 {
		prev := cst.reached[part-1]
		gap := int32(pt.gaps[part-1])
		words := max(gap, 0)
		best := int32(-1)
		for j := len(prev) - 1; j >= 0; j-- {
			p := &prev[j]
			if p.eTok > o.sTok {
				continue // overlaps this match
			}
			if ts.word[o.sTok]-ts.word[p.eTok] > words {
				break // too far, and the rest farther
			}
			if gap < 0 && (p.eTok != o.sTok || toks[o.sTok].spaced != (gap == adjacent)) {
				continue // pieces of a split part touch, a space between or none
			}
			if ts.sent[o.sTok] != ts.sent[p.eTok-1] {
				continue // a sentence ends between them
			}
			if best < 0 || p.start < prev[best].start {
				best = int32(j)
			}
		}
		switch {
		case best >= 0:
			r.start, r.prev, r.inflected = prev[best].start, best, prev[best].inflected
		case !pt.canStart[part]:
			return
		}
	}
	last := len(pt.parts) - 1
	if int(part) == last {
		e.emitChain(ts, cst, pt, key, r, emit)
		return
	}
	cst.reached[part] = append(cst.reached[part], r)
	// Parts that may be empty after this one: reached here too.
	for q := int(part) + 1; q <= last && pt.opt[q]; q++ {
		er := r
		er.prev, er.occ = int32(len(cst.reached[q-1])-1), -1
		if q == last {
			e.emitChain(ts, cst, pt, key, er, emit)
			break
		}
		cst.reached[q] = append(cst.reached[q], er)
	}
}

// emitChain emits the whole match that reach r of the last part ends,
// from the earliest start that reaches this end. (Matches contained in a
// longer one of the same rule are dropped later.)
func (e *Engine) emitChain(ts *templateScratch, cst *chainState, pt *phraseTemplate, key chainKey, r reach, emit func(en entry, start, end int)) {
	occ := ts.parts
	en := entry{rule: key.rule, kind: key.of, index: key.index, inflected: r.inflected, bounds: true}
	if key.of == entRestricted {
		// Each part's range; an empty part has none ({-1, -1}).
		n := len(pt.parts)
		if cap(ts.spanArena)-len(ts.spanArena) < n {
			ts.spanArena = make([]span, 0, max(1024, 2*cap(ts.spanArena), n))
		}
		a := len(ts.spanArena)
		ts.spanArena = ts.spanArena[:a+n]
		spans := ts.spanArena[a : a+n : a+n]
		rp, p := r, r.prev
		for k := len(pt.parts) - 1; k >= 0; k-- {
			spans[k] = span{-1, -1}
			if rp.occ >= 0 {
				po := &occ[rp.occ]
				spans[k] = span{int(po.start), int(po.end)}
			}
			if k == 0 || p < 0 {
				for k--; k >= 0; k-- {
					spans[k] = span{-1, -1}
				}
				break
			}
			rp = cst.reached[k-1][p]
			p = rp.prev
		}
		ts.joins = append(ts.joins, spans)
		ts.curJoin = int32(len(ts.joins))
	}
	emit(en, int(r.start), int(r.end))
	ts.curJoin = 0
}
