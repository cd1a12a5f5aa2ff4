package analysis

import "strings"

// How the prefilter finds the next place a match can start: by the rarer
// of the bytes a match can begin with and the bytes that can come second
// (when the first is one ASCII character), in prose as byteFreq estimates
// it; a few rare bytes with strings.IndexByte (each with a cursor that
// only moves forward), a common first byte through the two-byte prefixes
// when there are some, else a table lookup per byte.
type byteScan struct {
	off   int       // 0: look for a first byte; 1: a second one
	set   [256]bool // the bytes looked for
	bytes []byte    // few and rare: looked for with IndexByte
	pairs bool      // look for the prefixes' first two bytes
}

// Limits of the IndexByte search: how many bytes, and how frequent each
// (per mille).
const (
	maxScanBytes    = 3
	maxScanByteFreq = 10
	// a first byte this frequent (per mille) is looked for through the
	// prefixes' first two bytes, when every prefix has two
	pairsFreq = 60
)

// byteFreq estimates how often each byte occurs in English prose and
// Markdown, per mille (at least 1).
var byteFreq = func() (t [256]int) {
	for i := range t {
		t[i] = 1
	}
	for i, f := range [26]int{58, 11, 22, 28, 90, 16, 14, 35, 52, 1, 5, 30, 18, 52, 55, 15, 1, 46, 48, 65, 20, 7, 13, 2, 12, 1} {
		t['a'+i] = f
		t['A'+i] = 2
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = 3
	}
	t[' '], t['\n'], t['.'], t[','], t['`'], t['-'], t['/'] = 150, 20, 10, 9, 5, 4, 3
	t['A'], t['I'], t['T'] = 3, 3, 3
	return t
}()

func setFreq(set *[256]bool) (f, n int) {
	for b, in := range set {
		if in {
			f += byteFreq[b]
			n++
		}
	}
	return f, n
}

// newByteScan chooses how f's candidates are found.
func newByteScan(f *regexFilter) byteScan {
	sc := byteScan{set: f.first}
	cost, n := setFreq(&f.first)
	if f.second != nil {
		if c2, n2 := setFreq(f.second); c2 < cost {
			sc.off, sc.set, cost, n = 1, *f.second, c2, n2
		}
	}
	if n <= maxScanBytes {
		var bytes []byte
		for b, in := range sc.set {
			if in && byteFreq[b] <= maxScanByteFreq {
				bytes = append(bytes, byte(b))
			}
		}
		if len(bytes) == n {
			sc.bytes = bytes
			return sc
		}
	}
	if sc.off == 0 && f.pairs != nil && cost >= pairsFreq {
		sc.pairs = true
	}
	return sc
}

// scanState is a search's cursors: where each of byteScan.bytes next
// occurs (-2: not looked for yet, -1: nowhere further).
type scanState struct {
	next [maxScanBytes]int
	work int // bytes read
}

func newScanState() scanState {
	return scanState{next: [maxScanBytes]int{-2, -2, -2}}
}

// nextCandidate is the first s' ≥ s where a match can begin as far as
// its first two bytes tell (f.first, f.second), or len(text).
func (f *regexFilter) nextCandidate(text string, s int, st *scanState) int {
	sc := &f.scan
	for s < len(text) {
		from := s + sc.off
		i := -1
		switch {
		case sc.bytes != nil:
			for k, b := range sc.bytes {
				p := st.next[k]
				if p == -1 {
					continue
				}
				if p < from {
					j := -1
					if from < len(text) {
						j = strings.IndexByte(text[from:], b)
					}
					if j < 0 {
						st.work += len(text) - from
						st.next[k] = -1
						continue
					}
					st.work += j + 1
					p = from + j
					st.next[k] = p
				}
				if i < 0 || p < i {
					i = p
				}
			}
		case sc.pairs:
			pairs, j := f.pairs, from
			for ; j+1 < len(text); j++ {
				if k := int(text[j])<<8 | int(text[j+1]); pairs[k>>6]&(1<<(k&63)) != 0 {
					i = j
					break
				}
			}
			st.work += j - from + 1
		default:
			j := from
			for j < len(text) && !sc.set[text[j]] {
				j++
			}
			st.work += j - from + 1
			if j < len(text) {
				i = j
			}
		}
		if i < 0 {
			return len(text)
		}
		c := i - sc.off
		if f.first[text[c]] && (f.second == nil || c+1 < len(text) && f.second[text[c+1]]) {
			return c
		}
		s = c + 1
	}
	return len(text)
}
