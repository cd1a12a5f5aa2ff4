package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// transferCase writes approved with the capitalisation pattern of match:
//   - an ALL CAPS match (two or more letters, none lower case) gives an ALL
//     CAPS replacement, brand words included;
//   - a match whose first letter is capitalised where the phrase as written
//     is not gives a capitalised replacement, unless the approved phrase's
//     first word has fixed mixed case ("OpenAI", "iPhone");
//   - otherwise approved is used as written, which keeps fixed-case words.
//
// written is the rule's phrase as written (empty for regex matches).
func transferCase(match, written, approved string) string {
	if isAllCaps(match) && !isAllCaps(written) {
		return strings.ToUpper(approved)
	}
	mf, ok := firstLetter(match)
	if !ok || !unicode.IsUpper(mf) {
		return approved
	}
	if wf, ok := firstLetter(written); ok && unicode.IsUpper(wf) {
		return approved // the phrase itself starts with a capital
	}
	first := approved
	if i := strings.IndexFunc(approved, unicode.IsSpace); i >= 0 {
		first = approved[:i]
	}
	if hasUpper(first) {
		return approved
	}
	// Capitalise the first letter.
	for i, r := range approved {
		if unicode.IsLetter(r) {
			return approved[:i] + string(unicode.ToTitle(r)) + approved[i+utf8.RuneLen(r):]
		}
	}
	return approved
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
