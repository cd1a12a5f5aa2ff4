package main

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// lineRange is the 1-based, inclusive range of lines First..Last.
type lineRange struct{ First, Last int }

// patchSet is what a unified diff says changed: for each file's new path
// (slash-separated, relative to the diff's root), the lines of the new
// version that were added or changed. A file in the diff with no added
// lines (deleted lines only, a rename, a mode change) has an empty entry.
type patchSet map[string][]lineRange

// patchError is a unified diff that does not parse, at a 1-based line.
type patchError struct {
	line int
	msg  string
}

func (e *patchError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// parsePatch reads a unified diff as `git diff` (any -U) or `diff -u`
// write it: "+++ b/PATH" names the new file ("a/" and "b/" prefixes are
// dropped, C-quoted names unquoted, a trailing tab and timestamp cut), and
// each "@@ -l,s +l,s @@" hunk's new range holds added or changed lines
// ("+" lines; context lines are not changes). Deleted files ("+++
// /dev/null") are left out. CRLF line ends are accepted. Empty input is an
// empty set; non-empty input without any file header is an error, as is a
// hunk header that does not parse or a hunk cut short.
func parsePatch(data []byte) (patchSet, error) {
	set := patchSet{}
	lines := bytes.Split(data, []byte("\n"))
	if n := len(lines); n > 0 && len(lines[n-1]) == 0 {
		lines = lines[:n-1]
	}
	var cur string // new path of the file being read; "" when deleted
	inFile := false
	sawHeader := false
	for i := 0; i < len(lines); i++ {
		l := string(bytes.TrimSuffix(lines[i], []byte("\r")))
		switch {
		case strings.HasPrefix(l, "diff --git "), strings.HasPrefix(l, "diff "):
			inFile = false
			sawHeader = true
		case strings.HasPrefix(l, "--- ") && i+1 < len(lines) && bytes.HasPrefix(lines[i+1], []byte("+++ ")):
			sawHeader = true
			next := string(bytes.TrimSuffix(lines[i+1], []byte("\r")))
			i++
			p, err := patchPath(next[4:])
			if err != nil {
				return nil, &patchError{i + 1, err.Error()}
			}
			cur, inFile = p, true
			if cur != "" {
				if _, ok := set[cur]; !ok {
					set[cur] = nil
				}
			}
		case strings.HasPrefix(l, "@@"):
			if !inFile {
				return nil, &patchError{i + 1, "a hunk (@@) before any file header (--- and +++ lines)"}
			}
			oldN, newStart, newN, err := hunkHeader(l)
			if err != nil {
				return nil, &patchError{i + 1, err.Error()}
			}
			// Read the hunk's body: oldN lines of "-" or " ", newN of "+"
			// or " "; "\" lines ("\ No newline at end of file") between.
			headerLine := i + 1
			newLine := newStart
			for oldN > 0 || newN > 0 {
				i++
				if i >= len(lines) {
					return nil, &patchError{headerLine, "the hunk is cut short: the diff ends before all its lines"}
				}
				body := lines[i]
				if len(body) == 0 || (len(body) == 1 && body[0] == '\r') {
					// An empty context line whose leading space was
					// stripped (some editors and mailers do this).
					body = []byte(" ")
				}
				switch body[0] {
				case ' ':
					if oldN == 0 || newN == 0 {
						return nil, &patchError{i + 1, "the hunk holds more lines than its header says"}
					}
					oldN--
					newN--
					newLine++
				case '-':
					if oldN == 0 {
						return nil, &patchError{i + 1, "the hunk removes more lines than its header says"}
					}
					oldN--
				case '+':
					if newN == 0 {
						return nil, &patchError{i + 1, "the hunk adds more lines than its header says"}
					}
					newN--
					if cur != "" {
						set.add(cur, newLine)
					}
					newLine++
				case '\\':
				default:
					return nil, &patchError{i + 1, "the hunk is cut short: want a line starting with space, - or +"}
				}
			}
		}
	}
	if !sawHeader && len(bytes.TrimSpace(data)) > 0 {
		return nil, &patchError{1, "not a unified diff: no file header (diff, --- and +++ lines)"}
	}
	for p, rs := range set {
		set[p] = mergeRanges(rs)
	}
	return set, nil
}

// add marks line as changed in file p.
func (s patchSet) add(p string, line int) {
	rs := s[p]
	if n := len(rs); n > 0 && rs[n-1].Last+1 == line {
		rs[n-1].Last = line
	} else {
		rs = append(rs, lineRange{line, line})
	}
	s[p] = rs
}

func mergeRanges(rs []lineRange) []lineRange {
	if len(rs) < 2 {
		return rs
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].First < rs[j].First })
	out := rs[:1]
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if r.First <= last.Last+1 {
			last.Last = max(last.Last, r.Last)
			continue
		}
		out = append(out, r)
	}
	return out
}

// hunkHeader parses "@@ -l[,s] +l[,s] @@[ section]".
func hunkHeader(l string) (oldN, newStart, newN int, err error) {
	bad := fmt.Errorf("a hunk header must look like \"@@ -1,2 +1,3 @@\", not %q", clip(l, 60))
	rest, ok := strings.CutPrefix(l, "@@ -")
	if !ok {
		return 0, 0, 0, bad
	}
	oldR, rest, ok := strings.Cut(rest, " +")
	if !ok {
		return 0, 0, 0, bad
	}
	newR, _, ok := strings.Cut(rest, " @@")
	if !ok {
		return 0, 0, 0, bad
	}
	_, oldN, ok1 := hunkRange(oldR)
	newStart, newN, ok2 := hunkRange(newR)
	if !ok1 || !ok2 {
		return 0, 0, 0, bad
	}
	return oldN, newStart, newN, nil
}

// hunkRange parses "l" or "l,s" (s defaults to 1).
func hunkRange(s string) (start, n int, ok bool) {
	a, b, hasN := strings.Cut(s, ",")
	start, err := strconv.Atoi(a)
	if err != nil || start < 0 || start > 1<<30 {
		return 0, 0, false
	}
	n = 1
	if hasN {
		if n, err = strconv.Atoi(b); err != nil || n < 0 || n > 1<<30 {
			return 0, 0, false
		}
	}
	return start, n, true
}

// patchPath is the path of a "+++ " line: "" for /dev/null.
func patchPath(s string) (string, error) {
	if strings.HasPrefix(s, `"`) {
		// git C-quotes names with special characters: "b/caf\303\251.md".
		end := closingQuote(s)
		if end < 0 {
			return "", fmt.Errorf("a quoted file name without its closing quote: %s", clip(s, 60))
		}
		u, err := strconv.Unquote(s[:end+1])
		if err != nil {
			return "", fmt.Errorf("a quoted file name that does not unquote: %s", clip(s, 60))
		}
		s = u
	} else if tab := strings.IndexByte(s, '\t'); tab >= 0 {
		// git adds a tab after a name with spaces; diff -u a timestamp.
		s = s[:tab]
	}
	if s == "/dev/null" {
		return "", nil
	}
	if t, ok := strings.CutPrefix(s, "b/"); ok {
		s = t
	}
	if s == "" {
		return "", fmt.Errorf("a +++ line without a file name")
	}
	return s, nil
}

// closingQuote is the index of the quote that ends the C-quoted string
// starting at s[0], or -1.
func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
