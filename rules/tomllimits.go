package rules

import "fmt"

// maxTOMLDepth bounds how deeply a rule file may nest arrays and tables,
// and how many parts a dotted key may have. The TOML parser's time grows
// with the square of the depth (10,000 nested inline tables take minutes),
// and no config needs more than a few levels.
const maxTOMLDepth = 64

// tomlTooDeep scans TOML source (strings and comments skipped) for nesting
// deeper than maxTOMLDepth or a dotted key with more parts; it returns the
// offset where the limit is passed and a message, or -1.
func tomlTooDeep(s string) (int, string) {
	depth, dots := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '#':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			dots = 0
		case '"', '\'':
			i = skipTOMLString(s, i) - 1
		case '[', '{':
			depth++
			dots = 0
			if depth > maxTOMLDepth {
				return i, fmt.Sprintf("arrays and tables are nested more than %d levels deep", maxTOMLDepth)
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
			dots = 0
		case '.':
			dots++
			if dots >= maxTOMLDepth {
				return i, fmt.Sprintf("a dotted key has more than %d parts", maxTOMLDepth)
			}
		case '=', ',', '\n':
			dots = 0
		}
	}
	return -1, ""
}

// skipTOMLString returns the offset just past the string that starts at
// s[i] (a quote), or the end of the line or input for an unterminated one:
// the end decodeString finds, without decoding.
func skipTOMLString(s string, i int) int {
	q := s[i]
	if i+2 < len(s) && s[i+1] == q && s[i+2] == q {
		for j := i + 3; j < len(s); j++ {
			if q == '"' && s[j] == '\\' {
				j++
				continue
			}
			if j+2 < len(s) && s[j] == q && s[j+1] == q && s[j+2] == q {
				j += 3
				for k := 0; k < 2 && j < len(s) && s[j] == q; k++ { // up to two more quotes belong to the value
					j++
				}
				return j
			}
		}
		return len(s)
	}
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q:
			return j + 1
		case '\n':
			return j
		}
	}
	return len(s)
}
