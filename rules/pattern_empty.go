package rules

import "regexp/syntax"

// CanMatchEmpty reports whether pattern p can match empty text somewhere
// (guardrail refuses such patterns; the Vale import asks before writing one):
// empty-width assertions (\b, ^, $, \B) count as matching, since in a
// document they often hold. Such a pattern either never yields a finding
// (`\b`: every match is empty and dropped) or yields empty ones; refusing
// all of them is consistent (before, `x*` was refused while `\b` was
// accepted and never matched).
func CanMatchEmpty(p string) bool {
	re, err := syntax.Parse(p, syntax.Perl)
	if err != nil {
		return false // reported as invalid elsewhere
	}
	return nullable(re.Simplify())
}

func nullable(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpLiteral:
		return len(re.Rune) == 0
	case syntax.OpCapture, syntax.OpPlus:
		return nullable(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min == 0 || nullable(re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !nullable(s) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if nullable(s) {
				return true
			}
		}
		return false
	}
	return false // a character, a class, no match
}
