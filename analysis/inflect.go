package analysis

import "strings"

// inflections returns the regular English inflections of a verb or noun
// (third person -s, past -ed, present participle -ing), without the word
// itself. Irregular spellings are not attempted; over-generated forms that
// are not words cost nothing, since they never occur in text.
func inflections(w string) []string {
	if len(w) < 2 || !isASCIIWord(w) {
		return nil
	}
	lw := strings.ToLower(w)
	var out []string
	add := func(s string) {
		if s == lw {
			return
		}
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	last := lw[len(lw)-1]
	prev := lw[len(lw)-2]
	switch {
	case last == 'y' && !isVowel(prev):
		stem := lw[:len(lw)-1]
		add(stem + "ies")
		add(stem + "ied")
		add(lw + "ing")
	case last == 'e':
		add(lw + "s")
		add(lw + "d")
		if strings.HasSuffix(lw, "ee") || strings.HasSuffix(lw, "ye") || strings.HasSuffix(lw, "oe") {
			add(lw + "ing")
		} else if strings.HasSuffix(lw, "ie") {
			add(lw[:len(lw)-2] + "ying")
		} else {
			add(lw[:len(lw)-1] + "ing")
		}
	default:
		if strings.HasSuffix(lw, "s") || strings.HasSuffix(lw, "x") || strings.HasSuffix(lw, "z") ||
			strings.HasSuffix(lw, "ch") || strings.HasSuffix(lw, "sh") || strings.HasSuffix(lw, "o") {
			add(lw + "es")
		} else {
			add(lw + "s")
		}
		add(lw + "ed")
		add(lw + "ing")
		// Consonant-vowel-consonant endings double the consonant
		// (stop → stopped, plan → planning); both spellings are added
		// since stress decides (visit → visited).
		if len(lw) >= 3 && !isVowel(last) && isVowel(prev) && !isVowel(lw[len(lw)-3]) &&
			!strings.ContainsRune("wxy", rune(last)) {
			add(lw + string(last) + "ed")
			add(lw + string(last) + "ing")
		}
	}
	// Keep the case pattern of the written word: "Call" → "Calls".
	if w != lw {
		for i, o := range out {
			out[i] = matchCase(w, o)
		}
	}
	return out
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

func isASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// matchCase gives o the case pattern of w (all upper, or first upper).
func matchCase(w, o string) string {
	if strings.ToUpper(w) == w {
		return strings.ToUpper(o)
	}
	if w[0] >= 'A' && w[0] <= 'Z' {
		return strings.ToUpper(o[:1]) + o[1:]
	}
	return o
}

// inflectPhrase returns the phrase with its first word replaced by each of
// that word's inflections.
func inflectPhrase(phrase string) []string {
	p := strings.TrimSpace(phrase)
	i := strings.IndexFunc(p, func(r rune) bool { return !isWordRune(r) })
	first, rest := p, ""
	if i >= 0 {
		first, rest = p[:i], p[i:]
	}
	var out []string
	for _, f := range inflections(first) {
		out = append(out, f+rest)
	}
	return out
}
