package analysis

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"unicode"
	"unicode/utf8"
)

// A regexFilter finds exactly the non-empty matches that
// regexp.FindAllStringIndex would (in order, without the empty ones), but
// runs the regex only where a match can start: at a byte that can begin
// one, where a literal prefix of the pattern is written (case folded as
// the pattern folds it), where the pattern's leading \b, ^ or \B holds,
// and, for a pattern that begins with a run (`[^,]+…`), not inside such a
// run. At each such place it runs the regex anchored there, with the text
// before it still in view (so \b and (?m)^ see the preceding character).
//
// Why this equals the unanchored search: FindAll's next match is the
// leftmost match at or after its position, and, among matches starting
// there, the one the regex prefers. Every match starts at a candidate, so
// the first candidate with an anchored match is the leftmost start, and
// the anchored match there is the preferred one. A pattern that can match
// the empty string (then every position is a candidate) or text that is
// not valid UTF-8 (rune boundaries) takes the plain search; so does a
// chunk where candidates turn out to be too many to pay off.
type regexFilter struct {
	re    *regexp.Regexp // the pattern as written (with its flags)
	begin *regexp.Regexp // ^(?:re): anchored at the text's start
	after *regexp.Regexp // ^(?s:.)(?:re): anchored after the rune before
	plain bool           // no prefilter: always the plain search
	// maxLen bounds a match's length in bytes (-1: unbounded); the
	// anchored search then reads only that much text and one byte more.
	maxLen int
	// wsRuns bounds the runs of ASCII white space a match can touch
	// (-1: unbounded); for an unbounded maxLen the anchored search then
	// reads only up to the run after those, and that run's first byte.
	wsRuns int
	// second: for a pattern that begins with one ASCII byte, the bytes
	// that can follow it (nil: any).
	second *[256]bool
	// needs: every match holds one literal of each (prefilter_needs.go).
	needs []need
	scan  byteScan // how candidates are found (prefilter_scan.go)
	// tail: a part of the pattern every match ends with, found cheaply
	// (prefilter_tail.go); a text where it has no match has none.
	tail *regexFilter

	first [256]bool // bytes a match can begin with

	// runStart: the pattern begins with X+ (X one character); a match
	// never starts right after a character of X except at the search
	// position (a match there extends to the left). inRun holds X's
	// ASCII bytes.
	runStart bool
	inRun    [128]bool

	// Literal prefixes: every match begins with one of these strings at
	// a position where one of its conditions (leading assertions) holds.
	// nil: no prefix known beyond the first byte.
	prefixes map[string][]syntax.EmptyOp
	lens     []int // the prefixes' distinct lengths
	// pairs: when every prefix has two bytes or more, their first two
	// bytes (bit b0<<8|b1), a cheap test before the map.
	pairs  *[1 << 16 / 64]uint64
	common syntax.EmptyOp // assertions every prefix requires
}

// Limits of the prefix expansion: how many strings, and how many
// characters a class may have to be expanded.
const (
	maxPrefixStrings = 512
	maxClassRunes    = 16
)

// newRegexFilter builds the filter for re, compiled from expr.
func newRegexFilter(expr string, re *regexp.Regexp) *regexFilter {
	return newFilter(expr, re, true)
}

