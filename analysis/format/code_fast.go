package format

import (
	"bytes"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

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
	name       string          // chroma's name for the language
	line       []string        // line-comment starters
	block      [][2]string     // block comments
	nested     bool            // block comments nest (Rust)
	hashAtWord bool            // '#' starts a comment only at the start of a word (shell)
	quotes     string          // string delimiters
	char       bool            // '\'' delimits a character literal (or a Rust lifetime), not a string
	triple     bool            // """ and ''' strings (Python; """ text blocks in Java)
	prefixes   string          // letters that may prefix a string (r, b, f, u; @ and $ for C#)
	rawTick    bool            // `...` has no escapes (Go)
	rubyBlock  bool            // =begin … =end
	hashPre    bool            // a line starting with '#' is a preprocessor line (C, C++)
	regex      bool            // '/' after an operator starts a regular expression literal (JavaScript, TypeScript)
	regexFlags string          // the flags chroma allows after such a literal
	regexWords map[string]bool // the keywords after which '/' starts one
	percent    bool            // %q(…), %w[…], %Q{…} and other percent literals (Ruby)
	hashbang   string          // a first line "#!" is a hashbang line: "." with anything after it, "n" the same ended by a line break (shell), "/" with a path (JavaScript)
}

// fastSyntax maps an extension to the syntax of its language, as the
// file-type table's fast column (kind.go) names it.
var (
	cSyntax    = codeSyntax{line: []string{"//"}, block: [][2]string{{"/*", "*/"}}, quotes: `"`, char: true, hashPre: true}
	fastSyntax = map[string]*codeSyntax{}
	rubySyntax *codeSyntax // the code inside a Ruby interpolation
)

func init() {
	byName := map[string]*codeSyntax{}
	add := func(s codeSyntax, name string) {
		s.name = name
		byName[name] = &s
	}
	add(codeSyntax{line: []string{"//"}, block: [][2]string{{"/*", "*/"}}, quotes: "\"`", char: true, rawTick: true}, "Go")
	add(cSyntax, "C")
	add(cSyntax, "C++")
	cs := cSyntax
	cs.prefixes = "@$"
	cs.hashPre = false // chroma's C# lexer takes only the directive word (#region, #if) as preprocessor
	add(cs, "C#")
	java := cSyntax
	java.hashPre, java.triple = false, true
	add(java, "Java")
	js := codeSyntax{line: []string{"//"}, block: [][2]string{{"/*", "*/"}}, quotes: "\"'`", regex: true, hashbang: "/"}
	js.regexFlags, js.regexWords = "gimuy", wordSet("for in while do break return continue switch case default if else throw try catch finally new delete typeof instanceof void yield this of var let with function")
	add(js, "JavaScript")
	js.hashbang = "" // chroma's TypeScript lexer has no hashbang rule
	js.regexFlags, js.regexWords = "gim", wordSet("for in of while do break return yield continue switch case default if else throw try catch finally new delete typeof instanceof keyof asserts is infer await void this var let with function")
	add(js, "TypeScript")
	add(codeSyntax{line: []string{"//"}, block: [][2]string{{"/*", "*/"}}, nested: true, quotes: `"`, char: true, prefixes: "rb"}, "Rust")
	add(codeSyntax{line: []string{"#"}, quotes: `"'`, triple: true, prefixes: "rbufRBUF", hashbang: "."}, "Python")
	add(codeSyntax{line: []string{"#"}, quotes: "\"'`", rubyBlock: true, percent: true, hashbang: "."}, "Ruby")
	add(codeSyntax{line: []string{"#"}, hashAtWord: true, quotes: `"'`, prefixes: "$", hashbang: "n"}, "Bash")
	rubySyntax = byName["Ruby"]
	for _, ft := range fileTypes {
		if ft.fast != "" {
			for _, e := range strings.Fields(ft.exts) {
				fastSyntax[e] = byName[ft.fast]
			}
		}
	}
}

