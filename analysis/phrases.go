package analysis

import (
	"cmp"
	"encoding/binary"
	"math/bits"
	"slices"
	"unicode/utf8"
)

// phraseIndex matches whole-word phrases. Phrases and text are split into
// tokens — a word (a run of letters, digits, marks and underscores) or a
// single other character — and a phrase is a path of tokens in a trie whose
// edges are keyed by token hashes. Matching starts a walk at every token of
// the text; a walk ends at the first token that no phrase continues with,
// usually after one or two steps. This is Aho-Corasick anchored at word
// starts: since matches must start and end on word boundaries, no failure
// links are needed, the trie stays small whatever the number of phrases, and
// each text token costs one hash-table probe per step.
//
// Token hashes may collide; every match is verified byte for byte against
// its phrase before it is reported.
//
// The tables hold node references: the node number with flags saying
// whether any pattern ends at the node and whether any edge leaves it, so
// a walk touches the per-node output list only where a pattern ends and
// stops at a leaf without a lookup.
type phraseIndex struct {
	roots    edgeTable             // first token hash → node; small, so it stays in cache
	edges    edgeTable             // mix(node, token key) → child node, for later tokens
	exact    map[[2]uint64]nodeVal // used instead of edges if two edges' mixed keys collide
	out      [][]int32             // per node: patterns ending here
	patterns []string
	nodes    int32
}

// A node reference: the node number and two flags.
const (
	refOut  = 1 << 30 // a pattern ends at the node
	refKids = 1 << 31 // an edge leaves the node
	refNode = refOut - 1
)

// nodeVal is what a table holds for a node: its reference and a filter of
// the edges leaving it, bit kidBit(mixEdge(node, key)) set for each edge,
// so that most tokens that continue no phrase are rejected with the data
// of the node's own slot, without another table lookup.
type nodeVal struct {
	ref  uint32
	kids uint64
}

func kidBit(mixed uint64) uint64 { return 1 << (mixed >> 58) }

// edgeTable is a frozen open-addressing hash table from mixed 64-bit edge
// keys to child nodes, with linear probing and a load factor of at most
// 1/2. A slot packs a 32-bit fingerprint of its key with the child node in
// eight bytes, so a table of tens of thousands of edges stays in cache. The
// table is built from exact edges and checked: if any key's lookup would
// stop at another key's slot (same fingerprint earlier on its probe chain),
// it is rebuilt with another seed, so lookups of real edges are exact. A
// lookup of a key that is not an edge may still hit a fingerprint; that only
// adds candidates, and every match is verified byte for byte.
//
// In front of the slots, a one-bit-per-key filter (a Bloom filter with one
// hash function, about 1/16 full) rejects most keys that are not edges
// with one load from a bit set a fraction of the slots' size, before any
// probing: most text words start no phrase, or continue none.
type edgeTable struct {
	slots []uint64 // pairs: fingerprint<<32 | child ref (0 = empty), child's kid filter
	seed  uint64
	bloom []uint64 // bit k>>shift set for every key k
	shift uint8
}

// mayHave reports whether k may be a key (false: certainly not).
func (t *edgeTable) mayHave(k uint64) bool {
	b := k >> (t.shift & 63) // shift < 64: the mask spares the compiler a check
	return t.bloom[b>>6]&(1<<(b&63)) != 0
}

func (t *edgeTable) mix(k uint64) uint64 {
	h := k ^ t.seed
	h ^= h >> 33
	h *= 0xFF51AFD7ED558CCD
	h ^= h >> 33
	return h
}

func (t *edgeTable) get(k uint64) (nodeVal, bool) {
	if len(t.slots) == 0 || !t.mayHave(k) {
		return nodeVal{}, false
	}
	return t.probe(k)
}

// probe is get for a key that passed the filter, in a table with slots.
func (t *edgeTable) probe(k uint64) (nodeVal, bool) {
	h := t.mix(k)
	fp := uint64(uint32(h>>32) | 1)
	mask := uint64(len(t.slots)/2 - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[2*i]
		if s>>32 == fp {
			return nodeVal{ref: uint32(s), kids: t.slots[2*i+1]}, true
		}
		if s == 0 {
			return nodeVal{}, false
		}
	}
}