// newFilter is newRegexFilter; withTail: look for a tail.
func newFilter(expr string, re *regexp.Regexp, withTail bool) *regexFilter {
	f := &regexFilter{re: re, plain: true, maxLen: -1}
	tree, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return f
	}
	tree = tree.Simplify()
	f.needs = requiredNeeds(tree)
	defer func() {
		if withTail && f.maxLen < 0 && (f.plain || f.scan.bytes == nil && !strongPrefixes(f.prefixes)) {
			// Weak candidates: look for the tail first.
			f.tail = tailFilter(tree)
		}
	}()
	if minLen(tree) == 0 {
		return f // can match empty: every position is a candidate
	}
	begin, err1 := regexp.Compile(`^(?:` + expr + `)`)
	after, err2 := regexp.Compile(`^(?s:.)(?:` + expr + `)`)
	if err1 != nil || err2 != nil {
		return f
	}
	f.begin, f.after, f.plain = begin, after, false
	f.maxLen = maxLen(tree)
	f.wsRuns = wsRuns(tree)
	if sec, ok := secondBytes(tree); ok {
		f.second = &sec
	}
	f.first, _ = firstBytes(tree)

	if x := leadingRun(tree); x != nil {
		f.runStart = true
		for b := range 128 {
			f.inRun[b] = charMatches(x, rune(b))
		}
	}

	set, _, ok := prefixSet(tree)
	if ok && len(set) > 0 {
		useful := false
		for _, p := range set {
			if p.s != "" || p.cond != 0 {
				useful = true
			}
		}
		if useful {
			f.prefixes = map[string][]syntax.EmptyOp{}
			f.common = ^syntax.EmptyOp(0)
			seen := map[int]bool{}
			f.pairs = new([1 << 16 / 64]uint64)
			for _, p := range set {
				if f.pairs != nil && len(p.s) < 2 {
					f.pairs = nil
				}
				if f.pairs != nil {
					k := int(p.s[0])<<8 | int(p.s[1])
					f.pairs[k/64] |= 1 << (k % 64)
				}
				f.prefixes[p.s] = append(f.prefixes[p.s], p.cond)
				f.common &= p.cond
				if !seen[len(p.s)] {
					seen[len(p.s)] = true
					f.lens = append(f.lens, len(p.s))
				}
			}
		}
	}
	if f.maxLen < 0 && f.wsRuns < 0 && !f.runStart && f.second == nil && !strongPrefixes(f.prefixes) {
		// Matches may run on across the text from any of many places:
		// anchored searches there would read the same text again and
		// again.
		f.plain = true
	}
	if strongPrefixes(f.prefixes) {
		// A need every prefix starts with is checked by prefixAt.
		f.needs = slices.DeleteFunc(f.needs, func(n need) bool { return n.startsEvery(f.prefixes) })
	}
	f.scan = newByteScan(f)
	return f
}

// strongPrefixes reports literal prefixes none of which is empty.
func strongPrefixes(p map[string][]syntax.EmptyOp) bool {
	if p == nil {
		return false
	}
	_, empty := p[""]
	return !empty
}

// findAll appends the non-empty matches of the pattern in text to dst,
// as FindAllStringIndex would find them.
func (f *regexFilter) findAll(text string, dst [][2]int) [][2]int {
	dst, _ = f.find(text, dst)
	return dst
}

// find is findAll, and the work it did: bytes read by its scans and
// searches, and handed to the regexp package (the scaling test counts
// it; the plain search counts the whole text).
func (f *regexFilter) find(text string, dst [][2]int) ([][2]int, int) {
	return f.search(text, dst, false)
}

