package workspace

import (
	"bytes"
	"strings"
)

// Pattern is one pattern line of a gitignore file, with git's semantics
// (gitignore(5)); matching is a port of git's wildmatch with WM_PATHNAME.
type Pattern struct {
	// Base is the folder of the file that holds the pattern, slash
	// separated and relative to the work tree root ("" for the root and for
	// .git/info/exclude).
	Base string
	// Negate is set for "!pattern": a match re-includes the path.
	Negate bool
	// DirOnly is set for "pattern/": only directories match.
	DirOnly bool
	// glob is the pattern without "!", the trailing "/" and a leading "/".
	glob string
	// basename is set when the pattern has no "/" (other than a trailing
	// one): it matches the last path element at any depth.
	basename bool
}

// ParsePatterns reads a gitignore file held in folder base (slash
// separated, relative to the work tree root). Blank lines and "#" comments
// are skipped, trailing spaces are dropped unless escaped with "\", a
// UTF-8 byte order mark and CR line endings are accepted.
func ParsePatterns(data []byte, base string) []Pattern {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var ps []Pattern
	for len(data) > 0 {
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if p, ok := ParsePattern(string(line), base); ok {
			ps = append(ps, p)
		}
	}
	return ps
}

// ParsePattern reads one gitignore line; ok is false for blank lines and
// comments.
func ParsePattern(line, base string) (p Pattern, ok bool) {
	if line == "" || line[0] == '#' {
		return p, false
	}
	line = trimTrailingSpaces(line)
	p.Base = strings.Trim(base, "/")
	if strings.HasPrefix(line, "!") {
		p.Negate = true
		line = line[1:]
	}
	if strings.HasSuffix(line, "/") {
		p.DirOnly = true
		line = line[:len(line)-1]
	}
	if line == "" {
		return p, false
	}
	p.basename = !strings.Contains(line, "/")
	p.glob = strings.TrimPrefix(line, "/")
	return p, true
}

// trimTrailingSpaces drops trailing spaces that are not escaped with a
// backslash, as git does.
func trimTrailingSpaces(s string) string {
	lastSpace := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			if lastSpace < 0 {
				lastSpace = i
			}
		case '\\':
			i++
			if i >= len(s) {
				return s
			}
			lastSpace = -1
		default:
			lastSpace = -1
		}
	}
	if lastSpace >= 0 {
		return s[:lastSpace]
	}
	return s
}

// String returns the pattern as it would be written in its file.
func (p Pattern) String() string {
	s := p.glob
	if !p.basename {
		s = "/" + s
	}
	if p.DirOnly {
		s += "/"
	}
	if p.Negate {
		s = "!" + s
	}
	return s
}

// Match reports whether the pattern matches path (slash separated,
// relative to the work tree root), which is a directory when isDir.
// It does not look at Negate.
func (p Pattern) Match(path string, isDir bool) bool {
	if p.DirOnly && !isDir {
		return false
	}
	rel := path
	if p.Base != "" {
		if !strings.HasPrefix(path, p.Base+"/") {
			return false
		}
		rel = path[len(p.Base)+1:]
	}
	if p.basename {
		if i := strings.LastIndexByte(rel, '/'); i >= 0 {
			rel = rel[i+1:]
		}
	}
	return wildmatch(p.glob, rel)
}

// Matcher is an ordered list of patterns: the last one that matches a path
// decides. List patterns from lowest to highest precedence:
// .git/info/exclude, then .gitignore files from the work tree root down.
type Matcher []Pattern

// Ignored reports whether path (slash separated, relative to the work tree
// root) is ignored by the patterns. It does not consider the path's parent
// folders: a path inside an ignored folder is ignored too, whatever the
// patterns say about it, so check the folders first (Walk never enters an
// ignored folder).
func (m Matcher) Ignored(path string, isDir bool) bool {
	for i := len(m) - 1; i >= 0; i-- {
		if m[i].Match(path, isDir) {
			return !m[i].Negate
		}
	}
	return false
}

// wildmatch results, as in git's wildmatch.c.
const (
	wmMatch = iota
	wmNoMatch
	wmAbortAll
	wmAbortToStarStar
)

