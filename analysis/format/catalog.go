package format

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/rules"
	"go.yaml.in/yaml/v3"
)

// Message catalogs: the string values (not keys) of JSON and YAML files are
// prose chunks; YAML comments are comment chunks and Comments. Escapes are
// synthetic segments with their decoded text; line breaks inside a value
// (folded quoted scalars, block scalars) are synthetic "\n" segments.
// Invalid JSON or YAML gives no chunks.

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ScopeJSON scopes a JSON document: every string that is not an object key
// is a prose chunk.
func ScopeJSON(src []byte) Scoped {
	var sc Scoped
	body := src
	off := 0
	if bytes.HasPrefix(body, utf8BOM) {
		body, off = body[3:], 3
	}
	if !jsonValid(body) {
		return sc
	}
	var b chunkBuilder
	for i := off; i < len(src); i++ {
		if src[i] != '"' {
			continue
		}
		j := i + 1
		for j < len(src) && src[j] != '"' {
			if src[j] == '\\' {
				j++
			}
			j++
		}
		k := j + 1
		for k < len(src) && isASCIISpace(src[k]) {
			k++
		}
		if k >= len(src) || src[k] != ':' {
			addJSONString(&b, src, i+1, j)
			b.take(&sc, src, rules.ScopeProse)
		}
		i = j
	}
	return sc
}

// addJSONString adds the content of a JSON string, decoding escapes.
func addJSONString(b *chunkBuilder, src []byte, start, end int) {
	run := start
	for i := start; i < end; {
		if src[i] != '\\' {
			i++
			continue
		}
		b.raw(run, i)
		n, txt := jsonEscape(src[i:end])
		b.synth(i, i+n, txt)
		i += n
		run = i
	}
	b.raw(run, end)
}

// jsonEscape decodes the escape at the start of s (which starts with '\').
func jsonEscape(s []byte) (int, string) {
	if len(s) < 2 {
		return len(s), ""
	}
	switch s[1] {
	case 'u':
		r, ok := hex4(s[2:])
		if !ok {
			return 2, ""
		}
		if utf16.IsSurrogate(r) && len(s) >= 12 && s[6] == '\\' && s[7] == 'u' {
			if r2, ok := hex4(s[8:]); ok {
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					return 12, string(d)
				}
			}
		}
		if utf16.IsSurrogate(r) {
			r = utf8.RuneError
		}
		return 6, string(r)
	case 'n':
		return 2, "\n"
	case 't':
		return 2, "\t"
	case 'r':
		return 2, "\r"
	case 'b':
		return 2, "\b"
	case 'f':
		return 2, "\f"
	}
	return 2, string(s[1])
}

func hex4(s []byte) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	v, err := strconv.ParseUint(string(s[:4]), 16, 32)
	return rune(v), err == nil
}

// ScopeYAML scopes a YAML document (or stream of documents): string values
// are prose chunks, comments are comment chunks and Comments.
func ScopeYAML(src []byte) Scoped {
	var sc Scoped
	scopeYAMLRange(&sc, src, 0, len(src), false, nil)
	sortScoped(&sc)
	return sc
}

// yamlScoper scopes YAML in src[lo:hi].
type yamlScoper struct {
	src     []byte
	lo, hi  int
	lines   []int // start offsets of lines, as the YAML parser counts them
	sc      *Scoped
	front   bool     // front matter: only the values of the top-level keys in keys
	keys    []string // front matter: the keys checked
	extents [][2]int // source ranges of all scalars, to tell comments from text
	b       chunkBuilder
	// The last position offset found: line, column and byte offset.
	lastLine, lastCol, lastPos int
}

