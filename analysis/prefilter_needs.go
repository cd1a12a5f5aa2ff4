package analysis

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A need is a set of literals one of which every match of a pattern
// holds. The prefilter looks for them before running the pattern: a text
// without one has no match, and a candidate whose window cannot hold one
// is skipped (regexFilter.findAll).
//
// A need is only kept when it makes the search cheaper, and looking for
// it is linear in the text whatever the pattern: each literal has its own
// cursor (where it next occurs), which only moves forward, so the text is
// read about once per literal, not once per candidate (needCursors).
type need struct {
	lits []needLit
	min  int // the shortest literal's length
}

// A needLit is a byte string, compared exactly, or with ASCII letters in
// either case when fold (s is then lower case; its other bytes, ASCII or
// not, are compared exactly). A folded literal is looked for by its
// rarest byte, s[k] written as b (a letter's two cases are two needLits,
// each with its cursor).
type needLit struct {
	s    string
	fold bool
	k    int
	b    byte
}

// Limits of the needs: literals per need (more are slow to look for at
// every candidate), characters of a class taken as literals, a literal's
// length (a longer one is cut: what it starts with is needed too, and a
// short literal keeps every search linear), and the needs kept.
const (
	maxNeedLits    = 24
	maxNeedClass   = 8
	maxNeedLitLen  = 16
	maxNeeds       = 4
	maxNeedCursors = maxNeeds * maxNeedLits
)

// commonNeedFreq: a need whose literals are single bytes this frequent
// together (per mille of prose, byteFreq) is in nearly every window: it
// would cost a lookup per candidate and skip none.
const commonNeedFreq = 40

// index is where l first occurs in text, -1 if nowhere (for a folded
// literal: with s[k] written as b).
func (l needLit) index(text string) int {
	if !l.fold {
		return strings.Index(text, l.s)
	}
	for from := 0; from+len(l.s) <= len(text); {
		j := strings.IndexByte(text[from+l.k:len(text)-len(l.s)+l.k+1], l.b)
		if j < 0 {
			return -1
		}
		if i := from + j; equalFoldASCII(text[i:i+len(l.s)], l.s) {
			return i
		}
		from += j + 1
	}
	return -1
}

// anchored returns the literals of n with their anchors set: a folded
// literal is looked for by its rarest byte, in each case for a letter.
func anchored(n need) need {
	var lits []needLit
	for _, l := range n.lits {
		if !l.fold {
			lits = append(lits, l)
			continue
		}
		k, f := 0, 1<<20
		for i := range len(l.s) {
			x := byteFreq[l.s[i]]
			if c := l.s[i]; 'a' <= c && c <= 'z' {
				x += byteFreq[c-'a'+'A']
			}
			if x < f {
				k, f = i, x
			}
		}
		l.k, l.b = k, l.s[k]
		lits = append(lits, l)
		if c := l.s[k]; 'a' <= c && c <= 'z' {
			l.b = c - 'a' + 'A'
			lits = append(lits, l)
		}
	}
	n.lits = lits
	return n
}

// startsEvery reports whether each of the prefixes starts with one of
// n's literals.
func (n *need) startsEvery(prefixes map[string][]syntax.EmptyOp) bool {
	for p := range prefixes {
		if !slices.ContainsFunc(n.lits, func(l needLit) bool {
			if len(p) < len(l.s) {
				return false
			}
			if l.fold {
				return equalFoldASCII(p[:len(l.s)], l.s)
			}
			return p[:len(l.s)] == l.s
		}) {
			return false
		}
	}
	return true
}

// needCursors holds, for each literal of each need, where it next occurs:
// -2 not looked for yet, -1 nowhere from where it was last looked for.
type needCursors struct {
	at   [maxNeedCursors]int
	work int // bytes read looking for literals (the scaling test)
}

func (c *needCursors) reset(needs []need) {
	k := 0
	for _, n := range needs {
		for range n.lits {
			c.at[k] = -2
			k++
		}
	}
}

// next is where the first literal of n (the needs' kth, its cursors from
// base on) at or after s starts, -1 if none does. A cursor before s is
// moved by searching from s: cursors only move forward, so each literal's
// searches read disjoint stretches of the text (plus its length).
func (c *needCursors) next(n *need, base int, text string, s int) int {
	best := -1
	for j, l := range n.lits {
		p := c.at[base+j]
		if p == -1 {
			continue
		}
		if p < s {
			i := l.index(text[s:])
			if i < 0 {
				c.work += len(text) - s
				c.at[base+j] = -1
				continue
			}
			c.work += i + len(l.s)
			p = s + i
			c.at[base+j] = p
		}
		if best < 0 || p < best {
			best = p
		}
	}
	return best
}

