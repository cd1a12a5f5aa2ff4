package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Capitalisation of a fix (the README's "Capitalisation of fixes"):
//   - an ALL CAPS match (two or more letters, none lower case) gives an ALL
//     CAPS replacement, brand words included, unless the phrase itself is
//     written in capitals;
//   - a match whose first letter is lower case gives the approved phrase as
//     written;
//   - a match whose first letter is upper case gives a replacement whose
//     first letter is upper case, whatever the case of the match's other
//     words ("Project Bluebird ships" → "The Relay service ships"), unless
//     the approved phrase's first word has fixed case (an upper-case
//     letter: "OpenAI", "iPhone", "SRE") — and unless the phrase as written
//     starts with a capital (a name: "Project Bluebird", "OpenAI
//     passthrough") and the match does not start a sentence: then the
//     capital is the name's, not the sentence's, and the approved phrase is
//     used as written ("We love Project Bluebird" → "We love the Relay
//     service");
//   - a match whose first letter is upper case, on a line written in Title
//     Case (titleLine), gives a Title Case replacement: every word
//     capitalised except a, an, the, and, by, of, to, with, in, on, for and
//     or, which stay lower case unless they start the line; words with an
//     upper-case letter in the approved phrase ("OpenAI", "GPT") keep it.
//
// A case-sensitive rule's approved phrase is inserted as written (engine.go).

// titleContext is what the line holding a match says about its case.
type titleContext struct {
	title         bool // the line is written in Title Case
	lineStart     bool // the match starts the line
	sentenceStart bool // the match starts a sentence (startsSentence)
}

// transferCaseIn writes approved with the capitalisation pattern of match,
// on a line whose case tc describes. written is the rule's phrase as
// written (empty for regex matches).
func transferCaseIn(match, written, approved string, tc titleContext) string {
	if isAllCaps(match) && !isAllCaps(written) {
		return strings.ToUpper(approved)
	}
	mf, ok := firstLetter(match)
	if !ok || !unicode.IsUpper(mf) {
		return approved
	}
	if tc.title {
		return titleCase(approved, tc.lineStart)
	}
	first := approved
	if i := strings.IndexFunc(approved, unicode.IsSpace); i >= 0 {
		first = approved[:i]
	}
	if hasUpper(first) {
		return approved
	}
	if wf, ok := firstLetter(written); ok && unicode.IsUpper(wf) && !tc.sentenceStart {
		return approved // a name's capital, mid-sentence
	}
	return capitalise(approved)
}

// startsSentenceMax bounds the look back of startsSentence.
const startsSentenceMax = 64

// startsSentence reports whether the normalized text at s, in the chunk
// starting at cs, starts a sentence: only spaces, opening quotes,
// brackets and emphasis marks stand between it and the chunk's start, a
// paragraph break or a sentence end (as sentence.go finds them).
func startsSentence(norm []byte, cs, s int) bool {
	i := s
	for i > cs {
		switch norm[i-1] {
		case ' ', '"', '\'', '(', '[', '*', '_', '`':
			i--
			if s-i > startsSentenceMax {
				return false
			}
			continue
		case hardSep:
			return true
		case '.', '!', '?':
			k := i - 1
			for k > cs && i-1-k < startsSentenceMax && norm[k-1] != ' ' && norm[k-1] != '(' && norm[k-1] != '"' && norm[k-1] != hardSep {
				k--
			}
			j, ok := sentenceEndAt(norm, i-1, k)
			return ok && j <= s
		}
		return false
	}
	return true
}

// capitalise upper-cases the first letter of s.
func capitalise(s string) string {
	for i, r := range s {
		if unicode.IsLetter(r) {
			return s[:i] + string(unicode.ToTitle(r)) + s[i+utf8.RuneLen(r):]
		}
	}
	return s
}

// smallWords stay lower case in a Title Case replacement unless they start
// the line.
var smallWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "by": true, "of": true, "to": true,
	"with": true, "in": true, "on": true, "for": true, "or": true,
}

