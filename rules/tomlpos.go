package rules

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// BurntSushi/toml keeps the positions of keys private (and keeps only one
// position per key name, so not one per [[rule]]). tomlIndex recovers them
// with a small scanner that runs over input the TOML parser has already
// accepted: it only needs to find where keys, tables and values start.
//
// A node is named by its path: the key segments from the document root, with
// the index of the element for arrays and arrays of tables, joined by NUL.

type tomlIndex struct {
	src   string
	lines []int // byte offset of each line start
	nodes map[string]nodePos
}

// nodePos holds byte offsets into src: where the node's key (or table
// header) starts and where its value starts.
type nodePos struct{ key, val int }

func pathKey(path []string) string { return strings.Join(path, "\x00") }

func newLineIndex(src string) []int {
	lines := []int{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			lines = append(lines, i+1)
		}
	}
	return lines
}

// lineCol converts a byte offset into a 1-based line and a 1-based column
// counted in code points.
func lineCol(src string, lines []int, off int) (int, int) {
	if off < 0 {
		off = 0
	}
	if off > len(src) {
		off = len(src)
	}
	l := sort.Search(len(lines), func(i int) bool { return lines[i] > off }) - 1
	if l < 0 {
		l = 0
	}
	return l + 1, utf8.RuneCountInString(src[lines[l]:off]) + 1
}

func indexTOML(src string) *tomlIndex {
	lines := newLineIndex(src)
	// About one node per line: sized once rather than grown by rehashing.
	ix := &tomlIndex{src: src, lines: lines, nodes: make(map[string]nodePos, len(lines))}
	sc := &tomlScanner{s: src, ix: ix, arrays: map[string]int{}}
	sc.run()
	return ix
}

// lookup returns the node at path, or the nearest ancestor that is known.
func (ix *tomlIndex) lookup(path []string) (nodePos, bool) {
	for n := len(path); n > 0; n-- {
		if p, ok := ix.nodes[pathKey(path[:n])]; ok {
			return p, n == len(path)
		}
	}
	return nodePos{}, false
}

// The scanner builds each node's key (pathKey of its path) in one byte
// buffer, segment by segment, and allocates a key only for a node it has
// not seen: a pack of 10,000 rules has 70,000 nodes.
type tomlScanner struct {
	s      string
	i      int
	ix     *tomlIndex
	arrays map[string]int // array-of-tables key → number of elements so far
	table  []byte         // key of the current table
	tdepth int            // its number of segments
	path   []byte         // key being built
	depth  int            // its number of segments
	segs   []string       // scratch for key segments
}

// mark is a length of the key in sc.path to go back to: bytes and
// segments (an empty first segment, from a quoted "" key, adds no byte
// but does make the next segment need a separator).
type mark struct{ n, depth int }

// push appends a segment to the key in sc.path.
func (sc *tomlScanner) push(seg string) mark {
	m := mark{len(sc.path), sc.depth}
	if sc.depth > 0 {
		sc.path = append(sc.path, 0)
	}
	sc.path = append(sc.path, seg...)
	sc.depth++
	return m
}

func (sc *tomlScanner) pushIndex(i int) mark {
	var b [20]byte
	return sc.push(string(strconv.AppendInt(b[:0], int64(i), 10)))
}

func (sc *tomlScanner) pop(m mark) { sc.path, sc.depth = sc.path[:m.n], m.depth }

// reset sets the key in sc.path to base, of depth segments.
func (sc *tomlScanner) reset(base []byte, depth int) {
	sc.path, sc.depth = append(sc.path[:0], base...), depth
}

func (sc *tomlScanner) record(key, val int) {
	if _, ok := sc.ix.nodes[string(sc.path)]; !ok {
		sc.ix.nodes[string(sc.path)] = nodePos{key: key, val: val}
	}
}

func (sc *tomlScanner) eof() bool { return sc.i >= len(sc.s) }

