package format

import (
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/guardrail-dev/guardrail/rules"
)

// Source code scoping uses chroma's lexers (200+ languages). Comment tokens
// and doc strings are ScopeComments chunks and Comments, with their
// delimiters ("//", "#", "--", "/*", "*/", a leading "*" on continuation
// lines, docstring quotes) left out; line comments on consecutive lines form
// one chunk joined by synthetic "\n" segments. String literals are
// ScopeStrings chunks without their quotes; escapes are synthetic segments
// and interpolations are gaps. Offsets are the cumulative byte lengths of
// the tokens, checked against the input: if chroma's tokens do not add up to
// the input (for example invalid UTF-8), the file has no chunks.

var lexerCache sync.Map // cache key → chroma.Lexer (nil: none)

// lexerFor returns the chroma lexer for a file name, or nil.
func lexerFor(path string) chroma.Lexer {
	base := filepath.Base(filepath.ToSlash(path))
	key, name := filepath.Ext(base), ""
	if canon, ok := codeNames[strings.ToLower(base)]; ok {
		key, name = canon, canon
	} else if key == "" {
		key, name = base, base
	} else {
		name = "x" + key
	}
	if l, ok := lexerCache.Load(key); ok {
		lx, _ := l.(chroma.Lexer)
		return lx
	}
	l := lexers.Match(name)
	if l != nil {
		l = chroma.Coalesce(l)
	}
	lexerCache.Store(key, l)
	return l
}

type codeToken struct {
	typ        chroma.TokenType
	start, end int
}

// ScopeCode scopes a source file; path picks the language.
func ScopeCode(path string, src []byte) Scoped {
	if len(src) == 0 {
		return Scoped{}
	}
	if sx := fastSyntaxFor(path); sx != nil {
		return scopeCodeTokens(sx.name, src, fastCodeTokens(sx, src))
	}
	return scopeCodeChroma(lexerFor(path), src)
}

// scopeCodeChroma scopes src with a chroma lexer (nil: nothing).
func scopeCodeChroma(lx chroma.Lexer, src []byte) Scoped {
	if lx == nil || len(src) == 0 {
		return Scoped{}
	}
	toks, ok := codeTokens(lx, src)
	if !ok {
		return Scoped{}
	}
	return scopeCodeTokens(lx.Config().Name, src, toks)
}

// scopeCodeTokens turns a language's comment and string tokens into chunks
// and comments.
func scopeCodeTokens(lang string, src []byte, toks []codeToken) Scoped {
	var sc Scoped
	c := codeScoper{lang: lang, src: src, sc: &sc}
	docstrings := strings.HasPrefix(lang, "Python") || lang == "Cython" || lang == "Starlark"
	prevSig := -1 // index of the last token that is not white space or a comment
	for i := 0; i < len(toks); {
		t := toks[i]
		switch {
		case isCommentToken(t.typ):
			j := i + 1
			// Touching comment tokens are one comment (lexers split a
			// comment into parts), but a block comment and a line comment
			// that touch are two.
			for j < len(toks) && isCommentToken(toks[j].typ) && toks[j].start == toks[j-1].end && !blockAndLine(src, toks[j-1], toks[j]) {
				j++
			}
			c.comment(t.start, toks[j-1].end)
			i = j
		case isStringToken(t.typ):
			j := stringEnd(src, toks, i)
			if docstrings && c.isDocstring(toks, i, prevSig) {
				c.endLineComments()
				c.comment(t.start, toks[j-1].end)
			} else {
				c.stringLiteral(toks[i:j])
			}
			prevSig = j - 1
			i = j
		default:
			if !isBlankString(string(src[t.start:t.end])) {
				c.endLineComments()
				if t.typ.Category() != chroma.Comment {
					prevSig = i
				}
			}
			i++
		}
	}
	c.endLineComments()
	sortScoped(&sc)
	return sc
}