// scopeYAMLRange scopes the YAML in src[lo:hi]. With front set, only the
// values (strings, or lists of strings) of the top-level keys in keys are
// chunks and comments are
// Comments only. It reports whether the YAML parsed (and, with front, is
// one mapping or empty).
func scopeYAMLRange(sc *Scoped, src []byte, lo, hi int, front bool, keys []string) bool {
	y := &yamlScoper{src: src, lo: lo, hi: hi, sc: sc, front: front, keys: keys}
	dec := yaml.NewDecoder(bytes.NewReader(src[lo:hi]))
	var docs []*yaml.Node
	for {
		n := new(yaml.Node)
		err := dec.Decode(n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return false
		}
		docs = append(docs, n)
	}
	if front && (len(docs) > 1 || len(docs) == 1 && (len(docs[0].Content) == 0 || docs[0].Content[0].Kind != yaml.MappingNode)) {
		return false
	}
	y.indexLines()
	for _, d := range docs {
		if d.Kind == yaml.DocumentNode && len(d.Content) > 0 {
			y.node(d.Content[0], false, true)
		}
	}
	y.comments()
	return true
}

// indexLines records line starts the way the YAML scanner counts lines
// (CR, LF, CRLF, NEL, LS and PS break lines; a BOM is not a column).
func (y *yamlScoper) indexLines() {
	src := y.src[:y.hi]
	i := y.lo
	if bytes.HasPrefix(src[i:], utf8BOM) {
		i += 3
	}
	y.lines = append(y.lines[:0], i)
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\r':
			i++
			if i < len(src) && src[i] == '\n' {
				i++
			}
		case c == '\n':
			i++
		case c == 0xC2 && i+1 < len(src) && src[i+1] == 0x85:
			i += 2
		case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9):
			i += 3
		default:
			i++
			continue
		}
		y.lines = append(y.lines, i)
	}
}

// offset converts a node's 1-based line and column (in characters) to a
// byte offset, or -1.
func (y *yamlScoper) offset(line, col int) int {
	if line < 1 || line > len(y.lines) || col < 1 {
		return -1
	}
	p, c := y.lines[line-1], 1
	if y.lastLine == line && y.lastCol <= col {
		// Nodes come in document order: go on from the last one rather
		// than from the start of the line (a flow sequence of 100,000
		// items on one line would be quadratic).
		p, c = y.lastPos, y.lastCol
	}
	for ; c < col; c++ {
		if p >= y.hi {
			return -1
		}
		_, n := utf8.DecodeRune(y.src[p:y.hi])
		p += n
	}
	y.lastLine, y.lastCol, y.lastPos = line, col, p
	return p
}

// node walks a YAML node; value says whether scalars here are values (not
// keys); top says whether n is the document's root.
func (y *yamlScoper) node(n *yaml.Node, value, top bool) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			y.node(k, false, false)
			if y.front {
				if top && k.Kind == yaml.ScalarNode && slices.Contains(y.keys, k.Value) {
					y.node(v, true, false)
				} else {
					y.node(v, false, false)
				}
				continue
			}
			y.node(v, true, false)
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			y.node(c, value, false) // in front matter, a chosen key's list
		}
	case yaml.ScalarNode:
		y.scalar(n, value && n.ShortTag() == "!!str")
	}
}

// scalar finds a scalar's source range; for a checked value it adds the
// chunk.
func (y *yamlScoper) scalar(n *yaml.Node, check bool) {
	p := y.offset(n.Line, n.Column)
	if p < 0 {
		return
	}
	src := y.src[:y.hi]
	// Skip an anchor and a tag before the value.
	for p < len(src) && (src[p] == '&' || src[p] == '!') {
		for p < len(src) && !isASCIISpace(src[p]) {
			p++
		}
		for p < len(src) && isASCIISpace(src[p]) {
			p++
		}
	}
	if p >= len(src) {
		return
	}
	b := &y.b
	b.segs = b.segs[:0]
	var end int
	ok := true
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		if src[p] != '"' {
			return
		}
		end = yamlQuoted(b, src, p, '"')
	case n.Style&yaml.SingleQuotedStyle != 0:
		if src[p] != '\'' {
			return
		}
		end = yamlQuoted(b, src, p, '\'')
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		if src[p] != '|' && src[p] != '>' {
			return
		}
		// The extent starts after the header line, which may hold a comment.
		p = nextLine(src, lineEnd(src, p))
		end = yamlBlockScalar(b, src, p)
	default:
		end, ok = yamlPlain(b, src, p, n.Value)
	}
	if end > p {
		y.extents = append(y.extents, [2]int{p, end})
	}
	if check && ok {
		b.take(y.sc, y.src, rules.ScopeProse)
	}
	b.segs = b.segs[:0]
}