// search is find; first: stop at the first match.
func (f *regexFilter) search(text string, dst [][2]int, first bool) ([][2]int, int) {
	var cur needCursors
	cur.reset(f.needs)
	for k, base := 0, 0; k < len(f.needs); k++ {
		if cur.next(&f.needs[k], base, text, 0) < 0 {
			return dst, cur.work // a literal every match needs is missing
		}
		base += len(f.needs[k].lits)
	}
	if f.tail != nil {
		m, w := f.tail.search(text, nil, true)
		if cur.work += w; len(m) == 0 {
			return dst, cur.work // what every match ends with is missing
		}
	}
	if first && (f.plain || !utf8.ValidString(text)) {
		if m := f.re.FindStringIndex(text); m != nil && m[1] > m[0] {
			return append(dst, [2]int{m[0], m[1]}), cur.work + len(text)
		}
		// (an empty first match: the full search below)
	}
	if f.plain || !utf8.ValidString(text) {
		return f.plainFrom(text, 0, dst), cur.work + len(text)
	}
	// Each anchored search reads at most the rest of the text (or a
	// bounded match and one byte more): past a budget of reading, the
	// plain search is cheaper and bounds the work.
	st := newScanState()
	var runsBuf [64]int
	var runs []int // where white-space runs start (wsRunStarts)
	ri := 0        // runs[ri:] start at or after s
	work := 0
	calls, budget := 0, 16*len(text)+4096
	for s, pos := 0, 0; s < len(text); s++ {
		if s = f.nextCandidate(text, s, &st); s >= len(text) {
			break
		}
		if f.runStart && s > pos && text[s-1] < utf8.RuneSelf && f.inRun[text[s-1]] {
			continue
		}
		if f.prefixes != nil && !f.prefixAt(text, s) {
			continue
		}
		end := len(text)
		if f.maxLen >= 0 && s+f.maxLen+1 < end {
			// A match ends by s+maxLen; the byte after it tells \b
			// and $ what follows, as the whole text would.
			end = s + f.maxLen + 1
		} else if f.maxLen < 0 && f.wsRuns >= 0 {
			// A window closed within a few words is read from s; once
			// one is not, where the runs start in the whole text.
			near := false
			if runs == nil {
				end, near = wsWindowNear(text, s, f.wsRuns, wsNearLimit)
				work += min(end, s+wsNearLimit) - s
			}
			if !near {
				if runs == nil {
					runs = wsRunStarts(text, runsBuf[:0])
					work += len(text)
				}
				for ri < len(runs) && runs[ri] < s {
					ri++
				}
				end = wsWindowAt(text, s, f.wsRuns, runs[ri:])
			}
		}
		// Every need must have a literal in the window [s, end): the
		// first one at or after s (its shortest literal: a longer one
		// could start there too). None left: no match from here on.
		// Too far: skip the candidates whose window cannot reach it.
		skip := s
		for k, base := 0, 0; k < len(f.needs); k++ {
			n := &f.needs[k]
			q := cur.next(n, base, text, s)
			base += len(n.lits)
			if q < 0 {
				return dst, work + st.work + cur.work
			}
			if q+n.min <= end {
				continue
			}
			if f.maxLen >= 0 {
				skip = max(skip, q+n.min-f.maxLen-2)
			} else if runs != nil {
				// The windows of candidates up to the run start
				// f.wsRuns+1 runs before the literal's end, and up
				// to q (they all see q first), end before it.
				j := ri + sort.SearchInts(runs[ri:], q+n.min-1)
				if j-f.wsRuns-1 >= ri {
					skip = max(skip, min(q, runs[j-f.wsRuns-1]))
				}
			}
			end = -1
		}
		if end < 0 {
			s = skip
			continue
		}
		calls++
		budget -= end - s
		if budget < 0 || (calls > 64 && calls > len(text)/8) {
			// Candidates everywhere: the plain search is cheaper. Its
			// matches before pos are the ones found already.
			return f.plainFrom(text, pos, dst), work + st.work + cur.work + len(text)
		}
		var m []int
		if s == 0 {
			m = f.begin.FindStringIndex(text[:end])
			work += end
		} else {
			_, w := utf8.DecodeLastRuneInString(text[:s])
			if m = f.after.FindStringIndex(text[s-w : end]); m != nil {
				m[1] += s - w
			}
			work += end - s + w
		}
		if m == nil || m[1] <= s {
			continue // (never empty: the pattern cannot match empty)
		}
		dst = append(dst, [2]int{s, m[1]})
		if first {
			break
		}
		pos = m[1]
		s = pos - 1
	}
	return dst, work + st.work + cur.work
}

// plainFrom appends the non-empty matches of the plain search that start
// at or after pos.
func (f *regexFilter) plainFrom(text string, pos int, dst [][2]int) [][2]int {
	for _, m := range f.re.FindAllStringIndex(text, -1) {
		if m[0] >= pos && m[1] > m[0] {
			dst = append(dst, [2]int{m[0], m[1]})
		}
	}
	return dst
}

