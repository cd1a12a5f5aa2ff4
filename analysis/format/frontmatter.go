package format

import (
	"bytes"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/rules"
)

// Front matter at the top of a Markdown document: YAML between "---"
// lines or TOML between "+++" lines. The values of the top-level keys a
// config's `front_matter` lists (default: title and description) are
// prose chunks, each a string or each string of a list; everything else
// in it is skipped.

// scopeFrontMatter scopes front matter src[lo:hi] with the keys front
// (nil: rules.DefaultFrontMatter). It reports whether it is front matter:
// YAML must parse as one mapping (otherwise the "---" lines are thematic
// breaks or setext underlines); TOML always is.
func scopeFrontMatter(sc *Scoped, src []byte, lo, hi int, yaml bool, front []string) bool {
	if front == nil {
		front = rules.DefaultFrontMatter
	}
	if yaml {
		return scopeYAMLRange(sc, src, lo, hi, true, front)
	}
	scopeTOMLFront(sc, src, lo, hi, front)
	return true
}

// scopeTOMLFront adds the string values of the top-level keys front of
// the TOML src[lo:hi] as chunks: basic and literal strings, their
// multi-line forms (three quotes), or an array of them. It reads the
// top-level key/value lines up to the first [table] header, in one pass;
// a line it does not understand is skipped (TOML front matter is not
// validated here: Hugo reports its errors).
func scopeTOMLFront(sc *Scoped, src []byte, lo, hi int, front []string) {
	t := tomlFront{src: src[:hi], sc: sc}
	for i := lo; i < hi; {
		i = skipTOMLBlank(t.src, i)
		if i >= hi {
			break
		}
		if t.src[i] == '[' {
			return // a table: no more top-level keys
		}
		ks := i
		key, j, ok := t.key(i)
		if !ok {
			i = nextLine(t.src, lineEndIn(t.src, ks, hi))
			continue
		}
		t.check = slices.Contains(front, key)
		i = t.value(j)
		i = nextLine(t.src, lineEndIn(t.src, i, hi))
	}
}

type tomlFront struct {
	src   []byte
	sc    *Scoped
	check bool // the value being read is checked
	b     chunkBuilder
}

// skipTOMLBlank skips white space, line breaks and comments.
func skipTOMLBlank(src []byte, i int) int {
	for i < len(src) {
		switch src[i] {
		case ' ', '\t', '\r', '\n':
			i++
		case '#':
			i = lineEnd(src, i)
		default:
			return i
		}
	}
	return i
}

// key reads `key =` at i: a bare or quoted key (dotted keys are not
// top-level keys of their own: ok is false). It returns the position
// after '='.
func (t *tomlFront) key(i int) (string, int, bool) {
	src := t.src
	var key string
	switch {
	case i < len(src) && (src[i] == '"' || src[i] == '\''):
		q := src[i]
		j := i + 1
		for j < len(src) && src[j] != q && src[j] != '\n' {
			if src[j] == '\\' && q == '"' {
				j++
			}
			j++
		}
		if j >= len(src) || src[j] != q {
			return "", i, false
		}
		key = string(src[i+1 : j])
		i = j + 1
	default:
		j := i
		for j < len(src) && (isAlpha(src[j]) || isDigit(src[j]) || src[j] == '_' || src[j] == '-') {
			j++
		}
		if j == i {
			return "", i, false
		}
		key = string(src[i:j])
		i = j
	}
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if i >= len(src) || src[i] != '=' {
		return "", i, false
	}
	i++
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return key, i, true
}

// value reads a value at i and returns the position after it.
func (t *tomlFront) value(i int) int {
	src := t.src
	if i >= len(src) {
		return i
	}
	switch src[i] {
	case '"', '\'':
		return t.str(i)
	case '[':
		i++
		for {
			i = skipTOMLBlank(src, i)
			if i >= len(src) || src[i] == ']' {
				return min(i+1, len(src))
			}
			switch src[i] {
			case ',':
				i++
			case '"', '\'':
				i = t.str(i)
			case '[', '{':
				// Nested arrays and inline tables: skipped to the
				// end of the line.
				return lineEnd(src, i)
			default:
				for i < len(src) && src[i] != ',' && src[i] != ']' && src[i] != '\n' {
					i++
				}
			}
		}
	}
	return lineEnd(src, i)
}

