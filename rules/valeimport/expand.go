package valeimport

import (
	"errors"
	"fmt"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxExpansions bounds how many phrases one Vale token (or swap key) may
// expand to; a bigger finite set becomes an RE2 pattern instead.
const MaxExpansions = 256

// maxExpandRunes bounds the length of one expansion, so a long repeat
// such as `a{1000}` cannot build huge strings before the count bound bites.
const maxExpandRunes = 200

// errNotFinite and friends say why a regex is not a finite set of phrases;
// the caller then keeps it as a pattern.
var (
	errNotFinite   = errors.New("matches an unbounded set of strings")
	errTooMany     = fmt.Errorf("expands to more than %d phrases", MaxExpansions)
	errTooLong     = fmt.Errorf("expands to a phrase longer than %d characters", maxExpandRunes)
	errAnchor      = errors.New("uses an anchor (^, $, \\A, \\z)")
	errBoundary    = errors.New("uses a word boundary inside the expression")
	errEmptyPhrase = errors.New("can match an empty string")
	errSpaceEdge   = errors.New("starts or ends with white space")
	errControl     = errors.New("matches a control character")
)

// expansion is a regex read as a finite set of phrases, with whether it
// asked for a word boundary at its start and end (`\bfoo\b`).
type expansion struct {
	phrases          []string
	leadingBoundary  bool
	trailingBoundary bool
}

// expandRegex parses expr as Vale's regex engine would read it (Perl
// syntax; foldCase when the rule sets ignorecase) and returns the finite
// set of strings it matches, at most MaxExpansions. White space classes
// (`\s`, `[ \t]`, `\s+`, ` +`) become one space, as a guardrail phrase
// matches any run of spaces there. An error says why the regex is not a
// finite set of phrases.
func expandRegex(expr string, foldCase bool) (expansion, error) {
	// The rule's ignorecase is guardrail's case_sensitive = false, so the
	// regex is read as written (Parse would upper-case folded literals).
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return expansion{}, err
	}
	re = re.Simplify()
	var x expansion
	re, x.leadingBoundary, x.trailingBoundary = stripEdgeBoundaries(re)
	e := expander{foldCase: foldCase}
	set, err := e.expand(re)
	if err != nil {
		return expansion{}, err
	}
	seen := map[string]bool{}
	for _, s := range set {
		p, err := cleanPhrase(s)
		if err != nil {
			return expansion{}, err
		}
		key := p
		if foldCase {
			key = strings.ToLower(p)
		}
		if !seen[key] {
			seen[key] = true
			x.phrases = append(x.phrases, p)
		}
	}
	if len(x.phrases) == 0 {
		return expansion{}, errors.New("matches nothing")
	}
	return x, nil
}