// prefixAt reports whether one of the literal prefixes is written at s
// with its leading assertions holding there.
func (f *regexFilter) prefixAt(text string, s int) bool {
	if f.pairs != nil {
		if s+1 >= len(text) {
			return false
		}
		if k := int(text[s])<<8 | int(text[s+1]); f.pairs[k/64]&(1<<(k%64)) == 0 {
			return false
		}
	}
	var ctx syntax.EmptyOp
	if f.common != 0 {
		ctx = contextAt(text, s)
		if ctx&f.common != f.common {
			return false
		}
	}
	ctxDone := f.common != 0
	for _, n := range f.lens {
		if s+n > len(text) {
			continue
		}
		conds, ok := f.prefixes[text[s:s+n]]
		if !ok {
			continue
		}
		for _, c := range conds {
			if c == 0 {
				return true
			}
			if !ctxDone {
				ctx, ctxDone = contextAt(text, s), true
			}
			if ctx&c == c {
				return true
			}
		}
	}
	return false
}

// contextAt is the set of assertions that hold at s, as the regexp
// package computes them.
func contextAt(text string, s int) syntax.EmptyOp {
	r1, r2 := rune(-1), rune(-1)
	if s > 0 {
		r1, _ = utf8.DecodeLastRuneInString(text[:s])
	}
	if s < len(text) {
		r2, _ = utf8.DecodeRuneInString(text[s:])
	}
	return syntax.EmptyOpContext(r1, r2)
}

// leadingRun returns X when every match of re begins with a run X+ of
// one character X that could begin one character earlier: X+ or X{n,}
// first, possibly inside groups, concatenations and the first repetition
// of a repeated group; else nil.
func leadingRun(re *syntax.Regexp) *syntax.Regexp {
	switch re.Op {
	case syntax.OpCapture:
		return leadingRun(re.Sub[0])
	case syntax.OpConcat:
		if len(re.Sub) > 0 {
			return leadingRun(re.Sub[0])
		}
	case syntax.OpPlus, syntax.OpRepeat:
		if re.Op == syntax.OpRepeat && re.Min < 1 {
			return nil
		}
		if x := re.Sub[0]; isOneChar(x) {
			if re.Op == syntax.OpPlus || re.Max < 0 {
				return x
			}
			return nil
		}
		return leadingRun(re.Sub[0])
	}
	return nil
}

// isOneChar reports a node that matches exactly one character.
func isOneChar(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return true
	case syntax.OpLiteral:
		return len(re.Rune) == 1
	}
	return false
}

// charMatches reports whether the one-character node re matches r.
func charMatches(re *syntax.Regexp, r rune) bool {
	switch re.Op {
	case syntax.OpAnyChar:
		return true
	case syntax.OpAnyCharNotNL:
		return r != '\n'
	case syntax.OpLiteral:
		for _, x := range foldOrbit(re.Rune[0], re.Flags&syntax.FoldCase != 0) {
			if x == r {
				return true
			}
		}
		return false
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= r && r <= re.Rune[i+1] {
				return true
			}
		}
	}
	return false
}

// foldOrbit is r and, when fold, every rune that case-folds to it.
func foldOrbit(r rune, fold bool) []rune {
	out := []rune{r}
	if !fold {
		return out
	}
	for x := unicode.SimpleFold(r); x != r; x = unicode.SimpleFold(x) {
		out = append(out, x)
	}
	return out
}

// minLen is the fewest bytes a match of re can have (assertions: none).
func minLen(re *syntax.Regexp) int {
	const inf = 1 << 30
	switch re.Op {
	case syntax.OpNoMatch:
		return inf
	case syntax.OpLiteral:
		return len(re.Rune) // at least a byte each
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpPlus:
		return minLen(re.Sub[0])
	case syntax.OpRepeat:
		return min(inf, re.Min*minLen(re.Sub[0]))
	case syntax.OpConcat:
		n := 0
		for _, s := range re.Sub {
			n = min(inf, n+minLen(s))
		}
		return n
	case syntax.OpAlternate:
		n := inf
		for _, s := range re.Sub {
			n = min(n, minLen(s))
		}
		return n
	}
	return 0 // empty match, assertions, star, quest
}