// pyNumberEnd returns the end of the Python number at the digit at i as
// chroma reads it, its rules tried in order: a float with a '.' (and an
// exponent), a float with an exponent (and j), 0o, 0b and 0x numbers, an
// integer (digits may be grouped by single underscores throughout).
func pyNumberEnd(src []byte, i int) int {
	n := len(src)
	digits := func(j int, ok func(byte) bool) int { // d(?:_?d)*, or j
		if j >= n || !ok(src[j]) {
			return j
		}
		j++
		for j < n {
			if ok(src[j]) {
				j++
			} else if src[j] == '_' && j+1 < n && ok(src[j+1]) {
				j += 2
			} else {
				break
			}
		}
		return j
	}
	dec := func(c byte) bool { return c >= '0' && c <= '9' }
	exp := func(j int) int { // [eE][+-]?d(?:_?d)*, or j
		if j < n && (src[j] == 'e' || src[j] == 'E') {
			k := j + 1
			if k < n && (src[k] == '+' || src[k] == '-') {
				k++
			}
			if e := digits(k, dec); e > k {
				return e
			}
		}
		return j
	}
	d := digits(i, dec)
	if d < n && src[d] == '.' {
		return exp(digits(d+1, dec))
	}
	if e := exp(d); e > d {
		if e < n && src[e] == 'j' {
			e++
		}
		return e
	}
	if src[i] == '0' && i+1 < n {
		var ok func(byte) bool
		switch src[i+1] {
		case 'o', 'O':
			ok = func(c byte) bool { return c >= '0' && c <= '7' }
		case 'b', 'B':
			ok = func(c byte) bool { return c == '0' || c == '1' }
		case 'x', 'X':
			ok = func(c byte) bool { return dec(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
		}
		if ok != nil {
			// (?:_?d)+: digits, each after at most one underscore.
			j := i + 2
			for j < n && (ok(src[j]) || src[j] == '_' && j+1 < n && ok(src[j+1])) {
				if src[j] == '_' {
					j++
				}
				j++
			}
			if j > i+2 {
				return j
			}
		}
	}
	return d
}

// rustNumberEnd returns the end of the Rust number at the digit at i as
// chroma reads it: 0b[01_]+, 0o[0-7_]+, 0[xX][0-9a-fA-F_]+, a float
// [0-9][0-9_]*(\.[0-9_]+[eE][+\-]?[0-9_]+|\.[0-9_]*(?!\.)|[eE][+\-]?[0-9_]+)
// or an integer [0-9][0-9_]*, tried in that order, then its number_lit
// state's suffix [ui](8|16|32|64|size) or f(32|64).
func rustNumberEnd(src []byte, i int) int {
	n := len(src)
	run := func(j int, ok func(byte) bool) int {
		for j < n && (ok(src[j]) || src[j] == '_') {
			j++
		}
		return j
	}
	dec := func(c byte) bool { return c >= '0' && c <= '9' }
	e := -1
	if src[i] == '0' && i+1 < n {
		var ok func(byte) bool
		switch src[i+1] {
		case 'b':
			ok = func(c byte) bool { return c == '0' || c == '1' }
		case 'o':
			ok = func(c byte) bool { return c >= '0' && c <= '7' }
		case 'x', 'X':
			ok = func(c byte) bool { return dec(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
		}
		if ok != nil {
			if k := run(i+2, ok); k > i+2 {
				e = k
			}
		}
	}
	if e < 0 {
		d := run(i+1, dec)
		exp := func(j int) int { // [eE][+\-]?[0-9_]+, or -1
			if j < n && (src[j] == 'e' || src[j] == 'E') {
				k := j + 1
				if k < n && (src[k] == '+' || src[k] == '-') {
					k++
				}
				if m := run(k, dec); m > k {
					return m
				}
			}
			return -1
		}
		e = d
		if d < n && src[d] == '.' {
			f := run(d+1, dec)
			if f > d+1 && exp(f) > 0 {
				e = exp(f)
			} else if f < n && src[f] == '.' {
				// \.[0-9_]*(?!\.) gives back a digit, which is no '.'
				// (1.55. is 1.5 and 5.); without digits it fails (1..).
				if f > d+1 {
					e = f - 1
				}
			} else {
				e = f
			}
		} else if x := exp(d); x > 0 {
			e = x
		}
	}
	for _, suf := range []string{"u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize", "f32", "f64"} {
		if bytesHasPrefix(src[e:], suf) {
			return e + len(suf)
		}
	}
	return e
}

// pyPrefix reports whether src[i:j] prefixes a Python string as chroma
// reads it: rf, fr, f, rb, br, r, u or b, in any case.
func pyPrefix(src []byte, i, j int) bool {
	switch strings.ToLower(string(src[i:j])) {
	case "rf", "fr", "f", "rb", "br", "r", "u", "b":
		return true
	}
	return false
}

// maxPrefix is the longest string prefix: one '$' in the shell ($'…' and
// $"…"; $$ is a variable), up to three letters elsewhere (br, rb, Rb…).
func (sx *codeSyntax) maxPrefix() int {
	if sx.name == "Bash" {
		return 1
	}
	return 3
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
	toks, _ := fastScan(sx, src, 0, 0)
	return toks
}

// rubyIntpEnd returns the end of the Ruby interpolation whose code starts
// at i (after "#{"), as chroma's in-intp state reads it: Ruby code, its
// comments, strings and nested braces included, up to the '}' that closes
// it. ok is false when none does (the end is then len(src)). nest counts
// the interpolations it is in: past maxRubyNest the scanner stops looking
// (the rest of the file is this one), so that its stack stays small.
func rubyIntpEnd(src []byte, i, nest int) (end int, ok bool) {
	if nest >= maxRubyNest {
		return len(src), false
	}
	if _, e := fastScan(rubySyntax, src, i, nest+1); e >= 0 {
		return e, true
	}
	return len(src), false
}

// maxRubyNest bounds the nesting of Ruby interpolations ("#{"#{…}"}")
// the scanner follows; chroma's lexer would follow any number, but no
// program nests a thousand.
const maxRubyNest = 1000

// fastScan scans src from from. With nest > 0 (Ruby), it scans the code
// of an interpolation nest deep: it keeps no tokens and stops after the
// '}' that closes it, returning its end, or -1 when none does.
func fastScan(sx *codeSyntax, src []byte, from int, nest int) ([]codeToken, int) {
	intp := nest > 0
	var toks []codeToken
	textStart := from
	// Code between comments and strings is text, with white space in
	// tokens of its own (docstring detection looks at the token before).
	text := func(start, end int) {
		if intp {
			return
		}
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
		if intp {
			textStart = end
			return
		}
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
	i := from
	depth := 0 // intp: the braces open inside the interpolation
	if !intp && sx.hashbang != "" && n > 2 && src[0] == '#' && src[1] == '!' {
		e := lineEndAt(0)
		if sx.name == "Ruby" && e == 2 && src[2] == '\n' {
			e = lineEndAt(3) // chroma's \A#!.+?$ with '.' taking line breaks (dot_all)
		}
		if sx.hashbang == "/" && (src[2] == '/' || src[2] == ' ' && n > 3 && src[3] == '/') || sx.hashbang == "." && e > 2 || sx.hashbang == "n" && e > 2 && e < n {
			emit(chroma.CommentHashbang, 0, e)
			i = e
		}
	}
	// JavaScript: whether a '/' here starts a regular expression literal
	// (chroma's "slashstartsregex" state: at the start of the file or of a
	// line, after an operator, an opening bracket or certain keywords).
	regexOK := false
	shell, rust, py := sx.name == "Bash", sx.name == "Rust", sx.name == "Python"
	special := shell || rust || sx.percent || sx.regex
	lineCommentEnd := -1        // where the last line comment ended (before its line break)
	rubyNameEnd := -1           // where the last Ruby :symbol or .method name ended (a colon right after it, or after an emitted token such as ?A or /x/i, is no label's)
	pyNumEnd := -1              // where the last Python or Rust number ended
	hereFrom, hereEnd := -1, -1 // shell: the line break after which the pending here-documents' bodies start, and where they end
	hereJoin := false           // the one pending opener ends its line: its body continues its literal
outer:
	for i < n {
		c := src[i]
		if hereFrom >= 0 && i >= hereFrom {
			// The bodies of the here-documents opened on the line just
			// ended (unless a literal ran over its line break) are no
			// code: one right after its opener is one literal with it,
			// as chroma reads a here-document.
			if i == hereFrom {
				if hereJoin {
					emit(chroma.LiteralString, hereFrom, hereEnd)
				}
				i = hereEnd
			}
			hereFrom = -1
			continue
		}
		// chroma's in-intp state: '{' and '}' nest before any rule of
		// Ruby's code (they are no token's start otherwise).
		if intp && (c == '{' || c == '}') {
			if c == '{' {
				depth++
			} else if depth--; depth < 0 {
				return nil, i + 1
			}
			i++
			continue
		}
		// Preprocessor lines in the C family are code, but comments on them
		// are comments.
		if sx.hashPre && c == '#' && lineStartBlank(src, i) {
			i = preprocLine(src, i, emit)
			continue
		}
		// chroma's "^(?=\s|/)" rule: at the start of a line, when its
		// lexer stands there (the white space before ended at the line
		// break, or a line comment took the line break), white space or a
		// '/' starts the regular-expression state.
		if sx.regex && atLineStart(i) && (c == '/' || isASCIISpace(c) && (i == 0 || lineCommentEnd == i-1)) {
			regexOK = true
		}
		if sx.rubyBlock && c == '=' && atLineStart(i) && strings.HasPrefix(string(src[i:min(n, i+6)]), "=begin") && isRegexSpace(src, i+6) {
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
				if sx.hashAtWord && l == "#" && i > 0 && !strings.ContainsRune(" \t\n\r\f\v;&|()<>", rune(src[i-1])) {
					break
				}
				e := lineEndAt(i)
				// C: a backslash at the end of the line continues the
				// comment on the next one.
				for sx.hashPre && e > i+2 && src[e-1] == '\\' && e < n && src[e] == '\n' {
					e = lineEndAt(e + 1)
				}
				emit(chroma.CommentSingle, i, e)
				lineCommentEnd = e
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
		if rust && c == '$' {
			// A macro variable ($r, chroma's \$[a-zA-Z_]\w*) is one
			// token: in $r#"x"# the r prefixes nothing.
			if e := rubyWordEnd(src, i+1); e > i+1 {
				i = e
				continue
			}
		}
		// String prefixes: an identifier made only of prefix letters,
		// followed by a quote (r"…", f'…', @"…", $"…", br"…", r#"…"#).
		if sx.prefixes != "" && strings.IndexByte(sx.prefixes, c) >= 0 && (i == 0 || !isIdentByte(src[i-1]) || i == pyNumEnd) {
			j := i
			for j < n && j-i < sx.maxPrefix() && strings.IndexByte(sx.prefixes, src[j]) >= 0 {
				j++
			}
			if sx.name == "Rust" && j > i && string(src[i:j]) != "b" && string(src[i:j]) != "r" && string(src[i:j]) != "br" {
				j = i // not one of Rust's prefixes (b"", r"", br"")
			}
			if sx.name == "C#" && j > i && string(src[i:j]) != "@" && string(src[i:j]) != "$" && string(src[i:j]) != "$@" {
				j = i // not one of chroma's C# prefixes (@"", $"", $@"")
			}
			if sx.name == "Python" && j > i && !pyPrefix(src, i, j) {
				j = i
			}
			k := j
			if sx.name == "Rust" && bytes.IndexByte(src[i:j], 'r') >= 0 { // r#"…"#, br#"…"#
				for k < n && src[k] == '#' {
					k++
				}
			}
			if k < n && strings.IndexByte(sx.quotes, src[k]) >= 0 && src[k] != '\'' || (k < n && src[k] == '\'' && !sx.char) {
				e := stringEnd2(sx, src, i, k, k-j, nest)
				emit(stringType(sx, src[k]), i, e)
				i = e
				continue
			}
		}
		if py && c >= '0' && c <= '9' && (i == 0 || !isIdentByte(src[i-1])) {
			// A number is a token of its own: in 0f"x" the f prefixes a
			// string.
			i = pyNumberEnd(src, i)
			pyNumEnd = i
			continue
		}
		if py && c >= utf8.RuneSelf {
			// chroma's Python names are [_\p{L}][_\p{L}\p{N}]*: another
			// rune is a token of its own (an error), and so is a number of
			// other digits (٣), so a prefix letter after either starts a
			// string.
			r, w := utf8.DecodeRune(src[i:])
			if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
				i += w
				pyNumEnd = i
				continue
			}
			if unicode.IsDigit(r) && (i == 0 || i == pyNumEnd || !isIdentByte(src[i-1])) {
				for i < n {
					if r, w := utf8.DecodeRune(src[i:]); unicode.IsDigit(r) {
						i += w
					} else if src[i] == '_' && i+1 < n {
						if r2, _ := utf8.DecodeRune(src[i+1:]); !unicode.IsDigit(r2) {
							break
						}
						i++
					} else {
						break
					}
				}
				pyNumEnd = i
				continue
			}
		}
		if sx.percent && c >= utf8.RuneSelf {
			// chroma's Ruby names start with [a-zA-Z_]: another rune
			// where a name would start is a token of its own (an error),
			// so in š?"" the ? starts a character literal, not a name's
			// suffix.
			_, w := utf8.DecodeRune(src[i:])
			i += w
			continue
		}
		if sx.percent && c == '_' && atLineStart(i) && bytesHasPrefix(src[i:], "__END__") && (i+7 == n || src[i+7] == '\n' || src[i+7] == '\r') {
			// A line __END__ ends the program: the rest of the file is
			// data (chroma's rule is not anchored: see codeDeviations).
			i = n
			continue
		}
		if isIdentByte(c) {
			// Skip the identifier so a prefix letter inside it is not taken
			// for a string prefix.
			j := i
			for i < n && isIdentByte(src[i]) {
				if py && src[i] >= utf8.RuneSelf {
					if r, w := utf8.DecodeRune(src[i:]); unicode.IsLetter(r) || unicode.IsNumber(r) {
						i += w
						continue
					}
					break
				}
				i++
			}
			if !special {
				continue
			}
			if rust && i-j == 1 && src[j] == 'r' && i+1 < n && src[i] == '#' && (src[i+1] == '_' || src[i+1] >= 'a' && src[i+1] <= 'z' || src[i+1] >= 'A' && src[i+1] <= 'Z') {
				// A raw identifier (r#type): in r#r#"x"# the second r is
				// part of it, not a raw string's prefix.
				for i += 2; i < n && isIdentByte(src[i]); i++ {
				}
				continue
			}
			if sx.regex {
				regexOK = sx.regexWords[string(src[j:i])]
			}
			if rust && src[j] >= '0' && src[j] <= '9' {
				// A number is a token of its own: in 0r#""# the r
				// prefixes a raw string.
				i = rustNumberEnd(src, j)
				pyNumEnd = i
				continue
			}
			if sx.percent && src[j] >= '0' && src[j] <= '9' {
				i = rubyNumberEnd(src, j)
			} else if sx.percent && i < n && (src[i] == '?' || src[i] == '!') && !(i+1 < n && src[i+1] == '=') && rubySuffixed(src, j, i) {
				i++ // Ruby: empty? and save! are names
			}
			if sx.percent && (j == 0 || src[j-1] != '@') {
				if e := rubyDeclEnd(src, j, i); e > i {
					i, rubyNameEnd = e, e // def a:"x" names a and then a symbol
				}
			}
			continue
		}
		if special { // the languages with more than comments and quotes
			if sx.percent && c == '$' && i+1 < n {
				// Ruby globals: $' $` $" are variables, not quotes.
				switch d := src[i+1]; {
				case isIdentByte(d):
					i += 2
					for i < n && isIdentByte(src[i]) {
						i++
					}
					// A colon right after the global starts a symbol, whatever
					// the '$'s before it (?$$A:"x" is ?$, $A and :"x").
					rubyNameEnd = i
					continue
				case strings.IndexByte("!@&`'+~=/\\,;.<>_*$?:\"^", d) >= 0:
					i += 2
					continue
				}
			}
			if sx.percent && c == ':' && i+1 < n && src[i+1] == ':' {
				// Ruby: chroma's "::" rule comes before its symbol rules, so
				// in :::"x" the third colon starts the symbol :"x".
				i += 2
				continue
			}
			if sx.percent && c == ':' && i+1 < n && (src[i+1] == '\'' || src[i+1] == '"') && (i == rubyNameEnd || i == textStart || !rubyLabelBefore(src, i)) {
				// Ruby: :'sym' and :"sym" are symbols, not strings (but in
				// key:"value" the colon ends the key).
				if e := rubyQuotedEnd(src, i+1, nest); e > 0 || src[i+1] == '"' {
					if e < 0 {
						e = n
					}
					emit(chroma.LiteralStringSymbol, i, e)
					i = e
					continue
				}
			}
			if sx.percent && c == ':' && (i == rubyNameEnd || i == textStart || !rubyLabelBefore(src, i)) {
				// Ruby: :/ :% :` (and :@/ …) are operator symbols, not a
				// regular expression, percent literal or command; :name
				// (and :@name) is a symbol, so a colon after it is no
				// label's.
				k := i + 1
				for k < n && k < i+3 && src[k] == '@' {
					k++
				}
				if k < n && (src[k] == '/' || src[k] == '%' || src[k] == '`') {
					emit(chroma.LiteralStringSymbol, i, k+1)
					i = k + 1
					continue
				}
				if e := rubyLtOperatorEnd(src, k); e > k {
					i = e // :<< and :< are operator symbols (no heredoc)
					continue
				}
				if e := rubyNameAt(src, k); e > k {
					i, rubyNameEnd = e, e
					continue
				}
			}
			if sx.percent && c == '.' {
				// Ruby: .` ./ .% name an operator method; otherwise chroma
				// reads up to three dots as one operator.
				k := i + 1
				if k < n && (src[k] == '`' || src[k] == '/' || src[k] == '%') {
					i = k + 1
					continue
				}
				if e := rubyLtOperatorEnd(src, k); e > k {
					i = e // .<< and .< name operator methods (no heredoc)
					continue
				}
				if e := rubyNameAt(src, k); e > k {
					// .name: a method, so a colon after it is no label's.
					i, rubyNameEnd = e, e
					continue
				}
				for k < n && k < i+3 && src[k] == '.' {
					k++
				}
				i = k
				continue
			}
			if sx.percent && c == '<' && i+1 < n && src[i+1] == '<' {
				// A heredoc's opener (<<A, <<-"A") is code, and so is the
				// rest of its line (chroma's token takes the line: see
				// codeDeviations); otherwise << is an operator.
				i = max(rubyHeredocOpenerEnd(src, i), i+2)
				continue
			}
			if sx.percent && c == '`' && i > 0 && src[i-1] == '.' {
				i++ // chroma's (?<!\.)`: no command after a dot
				continue
			}
			if sx.percent && c == '/' && rubyRegexStart(src, i) {
				e := rubyRegexEnd(src, i, nest)
				emit(chroma.LiteralStringRegex, i, e)
				i = e
				continue
			}
			if sx.percent && c == '?' {
				if e, ok := rubyCharEnd(src, i); ok {
					emit(chroma.LiteralStringChar, i, e)
					i = e
					continue
				}
			}
			if sx.regex && c == '/' {
				if regexOK {
					if e, ok := regexLiteralEnd(src, i, sx.regexFlags); ok {
						emit(chroma.LiteralStringRegex, i, e)
						i, regexOK = e, false
						continue
					}
					// chroma's "badregex": the rest of the line is not lexed.
					i, regexOK = lineEndAt(i), false
					continue
				}
				i, regexOK = i+1, true // division
				continue
			}
			if shell && c == '\\' && i+1 < n {
				// An escaped character (\' is a quote, not the start of a
				// string); chroma calls it a string escape.
				e := escapeEnd(src, i)
				emit(chroma.LiteralStringEscape, i, e)
				i = e
				continue
			}
			if shell && c == '<' && i+1 < n && src[i+1] == '<' {
				if i+2 < n && src[i+2] == '<' {
					i += 3 // <<< and a here-string
					continue
				}
				if oe, word, dash := shellHereOpener(src, i); oe > 0 {
					// A here-document: the opener is a literal, the rest
					// of its line code, and its body the lines after up to
					// the one that is just the word.
					emit(chroma.LiteralString, i, oe)
					from := hereEnd
					hereJoin = hereFrom < 0 && lineEndAt(oe) == oe
					if hereFrom < 0 {
						from = lineEndAt(oe)
						hereFrom = from
					}
					hereEnd = shellHereEnd(src, from, word, dash)
					i = oe
					continue
				}
				i += 2
				continue
			}
			if shell && c == '$' && i+1 < n && src[i+1] == '$' {
				i += 2 // $$, the process ID: $${ opens no ${…}
				continue
			}
			if shell && c == '$' && i+1 < n && src[i+1] == '{' {
				// ${…} is one interpolation, strings in it included; its
				// braces are tokens of their own, as chroma's (the scoper
				// counts them, and not a '(' inside).
				e, ok := shellBraceEnd(src, i+2)
				emit(chroma.LiteralStringInterpol, i, i+2)
				if ok {
					emit(chroma.LiteralStringInterpol, e-1, e)
				}
				i = e
				continue
			}
			if rust && i == 0 && c == '#' && i+2 < n && src[i+1] == '!' && src[i+2] != '[' && src[i+2] != '\n' && src[i+2] != '\r' {
				// "#!" at the start of the file not opening an inner
				// attribute: a shebang line, code (chroma's root state has
				// the rule, and its lexer never returns there).
				i = lineEndAt(i)
				continue
			}
			if sx.percent && c == '%' {
				if typ, e, ok := rubyPercentEnd(src, i, nest); ok {
					emit(typ, i, e)
					i = e
					continue
				}
			}
		}
		if c == '\'' && sx.char {
			// A character literal ('x', '\n', '\u{1F600}'), or a Rust lifetime.
			if e, ok := charLiteralEnd(sx, src, i); ok {
				emit(chroma.LiteralStringChar, i, e)
				i = e
				continue
			}
			if rust {
				// A lifetime ('a, chroma's ' then [a-zA-Z_]+\w*) is one
				// token: in 'r#""# the r prefixes nothing.
				if e := rubyWordEnd(src, i+1); e > i+1 {
					i = e
					continue
				}
			}
			i++
			continue
		}
		if strings.IndexByte(sx.quotes, c) >= 0 {
			e := stringEnd2(sx, src, i, i, 0, nest)
			emit(stringType(sx, c), i, e)
			i, regexOK = e, false
			continue
		}
		if sx.regex {
			switch {
			case strings.IndexByte("+-~&?:|=!<>*%^{([;,", c) >= 0,
				c == '\\' && i+1 < n && src[i+1] == '\n':
				regexOK = true
			case !isASCIISpace(c):
				regexOK = false // anything else leaves the state
			}
		}
		i++
	}
	if intp {
		return nil, -1
	}
	text(textStart, n)
	// chroma.Coalesce joins touching tokens of one type, and the scoper
	// reads a literal's quotes from its tokens: ""'s closing quote and the
	// opening one of "0$0" after it are one token """0 there, so they are
	// one here too.
	k := 0
	for _, t := range toks {
		if k > 0 && t.typ == toks[k-1].typ && t.start == toks[k-1].end && t.typ.SubCategory() == chroma.LiteralString {
			toks[k-1].end = t.end
			continue
		}
		toks[k] = t
		k++
	}
	return toks[:k], n
}

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// rubyPercentEnd matches chroma's Ruby percent literals at the '%' at i:
// %q(…) %w[…] %Q{…} %(…) with nesting brackets, %q|…| and %Q!…! with any
// other delimiter, %r… (a regular expression), and "% … " after an
// operator or at the start of a line. ok is false when the '%' is an
// operator.
func rubyPercentEnd(src []byte, i, nest int) (typ chroma.TokenType, end int, ok bool) {
	n := len(src)
	j := i + 1
	kind := byte(0)
	if j < n && strings.IndexByte("QWxqswr", src[j]) >= 0 {
		kind = src[j]
		j++
	}
	typ = chroma.LiteralStringOther
	if kind == 'r' {
		typ = chroma.LiteralStringRegex
	}
	if j >= n {
		return 0, 0, false
	}
	if k := strings.IndexByte("{[(<", src[j]); k >= 0 {
		end = balancedEnd(src, j, "{[(<"[k], "}])>"[k], kind != 'q' && kind != 's' && kind != 'w', kind != 'r', nest)
		if kind == 'r' && end > j+1 && src[end-1] == "}])>"[k] {
			for end < n && strings.IndexByte("mixounse", src[end]) >= 0 {
				end++ // the flags of %r{…}i
			}
		}
		return typ, end, true
	}
	d, w := utf8.DecodeRune(src[j:])
	if kind == 'r' {
		typ = chroma.LiteralString // chroma's (%r([\W_]))…: a string token, not a regular expression's (%r{…} is one)
	}
	switch {
	case kind != 0:
		if isRegexWordRune(d) && d != '_' {
			return 0, 0, false // [\W_]
		}
	case d == ' ' || d == '\t':
		p := spaceRunStart(src, i) - 1
		// chroma's ^(\s*)(% …) where its lexer stands at a line start: at
		// the start of a line, or after white space that starts the file.
		if !(p >= 0 && strings.IndexByte("-+/*%=<>&!^|~,(", src[p]) >= 0 || p < 0 || src[i-1] == '\n') {
			return 0, 0, false
		}
	case unicode.IsSpace(d) || d < utf8.RuneSelf && isIdentByte(byte(d)) && d != '_':
		return 0, 0, false // [^a-zA-Z0-9\s]
	}
	// ((?:\\d|(?!d).)*)d, backtracking included: the first unescaped d
	// (chroma's '.' takes line breaks here), else the d of the last escaped
	// one.
	lastEsc := -1
	for k := j + w; k < n; {
		r, rw := utf8.DecodeRune(src[k:])
		if r == '\\' && k+1 < n {
			if r2, w2 := utf8.DecodeRune(src[k+1:]); r2 == d {
				lastEsc = k + 1 + w2
				k += 1 + w2
				continue
			}
		}
		if r == d {
			end = k + rw
			if kind == 'r' {
				for end < n && strings.IndexByte("mixounse", src[end]) >= 0 {
					end++
				}
			}
			return typ, end, true
		}
		k += rw
	}
	if lastEsc >= 0 {
		return typ, lastEsc, true
	}
	return 0, 0, false
}

// rubySuffixed reports whether chroma's Ruby lexer reads the '?' or '!'
// right after the word src[j:i] as part of it: its name rule takes one,
// but the keyword and builtin rules before it end at the word's end (if?
// is the keyword if and then a '?'), and so do @names and constants of
// two or more characters ([A-Z]\w+), unless one of its rules for
// predicates (nil? no, frozen? yes) or bang methods (exit!) comes first.
func rubySuffixed(src []byte, j, i int) bool {
	w := string(src[j:i])
	switch {
	case j > 0 && src[j-1] == '@', rubyBareWords[w]:
		return false
	case src[i] == '?' && rubyPredicates[w], src[i] == '!' && rubyBangs[w]:
		return true
	case rubyBuiltins[w] && (j == 0 || src[j-1] != '.'): // (?<!\.)(…)\b
		return false
	}
	return !(w[0] >= 'A' && w[0] <= 'Z' && i-j >= 2)
}

// chroma's Ruby word lists, in the order its rules try them: keywords,
// pseudo keywords and operator words (each followed by \b), predicates
// and bang methods (with their '?' or '!'), builtins (\b, not after a
// '.').
var (
	rubyBareWords = wordSet(`return ensure rescue unless undef until break begin elsif super alias while
		retry BEGIN raise yield redo next case when then else end for END do if in
		module_function attr_accessor attr_reader attr_writer initialize protected include private
		extend public false catch throw attr loop true new nil not and or __FILE__ __LINE__`)
	rubyPredicates = wordSet(`protected_method_defined private_method_defined public_method_defined
		method_defined const_defined block_given instance_of respond_to iterator autoload kind_of
		tainted include frozen equal is_a nil eql defined`)
	rubyBangs    = wordSet(`chomp chop exit gsub sub`)
	rubyBuiltins = wordSet(`protected_instance_methods private_instance_methods public_instance_methods
		instance_variable_set instance_variable_get private_class_method public_class_method
		instance_variables protected_methods singleton_methods included_modules instance_methods
		global_variables private_methods local_variables instance_method class_variables
		public_methods set_trace_func method_missing const_missing instance_eval module_eval
		untrace_var class_eval trace_var const_get readlines ancestors constants const_set object_id
		readline autoload __send__ untaint methods display Integer sprintf inspect require syscall
		at_exit binding extend printf lambda __id__ String callcc method select format system freeze
		caller raise Float print throw taint clone srand Array abort split catch chomp sleep open puts
		putc fork fail trap exit scan getc self send eval gets exec gsub proc load loop chop warn hash
		test name to_a rand to_s sub dup id p`)
)

// rubyDeclEnd returns where chroma's Ruby lexer goes on after the word
// src[j:i] (its end i, or further): after def it reads a method name
// (chroma's funcname state: def /(o) and def <<(x) name operators, not a
// regular expression or a heredoc), after class a class name or <<
// (class << self), after module a module path, none with a '?' or '!'.
func rubyDeclEnd(src []byte, j, i int) int {
	n := len(src)
	w := string(src[j:i])
	if w != "def" && w != "class" && w != "module" {
		return i
	}
	k := i
	for k < n && isRegexSpace(src, k) {
		k = escapeEnd(src, k-1) // one rune
	}
	switch {
	case w == "def" && k == i && k < n && strings.IndexByte("*%&^`~+,-./[<>=", src[k]) >= 0:
		// def(?=[*%&^`~+-/\[<>=]): the method name follows at once.
	case k == i:
		return i // (def)(\s+), (class)(\s+), (module)(\s+)
	}
	switch w {
	case "def":
		// (?:([a-zA-Z_]\w*)(\.))?(name|operator)
		if e := rubyWordEnd(src, k); e > k && e < n && src[e] == '.' {
			if f := rubyMethodNameEnd(src, e+1); f > e+1 {
				return f
			}
		}
		return rubyMethodNameEnd(src, k)
	case "class":
		if k+1 < n && src[k] == '<' && src[k+1] == '<' {
			return k + 2
		}
		if k < n && (src[k] == '_' || src[k] >= 'A' && src[k] <= 'Z') {
			return rubyWordEnd(src, k) // [A-Z_]\w*
		}
	case "module":
		// [a-zA-Z_]\w*(?:::[a-zA-Z_]\w*)*
		if e := rubyWordEnd(src, k); e > k {
			for e+2 < n && src[e] == ':' && src[e+1] == ':' {
				f := rubyWordEnd(src, e+2)
				if f == e+2 {
					break
				}
				e = f
			}
			return e
		}
	}
	return k
}

// rubyWordEnd returns the end of [a-zA-Z_]\w* at k, or k.
func rubyWordEnd(src []byte, k int) int {
	if k >= len(src) || !(src[k] == '_' || src[k] >= 'a' && src[k] <= 'z' || src[k] >= 'A' && src[k] <= 'Z') {
		return k
	}
	for k++; wordAt(src, k); {
		k = escapeEnd(src, k-1) // one rune
	}
	return k
}

// rubyMethodNameEnd matches the method name of chroma's funcname state at
// k, [a-zA-Z_]\w*[!?]?|\*\*?|[-+]@?|[/%&|^`~]|\[\]=?|<<|>>|<=?>|>=?|===?,
// returning its end or k.
func rubyMethodNameEnd(src []byte, k int) int {
	if e := rubyNameAt(src, k); e > k {
		return e
	}
	rest := string(src[k:min(len(src), k+3)])
	for _, op := range []string{"**", "*", "-@", "+@", "-", "+", "/", "%", "&", "|", "^", "`", "~", "[]=", "[]", "<<", ">>", "<=>", "<>", ">=", ">", "===", "=="} {
		if strings.HasPrefix(rest, op) {
			return k + len(op)
		}
	}
	return k
}

// rubyHeredocOpenerEnd returns the end of the heredoc opener at the "<<"
// at i as chroma's rules read it, (?<!\w)<<-?(["`']?)[a-zA-Z_]\w*\1 or
// <<-?("|')\1; -1 when none matches. (chroma also wants a line break
// after it: see codeDeviations.)
func rubyHeredocOpenerEnd(src []byte, i int) int {
	n := len(src)
	j := i + 2
	if j < n && src[j] == '-' {
		j++
	}
	if r, _ := utf8.DecodeLastRune(src[:i]); i == 0 || !isRegexWordRune(r) {
		k := j
		var q byte
		if k < n && (src[k] == '"' || src[k] == '\'' || src[k] == '`') {
			q = src[k]
			k++
		}
		s := k
		if k < n && (src[k] == '_' || src[k] >= 'a' && src[k] <= 'z' || src[k] >= 'A' && src[k] <= 'Z') {
			for k++; wordAt(src, k); {
				k = escapeEnd(src, k-1) // one rune
			}
		}
		if k > s && q == 0 {
			return k
		}
		if k > s && k < n && src[k] == q {
			return k + 1
		}
	}
	if j+1 < n && (src[j] == '"' || src[j] == '\'') && src[j+1] == src[j] {
		return j + 2
	}
	return -1
}

// rubyNumberEnd returns the end of the Ruby number at i as chroma reads it
// (octal 0_?[0-7]+, hex 0x…, binary 0b…, decimal \d+([_e]\d+)*), with
// the white space and '/' or '?' after it, which are then operators.
func rubyNumberEnd(src []byte, i int) int {
	n := len(src)
	run := func(j int, ok func(byte) bool) int { // d+(_d+)*
		k := j
		for k < n && ok(src[k]) {
			k++
		}
		if k == j {
			return j
		}
		for k+1 < n && src[k] == '_' && ok(src[k+1]) {
			k++
			for k < n && ok(src[k]) {
				k++
			}
		}
		return k
	}
	oct := func(c byte) bool { return c >= '0' && c <= '7' }
	hex := func(c byte) bool { return strings.IndexByte("0123456789abcdefABCDEF", c) >= 0 }
	bin := func(c byte) bool { return c == '0' || c == '1' }
	dec := func(c byte) bool { return c >= '0' && c <= '9' }
	e := -1
	if src[i] == '0' {
		j := i + 1
		if j < n && src[j] == '_' {
			j++
		}
		if k := run(j, oct); k > j {
			e = k
		} else if j == i+1 && j+1 < n && (src[j] == 'x' || src[j] == 'b') {
			f := hex
			if src[j] == 'b' {
				f = bin
			}
			if k := run(j+1, f); k > j+1 {
				e = k
			}
		}
	}
	if e < 0 {
		e = i
		for e < n && dec(src[e]) {
			e++
		}
		for e+1 < n && (src[e] == '_' || src[e] == 'e') && dec(src[e+1]) {
			e++
			for e < n && dec(src[e]) {
				e++
			}
		}
	}
	k := e
	for isRegexSpace(src, k) {
		k = escapeEnd(src, k-1) // one rune
	}
	if k < n && (src[k] == '/' || src[k] == '?') {
		return k + 1
	}
	return e
}

// rubyLabelBefore reports a name right before i (key in key:"value"),
// which chroma's Ruby lexer reads with the colon. Its label rule is
// ([a-zA-Z_]\w*)(:), so the label starts at the first ASCII letter or '_'
// of the word before i: a number before it is a token of its own (0A:),
// and so is each other word rune, an error to chroma (é, ٣).
func rubyLabelBefore(src []byte, i int) bool {
	k := i
	for k > 0 {
		r, w := utf8.DecodeLastRune(src[:k])
		if !isRegexWordRune(r) {
			break
		}
		k -= w
	}
	if d := k - spanBack(src, k, '$'); d%2 == 1 {
		return false // chroma's \$\w+ takes the whole word (but $$ is a global of its own: $$A: is $$ and a label)
	}
	for p := k; p < i; {
		switch c := src[p]; {
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			// chroma's rules for @var, and for keywords and builtins,
			// come before its label rule: "p:" or "@x:" is no key (nor are
			// ".m:" and ":a:", which the scanner reads as a method and a
			// symbol before it asks).
			return !(p == k && k > 0 && src[k-1] == '@') && !rubyWords[string(src[p:i])]
		case c >= '0' && c <= '9':
			p = rubyNumberEnd(src, p)
		default:
			_, w := utf8.DecodeRune(src[p:])
			p += w
		}
	}
	return false
}

// rubyWords are the words chroma's Ruby lexer takes for keywords or
// builtins before it looks for a label (name:).
var rubyWords = wordSet(`Array BEGIN END Float Integer String __FILE__ __LINE__ __id__ __send__
	abort alias ancestors and at_exit attr attr_accessor attr_reader attr_writer autoload begin
	binding break callcc caller case catch chomp chop class_eval class_variables clone const_get
	const_missing const_set constants display do dup else elsif end ensure eval exec exit extend
	fail false for fork format freeze getc gets global_variables gsub hash id if in include
	included_modules initialize inspect instance_eval instance_method instance_methods
	instance_variable_get instance_variable_set instance_variables lambda load local_variables loop
	method method_missing methods module_eval module_function name new next nil not object_id open
	or p print printf private private_class_method private_instance_methods private_methods proc
	protected protected_instance_methods protected_methods public public_class_method
	public_instance_methods public_methods putc puts raise rand readline readlines redo require
	rescue retry return scan select self send set_trace_func singleton_methods sleep split sprintf
	srand sub super syscall system taint test then throw to_a to_s trace_var trap true undef unless
	untaint until untrace_var warn when while yield`)

// rubyQuotedEnd returns the end of the quoted text whose opening quote is
// at q (backslash escapes, line breaks allowed, and in "…" interpolations),
// or -1 when it is not closed.
func rubyQuotedEnd(src []byte, q, nest int) int {
	for j := q + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case '#':
			if src[q] == '"' && j+1 < len(src) && src[j+1] == '{' {
				e, ok := rubyIntpEnd(src, j+2, nest)
				if !ok {
					return -1
				}
				j = e - 1
			}
		case src[q]:
			return j + 1
		}
	}
	return -1
}

// rubyRegexStart reports whether chroma's Ruby lexer takes the '/' at i
// for the start of a regular expression: at the start of a line, right
// after one of ( , [ = < > ~ ! :, or after white space when no white space
// or '=' follows (x /y/ is a regular expression, x / y a division).
func rubyRegexStart(src []byte, i int) bool {
	if i == 0 || src[i-1] == '\n' {
		return true
	}
	p := i - 1
	if r, w := utf8.DecodeLastRune(src[:i]); unicode.IsSpace(r) {
		if i+1 >= len(src) || !isRegexSpace(src, i+1) && src[i+1] != '=' {
			return true
		}
		if rubyRegexWordBefore(src, i-w) {
			return true
		}
		p = spaceRunStart(src, i) - 1
		// Only white space before it: chroma's lexer stands at the start
		// of the file, where ^\s*/ opens a regular expression.
		return p < 0 || strings.IndexByte("=<>~!:", src[p]) >= 0
	}
	return strings.IndexByte("=<>~!:([,", src[p]) >= 0
}

// rubyRegexWordBefore reports whether one of the words after which
// chroma's Ruby lexer starts a regular expression ends right before the
// white space at sp: its lookbehinds (?<=(?:\s|;)if\s), (?<=^if\s),
// (?<=\.sub\s) and the like, so that in "x if / y/" the '/' opens one.
func rubyRegexWordBefore(src []byte, sp int) bool { // sp: where the white space starts
	for _, w := range [...]string{"when", "or", "and", "if", "elsif", "index", "scan", "sub", "sub!", "gsub", "gsub!", "match"} {
		s := sp - len(w)
		if s < 0 || string(src[s:sp]) != w {
			continue
		}
		lineStart := s == 0 || src[s-1] == '\n'
		r, _ := utf8.DecodeLastRune(src[:s])
		switch w {
		case "when", "if", "elsif":
			if lineStart || unicode.IsSpace(r) || r == ';' {
				return true
			}
		case "or", "and":
			if s > 0 && (unicode.IsSpace(r) || r == ';') {
				return true
			}
		default:
			if lineStart || r == '.' {
				return true
			}
		}
	}
	return false
}

// rubyRegexEnd returns the end of the Ruby regular expression literal
// whose opening '/' is at i (its flags included); unterminated, it runs to
// the end of the file.
func rubyRegexEnd(src []byte, i, nest int) int {
	n := len(src)
	for j := i + 1; j < n; j++ {
		switch src[j] {
		case '\\':
			if j+1 < n && (src[j+1] == '\\' || src[j+1] == '/') {
				j++
			}
		case '#':
			if j+1 < n && src[j+1] == '{' {
				e, _ := rubyIntpEnd(src, j+2, nest)
				j = e - 1
			}
		case '/':
			j++
			for j < n && strings.IndexByte("mixounse", src[j]) >= 0 {
				j++
			}
			return j
		}
	}
	return n
}

// rubyNameAt returns the end of the Ruby name chroma reads at k after a
// ':' or '.' ([a-zA-Z_]\w*[!?]?), or k when none starts there.
func rubyNameAt(src []byte, k int) int {
	n := len(src)
	if k >= n || !(src[k] == '_' || src[k] >= 'a' && src[k] <= 'z' || src[k] >= 'A' && src[k] <= 'Z') {
		return k
	}
	for k++; wordAt(src, k); {
		k = escapeEnd(src, k-1)
	}
	if k < n && (src[k] == '!' || src[k] == '?') {
		k++
	}
	return k
}

// rubyCharEnd matches chroma's Ruby character literal at the '?' at i:
// \?(\\[MC]-)*(\\([\\abefnrstv#"']|x[a-fA-F0-9]{1,2}|[0-7]{1,3})|\S)(?!\w).
func rubyCharEnd(src []byte, i int) (int, bool) {
	n := len(src)
	j := i + 1
	for j+2 < n && src[j] == '\\' && (src[j+1] == 'M' || src[j+1] == 'C') && src[j+2] == '-' {
		j += 3
	}
	if j >= n {
		return 0, false
	}
	var ends []int // where the character may end, longest first
	if src[j] == '\\' && j+1 < n {
		switch d := src[j+1]; {
		case strings.IndexByte("\\abefnrstv#\"'", d) >= 0:
			ends = append(ends, j+2)
		case d == 'x':
			k := j + 2
			for k < n && k < j+4 && strings.IndexByte("0123456789abcdefABCDEF", src[k]) >= 0 {
				k++
			}
			for e := k; e > j+2; e-- {
				ends = append(ends, e)
			}
		case d >= '0' && d <= '7':
			k := j + 1
			for k < n && k < j+4 && src[k] >= '0' && src[k] <= '7' {
				k++
			}
			for e := k; e > j+1; e-- {
				ends = append(ends, e)
			}
		}
	}
	if r, w := utf8.DecodeRune(src[j:]); !unicode.IsSpace(r) {
		ends = append(ends, j+w)
	}
	for _, e := range ends {
		if !wordAt(src, e) {
			return e, true
		}
	}
	return 0, false
}

// balancedEnd returns the end of a bracketed Ruby percent literal whose
// opening bracket is at i: brackets nest, a backslash escapes a bracket,
// and with intp "#{…}" is an interpolation (chroma's string-intp; with
// escaped too its string-intp-escaped, where \# is an escape and opens
// none). Unterminated, it runs to the end of the file.
func balancedEnd(src []byte, i int, open, close byte, intp, escaped bool, nest int) int {
	depth := 0
	for j := i; j < len(src); j++ {
		switch c := src[j]; {
		case c == '\\' && j+1 < len(src) && (src[j+1] == '\\' || src[j+1] == open || src[j+1] == close || escaped && src[j+1] == '#'):
			j++
		case intp && c == '#' && j+1 < len(src) && src[j+1] == '{':
			e, _ := rubyIntpEnd(src, j+2, nest)
			j = e - 1
		case c == open:
			depth++
		case c == close:
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(src)
}

// preprocLine scans the C preprocessor line starting with the '#' at i:
// it is code, but its comments are comments (a line comment ends it, a
// block comment may run over several lines), and a backslash at the end of
// a line continues it. The file name of #include <…> or "…" is skipped, so
// that "//" inside it is no comment. It returns the end of the line.
func preprocLine(src []byte, i int, emit func(chroma.TokenType, int, int)) int {
	n := len(src)
	j := i + 1
	if bytesHasPrefix(src[j:], "include") {
		k := j + len("include")
		for k < n && (src[k] == ' ' || src[k] == '\t') { // the name is on the directive's line (chroma looks on: see codeDeviations)
			k++
		}
		if k > j+len("include") && k < n && (src[k] == '<' || src[k] == '"') {
			closer := byte('>')
			if src[k] == '"' {
				closer = '"'
			}
			for e := k + 1; e < n && src[e] != '\n'; e++ {
				if src[e] == closer && e > k+1 {
					j = e + 1
					break
				}
			}
		}
	}
	for j < n {
		switch c := src[j]; {
		case c == '/' && j+1 < n && src[j+1] == '*':
			e := blockEnd(src, j+2, "/*", "*/", false)
			emit(chroma.CommentMultiline, j, e)
			j = e
		case c == '/' && j+1 < n && src[j+1] == '/':
			e := j
			for e < n && src[e] != '\n' {
				e++
			}
			emit(chroma.CommentSingle, j, e)
			return e
		case c == '\\' && j+1 < n && src[j+1] == '\n':
			j += 2
		case c == '\n':
			return j
		default:
			j++
		}
	}
	return n
}

// rubyLtOperatorEnd returns the end of the operator < or << at k after
// ':' or '.' (a symbol or method name, no heredoc), or k when there is
// none.
func rubyLtOperatorEnd(src []byte, k int) int {
	if k >= len(src) || src[k] != '<' {
		return k
	}
	if k+1 < len(src) && src[k+1] == '<' {
		return k + 2
	}
	return k + 1
}

// braceTokens appends the tokens of an interpolation whose two-byte
// opener (${, #{) is at i and which ends at e, closed by a '}' if ok:
// the opener, the text inside, and the closing brace.
func braceTokens(toks []codeToken, i, e int, ok bool) []codeToken {
	toks = append(toks, codeToken{typ: chroma.LiteralStringInterpol, start: i, end: i + 2})
	inner := e
	if ok {
		inner = e - 1
	}
	if inner > i+2 {
		toks = append(toks, codeToken{typ: chroma.Text, start: i + 2, end: inner})
	}
	if ok {
		toks = append(toks, codeToken{typ: chroma.LiteralStringInterpol, start: inner, end: e})
	}
	return toks
}

func bytesHasPrefix(b []byte, p string) bool {
	return len(b) >= len(p) && string(b[:len(p)]) == p
}

// isRegexWordRune is regexp2's \w: letters, marks, digits and
// connectors.
func isRegexWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Pc, r)
}

// wordAt reports whether the rune at i is a word character (false at the
// end of src).
func wordAt(src []byte, i int) bool {
	if i >= len(src) {
		return false
	}
	r, _ := utf8.DecodeRune(src[i:])
	return isRegexWordRune(r)
}

// regexLiteralEnd matches chroma's JavaScript regular expression literal
// at the '/' at i:
// /(\\.|[^[/\\\n]|\[(\\.|[^\]\\\n])*])+/([flags]+\b|\B).
func regexLiteralEnd(src []byte, i int, flags string) (int, bool) {
	n := len(src)
	j := i + 1
	body := 0
	for ; j < n && src[j] != '/'; body++ {
		switch src[j] {
		case '\n':
			return 0, false
		case '\\':
			j = escapeEnd(src, j)
		case '[':
			k := j + 1
			for k < n && src[k] != ']' {
				if src[k] == '\n' {
					return 0, false
				}
				if src[k] == '\\' {
					k = escapeEnd(src, k)
				} else {
					k++
				}
			}
			if k >= n {
				return 0, false
			}
			j = k + 1
		default:
			j++
		}
	}
	if j >= n || body == 0 || j > n {
		return 0, false
	}
	j++ // the closing '/'
	k := j
	for k < n && strings.IndexByte(flags, src[k]) >= 0 {
		k++
	}
	if k > j && !wordAt(src, k) {
		return k, true
	}
	if !wordAt(src, j) {
		return j, true
	}
	return 0, false
}

// escapeEnd returns the end of the escape "\\." at i (the dot is any rune,
// a line break included); a backslash at the end of src is one byte.
func escapeEnd(src []byte, i int) int {
	if i+1 >= len(src) {
		return len(src)
	}
	_, w := utf8.DecodeRune(src[i+1:])
	return i + 1 + w
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
	if sx.name == "Python" && q > start && q < end {
		// chroma's Python lexer gives the prefix a token of its own (the
		// scoper reads an opening quote after it): a closed "" before
		// f"{ is not one literal with it.
		toks = append(toks, codeToken{typ: chroma.LiteralStringAffix, start: start, end: q})
		start = q
	}
	var mode byte // '$' JS ${}, 'f' braces, 's' shell, 'r' Ruby
	switch {
	case sx.name == "JavaScript" || sx.name == "TypeScript":
		if quote == '`' {
			mode = '$'
		}
	case sx.name == "Python":
		mode = 'p' // %s and {name} placeholders
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
	rawPy := sx.name == "Python" && strings.ContainsAny(prefix, "rR")
	for i := q + 1; i < end; i++ {
		c := src[i]
		if c == '\\' && sx.name == "Python" && i+1 < end {
			// Python: a backslash escapes no brace or '%' ("\{x}" is a
			// backslash and a field), and \N{name} is one escape outside
			// raw strings.
			switch d := src[i+1]; {
			case d == '{' || d == '}' || d == '%':
				continue
			case d == 'N' && !rawPy && i+2 < end && src[i+2] == '{':
				if k := bytes.IndexByte(src[i+3:end], '}'); k >= 0 && bytes.IndexByte(src[i+3:i+3+k], '\n') < 0 {
					i += 3 + k
					continue
				}
			}
		}
		if c == '\\' && mode != 'f' {
			i++
			continue
		}
		e := -1
		switch mode {
		case '$':
			if c == '$' && i+1 < end && src[i+1] == '{' {
				e = jsHoleEnd(sx, src[:end], i+2)
			}
		case 'f':
			if c == '{' {
				if i+1 < end && src[i+1] == '{' {
					i++
					continue
				}
				e = balanced(i, '{', '}')
			} else if c == '}' && sx.name == "Python" {
				// A lone '}' is an error to Python ("}}" is an escaped
				// brace); chroma calls it an interpolation.
				if i+1 < end && src[i+1] == '}' {
					i++
					continue
				}
				e = i + 1
			} else if c == '\\' {
				i++
				continue
			}
		case 's':
			if c == '$' {
				// chroma's Bash interpolations: ${…}, $(…), $name, $12,
				// $# $$ $? $! $_ $* $@ $-; a lone '$' is text (chroma
				// disagrees: see codeDeviations).
				d := byte(0)
				if i+1 < end {
					d = src[i+1]
				}
				switch {
				case d == '{':
					// The braces are tokens of their own, the inside
					// text (the scoper counts the braces).
					flush(i)
					e, ok := shellBraceEnd(src[:end], i+2)
					toks = braceTokens(toks, i, e, ok)
					piece = e
					i = e - 1
					continue
				case d == '(':
					e = shellParenEnd(sx, src[:end], i+1)
				case d == '_' || d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z':
					e = i + 2
					for e < end && wordAt(src[:end], e) {
						e = escapeEnd(src, e-1)
					}
				case d >= '0' && d <= '9':
					e = i + 2
					for e < end && src[e] >= '0' && src[e] <= '9' {
						e++
					}
				case d != 0 && strings.IndexByte("#$?!*@-", d) >= 0:
					e = i + 2
				}
			} else if c == '`' {
				for e = i + 1; e < end && src[e] != '`'; e++ {
				}
				e = min(e+1, end)
			}
		case 'r':
			if c == '#' && i+1 < end && src[i+1] == '{' {
				// The braces are the interpolation's tokens, the code
				// between them text (the scoper reads the depth from the
				// braces).
				flush(i)
				e, ok := rubyIntpEnd(src[:end], i+2, 0)
				toks = braceTokens(toks, i, e, ok)
				piece = e
				i = e - 1
				continue
			} else if c == '#' && i+1 < end && (src[i+1] == '@' || src[i+1] == '$') {
				// "#@var", "#@@var" and "#$var" interpolate a variable
				// (chroma: #@@?[a-zA-Z_]\w* and #\$[a-zA-Z_]\w*).
				k := i + 2
				if src[i+1] == '@' && k < end && src[k] == '@' {
					k++
				}
				if k < end && (src[k] == '_' || src[k] >= 'a' && src[k] <= 'z' || src[k] >= 'A' && src[k] <= 'Z') {
					for e = k + 1; e < end && wordAt(src[:end], e); {
						e = escapeEnd(src, e-1)
					}
				}
			}
		case 'p':
			if c == '%' {
				e = pyPercentSpecEnd(src[:end], i)
			} else if c == '{' {
				e = pyFormatFieldEnd(src[:end], i)
				if e < 0 && i+1 < end && src[i+1] == '{' {
					i++ // "{{" is an escaped brace (chroma's \{{1,2})
					continue
				}
			}
		}
		if e > i {
			flush(i)
			typ := chroma.LiteralStringInterpol
			if mode == 's' && c == '$' && src[i+1] != '{' && src[i+1] != '(' {
				// chroma's Bash lexer calls $name, $1 and $? variables, not
				// interpolations: after a literal that closed ("""$0"), one
				// ends the string where an interpolation would not.
				typ = chroma.NameVariable
			}
			toks = append(toks, codeToken{typ: typ, start: i, end: e})
			piece = e
			i = e - 1
		}
	}
	flush(end)
	return toks
}

// pyPercentSpecEnd matches chroma's Python %-format placeholder at i,
// %(\(\w+\))?[-#0 +]*([0-9]+|[*])?(\.([0-9]+|[*]))?[hlL]?[E-GXc-giorsaux%],
// returning its end or -1. (No choice in it can be undone to let a later
// part match, so the greedy scan is the regular expression's answer.)
func pyPercentSpecEnd(src []byte, i int) int {
	n := len(src)
	j := i + 1
	if j < n && src[j] == '(' {
		k := j + 1
		for k < n && wordAt(src, k) {
			k = escapeEnd(src, k-1) // one rune
		}
		if k > j+1 && k < n && src[k] == ')' {
			j = k + 1
		}
	}
	for j < n && strings.IndexByte("-#0 +", src[j]) >= 0 {
		j++
	}
	j = digitsOrStar(src, j)
	if j < n && src[j] == '.' {
		if k := digitsOrStar(src, j+1); k > j+1 {
			j = k
		}
	}
	if j < n && strings.IndexByte("hlL", src[j]) >= 0 {
		j++
	}
	if j < n && strings.IndexByte("EFGXcdefgiorsaux%", src[j]) >= 0 {
		return j + 1
	}
	return -1
}

func digitsOrStar(src []byte, j int) int {
	if j < len(src) && src[j] == '*' {
		return j + 1
	}
	for j < len(src) && src[j] >= '0' && src[j] <= '9' {
		j++
	}
	return j
}

// pyFormatFieldEnd matches chroma's Python str.format field at i,
// \{((\w+)((\.\w+)|(\[[^\]]+\]))*)?(\![sra])?(\:(.?[<>=\^])?[-+ ]?#?0?(\d+)?,?(\.\d+)?[E-GXb-gnosx%]?)?\},
// returning its end or -1.
func pyFormatFieldEnd(src []byte, i int) int {
	n := len(src)
	word := func(j int) int { // \w+ from j, or j
		for j < n && wordAt(src, j) {
			j = escapeEnd(src, j-1)
		}
		return j
	}
	j := word(i + 1)
	if j > i+1 {
		for j < n {
			if src[j] == '.' {
				if k := word(j + 1); k > j+1 {
					j = k
					continue
				}
			} else if src[j] == '[' {
				k := j + 1
				for k < n && src[k] != ']' {
					k++
				}
				if k < n && k > j+1 {
					j = k + 1
					continue
				}
			}
			break
		}
	}
	if j+1 < n && src[j] == '!' && strings.IndexByte("sra", src[j+1]) >= 0 {
		j += 2
	}
	if j < n && src[j] == '}' {
		return j + 1
	}
	if j >= n || src[j] != ':' {
		return -1
	}
	j++
	// (.?[<>=^])? tried as fill and align, align alone, then neither.
	var starts []int
	if j < n && src[j] != '\n' {
		if k := escapeEnd(src, j-1); k < n && strings.IndexByte("<>=^", src[k]) >= 0 {
			starts = append(starts, k+1)
		}
	}
	if j < n && strings.IndexByte("<>=^", src[j]) >= 0 {
		starts = append(starts, j+1)
	}
	starts = append(starts, j)
	for _, k := range starts {
		if k < n && strings.IndexByte("-+ ", src[k]) >= 0 {
			k++
		}
		if k < n && src[k] == '#' {
			k++
		}
		if k < n && src[k] == '0' {
			k++
		}
		for k < n && src[k] >= '0' && src[k] <= '9' {
			k++
		}
		if k < n && src[k] == ',' {
			k++
		}
		if k+1 < n && src[k] == '.' && src[k+1] >= '0' && src[k+1] <= '9' {
			k++
			for k < n && src[k] >= '0' && src[k] <= '9' {
				k++
			}
		}
		if k < n && strings.IndexByte("EFGXbcdefgnosx%", src[k]) >= 0 {
			k++
		}
		if k < n && src[k] == '}' {
			return k + 1
		}
	}
	return -1
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

func stringType(sx *codeSyntax, q byte) chroma.TokenType {
	if sx.name == "Go" {
		// chroma's Go lexer gives "…" and `…` one type, so touching ones
		// are one token there.
		return chroma.LiteralString
	}
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

// charLiteralEnd matches chroma's character literal at the quote at i for
// the language: the alternatives of its regular expression in the order
// they are tried, the first followed by the closing quote winning.
//
//	Go    '(\\['"\\abfnrtv]|\\x[0-9a-fA-F]{2}|\\[0-7]{1,3}|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|[^\\])'
//	C C++ '(\\.|\\[0-7]{1,3}|\\x[a-fA-F0-9]{1,2}|[^\\'\n])'
//	C#    '\\.'|'[^\\]'
//	Java  '\\.'|'[^\\]'|'\\u[0-9a-fA-F]{4}'
//	Rust  '(\\['"\\nrt]|\\x[0-7][0-9a-fA-F]|\\0|\\u\{[0-9a-fA-F]{1,6}\}|.)', after b
//	      '(\\['"\\nrt]|\\x[0-9a-fA-F]{2}|\\0|.)'
func charLiteralEnd(sx *codeSyntax, src []byte, i int) (int, bool) {
	n := len(src)
	j := i + 1
	if j >= n {
		return 0, false
	}
	var ends [8]int // where the literal's body may end, in the order tried
	m := 0
	add := func(e int) {
		if m < len(ends) {
			ends[m] = e
			m++
		}
	}
	rune1 := func(k int) int { // the end of one rune at k
		_, w := utf8.DecodeRune(src[k:])
		return k + w
	}
	isHex := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
	isOct := func(c byte) bool { return c >= '0' && c <= '7' }
	// run adds the ends of k plus from to k plus to bytes of which all
	// satisfy ok, longest first (a greedy {from,to}).
	run := func(k, from, to int, ok func(byte) bool) {
		l := 0
		for l < to && k+l < n && ok(src[k+l]) {
			l++
		}
		for ; l >= from; l-- {
			add(k + l)
		}
	}
	esc := src[j] == '\\'
	c1 := byte(0)
	if j+1 < n {
		c1 = src[j+1]
	}
	switch sx.name {
	case "Go":
		if !esc {
			add(rune1(j))
			break
		}
		switch {
		case c1 != 0 && strings.IndexByte(`'"\\abfnrtv`, c1) >= 0:
			add(j + 2)
		case c1 == 'x':
			run(j+2, 2, 2, isHex)
		case isOct(c1):
			run(j+1, 1, 3, isOct)
		case c1 == 'u':
			run(j+2, 4, 4, isHex)
		case c1 == 'U':
			run(j+2, 8, 8, isHex)
		}
	case "C", "C++":
		if !esc {
			if src[j] != '\'' && src[j] != '\n' {
				add(rune1(j))
			}
			break
		}
		if j+1 < n && c1 != '\n' {
			add(rune1(j + 1))
		}
		run(j+1, 1, 3, isOct)
		if c1 == 'x' {
			run(j+2, 1, 2, isHex)
		}
	case "C#", "Java":
		if !esc {
			add(rune1(j))
			break
		}
		if j+1 < n { // their '.' takes a line break (dot_all)
			add(rune1(j + 1))
		}
		if sx.name == "Java" && c1 == 'u' {
			run(j+2, 4, 4, isHex)
		}
	case "Rust":
		byteChar := i > 0 && src[i-1] == 'b' && (i < 2 || !isIdentByte(src[i-2]))
		if !esc {
			if src[j] != '\n' {
				add(rune1(j))
			}
			break
		}
		switch {
		case c1 != 0 && strings.IndexByte(`'"\\nrt`, c1) >= 0:
			add(j + 2)
		case c1 == 'x' && byteChar:
			run(j+2, 2, 2, isHex)
		case c1 == 'x':
			if j+3 < n && isOct(src[j+2]) && isHex(src[j+3]) {
				add(j + 4)
			}
		case c1 == '0':
			add(j + 2)
		case c1 == 'u' && !byteChar && j+2 < n && src[j+2] == '{':
			k := j + 3
			for k < n && k < j+9 && isHex(src[k]) {
				k++
			}
			if k > j+3 && k < n && src[k] == '}' {
				add(k + 1)
			}
		}
		add(j + 1) // '.' takes the backslash itself
	}
	for _, e := range ends[:m] {
		if e < n && src[e] == '\'' {
			return e + 1, true
		}
	}
	return 0, false
}

// shellHereOpener matches a here-document's opener at the "<<" at i:
// <<, an optional '-', blanks, and the word, which may be quoted ('EOF',
// "EOF") or escaped (\EOF). It returns the opener's end, the word and
// whether tabs before the closing word are allowed (<<-), or 0 when no
// opener starts there. The word is chroma's \w+ starting with a letter or
// '_' (1<<2 is a shift).
func shellHereOpener(src []byte, i int) (end int, word []byte, dash bool) {
	n := len(src)
	j := i + 2
	if j < n && src[j] == '-' {
		dash = true
		j++
	}
	for j < n && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	var q byte
	if j < n && (src[j] == '\'' || src[j] == '"' || src[j] == '\\') {
		q = src[j]
		j++
	}
	e := rubyWordEnd(src, j)
	if e == j {
		return 0, nil, false
	}
	word = src[j:e]
	if q == '\'' || q == '"' {
		if e >= n || src[e] != q {
			return 0, nil, false
		}
		e++
	}
	return e, word, dash
}

// shellHereEnd returns the end of a here-document's body that starts
// after the line break at from: the end of the first line after it that
// is just word (after tabs, with dash), or the end of src.
func shellHereEnd(src []byte, from int, word []byte, dash bool) int {
	n := len(src)
	for ls := from + 1; ls < n; {
		le := ls
		for le < n && src[le] != '\n' {
			le++
		}
		ts := ls
		for dash && ts < le && src[ts] == '\t' {
			ts++
		}
		if string(src[ts:le]) == string(word) {
			return le
		}
		ls = le + 1
	}
	return n
}

// shellBraceEnd returns the end of a shell ${…} whose inside starts at i,
// as chroma's Bash lexer reads it: the first '}' that is not quoted or
// escaped ends it (braces do not nest), and a nested ${…} is skipped.
// ok is false when no '}' closes it (the end is then len(src)).
func shellBraceEnd(src []byte, i int) (end int, ok bool) {
	n := len(src)
	for ; i < n; i++ {
		switch src[i] {
		case '}':
			return i + 1, true
		case '\\':
			i++
		case '\'':
			if k := bytes.IndexByte(src[i+1:], '\''); k >= 0 {
				i += k + 1
			}
		case '"':
			k := i + 1
			for k < n && src[k] != '"' {
				if src[k] == '\\' {
					k++
				}
				k++
			}
			i = k
		case '$':
			if i+1 < n && src[i+1] == '{' {
				e, _ := shellBraceEnd(src, i+2)
				i = e - 1
			}
		}
	}
	return n, false
}

// shellParenEnd returns the end of the shell command substitution whose
// '(' is at i: parentheses nest, and quoted strings and escapes in it are
// skipped. Unterminated, it runs to the end of src.
func shellParenEnd(sx *codeSyntax, src []byte, i int) int {
	depth := 0
	for j := i; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j + 1
			}
		case '\'':
			k := bytes.IndexByte(src[j+1:], '\'')
			if k < 0 {
				return len(src)
			}
			j += k + 1
		case '"':
			j = stringEnd2(sx, src, j, j, 0, 0) - 1
		case '#':
			// A comment at the start of a word runs to the end of the
			// line, a ')' in it included.
			if strings.IndexByte(" \t\n\r\f\v;&|()<>", src[j-1]) >= 0 {
				for j+1 < len(src) && src[j+1] != '\n' {
					j++
				}
			}
		}
	}
	return len(src)
}

// jsTemplateEnd returns the end of the JavaScript template literal whose
// opening backtick is at q: a ${…} hole holds code, strings and templates
// of its own included.
func jsTemplateEnd(sx *codeSyntax, src []byte, q int) int {
	for i := q + 1; i < len(src); i++ {
		switch {
		case src[i] == '\\':
			i++
		case src[i] == '`':
			return i + 1
		case src[i] == '$' && i+1 < len(src) && src[i+1] == '{':
			i = jsHoleEnd(sx, src, i+2) - 1
		}
	}
	return len(src)
}

// jsHoleEnd returns the end of a template's ${…} hole whose code starts at
// i (after "${"): braces nest, and strings and templates in it are skipped.
func jsHoleEnd(sx *codeSyntax, src []byte, i int) int {
	depth := 1
	for ; i < len(src); i++ {
		switch c := src[i]; c {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '"', '\'', '`':
			i = stringEnd2(sx, src, i, i, 0, 0) - 1
		}
	}
	return len(src)
}

// stringEnd2 returns the end of the string literal that starts at start
// (its prefix included) with its opening quote at q; hashes counts Rust
// raw-string hashes, nest the Ruby interpolations it is in.
func stringEnd2(sx *codeSyntax, src []byte, start, q, hashes, nest int) int {
	n := len(src)
	quote := src[q]
	prefix := string(src[start:q])
	raw := strings.ContainsAny(prefix, "rR@") || (quote == '`' && sx.rawTick) || (quote == '\'' && sx.name == "Bash" && prefix == "")
	verbatim := strings.Contains(prefix, "@")                                                                                 // C#: "" is a quote
	if sx.triple && q+2 < n && src[q+1] == quote && src[q+2] == quote && (sx.name != "Java" || q+3 < n && src[q+3] == '\n') { // Java: """ and a line break
		close := string([]byte{quote, quote, quote})
		for i := q + 3; i < n; i++ {
			if src[i] == '\\' && (!raw || sx.name == "Python") {
				i++
				continue
			}
			if strings.HasPrefix(string(src[i:min(n, i+3)]), close) {
				return i + 3
			}
		}
		return n
	}
	if quote == '`' && sx.regex {
		return jsTemplateEnd(sx, src, q)
	}
	multiline := quote == '`' || raw && sx.name != "Python" || sx.name == "Bash" || sx.name == "Ruby" || sx.name == "Rust" // Python: r'…' ends with its line too
	for i := q + 1; i < n; i++ {
		c := src[i]
		switch {
		case c == '\\' && (!raw || sx.name == "Python"): // a Python raw string's backslash still keeps a quote from closing it
			if sx.name == "C#" && i+1 < n && (src[i+1] == '\n' || src[i+1] == '\r') {
				return i + 1 // no escape takes a line break: unterminated
			}
			i++
		case c == '#' && sx.percent && quote != '\'' && i+1 < n && src[i+1] == '{':
			// Ruby: an interpolation holds code, its strings and comments
			// included.
			e, _ := rubyIntpEnd(src, i+2, nest)
			i = e - 1
		case c == '$' && quote == '"' && sx.name == "Bash" && i+1 < n && src[i+1] == '$':
			i++ // $$, the shell's process ID: "$$(" holds no command
		case c == '$' && quote == '"' && sx.name == "Bash" && i+1 < n && src[i+1] == '(':
			// A command substitution: quotes in it are its own.
			i = shellParenEnd(sx, src, i+1) - 1
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

// isRegexSpace reports whether the rune at k is regexp2's \s (false at
// the end of src).
func isRegexSpace(src []byte, k int) bool {
	if k >= len(src) {
		return false
	}
	r, _ := utf8.DecodeRune(src[k:])
	return unicode.IsSpace(r)
}

// spaceRunStart returns where the run of white space (regexp2's \s)
// that ends at i starts.
func spaceRunStart(src []byte, i int) int {
	for i > 0 {
		r, w := utf8.DecodeLastRune(src[:i])
		if !unicode.IsSpace(r) {
			break
		}
		i -= w
	}
	return i
}

// spanBack returns where the run of c that ends at i starts.
func spanBack(src []byte, i int, c byte) int {
	for i > 0 && src[i-1] == c {
		i--
	}
	return i
}