// freezeEdges builds the table for edges (key → child).
func freezeEdges(edges map[uint64]nodeVal) edgeTable {
	pairs := make([]edgeKV, 0, len(edges))
	for k, v := range edges {
		pairs = append(pairs, edgeKV{k, v})
	}
	sortEdgeKVs(pairs)
	return freezePairs(pairs)
}

// edgeKV is one edge: key and child.
type edgeKV struct {
	k uint64
	v nodeVal
}

func sortEdgeKVs(pairs []edgeKV) {
	slices.SortFunc(pairs, func(a, b edgeKV) int { return cmp.Compare(a.k, b.k) }) // deterministic layout
}

// freezePairs builds the table for edges sorted by key, without duplicate
// keys.
func freezePairs(pairs []edgeKV) edgeTable {
	size := 16
	for size < 2*len(pairs) {
		size *= 2
	}
	keys := make([]uint64, len(pairs))
	for i, p := range pairs {
		keys[i] = p.k
	}
	bloom, shift := newBloom(keys)
	for seed := uint64(0x9E3779B97F4A7C15); ; seed = seed*6364136223846793005 + 1442695040888963407 {
		t := edgeTable{slots: make([]uint64, 2*size), seed: seed, bloom: bloom, shift: shift}
		mask := uint64(size - 1)
		for _, p := range pairs {
			h := t.mix(p.k)
			fp := uint64(uint32(h>>32) | 1)
			i := h & mask
			for t.slots[2*i] != 0 {
				i = (i + 1) & mask
			}
			t.slots[2*i] = fp<<32 | uint64(p.v.ref)
			t.slots[2*i+1] = p.v.kids
		}
		ok := true
		for _, p := range pairs {
			if v, found := t.get(p.k); !found || v != p.v {
				ok = false
				break
			}
		}
		if ok {
			return t
		}
	}
}

// newBloom returns a bit set of at least 16 bits per key (at least 512),
// with bit k>>shift set for every key k, and shift.
func newBloom(keys []uint64) ([]uint64, uint8) {
	logBits := 9
	for 1<<logBits < 16*len(keys) {
		logBits++
	}
	bloom := make([]uint64, 1<<logBits/64)
	shift := uint8(64 - logBits)
	for _, k := range keys {
		b := k >> shift
		bloom[b>>6] |= 1 << (b & 63)
	}
	return bloom, shift
}

// token is one token of normalized text.
type token struct {
	start, end int32
	hash       uint64 // hash of the token's bytes
	spaced     bool   // a space precedes it
	brk        bool   // a separator no phrase crosses
}

// key is the edge key of a token that continues a phrase: the space before
// it matters ("pass-through" is not "pass - through").
func (t token) key() uint64 {
	if t.spaced {
		return t.hash ^ spaceMark
	}
	return t.hash
}

const spaceMark = 0x9E3779B97F4A7C15

// hashBytes hashes a token, eight bytes at a time.
func hashBytes(p []byte) uint64 {
	h := uint64(len(p)) * 0x9E3779B97F4A7C15
	for len(p) >= 8 {
		h = (h ^ binary.LittleEndian.Uint64(p)) * 0xFF51AFD7ED558CCD
		h ^= h >> 32
		p = p[8:]
	}
	if len(p) > 0 {
		var v uint64
		if cap(p) >= 8 {
			// Load eight bytes at once and keep the token's.
			v = binary.LittleEndian.Uint64(p[:8]) & (1<<(8*uint(len(p))) - 1)
		} else {
			for i, c := range p {
				v |= uint64(c) << (8 * i)
			}
		}
		h = (h ^ v) * 0xC4CEB9FE1A85EC53
		h ^= h >> 29
	}
	return h
}

// hashMid is hashBytes of 8+n bytes: x then the first n bytes of x1
// (little-endian), for n in 0..7.
func hashMid(x, x1 uint64, n int) uint64 {
	h := uint64(8+n) * 0x9E3779B97F4A7C15
	h = (h ^ x) * 0xFF51AFD7ED558CCD
	h ^= h >> 32
	if n > 0 {
		h = (h ^ (x1 & (1<<(8*uint(n)) - 1))) * 0xC4CEB9FE1A85EC53
		h ^= h >> 29
	}
	return h
}