func lowerASCII(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// equalFoldASCII compares s with the lower-case l, ASCII letters in s
// in either case.
func equalFoldASCII(s, l string) bool {
	for i := range len(l) {
		if lowerASCII(s[i]) != l[i] {
			return false
		}
	}
	return true
}

// isWS is ASCII white space as RE2's \s means it (not \v).
func isWS(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f'
}

// wsWindowAt is the end of the text an anchored search at s needs when
// a match touches at most runs runs of white space: up to and including
// the first byte of the run after those (a match cannot reach it; it
// tells \b and $ what follows). starts are where the runs of white space
// start at or after s; a run under way at s counts from s.
func wsWindowAt(text string, s, runs int, starts []int) int {
	if isWS(text[s]) && (len(starts) == 0 || starts[0] != s) {
		if runs == 0 {
			return s + 1
		}
		runs--
	}
	if runs < len(starts) {
		return starts[runs] + 1
	}
	return len(text)
}

// wsNearLimit: how far wsWindowNear reads.
const wsNearLimit = 64

// wsWindowNear is wsWindowAt read from s, when the window ends within
// limit bytes of s (else ok is false).
func wsWindowNear(text string, s, runs, limit int) (end int, ok bool) {
	i := s
	if wsByte[text[s]] && s > 0 && wsByte[text[s-1]] {
		// A run under way at s counts from s.
		if runs == 0 {
			return s + 1, true
		}
		runs--
		for i < len(text) && wsByte[text[i]] {
			i++
		}
	}
	stop := min(len(text), s+limit)
	for ; i < stop; i++ {
		if wsByte[text[i]] && (i == 0 || !wsByte[text[i-1]]) {
			if runs == 0 {
				return i + 1, true
			}
			runs--
		}
	}
	if stop == len(text) {
		return len(text), true
	}
	return 0, false
}

// wsRunStarts appends where runs of white space start in text.
func wsRunStarts(text string, dst []int) []int {
	prev := false
	for i := 0; i < len(text); i++ {
		ws := wsByte[text[i]]
		if ws && !prev {
			dst = append(dst, i)
		}
		prev = ws
	}
	return dst
}

// wsByte: isWS as a table.
var wsByte = func() (t [256]bool) {
	for b := range t {
		t[b] = isWS(byte(b))
	}
	return t
}()

// wsKinds reports whether a match of re can hold white space and
// whether it can hold anything else.
func wsKinds(re *syntax.Regexp) (ws, other bool) {
	add := func(r rune) {
		if r < utf8.RuneSelf && isWS(byte(r)) {
			ws = true
		} else {
			other = true
		}
	}
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			for _, x := range foldOrbit(r, re.Flags&syntax.FoldCase != 0) {
				add(x)
			}
		}
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			for r := lo; r <= min(hi, ' '); r++ {
				add(r)
			}
			if hi > ' ' {
				other = true
			}
		}
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return true, true
	default:
		for _, sub := range re.Sub {
			w, o := wsKinds(sub)
			ws, other = ws || w, other || o
		}
	}
	return ws, other
}

// wsRuns bounds the runs of white space a match of re touches, -1 if
// unbounded: each white-space character of a literal or class may start
// one; a repetition of white space only is one run; any other unbounded
// repetition that can match white space is unbounded.
func wsRuns(re *syntax.Regexp) int {
	const inf = 1 << 20
	n := 0
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			for _, x := range foldOrbit(r, re.Flags&syntax.FoldCase != 0) {
				if x < utf8.RuneSelf && isWS(byte(x)) {
					n++
					break
				}
			}
		}
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		if ws, _ := wsKinds(re); ws {
			n = 1
		}
	case syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		ws, other := wsKinds(re.Sub[0])
		switch {
		case !ws:
			return 0
		case re.Op == syntax.OpRepeat && re.Max >= 0:
			m := wsRuns(re.Sub[0])
			if m < 0 {
				return -1
			}
			n = re.Max * m
		case !other:
			return 1
		default:
			return -1
		}
	case syntax.OpCapture, syntax.OpQuest:
		return wsRuns(re.Sub[0])
	case syntax.OpConcat, syntax.OpAlternate:
		n = boundOfSubs(re, wsRuns)
	}
	if n > inf {
		return -1
	}
	return n
}