// stripEdgeBoundaries removes `\b` at the very start and end of re (at the
// top level, or at the ends of a top-level concatenation).
func stripEdgeBoundaries(re *syntax.Regexp) (*syntax.Regexp, bool, bool) {
	for re.Op == syntax.OpCapture && len(re.Sub) == 1 {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpConcat {
		return re, false, false
	}
	subs := re.Sub
	lead, trail := false, false
	if len(subs) > 0 && subs[0].Op == syntax.OpWordBoundary {
		lead, subs = true, subs[1:]
	}
	if len(subs) > 0 && subs[len(subs)-1].Op == syntax.OpWordBoundary {
		trail, subs = true, subs[:len(subs)-1]
	}
	out := *re
	out.Sub = subs
	return &out, lead, trail
}

type expander struct {
	foldCase bool // the whole rule ignores case
}

// expand returns the strings re matches; white space classes come back
// as a single space (cleanPhrase collapses runs).
func (e *expander) expand(re *syntax.Regexp) ([]string, error) {
	switch re.Op {
	case syntax.OpNoMatch:
		return nil, nil
	case syntax.OpEmptyMatch:
		return []string{""}, nil
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 && hasCasedRune(re.Rune) {
			if e.foldCase {
				// The rule ignores case anyway; the parser upper-cased
				// the literal: write it in lower case.
				return []string{strings.ToLower(string(re.Rune))}, nil
			}
			// A class such as [Cc], or an inline (?i), in a rule
			// that minds case: every case variant, bounded.
			return foldVariants(re.Rune)
		}
		return []string{string(re.Rune)}, nil
	case syntax.OpCharClass:
		return e.class(re)
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return nil, errors.New("uses . (any character)")
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		return nil, errAnchor
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return nil, errBoundary
	case syntax.OpCapture:
		return e.expand(re.Sub[0])
	case syntax.OpStar:
		return nil, errNotFinite
	case syntax.OpPlus:
		// `\s+` and ` +` read as one space, like a phrase's space.
		if isSpaceClass(re.Sub[0]) {
			return []string{" "}, nil
		}
		return nil, errNotFinite
	case syntax.OpQuest:
		sub, err := e.expand(re.Sub[0])
		if err != nil {
			return nil, err
		}
		return limit(append([]string{""}, sub...))
	case syntax.OpRepeat:
		// Simplify leaves a repeat only when it is too big to unroll.
		return nil, errTooMany
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			part, err := e.expand(sub)
			if err != nil {
				return nil, err
			}
			if len(out)*len(part) > MaxExpansions {
				return nil, errTooMany
			}
			next := make([]string, 0, len(out)*len(part))
			for _, a := range out {
				for _, b := range part {
					if utf8.RuneCountInString(a)+utf8.RuneCountInString(b) > maxExpandRunes {
						return nil, errTooLong
					}
					next = append(next, a+b)
				}
			}
			out = next
		}
		return out, nil
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			part, err := e.expand(sub)
			if err != nil {
				return nil, err
			}
			out = append(out, part...)
			if len(out) > MaxExpansions {
				return nil, errTooMany
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("uses %v", re.Op)
}

func limit(s []string) ([]string, error) {
	if len(s) > MaxExpansions {
		return nil, errTooMany
	}
	return s, nil
}

// class expands a character class rune by rune. A class of white space
// only is one space; under case folding, the case variants of a letter
// count once.
func (e *expander) class(re *syntax.Regexp) ([]string, error) {
	if isSpaceClass(re) {
		return []string{" "}, nil
	}
	n := 0
	for i := 0; i < len(re.Rune); i += 2 {
		n += int(re.Rune[i+1]-re.Rune[i]) + 1
		if n > 4*MaxExpansions {
			return nil, errTooMany
		}
	}
	var out []string
	seen := map[rune]bool{}
	for i := 0; i < len(re.Rune); i += 2 {
		for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
			if r < ' ' || r == 0x7f {
				return nil, errControl
			}
			key := r
			if e.foldCase {
				key = unicode.ToLower(r)
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, string(r))
		}
	}
	if len(out) > MaxExpansions {
		return nil, errTooMany
	}
	// A case-sensitive rule whose class was folded by an inline (?i)
	// reads as the class's own letters in both cases: already in out.
	return out, nil
}

// isSpaceClass reports a class (or literal) of white space only that
// holds a space or tab: `\s`, `[ \t]`, ` `.
func isSpaceClass(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if r != ' ' && r != '\t' {
				return false
			}
		}
		return len(re.Rune) == 1
	case syntax.OpCharClass:
		hasSpace := false
		for i := 0; i < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				switch r {
				case ' ', '\t':
					hasSpace = true
				case '\n', '\r', '\f', '\v', 0xa0:
				default:
					return false
				}
			}
		}
		return hasSpace
	}
	return false
}

// foldVariants spells a case-folded literal every way it matches
// ("Cl" → Cl, cl, CL, cL), in lower case first.
func foldVariants(rs []rune) ([]string, error) {
	out := []string{""}
	for _, r := range rs {
		orbit := []rune{unicode.ToLower(r)}
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			// An ASCII letter's variants stay ASCII (not the Kelvin
			// sign for k): a phrase is written for people.
			if f != orbit[0] && (r >= utf8.RuneSelf || f < utf8.RuneSelf) {
				orbit = append(orbit, f)
			}
		}
		if r != orbit[0] && !containsRune(orbit, r) {
			orbit = append(orbit, r)
		}
		if len(out)*len(orbit) > MaxExpansions {
			return nil, errTooMany
		}
		next := make([]string, 0, len(out)*len(orbit))
		for _, o := range orbit {
			for _, p := range out {
				next = append(next, p+string(o))
			}
		}
		out = next
	}
	return out, nil
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func hasCasedRune(rs []rune) bool {
	for _, r := range rs {
		if unicode.SimpleFold(r) != r {
			return true
		}
	}
	return false
}

// cleanPhrase turns one expansion into a guardrail phrase: runs of white
// space become one space. An expansion that is empty, or starts or ends
// with white space, is not a phrase (guardrail phrases match whole words,
// and their spaces only between words).
func cleanPhrase(s string) (string, error) {
	if s == "" {
		return "", errEmptyPhrase
	}
	if strings.TrimSpace(s) != s {
		return "", errSpaceEdge
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if (r < ' ' && r != '\t') || r == 0x7f || r == utf8.RuneError {
			return "", errControl
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String(), nil
}