// appendToken appends a word token. It writes the fields in place: a
// token built as a composite literal is assembled on the stack and copied,
// and that copy stalls on the partial writes just made.
func appendToken(toks []token, start, end int, hash uint64, spaced bool) []token {
	if len(toks) == cap(toks) {
		toks = append(toks, token{})[:len(toks)]
	}
	toks = toks[:len(toks)+1]
	t := &toks[len(toks)-1]
	t.start, t.end, t.hash, t.spaced, t.brk = int32(start), int32(end), hash, spaced, false
	return toks
}

// hashShort is hashBytes of the first n bytes of x (little-endian), for
// n in 1..7.
func hashShort(x uint64, n int) uint64 {
	h := uint64(n) * 0x9E3779B97F4A7C15
	h = (h ^ (x & (1<<(8*uint(n)) - 1))) * 0xC4CEB9FE1A85EC53
	return h ^ h>>29
}

// nonWord8 returns the high bit of every byte of x that is not an ASCII
// word byte (letter, digit or underscore); bytes >= 0x80 are not.
// Written out (range and equality tests without their masks, applied once
// at the end) so that it inlines.
func nonWord8(x uint64) uint64 {
	x7 := x &^ msb8
	word := (x7 + (0x80-'0')*lsb8) &^ (x7 + (0x7F-'9')*lsb8)
	l := x7 | 0x20*lsb8 // letters in lower case, '_' (and DEL) 0x7F
	word |= (l + (0x80-'a')*lsb8) &^ (l + (0x7F-'z')*lsb8)
	// '_' is the 0x7F of l whose bit 5 is clear (DEL's is set); x7<<2
	// moves bit 5 to the high bit of the same byte.
	word |= (l + lsb8) &^ (x7 << 2)
	return (^word | x) & msb8
}

func mixEdge(node int32, key uint64) uint64 {
	h := key ^ (uint64(node) * 0xBF58476D1CE4E5B9)
	h ^= h >> 31
	h *= 0x94D049BB133111EB
	h ^= h >> 29
	return h
}

// tokenize appends the tokens of text[from:to] to toks. Spaces separate
// tokens; hardSep, chunkSep and codeSep are tokens that no phrase contains.
func tokenize(text []byte, from, to int, toks []token) []token {
	space := true
	text = text[:to]
	for i := from; i < len(text); {
		i, toks, space = wordLane(text, i, toks, space)
		if i >= len(text) {
			break
		}
		c := text[i]
		start := i
		if asciiWordByte[c] {
			// Fast path: an ASCII word, found and hashed eight bytes at
			// a time.
			if i+8 <= len(text) {
				x := binary.LittleEndian.Uint64(text[i:])
				if nw := nonWord8(x); nw != 0 { // inlined
					// The word ends inside these eight bytes.
					n := bits.TrailingZeros64(nw) >> 3
					i += n
					if text[i] < utf8.RuneSelf {
						toks = appendToken(toks, start, i, hashShort(x, n), space)
						// Take the usual single space after a word here.
						space = text[i] == ' '
						if space {
							i++
						}
						continue
					}
					i = start // a word that goes on with non-ASCII letters
				} else {
					i += 8
					if i+8 <= len(text) {
						// A word of 8 to 15 bytes, the next most usual.
						x1 := binary.LittleEndian.Uint64(text[i:])
						if nw := nonWord8(x1); nw != 0 {
							n := bits.TrailingZeros64(nw) >> 3
							i += n
							if text[i] < utf8.RuneSelf {
								toks = appendToken(toks, start, i, hashMid(x, x1, n), space)
								space = false
								continue
							}
							i = start
							goto slow
						}
					}
					for i+8 <= len(text) {
						nw := nonWord8(binary.LittleEndian.Uint64(text[i:]))
						if nw != 0 {
							i += bits.TrailingZeros64(nw) >> 3
							goto wordEnd
						}
						i += 8
					}
					for i < len(text) && text[i] < utf8.RuneSelf && asciiWord[text[i]] {
						i++
					}
				wordEnd:
					if i == len(text) || text[i] < utf8.RuneSelf {
						toks = appendToken(toks, start, i, hashBytes(text[start:i]), space)
						space = false
						continue
					}
					i = start
				}
			} else {
				i++
				for i < len(text) && text[i] < utf8.RuneSelf && asciiWord[text[i]] {
					i++
				}
				if i == len(text) || text[i] < utf8.RuneSelf {
					toks = append(toks, token{start: int32(start), end: int32(i), hash: hashBytes(text[start:i]), spaced: space})
					space = false
					continue
				}
				i = start // a word that goes on with non-ASCII letters
			}
		}
	slow:
		switch {
		case c == ' ':
			space = true
			i++
			continue
		case c == chunkSep || c == hardSep || c == codeSep:
			toks = append(toks, token{start: int32(i), end: int32(i + 1), brk: true})
			space = true
			i++
			continue
		}
		if isWordByteAt(text, i) {
			for i < len(text) {
				c := text[i]
				if c < utf8.RuneSelf {
					if !asciiWord[c] {
						break
					}
					i++
					continue
				}
				r, w := utf8.DecodeRune(text[i:])
				if !isWordRune(r) {
					break
				}
				i += w
			}
		} else {
			w := 1
			if c >= utf8.RuneSelf {
				_, w = utf8.DecodeRune(text[i:])
			}
			i += w
		}
		h := hashBytes(text[start:i])
		toks = append(toks, token{start: int32(start), end: int32(i), hash: h, spaced: space})
		space = false
	}
	return toks
}