// secondBytes: when every match of re begins with one ASCII character
// (of a class or literal) followed by more, the bytes that can come
// second.
func secondBytes(re *syntax.Regexp) (set [256]bool, ok bool) {
	re = unwrapCapture(re)
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 {
		return set, false
	}
	first := unwrapCapture(re.Sub[0])
	if !isOneChar(first) || first.Op == syntax.OpAnyChar || first.Op == syntax.OpAnyCharNotNL {
		return set, false
	}
	if first.Op == syntax.OpCharClass && first.Rune[len(first.Rune)-1] >= utf8.RuneSelf {
		return set, false
	}
	if first.Op == syntax.OpLiteral {
		for _, x := range foldOrbit(first.Rune[0], first.Flags&syntax.FoldCase != 0) {
			if x >= utf8.RuneSelf {
				return set, false
			}
		}
	}
	rest := &syntax.Regexp{Op: syntax.OpConcat, Sub: re.Sub[1:]}
	set, empty := firstBytes(rest)
	if empty {
		return set, false
	}
	return set, true
}

// boundOfSubs folds bound (wsRuns, maxLen) over the subexpressions of a
// concatenation (their sum) or an alternation (their maximum); -1 when
// one of them is unbounded.
func boundOfSubs(re *syntax.Regexp, bound func(*syntax.Regexp) int) int {
	n := 0
	for _, s := range re.Sub {
		m := bound(s)
		if m < 0 {
			return -1
		}
		if re.Op == syntax.OpConcat {
			n += m
		} else {
			n = max(n, m)
		}
	}
	return n
}

// maxLen is the most bytes a match of re can have, -1 if unbounded.
func maxLen(re *syntax.Regexp) int {
	const inf = 1 << 20
	var n int
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			w := 0
			for _, x := range foldOrbit(r, re.Flags&syntax.FoldCase != 0) {
				if l := utf8.RuneLen(x); l > 0 {
					w = max(w, l)
				} else {
					w = utf8.UTFMax
				}
			}
			n += w
		}
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		n = utf8.UTFMax
	case syntax.OpCapture, syntax.OpQuest:
		n = maxLen(re.Sub[0])
	case syntax.OpRepeat:
		if re.Max < 0 {
			return -1
		}
		m := maxLen(re.Sub[0])
		if m < 0 {
			return -1
		}
		n = re.Max * m
	case syntax.OpStar, syntax.OpPlus:
		return -1
	case syntax.OpConcat, syntax.OpAlternate:
		n = boundOfSubs(re, maxLen)
	}
	if n > inf {
		return -1
	}
	return n
}

// firstBytes is the set of bytes a non-empty match of re can begin with,
// and whether re can match the empty string.
func firstBytes(re *syntax.Regexp) (set [256]bool, empty bool) {
	addRange := func(lo, hi rune) {
		for r := lo; r <= min(hi, utf8.RuneSelf-1); r++ {
			set[r] = true
		}
		if hi >= utf8.RuneSelf {
			lo = max(lo, utf8.RuneSelf)
			var a, b [utf8.UTFMax]byte
			utf8.EncodeRune(a[:], lo)
			utf8.EncodeRune(b[:], min(hi, unicode.MaxRune))
			for x := int(a[0]); x <= int(b[0]); x++ {
				set[x] = true
			}
		}
	}
	switch re.Op {
	case syntax.OpNoMatch:
		return set, false
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return set, true
		}
		for _, r := range foldOrbit(re.Rune[0], re.Flags&syntax.FoldCase != 0) {
			addRange(r, r)
		}
		return set, false
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			addRange(re.Rune[i], re.Rune[i+1])
		}
		return set, false
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		addRange(0, unicode.MaxRune)
		if re.Op == syntax.OpAnyCharNotNL {
			set['\n'] = false
		}
		return set, false
	case syntax.OpCapture:
		return firstBytes(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		set, _ = firstBytes(re.Sub[0])
		return set, true
	case syntax.OpPlus:
		return firstBytes(re.Sub[0])
	case syntax.OpRepeat:
		set, empty = firstBytes(re.Sub[0])
		return set, empty || re.Min == 0
	case syntax.OpConcat:
		for _, s := range re.Sub {
			fs, e := firstBytes(s)
			for i, b := range fs {
				set[i] = set[i] || b
			}
			if !e {
				return set, false
			}
		}
		return set, true
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			fs, e := firstBytes(s)
			for i, b := range fs {
				set[i] = set[i] || b
			}
			empty = empty || e
		}
		return set, empty
	}
	return set, true // empty match and assertions
}

