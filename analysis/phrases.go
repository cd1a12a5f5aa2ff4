package analysis

import (
	"encoding/binary"
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
type phraseIndex struct {
	edges    edgeTable // mix(node, token key) → child node
	out      [][]int32 // per node: patterns ending here
	patterns []string
	nodes    int32
}

// edgeTable is an open-addressing hash table from mixed edge keys (never
// zero) to child nodes, with linear probing and a load factor of at most
// one half.
type edgeTable struct {
	keys []uint64
	vals []int32
	n    int
}

func (t *edgeTable) get(k uint64) (int32, bool) {
	if len(t.keys) == 0 {
		return 0, false
	}
	mask := uint64(len(t.keys) - 1)
	for i := k & mask; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

func (t *edgeTable) put(k uint64, v int32) {
	if 2*(t.n+1) > len(t.keys) {
		old, oldv := t.keys, t.vals
		size := 16
		for size < 4*(t.n+1) {
			size *= 2
		}
		t.keys, t.vals, t.n = make([]uint64, size), make([]int32, size), 0
		for i, ok := range old {
			if ok != 0 {
				t.put(ok, oldv[i])
			}
		}
	}
	mask := uint64(len(t.keys) - 1)
	for i := k & mask; ; i = (i + 1) & mask {
		if t.keys[i] == 0 {
			t.keys[i], t.vals[i] = k, v
			t.n++
			return
		}
		if t.keys[i] == k {
			t.vals[i] = v
			return
		}
	}
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
		for i, c := range p {
			v |= uint64(c) << (8 * i)
		}
		h = (h ^ v) * 0xC4CEB9FE1A85EC53
		h ^= h >> 29
	}
	return h
}

func mixEdge(node int32, key uint64) uint64 {
	h := key ^ (uint64(node) * 0xBF58476D1CE4E5B9)
	h ^= h >> 31
	h *= 0x94D049BB133111EB
	h ^= h >> 29
	if h == 0 {
		h = 1
	}
	return h
}

// tokenize appends the tokens of text[from:to] to toks. Spaces separate
// tokens; hardSep and chunkSep are tokens that no phrase contains.
func tokenize(text []byte, from, to int, toks []token) []token {
	space := true
	text = text[:to]
	for i := from; i < len(text); {
		c := text[i]
		switch {
		case c == ' ':
			space = true
			i++
			continue
		case c == chunkSep || c == hardSep:
			toks = append(toks, token{start: int32(i), end: int32(i + 1), brk: true})
			space = true
			i++
			continue
		}
		start := i
		if c < utf8.RuneSelf && asciiWord[c] {
			// Fast path: an ASCII word, hashed eight bytes at a time.
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
	x := &phraseIndex{out: [][]int32{nil}, patterns: patterns, nodes: 1}
	var toks []token
	for pi, p := range patterns {
		toks = tokenize([]byte(p), 0, len(p), toks[:0])
		if len(toks) == 0 {
			continue
		}
		node := int32(0)
		for ti, t := range toks {
			key := t.key()
			if ti == 0 {
				key = t.hash // whatever precedes a phrase's first token
			}
			e := mixEdge(node, key)
			child, ok := x.edges.get(e)
			if !ok {
				child = x.nodes
				x.nodes++
				x.edges.put(e, child)
				x.out = append(x.out, nil)
			}
			node = child
		}
		x.out[node] = append(x.out[node], int32(pi))
	}
	return x
}

// scan calls fn(pattern, start, end) for every phrase occurring in text at
// token boundaries, ordered by start.
func (x *phraseIndex) scan(text []byte, toks []token, fn func(p int32, start, end int)) {
	if len(x.patterns) == 0 {
		return
	}
	for i := range toks {
		first := toks[i]
		if first.brk {
			continue
		}
		node, ok := x.edges.get(mixEdge(0, first.hash))
		if !ok {
			continue
		}
		for j := i; ; {
			for _, p := range x.out[node] {
				s, e := int(first.start), int(toks[j].end)
				if string(text[s:e]) == x.patterns[p] {
					fn(p, s, e)
				}
			}
			j++
			if j >= len(toks) || toks[j].brk {
				break
			}
			node, ok = x.edges.get(mixEdge(node, toks[j].key()))
			if !ok {
				break
			}
		}
	}
}