// blockAndLine reports a block comment and a line comment (// or #, a doc
// comment such as C#'s /// included) that touch.
func blockAndLine(src []byte, a, b codeToken) bool {
	block := func(t codeToken) bool {
		return t.typ == chroma.CommentMultiline || bytesHasPrefix(src[t.start:t.end], "/*") // Rust's /*! is a doc string token
	}
	line := func(t codeToken) bool {
		return !block(t) && (bytesHasPrefix(src[t.start:t.end], "//") || bytesHasPrefix(src[t.start:t.end], "#"))
	}
	return line(a) && block(b) || block(a) && line(b)
}

// codeTokens tokenises src, returning tokens with offsets, or false if the
// tokens do not spell src.
func codeTokens(lx chroma.Lexer, src []byte) (toks []codeToken, ok bool) {
	defer func() {
		if recover() != nil {
			toks, ok = nil, false
		}
	}()
	it, err := lx.Tokenise(&chroma.TokeniseOptions{State: "root", EnsureLF: false}, string(src))
	if err != nil {
		return nil, false
	}
	pos := 0
	for t := it(); t != chroma.EOF; t = it() {
		if pos >= len(src) {
			continue // a final "\n" added by the lexer
		}
		v := t.Value
		end := pos + len(v)
		if end > len(src) {
			if pos+len(v)-1 == len(src) && strings.HasSuffix(v, "\n") && string(src[pos:]) == v[:len(v)-1] {
				end = len(src)
			} else {
				return nil, false
			}
		} else if string(src[pos:end]) != v {
			return nil, false
		}
		if end > pos {
			toks = append(toks, codeToken{typ: t.Type, start: pos, end: end})
		}
		pos = end
	}
	return toks, pos == len(src)
}

func isCommentToken(t chroma.TokenType) bool {
	switch t {
	case chroma.CommentHashbang, chroma.CommentPreproc, chroma.CommentPreprocFile:
		return false
	case chroma.LiteralStringDoc:
		return true
	}
	return t.Category() == chroma.Comment
}

func isStringToken(t chroma.TokenType) bool {
	if t.SubCategory() != chroma.LiteralString {
		return false
	}
	switch t {
	case chroma.LiteralStringDoc, chroma.LiteralStringChar, chroma.LiteralStringRegex,
		chroma.LiteralStringSymbol, chroma.LiteralStringAtom, chroma.LiteralStringBoolean,
		chroma.LiteralStringName, chroma.LiteralStringHeredoc:
		return false
	}
	return true
}

type codeScoper struct {
	lang string // chroma lexer name
	src  []byte
	sc   *Scoped
	// The chunk of consecutive line comments being built.
	lc      chunkBuilder
	lcDelim string // its delimiter
	lcEnd   int    // end of its last comment's text
	lcLine  int    // end of its last comment's line (position of the line break)
	tmp     chunkBuilder
}

func (c *codeScoper) endLineComments() {
	c.lc.take(c.sc, c.src, rules.ScopeComments)
	c.lcDelim = ""
}

// comment handles the comment (or doc string) src[start:end].
func (c *codeScoper) comment(start, end int) {
	src := c.src
	// Skip a doc string's affix (r"""...""").
	s := start
	for s < end && isAlpha(src[s]) && s-start < 3 {
		s++
	}
	if s == end || (src[s] != '"' && src[s] != '\'') {
		s = start
	}
	text := string(src[s:end])
	for _, d := range blockDelims {
		if strings.HasPrefix(text, d[0]) && (d[0] != "--[[" || strings.Contains(text, "]]")) {
			c.endLineComments()
			c.blockComment(start, s+len(d[0]), end, d[1])
			return
		}
	}
	// Line comments: one or more lines, each opening with a delimiter.
	for ls := start; ls < end; {
		le := lineEndIn(src, ls, end)
		c.lineComment(ls, le)
		if le >= end {
			break
		}
		ls = nextLine(src, le)
	}
}