// yamlQuoted adds the content of a quoted scalar at src[p] and returns the
// position after its closing quote.
func yamlQuoted(b *chunkBuilder, src []byte, p int, q byte) int {
	i := p + 1
	run := i
	for i < len(src) {
		c := src[i]
		switch {
		case c == q && q == '\'' && i+1 < len(src) && src[i+1] == '\'':
			b.raw(run, i)
			b.synth(i, i+2, "'")
			i += 2
			run = i
		case c == q:
			b.raw(run, i)
			return i + 1
		case c == '\\' && q == '"' && i+1 < len(src):
			i = stringEscape(b, src, run, i, len(src), yamlEscape)
			run = i
		case c == '\n' || c == '\r':
			i = stringBreak(b, src, run, i, len(src))
			run = i
		default:
			i++
		}
	}
	b.raw(run, i)
	return i
}

// yamlEscape decodes a double-quoted escape at the start of s.
func yamlEscape(s []byte) (int, string) {
	if len(s) < 2 {
		return len(s), ""
	}
	hexN := 0
	switch s[1] {
	case 'x':
		hexN = 2
	case 'u':
		hexN = 4
	case 'U':
		hexN = 8
	case '0':
		return 2, "\x00"
	case 'a':
		return 2, "\a"
	case 'b':
		return 2, "\b"
	case 't', '\t':
		return 2, "\t"
	case 'n':
		return 2, "\n"
	case 'v':
		return 2, "\v"
	case 'f':
		return 2, "\f"
	case 'r':
		return 2, "\r"
	case 'e':
		return 2, "\x1b"
	case 'N':
		return 2, "\u0085"
	case '_':
		return 2, "\u00a0"
	case 'L':
		return 2, "\u2028"
	case 'P':
		return 2, "\u2029"
	}
	if hexN == 0 {
		_, n := utf8.DecodeRune(s[1:])
		return 1 + n, string(s[1 : 1+n])
	}
	if len(s) < 2+hexN {
		return len(s), ""
	}
	v, err := strconv.ParseUint(string(s[2:2+hexN]), 16, 32)
	if err != nil {
		return 2, ""
	}
	return 2 + hexN, string(rune(v))
}

// yamlBlockScalar adds the lines of a literal or folded block scalar whose
// content starts on the line at p, joined by synthetic "\n", and returns
// the end of its last content line.
func yamlBlockScalar(b *chunkBuilder, src []byte, p int) int {
	indent := -1
	end := p
	prevEnd := -1
	blank := 0
	for ls := p; ls < len(src); {
		le := lineEnd(src, ls)
		sp := ls
		for sp < le && src[sp] == ' ' {
			sp++
		}
		content := sp
		for content < le && (src[content] == ' ' || src[content] == '\t') {
			content++
		}
		if content == le { // blank line
			blank++
		} else {
			if indent < 0 {
				indent = sp - ls
				if indent == 0 {
					break
				}
			}
			if sp-ls < indent {
				break
			}
			ts := ls + indent
			te := le
			for te > ts && (src[te-1] == ' ' || src[te-1] == '\t') {
				te--
			}
			if prevEnd >= 0 {
				if blank > 0 {
					b.synth(prevEnd, ts, "\n\n")
				} else {
					b.synth(prevEnd, ts, "\n")
				}
			}
			b.raw(ts, te)
			prevEnd = te
			end = te
			blank = 0
		}
		if le >= len(src) {
			break
		}
		ls = nextLine(src, le)
	}
	return end
}