// prefix is a literal prefix of matches, with the assertions that must
// hold where it starts.
type prefix struct {
	s    string
	cond syntax.EmptyOp
}

// prefixSet returns strings one of which every match of re begins with
// (its conditions holding at the start); complete when they are exactly
// re's matches, so that what follows re may extend them; ok false when
// nothing is known.
func prefixSet(re *syntax.Regexp) (set []prefix, complete, ok bool) {
	switch re.Op {
	case syntax.OpNoMatch:
		return nil, true, true
	case syntax.OpEmptyMatch:
		return []prefix{{}}, true, true
	case syntax.OpBeginLine, syntax.OpBeginText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []prefix{{cond: emptyOpOf(re.Op)}}, true, true
	case syntax.OpLiteral:
		set = []prefix{{}}
		for _, r := range re.Rune {
			orbit := foldOrbit(r, re.Flags&syntax.FoldCase != 0)
			if len(set)*len(orbit) > maxPrefixStrings {
				return set, false, true
			}
			set = extend(set, orbit)
		}
		return set, true, true
	case syntax.OpCharClass:
		var runes []rune
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if len(runes)+int(re.Rune[i+1]-re.Rune[i]) >= maxClassRunes {
				return []prefix{{}}, false, true
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				runes = append(runes, r)
			}
		}
		return extend([]prefix{{}}, runes), true, true
	case syntax.OpCapture:
		return prefixSet(re.Sub[0])
	case syntax.OpPlus:
		set, _, ok = prefixSet(re.Sub[0])
		return set, false, ok
	case syntax.OpRepeat:
		if re.Min >= 1 {
			set, _, ok = prefixSet(re.Sub[0])
			return set, false, ok
		}
	case syntax.OpQuest:
		set, complete, ok = prefixSet(re.Sub[0])
		if !ok {
			return nil, false, false
		}
		return append(set, prefix{}), complete, true
	case syntax.OpAlternate:
		complete = true
		for _, sub := range re.Sub {
			s, c, k := prefixSet(sub)
			if !k || len(set)+len(s) > maxPrefixStrings {
				return nil, false, false
			}
			set, complete = append(set, s...), complete && c
		}
		return set, complete, true
	case syntax.OpConcat:
		set, complete = []prefix{{}}, true
		for _, sub := range re.Sub {
			s, c, k := prefixSet(sub)
			if !k || len(set)*len(s) > maxPrefixStrings {
				return set, false, true
			}
			var next []prefix
			for _, a := range set {
				for _, b := range s {
					p := prefix{s: a.s + b.s, cond: a.cond}
					if a.s == "" {
						p.cond |= b.cond
					} // (an assertion after text is not checked)
					next = append(next, p)
				}
			}
			set = next
			if !c {
				return set, false, true
			}
		}
		return set, complete, true
	}
	return []prefix{{}}, false, true // star, any char, end assertions: nothing known
}

// extend appends each rune to each prefix.
func extend(set []prefix, runes []rune) []prefix {
	out := make([]prefix, 0, len(set)*len(runes))
	for _, p := range set {
		for _, r := range runes {
			out = append(out, prefix{s: p.s + string(r), cond: p.cond})
		}
	}
	return out
}

func emptyOpOf(op syntax.Op) syntax.EmptyOp {
	switch op {
	case syntax.OpBeginLine:
		return syntax.EmptyBeginLine
	case syntax.OpBeginText:
		return syntax.EmptyBeginText
	case syntax.OpWordBoundary:
		return syntax.EmptyWordBoundary
	case syntax.OpNoWordBoundary:
		return syntax.EmptyNoWordBoundary
	}
	return 0
}

func unwrapCapture(re *syntax.Regexp) *syntax.Regexp {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	return re
}