// lineComment handles one line comment src[start:end] (maybe indented).
func (c *codeScoper) lineComment(start, end int) {
	src := c.src
	for start < end && (src[start] == ' ' || src[start] == '\t') {
		start++
	}
	for end > start && isASCIISpace(src[end-1]) {
		end--
	}
	if start >= end {
		return
	}
	delim := ""
	for _, d := range lineDelims {
		if strings.HasPrefix(string(src[start:min(end, start+len(d))]), d) {
			delim = d
			break
		}
	}
	ts := start
	if delim != "" {
		ts += len(delim)
		for ts < end && src[ts] == delim[0] {
			ts++
		}
		if delim == "//" && ts < end && src[ts] == '!' {
			ts++ // Rust inner doc comments
		}
	} else if strings.HasPrefix(strings.ToLower(string(src[start:min(end, start+4)])), "rem ") {
		ts += 4
		delim = "rem"
	}
	for ts < end && (src[ts] == ' ' || src[ts] == '\t') {
		ts++
	}
	c.sc.Comments = append(c.sc.Comments, Comment{Start: start, End: end, Text: string(src[ts:end])})
	if isDirectiveText(src[ts:end]) {
		// A directive is a chunk of its own, so that the engine can leave it
		// out as a whole.
		c.endLineComments()
		c.lc.raw(ts, end)
		c.endLineComments()
		return
	}

	// Own-line comment continuing the previous one on the line above?
	ls := start
	for ls > 0 && (src[ls-1] == ' ' || src[ls-1] == '\t') {
		ls--
	}
	ownLine := ls == 0 || src[ls-1] == '\n' || src[ls-1] == '\r'
	if c.lcDelim != "" && (!ownLine || delim != c.lcDelim || ls == 0 || nextLine(src, c.lcLine) != ls) {
		c.endLineComments()
	}
	if c.lcDelim != "" {
		c.lc.synth(c.lcEnd, ts, "\n")
	}
	c.lc.raw(ts, end)
	if ownLine && delim != "" {
		c.lcDelim = delim
		c.lcEnd = end
		c.lcLine = lineEnd(src, end)
	} else {
		c.endLineComments()
	}
}

// blockComment handles a block comment whose inner text starts at from and
// which ends at end (closing delimiter included, if present).
func (c *codeScoper) blockComment(start, from, end int, closer string) {
	src := c.src
	to := end
	for to > from && isASCIISpace(src[to-1]) {
		to--
	}
	if strings.HasSuffix(string(src[from:to]), closer) {
		to -= len(closer)
	}
	cstyle := strings.HasPrefix(string(src[start:from]), "/*")
	if cstyle {
		for from < to && src[from] == '*' {
			from++ // "/**"
		}
		for to > from && src[to-1] == '*' {
			to-- // "**/"
		}
	}
	b := &c.tmp
	b.segs = b.segs[:0]
	var text strings.Builder
	prev := -1
	blank := 0
	for ls := from; ls <= to; {
		le := lineEndIn(src, ls, to)
		ts, te := ls, le
		for ts < te && (src[ts] == ' ' || src[ts] == '\t') {
			ts++
		}
		if cstyle && ls != from && ts < te && src[ts] == '*' {
			ts++
			for ts < te && (src[ts] == ' ' || src[ts] == '\t') {
				ts++
			}
		}
		for te > ts && isASCIISpace(src[te-1]) {
			te--
		}
		if ts == te {
			blank++
		} else {
			if prev >= 0 {
				if blank > 0 {
					b.synth(prev, ts, "\n\n")
					text.WriteString("\n\n")
				} else {
					b.synth(prev, ts, "\n")
					text.WriteString("\n")
				}
			}
			b.raw(ts, te)
			text.Write(src[ts:te])
			prev = te
			blank = 0
		}
		if le >= to {
			break
		}
		ls = nextLine(src, le)
	}
	b.take(c.sc, src, rules.ScopeComments)
	c.sc.Comments = append(c.sc.Comments, Comment{Start: start, End: end, Text: text.String()})
}

