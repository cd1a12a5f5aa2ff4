package analysis

import (
	"regexp"
	"regexp/syntax"
)

// A pattern whose matches can run on across the text (`(?:[^,]+,)+\s\w+
// \s(?:and|or)\b`, Vale's Oxford comma) has no place to start from but
// every word; what its matches end with is often easy to find (here
// `,\s\w+\s(?:and|or)\b`, found from its comma). tailFilter builds the
// filter of the longest such tail that is cheap to look for: the
// pattern's last parts, after one of unbounded length, preceded by the
// character that part always ends with. Every match of the
// pattern holds a match of the tail in the same text, so a text where the
// tail has none has no match (regexFilter.search).
func tailFilter(tree *syntax.Regexp) *regexFilter {
	subs := flatConcat(tree, nil)
	for k := 1; k < len(subs); k++ {
		c := lastChar(subs[k-1])
		if c == nil || maxLen(subs[k-1]) >= 0 {
			continue
		}
		parts := append([]*syntax.Regexp{c}, subs[k:]...)
		tail := &syntax.Regexp{Op: syntax.OpConcat, Sub: parts}
		if hasLargeClass(tail) {
			// (String reads every character of a class: [^,] is a
			// million; and such a tail is not cheap to look for)
			continue
		}
		expr := tail.String()
		re, err := regexp.Compile(expr)
		if err != nil {
			continue
		}
		g := newFilter(expr, re, false)
		if !g.plain && (g.scan.bytes != nil || strongPrefixes(g.prefixes)) {
			return g
		}
	}
	return nil
}

// flatConcat appends the parts of re read as a concatenation: nested
// concatenations and groups are opened.
func flatConcat(re *syntax.Regexp, dst []*syntax.Regexp) []*syntax.Regexp {
	switch re.Op {
	case syntax.OpCapture:
		return flatConcat(re.Sub[0], dst)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			dst = flatConcat(s, dst)
		}
		return dst
	}
	return append(dst, re)
}

// lastChar is a one-character node that every match of re ends with (a
// match of it), or nil.
func lastChar(re *syntax.Regexp) *syntax.Regexp {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return nil
		}
		return &syntax.Regexp{Op: syntax.OpLiteral, Flags: re.Flags, Rune: re.Rune[len(re.Rune)-1:]}
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return re
	case syntax.OpCapture, syntax.OpPlus:
		return lastChar(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return lastChar(re.Sub[0])
		}
	case syntax.OpConcat:
		if len(re.Sub) > 0 {
			return lastChar(re.Sub[len(re.Sub)-1])
		}
	}
	return nil
}

// hasLargeClass reports a character class of more than maxTailClass
// characters in re.
func hasLargeClass(re *syntax.Regexp) bool {
	if re.Op == syntax.OpCharClass || re.Op == syntax.OpAnyChar || re.Op == syntax.OpAnyCharNotNL {
		n := 0
		for i := 0; i+1 < len(re.Rune); i += 2 {
			n += int(re.Rune[i+1]-re.Rune[i]) + 1
		}
		return n > maxTailClass || re.Op != syntax.OpCharClass
	}
	for _, s := range re.Sub {
		if hasLargeClass(s) {
			return true
		}
	}
	return false
}

// maxTailClass: a larger class makes a tail too costly to build.
const maxTailClass = 1024