// wildmatch reports whether text matches the glob pattern with git's
// WM_PATHNAME semantics: "*", "?" and "[...]" do not match "/"; "**/"
// (at the start or after "/") matches zero or more folders, "/**" at the
// end everything inside; "\" escapes the next character. Like git,
// matching works on bytes: "?" and bracket expressions match one byte, so
// "?" does not match a non-ASCII character (which takes several).
//
// Matching takes time polynomial in the lengths, never exponential: the
// results of matching the rest of the pattern from a "**" are remembered
// by position, and so are the starts a "**" has tried (git's own
// wildmatch is exponential on patterns such as "**/a/**/a/**/a/…/b"
// against a deep path).
func wildmatch(pattern, text string) bool {
	w := wild{p: pattern, t: text}
	return w.match(0, 0) == wmMatch
}

// wild is one wildmatch: the pattern, the text, and the results of the
// sub-matches tried from a "**", by position (allocated when first
// needed).
type wild struct {
	p, t string
	memo map[int]int
	// calls counts the sub-matches tried from a "**" before remembering.
	calls int
	// failedFrom: for a "**" followed by pattern byte i, the first text
	// byte from which every start was tried and failed.
	failedFrom map[int]int
}

// tried reports whether a "**" followed by pattern byte i was tried, and
// failed, at every start from j to the end of the text.
func (w *wild) tried(i, j int) bool {
	if w.failedFrom == nil {
		return false
	}
	lo, ok := w.failedFrom[i]
	return ok && j >= lo
}

// markTried records that a "**" followed by pattern byte i failed at
// every start from j on.
func (w *wild) markTried(i, j int) {
	if w.calls < 32 {
		return
	}
	if w.failedFrom == nil {
		w.failedFrom = map[int]int{}
	}
	if lo, ok := w.failedFrom[i]; !ok || j < lo {
		w.failedFrom[i] = j
	}
}

// starstar is match(i, j), remembered once a match has tried more than
// a few sub-matches (an ordinary pattern allocates nothing).
func (w *wild) starstar(i, j int) int {
	if w.calls < 32 {
		w.calls++
		return w.match(i, j)
	}
	key := i*(len(w.t)+1) + j
	if m, ok := w.memo[key]; ok {
		return m
	}
	if w.memo == nil {
		w.memo = map[int]int{}
	}
	m := w.match(i, j)
	w.memo[key] = m
	return m
}