// skipInline skips spaces and tabs.
func (sc *tomlScanner) skipInline() {
	for sc.i < len(sc.s) && (sc.s[sc.i] == ' ' || sc.s[sc.i] == '\t') {
		sc.i++
	}
}

// skipAll skips white space, line breaks and comments.
func (sc *tomlScanner) skipAll() {
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case ' ', '\t', '\r', '\n':
			sc.i++
		case '#':
			sc.skipLine()
		default:
			return
		}
	}
}

// skipLine moves to the next line break (not past it).
func (sc *tomlScanner) skipLine() {
	if j := strings.IndexByte(sc.s[sc.i:], '\n'); j >= 0 {
		sc.i += j
	} else {
		sc.i = len(sc.s)
	}
}

func (sc *tomlScanner) run() {
	for {
		sc.skipAll()
		if sc.eof() {
			return
		}
		start := sc.i
		if sc.s[sc.i] == '[' {
			sc.header()
		} else {
			sc.keyval(sc.table, sc.tdepth)
		}
		// Whatever is left on the line is a comment (the input is valid TOML).
		sc.skipLine()
		if sc.i == start {
			sc.i++ // never loop without progress
		}
	}
}

func (sc *tomlScanner) header() {
	start := sc.i
	array := strings.HasPrefix(sc.s[sc.i:], "[[")
	if array {
		sc.i += 2
	} else {
		sc.i++
	}
	segs := sc.key()
	sc.reset(nil, 0)
	for n, seg := range segs {
		sc.push(seg)
		last := n == len(segs)-1
		if last && array {
			idx := sc.arrays[string(sc.path)]
			sc.arrays[string(sc.path)] = idx + 1
			sc.record(start, start)
			sc.pushIndex(idx)
		} else if cnt, ok := sc.arrays[string(sc.path)]; ok && !last {
			sc.pushIndex(cnt - 1)
		}
	}
	sc.record(start, start)
	sc.table, sc.tdepth = append(sc.table[:0], sc.path...), sc.depth
}

// key reads a possibly dotted key and returns its segments (in a scratch
// slice, valid until the next call).
func (sc *tomlScanner) key() []string {
	segs := sc.segs[:0]
	defer func() { sc.segs = segs[:0] }()
	for !sc.eof() {
		sc.skipInline()
		if sc.eof() {
			break
		}
		c := sc.s[sc.i]
		switch {
		case c == '"' || c == '\'':
			v, _, end := decodeString(sc.s, sc.i)
			segs = append(segs, v)
			sc.i = end
		default:
			j := sc.i
			for j < len(sc.s) && isBareKeyByte(sc.s[j]) {
				j++
			}
			if j == sc.i {
				return segs
			}
			segs = append(segs, sc.s[sc.i:j])
			sc.i = j
		}
		sc.skipInline()
		if sc.eof() || sc.s[sc.i] != '.' {
			break
		}
		sc.i++
	}
	return segs
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c >= 0x80
}

// keyval reads `key = value` under the table whose key is base (depth
// segments).
func (sc *tomlScanner) keyval(base []byte, depth int) {
	keyStart := sc.i
	segs := sc.key()
	if len(segs) == 0 {
		return
	}
	sc.reset(base, depth)
	for n, seg := range segs {
		if n > 0 {
			sc.record(keyStart, keyStart)
		}
		sc.push(seg)
	}
	sc.skipInline()
	if sc.eof() || sc.s[sc.i] != '=' {
		return
	}
	sc.i++
	sc.skipInline()
	sc.record(keyStart, sc.i)
	sc.value()
}