// titleCase writes s in Title Case: words with an upper-case letter as
// written, small words lower case (unless first and first is true), every
// other word with its first letter upper case.
func titleCase(s string, first bool) string {
	var b strings.Builder
	word := 0
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' {
			j++
		}
		w := s[i:j]
		switch {
		case w == "":
		case hasUpper(w):
			b.WriteString(w)
		case smallWords[w] && !(word == 0 && first):
			b.WriteString(w)
		default:
			b.WriteString(capitalise(w))
		}
		if w != "" {
			word++
		}
		k := j
		for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
			k++
		}
		b.WriteString(s[j:k])
		i = k
	}
	return b.String()
}

// Title Case lines. A line is written in Title Case when it has at least
// one evidence word and at least three in four of its evidence words start
// with an upper-case letter. Evidence words are the line's words (white-
// space separated, trimmed of punctuation and Markdown marks, starting
// with a letter) other than
//   - its first word (capitalised in any sentence);
//   - small words: the Title Case ones above and at, as, but, from, into,
//     nor, per, via, vs, up, off, out, over, than, so, yet;
//   - words whose case says nothing: ALL CAPS words, words with an upper-
//     case letter after the first ("OpenAI", "iPhone"), words the rule's
//     phrase writes with a capital ("Project Bluebird");
//   - HTML tags, and tokens that are markup or addresses (holding '<',
//     '>', '/', '=', '(').
//
// A line longer than titleLineMax bytes on either side of the match is not
// a title (titles are short; this also bounds the work per finding).
const titleLineMax = 200

var evidenceSkip = map[string]bool{
	"at": true, "as": true, "but": true, "from": true, "into": true, "nor": true, "per": true,
	"via": true, "vs": true, "up": true, "off": true, "out": true, "over": true, "than": true,
	"so": true, "yet": true,
}

// titleLine describes the source line holding the match at [s, e).
func titleLine(src []byte, s, e int, written string) titleContext {
	ls := s
	for ls > 0 && src[ls-1] != '\n' && src[ls-1] != '\r' {
		ls--
		if s-ls > titleLineMax {
			return titleContext{}
		}
	}
	le := e
	for le < len(src) && src[le] != '\n' && src[le] != '\r' {
		le++
		if le-e > titleLineMax {
			return titleContext{}
		}
	}
	fixed := map[string]bool{}
	for _, w := range strings.Fields(written) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			fixed[strings.ToLower(trimWord(w))] = true
		}
	}
	var tc titleContext
	upper, evidence, words := 0, 0, 0
	line := stripTags(src[ls:le])
	for _, tok := range strings.Fields(line) {
		w := trimWord(tok)
		if w == "" || strings.ContainsAny(w, "<>/=(") {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) {
			continue
		}
		words++
		if words == 1 {
			// Where is this first word? The match starts the line if the
			// word lies inside it.
			at := ls + strings.Index(line, w)
			tc.lineStart = at >= s && at < e
			continue
		}
		lw := strings.ToLower(w)
		if smallWords[lw] || evidenceSkip[lw] || fixed[lw] || isAllCaps(w) || hasUpper(w[utf8.RuneLen(r):]) {
			continue
		}
		evidence++
		if unicode.IsUpper(r) {
			upper++
		}
	}
	tc.title = evidence > 0 && 4*upper >= 3*evidence
	return tc
}

// stripTags blanks out HTML tags (<h2>, </b>), keeping offsets.
func stripTags(line []byte) string {
	out := []byte(string(line))
	for i := 0; i < len(out); i++ {
		if out[i] != '<' || i+1 >= len(out) || !(out[i+1] == '/' || out[i+1] >= 'a' && out[i+1] <= 'z' || out[i+1] >= 'A' && out[i+1] <= 'Z') {
			continue
		}
		j := i
		for j < len(out) && out[j] != '>' {
			j++
		}
		if j == len(out) {
			break
		}
		for k := i; k <= j; k++ {
			out[k] = ' '
		}
		i = j
	}
	return string(out)
}

// trimWord strips punctuation and Markdown marks around a word.
func trimWord(w string) string {
	return strings.TrimFunc(w, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func isAllCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if unicode.IsLower(r) {
				return false
			}
			if unicode.IsUpper(r) {
				letters++
			}
		}
	}
	return letters >= 2
}

func firstLetter(s string) (rune, bool) {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return r, true
		}
	}
	return 0, false
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}