// stringEnd returns the index of the token after the string literal
// starting at toks[i]: string tokens, tokens inside interpolations, and
// tokens such as shell variables between string tokens while the literal's
// quote is still open.
func stringEnd(src []byte, toks []codeToken, i int) int {
	depth := 0
	var quote byte // the opening quote, 0 once closed or unknown
	j := i
	for ; j < len(toks); j++ {
		t := toks[j]
		if depth == 0 && !isStringToken(t.typ) {
			if quote == 0 {
				break
			}
			k := j
			for k < len(toks) && k < j+16 && !isStringToken(toks[k].typ) && toks[k].start == toks[k-1].end {
				k++
			}
			if k >= len(toks) || k == j+16 || !isStringToken(toks[k].typ) || toks[k].start != toks[k-1].end {
				break
			}
			j = k - 1
			continue
		}
		v := src[t.start:t.end]
		switch {
		case t.typ == chroma.LiteralStringInterpol:
			depth = interpolDepth(v, depth)
		case t.typ == chroma.LiteralStringAffix || depth > 0:
		case j == i || (j > i && toks[j-1].typ == chroma.LiteralStringAffix && quote == 0):
			// The opening token: find its quote and whether it also closes.
			q := 0
			for q < len(v) && q < 3 && isAlpha(v[q]) {
				q++
			}
			if q < len(v) && (v[q] == '"' || v[q] == '\'' || v[q] == '`') {
				quote = v[q]
				if n := len(v); n > q+1 && v[n-1] == quote && (n < 2 || v[n-2] != '\\') {
					quote = 0
				}
			}
		default:
			if n := len(v); quote != 0 && n > 0 && v[n-1] == quote && (n < 2 || v[n-2] != '\\') {
				quote = 0
			}
		}
	}
	return max(j, i+1)
}

func interpolDepth(v []byte, depth int) int {
	for _, ch := range v {
		switch ch {
		case '{', '(':
			depth++
		case '}', ')':
			if depth > 0 {
				depth--
			}
		}
	}
	return depth
}

// isDocstring reports whether the string literal at toks[i] is a Python
// doc string: triple-quoted, first in the file or right after a ':' that
// ends a line (def, class).
func (c *codeScoper) isDocstring(toks []codeToken, i, prevSig int) bool {
	src := c.src
	s := toks[i].start
	for s < len(src) && isAlpha(src[s]) && s-toks[i].start < 2 {
		s++
	}
	if !(strings.HasPrefix(string(src[s:min(s+3, len(src))]), `"""`) || strings.HasPrefix(string(src[s:min(s+3, len(src))]), "'''")) {
		return false
	}
	if prevSig < 0 {
		return true
	}
	p := toks[prevSig]
	if src[p.end-1] != ':' {
		return false
	}
	// Only white space and comments between the colon and the string
	// ("def f():  # note\n    \"\"\"Doc.\"\"\"" still has a docstring).
	newline := false
	for k := prevSig + 1; k < i; k++ {
		t := src[toks[k].start:toks[k].end]
		if isCommentToken(toks[k].typ) {
			continue
		}
		if !isBlankString(string(t)) {
			return false
		}
		newline = newline || strings.ContainsAny(string(t), "\n\r")
	}
	return newline
}