// wordLane appends the tokens of the ASCII words of 1 to 15 bytes and of
// the other ASCII characters that start at text[i:], one after another,
// each found and hashed from one or two eight-byte loads and followed by
// an ASCII byte; it takes the spaces between them. It returns where it
// stopped (at anything else: separators, longer or non-ASCII words, the
// text's last 16 bytes), the tokens
// and whether a space precedes the stop: tokenize's general path does the
// same for these words, only with more work per word. A leaf function, so
// that the loop keeps its state in registers.
func wordLane(text []byte, i int, toks []token, space bool) (int, []token, bool) {
	// Tokens go into the room toks has: no growing inside the loop, whose
	// state then stays in registers (the general path grows toks).
	buf := toks[:cap(toks)]
	k := len(toks)
loop:
	for k < len(buf) && i >= 0 && i <= len(text)-16 {
		p := text[i : i+16 : i+16] // one bounds check for both loads
		x := binary.LittleEndian.Uint64(p[0:8])
		nw := nonWord8(x)
		var n int
		var h uint64
		var next byte
		if nw&0x80 != 0 {
			// Not a word: another ASCII character is a token of its own
			// (a full stop, a comma), a space sets space.
			switch c := byte(x); {
			case c == ' ':
				space = true
				i++
				continue
			case c >= utf8.RuneSelf || c == chunkSep || c == hardSep || c == codeSep:
				break loop
			}
			n = 1
			next = byte(x >> 8)
			h = hashShort(x, 1)
		} else if nw != 0 {
			n = bits.TrailingZeros64(nw) >> 3
			next = byte(x >> (8 * uint(n)))
			h = hashShort(x, n)
		} else {
			x1 := binary.LittleEndian.Uint64(p[8:16])
			nw1 := nonWord8(x1)
			if nw1 == 0 {
				break // 16 bytes or more
			}
			m := bits.TrailingZeros64(nw1) >> 3
			next = byte(x1 >> (8 * uint(m)))
			h = hashMid(x, x1, m)
			n = 8 + m
		}
		if next >= utf8.RuneSelf {
			break
		}
		t := &buf[k]
		t.start, t.end, t.hash, t.spaced, t.brk = int32(i), int32(i+n), h, space, false
		k++
		i += n
		space = next == ' '
		if space {
			i++
		}
	}
	return i, buf[:k], space
}

// asciiWordByte is asciiWord for every byte value (false from 0x80).
var asciiWordByte = func() (t [256]bool) {
	copy(t[:], asciiWord[:])
	return
}()

var asciiWord = func() (t [128]bool) {
	for i := range t {
		c := byte(i)
		t[i] = c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
	}
	return
}()

func isWordByteAt(text []byte, i int) bool {
	c := text[i]
	if c < utf8.RuneSelf {
		return asciiWord[c]
	}
	r, _ := utf8.DecodeRune(text[i:])
	return isWordRune(r)
}

func newPhraseIndex(patterns []string) *phraseIndex {
	return buildPhraseIndex(patterns, false)
}