// value skips the value at sc.i, recording the nodes in it under the key
// in sc.path, which it leaves as it found it.
func (sc *tomlScanner) value() {
	if sc.eof() {
		return
	}
	switch sc.s[sc.i] {
	case '"', '\'':
		sc.i = skipTOMLString(sc.s, sc.i)
	case '[':
		sc.i++
		for n := 0; ; {
			sc.skipAll()
			if sc.eof() {
				return
			}
			switch sc.s[sc.i] {
			case ']':
				sc.i++
				return
			case ',':
				sc.i++
				continue
			}
			m := sc.pushIndex(n)
			start := sc.i
			sc.record(start, start)
			sc.value()
			sc.pop(m)
			if sc.i == start {
				sc.i++
			}
			n++
		}
	case '{':
		sc.i++
		base, depth := append([]byte(nil), sc.path...), sc.depth
		for {
			sc.skipAll()
			if sc.eof() {
				break
			}
			if c := sc.s[sc.i]; c == '}' {
				sc.i++
				break
			} else if c == ',' {
				sc.i++
				continue
			}
			start := sc.i
			sc.keyval(base, depth)
			if sc.i == start {
				sc.i++
			}
		}
		sc.reset(base, depth)
	default:
		// Number, boolean or date-time: runs to a delimiter.
		for sc.i < len(sc.s) && !strings.ContainsRune(",]}#\r\n", rune(sc.s[sc.i])) {
			sc.i++
		}
	}
}

// decodeString decodes the TOML string token that starts at s[i] (basic,
// literal, or their multi-line forms). It returns the value, the source byte
// offset of each byte of the value, and the offset just past the token. It is
// lenient: an unterminated token runs to the end of the input.
func decodeString(s string, i int) (string, []int, int) {
	q := s[i]
	multi := strings.HasPrefix(s[i:], strings.Repeat(string(q), 3))
	var b strings.Builder
	var offs []int
	emit := func(str string, at int) {
		b.WriteString(str)
		for range len(str) {
			offs = append(offs, at)
		}
	}
	j := i + 1
	if multi {
		j = i + 3
		// A line break right after the opening delimiter is trimmed.
		if strings.HasPrefix(s[j:], "\r\n") {
			j += 2
		} else if strings.HasPrefix(s[j:], "\n") {
			j++
		}
	}
	for j < len(s) {
		c := s[j]
		if multi {
			if strings.HasPrefix(s[j:], strings.Repeat(string(q), 3)) {
				// Up to two more quotes belong to the value.
				extra := 0
				for extra < 2 && j+3+extra < len(s) && s[j+3+extra] == q {
					extra++
				}
				for range extra {
					emit(string(q), j)
					j++
				}
				return b.String(), offs, j + 3
			}
		} else if c == q {
			return b.String(), offs, j + 1
		} else if c == '\n' {
			return b.String(), offs, j
		}
		if q == '"' && c == '\\' && j+1 < len(s) {
			e := s[j+1]
			switch e {
			case 'b':
				emit("\b", j)
			case 't':
				emit("\t", j)
			case 'n':
				emit("\n", j)
			case 'f':
				emit("\f", j)
			case 'r':
				emit("\r", j)
			case 'e':
				emit("\x1b", j)
			case '"':
				emit("\"", j)
			case '\\':
				emit("\\", j)
			case 'u', 'U', 'x':
				n := map[byte]int{'u': 4, 'U': 8, 'x': 2}[e]
				if j+2+n <= len(s) {
					if v, err := strconv.ParseUint(s[j+2:j+2+n], 16, 32); err == nil {
						emit(string(rune(v)), j)
						j += 2 + n
						continue
					}
				}
				emit(string(e), j)
			default:
				if multi && (e == ' ' || e == '\t' || e == '\r' || e == '\n') {
					// Line-ending backslash: skip white space and line breaks.
					k := j + 1
					for k < len(s) && strings.IndexByte(" \t\r\n", s[k]) >= 0 {
						k++
					}
					j = k
					continue
				}
				emit(string(e), j)
			}
			j += 2
			continue
		}
		_, w := utf8.DecodeRuneInString(s[j:])
		emit(s[j:j+w], j)
		j += w
	}
	return b.String(), offs, j
}