// stringLiteral handles the string literal made of toks.
func (c *codeScoper) stringLiteral(toks []codeToken) {
	c.endLineComments()
	src := c.src
	type piece struct{ start, end int }
	var pieces []piece
	depth := 0
	raw := false
	for _, t := range toks {
		if t.typ == chroma.LiteralStringAffix && strings.ContainsAny(string(src[t.start:t.end]), "rR@") {
			raw = true
		}
		if t.typ == chroma.LiteralStringInterpol {
			depth = interpolDepth(src[t.start:t.end], depth)
			continue
		}
		if depth > 0 || t.typ == chroma.LiteralStringAffix || !isStringToken(t.typ) {
			continue
		}
		if n := len(pieces); n > 0 && pieces[n-1].end == t.start {
			pieces[n-1].end = t.end
		} else {
			pieces = append(pieces, piece{t.start, t.end})
		}
	}
	if len(pieces) == 0 {
		return
	}
	// Strip the delimiters.
	first, last := &pieces[0], &pieces[len(pieces)-1]
	s := first.start
	for s < first.end && s-first.start < 3 && isAlpha(src[s]) {
		if src[s] == 'r' || src[s] == 'R' {
			raw = true
		}
		s++
	}
	if s < first.end && (src[s] == '@' || src[s] == '$') {
		raw = raw || src[s] == '@'
		s++
	}
	hashes := 0
	for s < first.end && src[s] == '#' {
		hashes++
		s++
	}
	if s >= first.end {
		return
	}
	q := src[s]
	if q != '"' && q != '\'' && q != '`' {
		return // some other literal syntax (%q(), heredocs...): skip
	}
	if q == '`' && first.start == s {
		raw = raw || c.lang == "Go" // Go's raw strings; JS template literals have escapes
	}
	n := 1
	if s+2 < first.end && src[s+1] == q && src[s+2] == q {
		n = 3
	}
	open := s + n
	closeLen := n + hashes
	closeEnd := last.end
	if closeEnd-closeLen >= open && allByte(src[closeEnd-closeLen:closeEnd-hashes], q) {
		last.end = closeEnd - closeLen
	} else if last == first {
		last.end = closeEnd // unterminated
	}
	first.start = open
	b := &c.tmp
	b.segs = b.segs[:0]
	for _, p := range pieces {
		if p.end > p.start {
			addCodeString(b, src, p.start, p.end, !raw)
		}
	}
	b.take(c.sc, src, rules.ScopeStrings)
}

func allByte(s []byte, c byte) bool {
	for _, b := range s {
		if b != c {
			return false
		}
	}
	return true
}

// addCodeString adds string literal content, decoding backslash escapes when
// escapes is set; line breaks are synthetic "\n".
func addCodeString(b *chunkBuilder, src []byte, start, end int, escapes bool) {
	run := start
	for i := start; i < end; {
		ch := src[i]
		switch {
		case ch == '\\' && escapes && i+1 < end:
			i = stringEscape(b, src, run, i, end, codeEscape)
			run = i
		case ch == '\n' || ch == '\r':
			i = stringBreak(b, src, run, i, end)
			run = i
		default:
			i++
		}
	}
	b.raw(run, end)
}

// codeEscape decodes a C-family escape sequence at the start of s.
func codeEscape(s []byte) (int, string) {
	switch s[1] {
	case 'n':
		return 2, "\n"
	case 't':
		return 2, "\t"
	case 'r':
		return 2, "\r"
	case '0':
		return 2, "\x00"
	case 'x', 'u', 'U':
		digits := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[1]]
		if s[1] == 'u' && len(s) > 3 && s[2] == '{' {
			k := 3
			for k < len(s) && k < 12 && s[k] != '}' {
				k++
			}
			if k < len(s) && s[k] == '}' {
				if v, err := strconv.ParseUint(string(s[3:k]), 16, 32); err == nil && utf8.ValidRune(rune(v)) {
					return k + 1, string(rune(v))
				}
			}
			return 2, ""
		}
		if len(s) >= 2+digits {
			if v, err := strconv.ParseUint(string(s[2:2+digits]), 16, 32); err == nil {
				r := rune(v)
				if !utf8.ValidRune(r) {
					r = utf8.RuneError
				}
				return 2 + digits, string(r)
			}
		}
		return 2, string(s[1])
	}
	_, n := utf8.DecodeRune(s[1:])
	return 1 + n, string(s[1 : 1+n])
}