// match matches the pattern from byte i against the text from byte j.
func (w *wild) match(i, j int) int {
	p, t := w.p, w.t
	for i < len(p) {
		pc := p[i]
		if j >= len(t) && pc != '*' {
			return wmAbortAll
		}
		switch pc {
		case '\\':
			// Literal match with the next character; a trailing
			// backslash matches nothing.
			i++
			if i >= len(p) || t[j] != p[i] {
				return wmNoMatch
			}
			i++
			j++
		case '?':
			if t[j] == '/' {
				return wmNoMatch
			}
			i++
			j++
		case '*':
			i++
			matchSlash := false
			if i < len(p) && p[i] == '*' {
				prev := i - 2 // the character before the asterisks
				for i < len(p) && p[i] == '*' {
					i++
				}
				if (prev < 0 || p[prev] == '/') &&
					(i == len(p) || p[i] == '/' || (p[i] == '\\' && i+1 < len(p) && p[i+1] == '/')) {
					// "**/" may match no folder at all.
					if i < len(p) && p[i] == '/' && w.starstar(i+1, j) == wmMatch {
						return wmMatch
					}
					matchSlash = true
				}
			}
			if i == len(p) {
				// A trailing "**" matches everything, a trailing "*"
				// only what has no more slashes.
				if !matchSlash && strings.IndexByte(t[j:], '/') >= 0 {
					return wmNoMatch
				}
				return wmMatch
			}
			if !matchSlash && p[i] == '/' {
				// One asterisk followed by a slash matches up to the
				// next slash.
				k := strings.IndexByte(t[j:], '/')
				if k < 0 {
					return wmNoMatch
				}
				i++
				j += k + 1
				continue
			}
			from := j
			for j < len(t) {
				if matchSlash && w.tried(i, j) {
					// Every start from here on failed before.
					w.markTried(i, from)
					return wmAbortAll
				}
				// Skip ahead to the next occurrence of a literal.
				if !isGlobSpecial(p[i]) {
					for j < len(t) && (matchSlash || t[j] != '/') && t[j] != p[i] {
						j++
					}
					if j >= len(t) || t[j] != p[i] {
						if matchSlash {
							w.markTried(i, from)
						}
						return wmNoMatch
					}
				}
				var m int
				if matchSlash {
					m = w.starstar(i, j)
				} else {
					m = w.match(i, j)
				}
				if m != wmNoMatch {
					if !matchSlash || m != wmAbortToStarStar {
						return m
					}
				} else if !matchSlash && t[j] == '/' {
					return wmAbortToStarStar
				}
				j++
			}
			if matchSlash {
				w.markTried(i, from)
			}
			return wmAbortAll
		case '[':
			tc := t[j]
			i++
			if i >= len(p) {
				return wmAbortAll
			}
			negated := false
			if p[i] == '!' || p[i] == '^' {
				negated = true
				i++
			}
			matched := false
			var prev byte // 0: no previous character for a range
			for first := true; ; first = false {
				if i >= len(p) {
					return wmAbortAll
				}
				r := p[i]
				if r == ']' && !first {
					i++
					break
				}
				switch {
				case r == '\\':
					i++
					if i >= len(p) {
						return wmAbortAll
					}
					r = p[i]
					if tc == r {
						matched = true
					}
					i++
					prev = r
				case r == '-' && prev != 0 && i+1 < len(p) && p[i+1] != ']':
					i++
					hi := p[i]
					if hi == '\\' {
						i++
						if i >= len(p) {
							return wmAbortAll
						}
						hi = p[i]
					}
					if prev <= tc && tc <= hi {
						matched = true
					}
					i++
					prev = 0
				case r == '[' && i+1 < len(p) && p[i+1] == ':':
					end := strings.IndexByte(p[i+2:], ']')
					if end < 0 {
						return wmAbortAll
					}
					name := p[i+2 : i+2+end]
					if !strings.HasSuffix(name, ":") {
						// Not a class: a literal "[".
						if tc == '[' {
							matched = true
						}
						i++
						prev = '['
						continue
					}
					ok, known := inClass(name[:len(name)-1], tc)
					if !known {
						return wmAbortAll
					}
					if ok {
						matched = true
					}
					i += 2 + end + 1
					prev = 0
				default:
					if tc == r {
						matched = true
					}
					i++
					prev = r
				}
			}
			if matched == negated || tc == '/' {
				return wmNoMatch
			}
			j++
		default:
			if t[j] != pc {
				return wmNoMatch
			}
			i++
			j++
		}
	}
	if j < len(t) {
		return wmNoMatch
	}
	return wmMatch
}

func isGlobSpecial(c byte) bool {
	return c == '*' || c == '?' || c == '[' || c == '\\'
}

// inClass tests r against a POSIX character class, with ASCII meanings as
// in git.
func inClass(name string, r byte) (ok, known bool) {
	isUpper := 'A' <= r && r <= 'Z'
	isLower := 'a' <= r && r <= 'z'
	isDigit := '0' <= r && r <= '9'
	isAlpha := isUpper || isLower
	isPrint := 0x20 <= r && r < 0x7f
	switch name {
	case "alnum":
		return isAlpha || isDigit, true
	case "alpha":
		return isAlpha, true
	case "blank":
		return r == ' ' || r == '\t', true
	case "cntrl":
		return r < 0x20 || r == 0x7f, true
	case "digit":
		return isDigit, true
	case "graph":
		return isPrint && r != ' ', true
	case "lower":
		return isLower, true
	case "print":
		return isPrint, true
	case "punct":
		return isPrint && r != ' ' && !isAlpha && !isDigit, true
	case "space":
		return r == ' ' || ('\t' <= r && r <= '\r'), true
	case "upper":
		return isUpper, true
	case "xdigit":
		return isDigit || ('a' <= r && r <= 'f') || ('A' <= r && r <= 'F'), true
	}
	return false, false
}
