package analysis

// Sentence bounds are found in the normalized text of one chunk (lower case,
// white space collapsed to single spaces). A sentence ends at '.', '!' or
// '?' (optionally followed by closing quotes or brackets) followed by a
// space, except after a known abbreviation, a single letter ("J. Smith") or
// a word with inner periods ("U.S."). A chunk always ends a sentence.

var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "etc": true, "vs": true, "cf": true, "al": true, "approx": true,
	"inc": true, "ltd": true, "co": true, "corp": true, "llc": true, "plc": true, "bros": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true, "st": true,
	"no": true, "nos": true, "fig": true, "figs": true, "p": true, "pp": true, "vol": true, "ch": true,
	"sec": true, "dept": true, "est": true, "min": true, "max": true, "avg": true, "ca": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "mon": true, "tue": true,
	"wed": true, "thu": true, "fri": true, "sat": true, "sun": true, "u.s": true, "u.k": true,
	"e.u": true, "u.n": true, "a.m": true, "p.m": true, "ph.d": true, "ave": true, "blvd": true,
}

// sentenceEnd reports whether the terminator at text[i] ends a sentence and
// where the sentence ends (after closing quotes and brackets).
func sentenceEnd(text []byte, i, chunkStart int) (int, bool) {
	if c := text[i]; c != '.' && c != '!' && c != '?' {
		return 0, false
	}
	// The word before the period starts after the last space, '(', '"'
	// or paragraph break.
	k := i
	for k > chunkStart && text[k-1] != ' ' && text[k-1] != '(' && text[k-1] != '"' && text[k-1] != hardSep {
		k--
	}
	return sentenceEndAt(text, i, k)
}

// sentenceEndAt is sentenceEnd given k, where the word before the
// terminator starts (after the last space, '(', '"' or paragraph break),
// so that one pass over a chunk finds every sentence end in linear time.
func sentenceEndAt(text []byte, i, k int) (int, bool) {
	c := text[i]
	if c != '.' && c != '!' && c != '?' {
		return 0, false
	}
	j := i + 1
	for j < len(text) && (text[j] == '"' || text[j] == '\'' || text[j] == ')' || text[j] == ']' || text[j] == '*' || text[j] == '_') {
		j++
	}
	if j < len(text) && text[j] != ' ' && text[j] != hardSep && text[j] != chunkSep {
		return 0, false // "3.5", "e.g.x", "example.com"
	}
	if c != '.' {
		return j, true
	}
	word := text[k:i]
	if len(word) == 0 {
		return j, true
	}
	if len(word) == 1 && word[0] >= 'a' && word[0] <= 'z' {
		return 0, false // an initial
	}
	if abbreviations[string(word)] {
		return 0, false
	}
	for _, b := range word {
		if b == '.' {
			return 0, false // "u.s.a", "e.g"
		}
	}
	return j, true
}
