package analysis

import (
	"path/filepath"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// Chroma's lexers are regex machines (regexp2) that scope a typical Go
// file at well under 1 MB/s — 65 ms for a 14 KB file, too slow for an
// editor on every keystroke. The languages guardrail lists get a fast
// scanner driven by a table of their comment and string syntax (one
// scanner for all of them, not a lexer per language); it emits the same
// token types chroma would for comments and strings, and everything else
// as text. Other languages still go through chroma.

// codeSyntax describes the comments and string literals of a language
// family.
type codeSyntax struct {
	name       string      // chroma's name for the language
	line       []string    // line-comment starters
	block      [][2]string // block comments
	nested     bool        // block comments nest (Rust)
	hashAtWord bool        // '#' starts a comment only at the start of a word (shell)
	quotes     string      // string delimiters
	char       bool        // '\'' delimits a character literal (or a Rust lifetime), not a string
	triple     bool        // """ and ''' strings (Python; """ text blocks in Java)
	prefixes   string      // letters that may prefix a string (r, b, f, u; @ and $ for C#)
	rawTick    bool        // `...` has no escapes (Go)
	rubyBlock  bool        // =begin … =end
	hashPre    bool        // a line starting with '#' is a preprocessor line (C, C++, C#)
}

var (
	cSyntax    = codeSyntax{line: []string{"//"}, block: [][2]string{{"/*", "*/"}}, quotes: `"`, char: true, hashPre: true}
	fastSyntax = map[string]*codeSyntax{}
)

func init() {
	add := func(s codeSyntax, name string, exts ...string) {
		s.name = name
		for _, e := range exts {
			sx := s
			fastSyntax[e] = &sx
		}
	}
	add(codeSyntax{line: []string{"//"}, block: [][2]string{{"/*", "*/"}}, quotes: "\"`", char: true, rawTick: true}, "Go", ".go")
	add(cSyntax, "C", ".c", ".h")
	add(cSyntax, "C++", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx")
	cs := cSyntax
	cs.prefixes = "@$"
	add(cs, "C#", ".cs")
	java := cSyntax
	java.hashPre, java.triple = false, true
	add(java, "Java", ".java")
	js := codeSyntax{line: []string{"//"}, block: [][2]string{{"/*", "*/"}}, quotes: "\"'`"}
	add(js, "JavaScript", ".js", ".jsx", ".mjs", ".cjs")
	add(js, "TypeScript", ".ts", ".tsx", ".mts", ".cts")
	add(codeSyntax{line: []string{"//"}, block: [][2]string{{"/*", "*/"}}, nested: true, quotes: `"`, char: true, prefixes: "rb"}, "Rust", ".rs")
	add(codeSyntax{line: []string{"#"}, quotes: `"'`, triple: true, prefixes: "rbufRBUF"}, "Python", ".py", ".pyi")
	add(codeSyntax{line: []string{"#"}, quotes: `"'`, rubyBlock: true}, "Ruby", ".rb")
	add(codeSyntax{line: []string{"#"}, hashAtWord: true, quotes: `"'`}, "Bash", ".sh", ".bash", ".zsh")
}

// fastSyntaxFor returns the table-driven syntax for a file, or nil.
func fastSyntaxFor(path string) *codeSyntax {
	return fastSyntax[strings.ToLower(filepath.Ext(path))]
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// fastCodeTokens splits src into comment, string and text tokens.
func fastCodeTokens(sx *codeSyntax, src []byte) []codeToken {
	var toks []codeToken
	textStart := 0
	// Code between comments and strings is text, with white space in
	// tokens of its own (docstring detection looks at the token before).
	text := func(start, end int) {
		for start < end {
			j := start
			sp := isASCIISpace(src[j])
			for j < end && isASCIISpace(src[j]) == sp {
				j++
			}
			toks = append(toks, codeToken{typ: chroma.Text, start: start, end: j})
			start = j
		}
	}
	emit := func(typ chroma.TokenType, start, end int) {
		text(textStart, start)
		if typ == chroma.LiteralStringDouble || typ == chroma.LiteralStringSingle || typ == chroma.LiteralStringBacktick {
			toks = interpolations(sx, src, typ, start, end, toks)
		} else {
			toks = append(toks, codeToken{typ: typ, start: start, end: end})
		}
		textStart = end
	}
	lineEndAt := func(i int) int {
		for i < len(src) && src[i] != '\n' && src[i] != '\r' {
			i++
		}
		return i
	}
	atLineStart := func(i int) bool { return i == 0 || src[i-1] == '\n' || src[i-1] == '\r' }
	n := len(src)
	i := 0
	if n >= 2 && src[0] == '#' && src[1] == '!' {
		e := lineEndAt(0)
		emit(chroma.CommentHashbang, 0, e)
		i = e
	}
outer:
	for i < n {
		c := src[i]
		// Preprocessor lines in the C family are code.
		if sx.hashPre && c == '#' && lineStartBlank(src, i) {
			i = lineEndAt(i)
			continue
		}
		if sx.rubyBlock && c == '=' && atLineStart(i) && strings.HasPrefix(string(src[i:min(n, i+6)]), "=begin") {
			j := i
			for {
				j = lineEndAt(j)
				for j < n && (src[j] == '\n' || src[j] == '\r') {
					j++
				}
				if j >= n || strings.HasPrefix(string(src[j:min(n, j+4)]), "=end") {
					break
				}
			}
			e := lineEndAt(min(j, n))
			emit(chroma.CommentMultiline, i, e)
			i = e
			continue
		}
		for _, l := range sx.line {
			if c == l[0] && strings.HasPrefix(string(src[i:min(n, i+len(l))]), l) {
				if sx.hashAtWord && l == "#" && i > 0 && !strings.ContainsRune(" \t\n\r;&|(", rune(src[i-1])) {
					break
				}
				e := lineEndAt(i)
				emit(chroma.CommentSingle, i, e)
				i = e
				continue outer
			}
		}
		for _, b := range sx.block {
			if c == b[0][0] && strings.HasPrefix(string(src[i:min(n, i+len(b[0]))]), b[0]) {
				e := blockEnd(src, i+len(b[0]), b[0], b[1], sx.nested)
				emit(chroma.CommentMultiline, i, e)
				i = e
				continue outer
			}
		}
		// String prefixes: an identifier made only of prefix letters,
		// followed by a quote (r"…", f'…', @"…", $"…", br"…", r#"…"#).
		if sx.prefixes != "" && strings.IndexByte(sx.prefixes, c) >= 0 && (i == 0 || !isIdentByte(src[i-1])) {
			j := i
			for j < n && j-i < 3 && strings.IndexByte(sx.prefixes, src[j]) >= 0 {
				j++
			}
			k := j
			if sx.name == "Rust" {
				for k < n && src[k] == '#' {
					k++
				}
			}
			if k < n && strings.IndexByte(sx.quotes, src[k]) >= 0 && src[k] != '\'' || (k < n && src[k] == '\'' && !sx.char) {
				e := stringEnd2(sx, src, i, k, k-j)
				emit(stringType(src[k]), i, e)
				i = e
				continue
			}
		}
		if isIdentByte(c) {
			// Skip the identifier so a prefix letter inside it is not taken
			// for a string prefix.
			for i < n && isIdentByte(src[i]) {
				i++
			}
			continue
		}
		if c == '\'' && sx.char {
			// A character literal ('x', '\n', '\u{1F600}'), or a Rust lifetime.
			if e, ok := charLiteralEnd(src, i); ok {
				emit(chroma.LiteralStringChar, i, e)
				i = e
				continue
			}
			i++
			continue
		}
		if strings.IndexByte(sx.quotes, c) >= 0 {
			e := stringEnd2(sx, src, i, i, 0)
			emit(stringType(c), i, e)
			i = e
			continue
		}
		i++
	}
	text(textStart, n)
	return toks
}

// interpolations appends the string literal src[start:end] as string
// pieces and the interpolations inside it (${x} in JS templates, {x} in
// Python f-strings and C# $"…", $X ${x} $(x) in shell, #{x} in Ruby), which
// are code, not text.
func interpolations(sx *codeSyntax, src []byte, typ chroma.TokenType, start, end int, toks []codeToken) []codeToken {
	q := start
	for q < end && src[q] != '"' && src[q] != '\'' && src[q] != '`' {
		q++
	}
	prefix := string(src[start:q])
	quote := byte(0)
	if q < end {
		quote = src[q]
	}
	var mode byte // '$' JS ${}, 'f' braces, 's' shell, 'r' Ruby
	switch {
	case sx.name == "JavaScript" || sx.name == "TypeScript":
		if quote == '`' {
			mode = '$'
		}
	case sx.name == "Python":
		if strings.ContainsAny(prefix, "fF") {
			mode = 'f'
		}
	case sx.name == "C#":
		if strings.Contains(prefix, "$") {
			mode = 'f'
		}
	case sx.name == "Bash":
		if quote == '"' {
			mode = 's'
		}
	case sx.name == "Ruby":
		if quote == '"' || quote == '`' {
			mode = 'r'
		}
	}
	if mode == 0 {
		return append(toks, codeToken{typ: typ, start: start, end: end})
	}
	piece := start
	flush := func(i int) {
		if i > piece {
			toks = append(toks, codeToken{typ: typ, start: piece, end: i})
		}
	}
	balanced := func(i int, open, close byte) int { // i at open
		depth := 0
		for j := i; j < end; j++ {
			switch src[j] {
			case open:
				depth++
			case close:
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return end
	}
	for i := q + 1; i < end; i++ {
		c := src[i]
		if c == '\\' && mode != 'f' {
			i++
			continue
		}
		e := -1
		switch mode {
		case '$':
			if c == '$' && i+1 < end && src[i+1] == '{' {
				e = balanced(i+1, '{', '}')
			}
		case 'f':
			if c == '{' {
				if i+1 < end && src[i+1] == '{' {
					i++
					continue
				}
				e = balanced(i, '{', '}')
			} else if c == '\\' {
				i++
				continue
			}
		case 's':
			if c == '$' && i+1 < end {
				switch d := src[i+1]; {
				case d == '{':
					e = balanced(i+1, '{', '}')
				case d == '(':
					e = balanced(i+1, '(', ')')
				case isIdentByte(d) || strings.IndexByte("@*#?$!-", d) >= 0:
					e = i + 2
					for e < end && isIdentByte(src[e]) && isIdentByte(d) {
						e++
					}
				}
			} else if c == '`' {
				for e = i + 1; e < end && src[e] != '`'; e++ {
				}
				e = min(e+1, end)
			}
		case 'r':
			if c == '#' && i+1 < end && src[i+1] == '{' {
				e = balanced(i+1, '{', '}')
			}
		}
		if e > i {
			flush(i)
			toks = append(toks, codeToken{typ: chroma.LiteralStringInterpol, start: i, end: e})
			piece = e
			i = e - 1
		}
	}
	flush(end)
	return toks
}

func lineStartBlank(src []byte, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch src[j] {
		case ' ', '\t':
			continue
		case '\n', '\r':
			return true
		default:
			return false
		}
	}
	return true
}

func stringType(q byte) chroma.TokenType {
	switch q {
	case '\'':
		return chroma.LiteralStringSingle
	case '`':
		return chroma.LiteralStringBacktick
	}
	return chroma.LiteralStringDouble
}

// blockEnd returns the end of a block comment whose body starts at i.
func blockEnd(src []byte, i int, open, close string, nested bool) int {
	depth := 1
	for i < len(src) {
		if strings.HasPrefix(string(src[i:min(len(src), i+len(close))]), close) {
			i += len(close)
			depth--
			if depth == 0 || !nested {
				return i
			}
			continue
		}
		if nested && strings.HasPrefix(string(src[i:min(len(src), i+len(open))]), open) {
			depth++
			i += len(open)
			continue
		}
		i++
	}
	return len(src)
}

// charLiteralEnd recognises a character literal at i.
func charLiteralEnd(src []byte, i int) (int, bool) {
	j := i + 1
	if j >= len(src) {
		return 0, false
	}
	if src[j] == '\\' {
		for k := j + 1; k < len(src) && k < j+12; k++ {
			if src[k] == '\'' {
				return k + 1, true
			}
			if src[k] == '\n' {
				break
			}
		}
		return 0, false
	}
	// One rune, then the closing quote.
	k := j + 1
	for k < len(src) && src[k]&0xC0 == 0x80 {
		k++
	}
	if k < len(src) && src[k] == '\'' && src[j] != '\n' {
		return k + 1, true
	}
	return 0, false
}

// stringEnd2 returns the end of the string literal that starts at start
// (its prefix included) with its opening quote at q; hashes counts Rust
// raw-string hashes.
func stringEnd2(sx *codeSyntax, src []byte, start, q, hashes int) int {
	n := len(src)
	quote := src[q]
	prefix := string(src[start:q])
	raw := strings.ContainsAny(prefix, "rR@") || (quote == '`' && sx.rawTick) || (quote == '\'' && sx.name == "Bash")
	verbatim := strings.Contains(prefix, "@") // C#: "" is a quote
	if sx.triple && q+2 < n && src[q+1] == quote && src[q+2] == quote {
		close := string([]byte{quote, quote, quote})
		for i := q + 3; i < n; i++ {
			if src[i] == '\\' && !raw {
				i++
				continue
			}
			if strings.HasPrefix(string(src[i:min(n, i+3)]), close) {
				return i + 3
			}
		}
		return n
	}
	multiline := quote == '`' || raw || sx.name == "Bash" || sx.name == "Ruby"
	for i := q + 1; i < n; i++ {
		c := src[i]
		switch {
		case c == '\\' && !raw:
			i++
		case c == quote:
			if verbatim && i+1 < n && src[i+1] == quote {
				i++
				continue
			}
			if hashes > 0 {
				k := i + 1
				for k < n && k-i-1 < hashes && src[k] == '#' {
					k++
				}
				if k-i-1 < hashes {
					continue
				}
				return k
			}
			return i + 1
		case (c == '\n' || c == '\r') && !multiline:
			return i // unterminated: the string ends with the line
		}
	}
	return n
}