// requiredNeeds returns the needs of re worth looking for (at most
// maxNeeds, the rarest first).
func requiredNeeds(re *syntax.Regexp) []need {
	var out []need
	for _, n := range needsOf(re) {
		if n.min > 0 && !commonNeed(n) {
			if n = anchored(n); len(n.lits) <= maxNeedLits {
				out = append(out, n)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b need) int { return needFreq(a) - needFreq(b) })
	if len(out) > maxNeeds {
		out = out[:maxNeeds]
	}
	return out
}

// commonNeed reports a need of single bytes found nearly everywhere.
func commonNeed(n need) bool {
	return n.min == 1 && needFreq(n) >= commonNeedFreq
}

// needFreq estimates how often a literal of n starts in prose (per
// mille): the frequency of a one-byte literal's byte, and of a longer
// literal's rarest byte divided by ten.
func needFreq(n need) int {
	f := 0
	for _, l := range n.lits {
		r := 1 << 20
		for i := range len(l.s) {
			b := l.s[i]
			x := byteFreq[b]
			if l.fold && 'a' <= b && b <= 'z' {
				x += byteFreq[b-'a'+'A']
			}
			r = min(r, x)
		}
		if len(l.s) > 1 {
			r /= 10
		}
		f += r
	}
	return f
}

// needsOf returns sets of literals such that every match of re holds one
// literal of each set: literals (or a part of one that can be compared
// as needLit compares), small character classes, and for an alternation
// one set gathered from every branch.
func needsOf(re *syntax.Regexp) []need {
	switch re.Op {
	case syntax.OpLiteral:
		if l, ok := literalNeed(re.Rune, re.Flags&syntax.FoldCase != 0); ok {
			return []need{l}
		}
	case syntax.OpCharClass:
		var lits []needLit
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if len(lits)+int(re.Rune[i+1]-re.Rune[i]) >= maxNeedClass {
				return nil
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if !utf8.ValidRune(r) || r == utf8.RuneError {
					return nil // (an invalid byte reads as U+FFFD)
				}
				lits = append(lits, needLit{s: string(r)})
			}
		}
		if len(lits) > 0 {
			return []need{{lits: lits, min: shortest(lits)}}
		}
	case syntax.OpCapture, syntax.OpPlus:
		return needsOf(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return needsOf(re.Sub[0])
		}
	case syntax.OpConcat:
		var out []need
		for _, sub := range re.Sub {
			out = append(out, needsOf(sub)...)
		}
		return out
	case syntax.OpAlternate:
		var all need
		for _, sub := range re.Sub {
			ns := needsOf(sub)
			if len(ns) == 0 {
				return nil
			}
			best := ns[0] // the longest shortest literal, then the fewest literals
			for _, n := range ns[1:] {
				if n.min > best.min || n.min == best.min && len(n.lits) < len(best.lits) {
					best = n
				}
			}
			all.lits = append(all.lits, best.lits...)
			if len(all.lits) > maxNeedLits {
				return nil
			}
		}
		all.min = shortest(all.lits)
		return []need{all}
	}
	return nil
}

// literalNeed is the need of a literal: the literal itself when each of
// its characters can be compared as needLit compares (any character
// exactly; with fold, an ASCII character whose case folds are ASCII, so
// not k or s, which fold to the Kelvin sign and the long s); else the
// longest such stretch of it, or, when longer, every spelling of the whole
// literal under case folding (at most maxNeedClass).
func literalNeed(runes []rune, fold bool) (need, bool) {
	safe := func(r rune) bool {
		if r == utf8.RuneError {
			return false // also what an invalid byte reads as
		}
		if !fold {
			return utf8.ValidRune(r)
		}
		for _, x := range foldOrbit(r, true) {
			if x >= utf8.RuneSelf {
				return false
			}
		}
		return true
	}
	var best, cur strings.Builder
	for _, r := range runes {
		if !safe(r) {
			if cur.Len() > best.Len() {
				best.Reset()
				best.WriteString(cur.String())
			}
			cur.Reset()
			continue
		}
		if fold {
			r = unicode.ToLower(r)
		}
		cur.WriteRune(r)
	}
	if cur.Len() > best.Len() {
		best.Reset()
		best.WriteString(cur.String())
	}
	n := need{}
	if best.Len() > 0 {
		n.lits = []needLit{{s: cutLit(best.String()), fold: fold}}
		n.min = len(n.lits[0].s)
	}
	if fold && best.Len() < len(string(runes)) {
		// Every spelling, compared exactly.
		set := []string{""}
		for _, r := range runes {
			orbit := foldOrbit(r, true)
			if r == utf8.RuneError || len(set)*len(orbit) > maxNeedClass {
				set = nil
				break
			}
			var next []string
			for _, p := range set {
				for _, x := range orbit {
					next = append(next, p+string(x))
				}
			}
			set = next
		}
		if set != nil {
			var lits []needLit
			for _, s := range set {
				lits = append(lits, needLit{s: cutLit(s)})
			}
			if m := shortest(lits); m > n.min {
				n = need{lits: lits, min: m}
			}
		}
	}
	return n, n.min > 0
}

// cutLit shortens s to maxNeedLitLen bytes at most, at a rune boundary.
func cutLit(s string) string {
	if len(s) <= maxNeedLitLen {
		return s
	}
	i := maxNeedLitLen
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

func shortest(lits []needLit) int {
	n := -1
	for _, l := range lits {
		if n < 0 || len(l.s) < n {
			n = len(l.s)
		}
	}
	return n
}