// yamlPlain adds a plain scalar starting at src[p], guided by its value
// (plain scalars fold line breaks into a space, or into "\n" for each blank
// line). It returns the scalar's end and whether the source matched the
// value.
func yamlPlain(b *chunkBuilder, src []byte, p int, v string) (int, bool) {
	vi := 0
	for {
		ps := p
		for p < len(src) && vi < len(v) && src[p] == v[vi] && src[p] != '\n' && src[p] != '\r' {
			p++
			vi++
		}
		if vi == len(v) {
			b.raw(ps, p)
			return p, true
		}
		// A fold: give back blanks matched before the line break.
		e := p
		for e > ps && (src[e-1] == ' ' || src[e-1] == '\t') {
			e--
		}
		vi -= p - e
		p = e
		b.raw(ps, p)
		q := p
		for q < len(src) && (src[q] == ' ' || src[q] == '\t') {
			q++
		}
		if q >= len(src) || (src[q] != '\n' && src[q] != '\r') {
			return p, false
		}
		q, breaks := skipBreaks(src, q, len(src))
		want := " "
		if breaks > 1 {
			want = strings.Repeat("\n", breaks-1)
		}
		if !strings.HasPrefix(v[vi:], want) {
			return p, false
		}
		if breaks > 1 {
			b.synth(p, q, "\n\n")
		} else {
			b.synth(p, q, "\n")
		}
		vi += len(want)
		p = q
	}
}

// comments finds the comments: '#' at the start of a line or after a blank,
// outside every scalar.
func (y *yamlScoper) comments() {
	sort.Slice(y.extents, func(i, j int) bool { return y.extents[i][0] < y.extents[j][0] })
	src := y.src[:y.hi]
	var (
		b       chunkBuilder
		prevEnd = -1 // end of the previous own-line comment's text in b
		prevLE  = -1 // end of that comment's line
	)
	flush := func() {
		b.take(y.sc, y.src, rules.ScopeComments)
		prevEnd = -1
	}
	k := 0
	for li, ls := range y.lines {
		le := y.hi
		if li+1 < len(y.lines) {
			le = lineEnd(src, ls)
		}
		hash := -1
		for i := ls; i < le; i++ {
			if src[i] != '#' || (i > ls && src[i-1] != ' ' && src[i-1] != '\t') {
				continue
			}
			for k < len(y.extents) && y.extents[k][1] <= i {
				k++
			}
			if k < len(y.extents) && y.extents[k][0] <= i {
				continue
			}
			hash = i
			break
		}
		if hash < 0 {
			flush()
			continue
		}
		ownLine := len(bytes.TrimLeft(src[ls:hash], " \t")) == 0
		ts := hash
		for ts < le && src[ts] == '#' {
			ts++
		}
		for ts < le && (src[ts] == ' ' || src[ts] == '\t') {
			ts++
		}
		te := le
		for te > ts && isASCIISpace(src[te-1]) {
			te--
		}
		y.sc.Comments = append(y.sc.Comments, Comment{Start: hash, End: te, Text: string(src[ts:te])})
		if y.front {
			continue
		}
		directive := isDirectiveText(src[ts:te])
		if directive || !ownLine || prevEnd < 0 || nextLine(src, prevLE) != ls {
			flush()
		}
		if prevEnd >= 0 {
			b.synth(prevEnd, ts, "\n")
		}
		b.raw(ts, te)
		if ownLine && !directive {
			prevEnd, prevLE = te, le
		} else {
			flush()
		}
	}
	flush()
}

// yamlBlockScalarRe matches a YAML line (trailing blanks trimmed) that ends
// with a block scalar's header ("key: |", "- >-"): the lines below it are
// its value.
var yamlBlockScalarRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(^|[:\-]\s*)[|>][-+0-9]*\s*(#.*)?$`)
})

// OpensBlockScalar reports whether a YAML line, trailing blanks trimmed,
// opens a block scalar.
func OpensBlockScalar(line []byte) bool { return yamlBlockScalarRe().Match(line) }
