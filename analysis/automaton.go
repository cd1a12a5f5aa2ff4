package analysis

// automaton is an Aho-Corasick automaton over bytes, compiled to a dense
// DFA on byte classes: one table lookup per input byte, whatever the number
// of phrases. Every occurrence of every pattern is reported, overlapping
// ones included, so that word-boundary and context checks can reject one
// candidate without hiding another.
type automaton struct {
	classes  [256]uint8
	nclass   int
	trans    []uint32 // state*nclass+class → next state*nclass, high bit set when the next state has output
	pattern  []int32  // per state: the pattern ending exactly here, or -1
	dict     []int32  // per state: nearest proper suffix state with output, or -1
	patLen   []int32  // per pattern: length in bytes
	numState int
}

const outBit = 1 << 31

type trieNode struct {
	next    map[byte]int32
	pattern int32
	fail    int32
	depth   int32
}

// newAutomaton compiles patterns (non-empty byte strings; duplicates allowed,
// each keeps its index).
func newAutomaton(patterns []string) *automaton {
	a := &automaton{}
	// Byte classes: every byte used in a pattern gets its own class; all
	// other bytes share class 0, which always leads back to the root.
	used := [256]bool{}
	for _, p := range patterns {
		for i := 0; i < len(p); i++ {
			used[p[i]] = true
		}
	}
	a.nclass = 1
	for c := 0; c < 256; c++ {
		if used[c] {
			a.classes[c] = uint8(a.nclass)
			a.nclass++
		}
	}
	if a.nclass > 256 {
		// All 256 byte values are used: class 0 is then a real byte too.
		// Fold it into the map by giving every byte its own class.
		a.nclass = 256
		for c := 0; c < 256; c++ {
			a.classes[c] = uint8(c)
		}
	}

	nodes := []trieNode{{next: map[byte]int32{}, pattern: -1}}
	a.patLen = make([]int32, len(patterns))
	for pi, p := range patterns {
		a.patLen[pi] = int32(len(p))
		s := int32(0)
		for i := 0; i < len(p); i++ {
			c := a.classes[p[i]]
			n, ok := nodes[s].next[c]
			if !ok {
				n = int32(len(nodes))
				nodes = append(nodes, trieNode{next: map[byte]int32{}, pattern: -1, depth: nodes[s].depth + 1})
				nodes[s].next[c] = n
			}
			s = n
		}
		if nodes[s].pattern < 0 {
			nodes[s].pattern = int32(pi) // a duplicate reports as its first copy
		}
	}
	n := len(nodes)
	a.numState = n
	a.pattern = make([]int32, n)
	a.dict = make([]int32, n)
	a.trans = make([]uint32, n*a.nclass)
	// Breadth-first: failure links, dictionary links and the dense table.
	queue := make([]int32, 0, n)
	queue = append(queue, 0)
	nodes[0].fail = 0
	a.dict[0] = -1
	for qi := 0; qi < len(queue); qi++ {
		s := queue[qi]
		a.pattern[s] = nodes[s].pattern
		if s != 0 {
			f := nodes[s].fail
			if nodes[f].pattern >= 0 {
				a.dict[s] = f
			} else {
				a.dict[s] = a.dict[f]
			}
		}
		for c := 0; c < a.nclass; c++ {
			var t int32
			if child, ok := nodes[s].next[byte(c)]; ok && c != 0 || (ok && a.nclass == 256) {
				t = child
				if s == 0 {
					nodes[child].fail = 0
				} else {
					nodes[child].fail = int32(a.trans[int(nodes[s].fail)*a.nclass+c] &^ outBit / uint32(a.nclass))
				}
				queue = append(queue, child)
			} else if s == 0 {
				t = 0
			} else {
				t = int32(a.trans[int(nodes[s].fail)*a.nclass+c] &^ outBit / uint32(a.nclass))
			}
			a.trans[int(s)*a.nclass+c] = uint32(t) * uint32(a.nclass)
		}
	}
	// Mark transitions into states with output (own or by dictionary link).
	hasOut := make([]bool, n)
	for s := 0; s < n; s++ {
		hasOut[s] = a.pattern[s] >= 0 || a.dict[s] >= 0
	}
	for i, t := range a.trans {
		if hasOut[int(t)/a.nclass] {
			a.trans[i] = t | outBit
		}
	}
	return a
}

// scan calls fn(pattern, end) for every occurrence of every pattern in text,
// in order of end offset (exclusive). fn returning false stops the scan.
func (a *automaton) scan(text []byte, fn func(pattern int32, end int) bool) {
	if a.numState <= 1 {
		return
	}
	trans, classes, nclass := a.trans, &a.classes, uint32(a.nclass)
	var s uint32
	for i := 0; i < len(text); i++ {
		t := trans[s+uint32(classes[text[i]])]
		s = t &^ outBit
		if t&outBit == 0 {
			continue
		}
		st := int32(s / nclass)
		for st >= 0 {
			if p := a.pattern[st]; p >= 0 {
				if !fn(p, i+1) {
					return
				}
			}
			st = a.dict[st]
		}
	}
}