// buildPhraseIndex builds the index; exactEdges forces the exact edge map
// (tests).
func buildPhraseIndex(patterns []string, exactEdges bool) *phraseIndex {
	x := &phraseIndex{out: make([][]int32, 1, len(patterns)+len(patterns)/2+1), patterns: patterns, nodes: 1}
	// Build with exact keys, then freeze into compact tables.
	type edge struct {
		node int32
		key  uint64
	}
	roots := map[uint64]int32{}
	// About one edge per phrase or more: sized once rather than grown by
	// rehashing (a million template expansions).
	edges := make(map[edge]int32, len(patterns))
	var toks []token
	for pi, p := range patterns {
		toks = tokenize([]byte(p), 0, len(p), toks[:0])
		if len(toks) == 0 {
			continue
		}
		node := int32(0)
		for ti, t := range toks {
			var child int32
			var ok bool
			if ti == 0 {
				// Whatever precedes a phrase's first token does not matter.
				child, ok = roots[t.hash]
			} else {
				child, ok = edges[edge{node, t.key()}]
			}
			if !ok {
				child = x.nodes
				x.nodes++
				x.out = append(x.out, nil)
				if ti == 0 {
					roots[t.hash] = child
				} else {
					edges[edge{node, t.key()}] = child
				}
			}
			node = child
		}
		x.out[node] = append(x.out[node], int32(pi))
	}
	if x.nodes > refNode {
		panic("phraseIndex: too many phrase tokens")
	}
	// Node references carry the node's flags, and values the node's
	// kid filter.
	kids := make([]uint64, x.nodes)
	for e := range edges {
		kids[e.node] |= kidBit(mixEdge(e.node, e.key))
	}
	val := func(n int32) nodeVal {
		r := uint32(n)
		if len(x.out[n]) > 0 {
			r |= refOut
		}
		if kids[n] != 0 {
			r |= refKids
		}
		return nodeVal{ref: r, kids: kids[n]}
	}
	rootVals := make(map[uint64]nodeVal, len(roots))
	for k, n := range roots {
		rootVals[k] = val(n)
	}
	x.roots = freezeEdges(rootVals)
	mixed := make([]edgeKV, 0, len(edges))
	for e, child := range edges {
		mixed = append(mixed, edgeKV{mixEdge(e.node, e.key), val(child)})
	}
	sortEdgeKVs(mixed)
	for i := 1; i < len(mixed) && !exactEdges; i++ {
		if mixed[i].k == mixed[i-1].k {
			exactEdges = true
		}
	}
	if exactEdges {
		// Two exact edges mix to the same 64-bit key: keep both
		// reachable by falling back to exact lookups.
		x.exact = map[[2]uint64]nodeVal{}
		for e, child := range edges {
			x.exact[[2]uint64{uint64(e.node), e.key}] = val(child)
		}
		return x
	}
	x.edges = freezePairs(mixed)
	return x
}

// next follows the edge from node on a token key (mixed: mixEdge(node,
// key)).
func (x *phraseIndex) next(node int32, key, mixed uint64) (nodeVal, bool) {
	if x.exact != nil {
		c, ok := x.exact[[2]uint64{uint64(node), key}]
		return c, ok
	}
	return x.edges.get(mixed)
}

// scan calls fn(pattern, start, end) for every phrase occurring in text at
// token boundaries, ordered by start.
func (x *phraseIndex) scan(text []byte, toks []token, fn func(p int32, start, end int)) {
	if len(x.patterns) == 0 || len(x.roots.slots) == 0 {
		return
	}
	// Most tokens start no phrase: the roots' filter, inlined here and
	// held in locals, rejects them without a call.
	bloom, shift := x.roots.bloom, x.roots.shift
	for i := range toks {
		first := &toks[i]
		if first.brk {
			continue
		}
		if b := first.hash >> (shift & 63); bloom[b>>6]&(1<<(b&63)) == 0 {
			continue
		}
		v, ok := x.roots.probe(first.hash) // the filter passed just above
		if !ok {
			continue
		}
		for j := i; ; {
			if v.ref&refOut != 0 {
				s, e := int(first.start), int(toks[j].end)
				for _, p := range x.out[v.ref&refNode] {
					if string(text[s:e]) == x.patterns[p] {
						fn(p, s, e)
					}
				}
			}
			j++
			if v.ref&refKids == 0 || j >= len(toks) || toks[j].brk {
				break
			}
			node, key := int32(v.ref&refNode), toks[j].key()
			mixed := mixEdge(node, key)
			if v.kids&kidBit(mixed) == 0 {
				break
			}
			if v, ok = x.next(node, key, mixed); !ok {
				break
			}
		}
	}
}