// str reads the string at i (its opening quote) and, when the value is
// checked, adds its content as a chunk: escapes of basic strings are
// synthetic segments, line breaks of multi-line strings read as one "\n".
func (t *tomlFront) str(i int) int {
	src := t.src
	q := src[i]
	multi := i+2 < len(src) && src[i+1] == q && src[i+2] == q
	start := i + 1
	if multi {
		start = i + 3
		// A line break right after the opening quotes is trimmed.
		if start < len(src) && src[start] == '\r' {
			start++
		}
		if start < len(src) && src[start] == '\n' {
			start++
		}
	}
	b := &t.b
	b.segs = b.segs[:0]
	run := start
	j := start
	for j < len(src) {
		c := src[j]
		switch {
		case c == q && (!multi || j+2 < len(src) && src[j+1] == q && src[j+2] == q):
			after := j + 1
			if multi {
				// One or two more quotes right before the closing three
				// belong to the content.
				r := 3
				for r < 5 && j+r < len(src) && src[j+r] == q {
					r++
				}
				j, after = j+r-3, j+r
			}
			if t.check {
				b.raw(run, j)
				b.take(t.sc, src, rules.ScopeProse)
			}
			return after
		case (c == '\n' || c == '\r') && !multi:
			return j // unterminated: the line ends it
		case (c == '\n' || c == '\r') && multi:
			if t.check {
				j = stringBreak(b, src, run, j, len(src))
			} else {
				j = nextLine(src, j)
			}
			run = j
			continue
		case c == '\\' && q == '"' && j+1 < len(src):
			if t.check {
				j = stringEscape(b, src, run, j, len(src), tomlEscape)
			} else if src[j+1] == '\n' || src[j+1] == '\r' {
				j, _ = skipBreaks(src, j+1, len(src))
			} else {
				j += 2
			}
			run = j
			continue
		}
		j++
	}
	return j
}

// tomlEscape decodes the escape at the start of s ("\\n", "\\u00e9", ...):
// its length and text.
func tomlEscape(s []byte) (int, string) {
	switch s[1] {
	case 'b':
		return 2, "\b"
	case 't':
		return 2, "\t"
	case 'n':
		return 2, "\n"
	case 'f':
		return 2, "\f"
	case 'r':
		return 2, "\r"
	case 'e':
		return 2, "\x1b"
	case '"', '\\':
		return 2, string(s[1])
	case 'u', 'U', 'x':
		n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[1]]
		if len(s) >= 2+n {
			if v, err := strconv.ParseUint(string(s[2:2+n]), 16, 32); err == nil && utf8.ValidRune(rune(v)) {
				return 2 + n, string(rune(v))
			}
		}
	}
	return 2, string(s[1]) // invalid: as written
}

// frontMatter finds front matter at the top of src: "---" (YAML) or "+++"
// (TOML) lines around it. lo and hi delimit its content, end is where the
// document after it starts (0: none).
func frontMatter(src []byte) (lo, hi, end int, yaml bool) {
	start := 0
	if bytes.HasPrefix(src, utf8BOM) {
		start = 3
	}
	var fence string
	switch {
	case bytes.HasPrefix(src[start:], []byte("---")):
		fence = "---"
	case bytes.HasPrefix(src[start:], []byte("+++")):
		fence = "+++"
	default:
		return 0, 0, 0, false
	}
	le := lineEnd(src, start)
	if len(bytes.TrimRight(src[start+3:le], " \t")) != 0 || le >= len(src) {
		return 0, 0, 0, false
	}
	lo = nextLine(src, le)
	for ls := lo; ls < len(src); {
		le := lineEnd(src, ls)
		line := bytes.TrimRight(src[ls:le], " \t")
		if string(line) == fence || fence == "---" && string(line) == "..." {
			return lo, ls, nextLine(src, le), fence == "---"
		}
		if le >= len(src) {
			break
		}
		ls = nextLine(src, le)
	}
	return 0, 0, 0, false
}

// FrontMatterEnd returns where the front matter at the top of a Markdown
// document ends, as the Markdown scoper finds it (YAML between "---" lines,
// TOML between "+++" lines, after an optional byte order mark): the offset
// of the line after the closing fence, or 0 when there is none. The server
// keeps incremental segments and "Disable for this line" comments out of
// it.
func FrontMatterEnd(src []byte) int {
	_, _, end, _ := frontMatter(src)
	return end
}
