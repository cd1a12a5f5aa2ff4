package format

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
)

// Comment syntax. The scopers report every comment with its delimiters
// stripped (Comment.Text, where analysis reads suppression directives);
// the server writes a suppression comment ("Disable for this line") in the
// syntax of the file, or of the comment the finding is in, and removes an
// unused one. Plain text has no comments: a line holding only a directive
// (optionally after "#" or "//") is one (text.go).

// lineDelims are line-comment delimiters, longest first: the code scoper
// strips them from a comment's text.
var lineDelims = []string{"//", "--", "#", ";", "%", "'", "!"}

// blockDelims are block-comment (or doc string) delimiters.
var blockDelims = [][2]string{
	{"/*", "*/"}, {"<!--", "-->"}, {`"""`, `"""`}, {"'''", "'''"},
	{"--[[", "]]"}, {"(*", "*)"}, {"{-", "-}"}, {"=begin", "=end"}, {"#|", "|#"},
	{"{#", "#}"}, {"{{!--", "--}}"}, {"{{!", "}}"},
}

// CommentSyntax is how a one-line comment is written: Open, the text,
// Close. The zero value is a bare line (plain text).
type CommentSyntax struct{ Open, Close string }

var (
	slashCommentSyntax = CommentSyntax{"// ", ""}
	hashCommentSyntax  = CommentSyntax{"# ", ""}
	htmlCommentSyntax  = CommentSyntax{"<!-- ", " -->"}
)

// writtenComments are the comments a suppression may be written in, by
// how they open: a finding inside such a comment gets its suppression in
// the same syntax.
var writtenComments = []struct {
	prefix string
	cs     CommentSyntax
}{
	{"<!--", htmlCommentSyntax}, {"/*", CommentSyntax{"/* ", " */"}}, {"//", slashCommentSyntax}, {"--", CommentSyntax{"-- ", ""}},
	{"(*", CommentSyntax{"(* ", " *)"}}, {"{-", CommentSyntax{"{- ", " -}"}}, {"#", hashCommentSyntax},
	{";", CommentSyntax{"; ", ""}}, {"%", CommentSyntax{"% ", ""}}, {"'", CommentSyntax{"' ", ""}},
}

// commentClosers end a comment that a directive is written in.
var commentClosers = []string{" --", "-->", "*/", "*)", "-}"}

// Placement is where a suppression comment about a line goes.
type Placement int

const (
	NoComment Placement = iota // the format has no comments (JSON), or its syntax is unknown
	EndOfLine                  // appended to the line (Markdown and HTML: the rendering does not change)
	LineAbove                  // a comment line above it, or around the comment or string it is in
)

// Suppression is how a suppression directive about a line is written.
type Suppression struct {
	Syntax    CommentSyntax
	Placement Placement
	// YAML is set when the line is YAML (a YAML file or Markdown front
	// matter), where the header line of a block scalar ("key: |") belongs
	// to the value below it (OpensBlockScalar).
	YAML bool
}

// SuppressionAt returns how a suppression directive about the line at
// offset off of src, a document of the given kind, is written. sc is the
// document's scoping (nil: not scoped): in code, a finding inside a
// comment takes that comment's syntax.
func SuppressionAt(kind Kind, path string, src []byte, sc *Scoped, off int) Suppression {
	switch kind {
	case KindJSON, KindNone:
		return Suppression{}
	case KindMarkdown:
		if fm := FrontMatterEnd(src); fm > 0 && off < fm {
			return Suppression{Syntax: hashCommentSyntax, Placement: LineAbove, YAML: true}
		}
		return Suppression{Syntax: htmlCommentSyntax, Placement: EndOfLine}
	case KindHTML:
		return Suppression{Syntax: htmlCommentSyntax, Placement: EndOfLine}
	case KindText:
		return Suppression{Placement: LineAbove}
	case KindYAML:
		return Suppression{Syntax: hashCommentSyntax, Placement: LineAbove, YAML: true}
	}
	// Code: the finding's own comment tells the syntax; else the file type.
	cs, ok := lineComment(path)
	if sc != nil {
		for _, c := range sc.Comments {
			if c.Start <= off && off < c.End {
				if own, ok2 := syntaxOfComment(string(src[c.Start:c.End])); ok2 {
					cs, ok = own, true
				}
				break
			}
		}
	}
	if !ok {
		return Suppression{}
	}
	return Suppression{Syntax: cs, Placement: LineAbove}
}

// lineComment returns the line comment of path's file type.
func lineComment(path string) (CommentSyntax, bool) {
	if ft := typeOf(path); ft != nil && ft.comment != (CommentSyntax{}) {
		return ft.comment, true
	}
	return CommentSyntax{}, false
}

// syntaxOfComment reads the delimiters of an existing comment.
func syntaxOfComment(c string) (CommentSyntax, bool) {
	for _, w := range writtenComments {
		if strings.HasPrefix(c, w.prefix) {
			return w.cs, true
		}
	}
	if len(c) >= 4 && strings.EqualFold(c[:4], "rem ") {
		return CommentSyntax{c[:4], ""}, true
	}
	return CommentSyntax{}, false
}

// IsDocString reports whether a comment is a triple-quoted doc string
// (maybe with a prefix of up to two letters, r""" or u”').
func IsDocString(c []byte) bool {
	i := 0
	for i < len(c) && i < 2 && (c[i] >= 'a' && c[i] <= 'z' || c[i] >= 'A' && c[i] <= 'Z') {
		i++
	}
	return bytes.HasPrefix(c[i:], []byte(`"""`)) || bytes.HasPrefix(c[i:], []byte("'''"))
}

// CutAtCommentClose returns s up to the first comment closer in it
// ("-->", "*/", "*)", "-}", or " --" that ends a Lua or SQL comment's
// directive): the directive text of a comment from where it starts.
func CutAtCommentClose(s string) string {
	for _, stop := range commentClosers {
		if j := strings.Index(s, stop); j >= 0 {
			s = s[:j]
		}
	}
	return s
}

// atxClosingRe matches an ATX heading with a closing sequence of #s.
// (Compiled on first use, as every package-level regexp: not at every
// start.)
var atxClosingRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^ {0,3}#{1,6}[ \t].*?([ \t]+#+)$`)
})

// AppendOffset returns where in line (without its line break) a comment
// appended to it goes (EndOfLine): before trailing white space, and in
// Markdown before what must stay last: a backslash hard break, a table
// row's closing pipe, an ATX heading's closing #s.
func AppendOffset(kind Kind, line []byte) int {
	content := bytes.TrimRight(line, " \t")
	pos := len(content)
	if kind == KindMarkdown {
		trimmed := bytes.TrimLeft(content, " \t")
		switch {
		case bytes.HasSuffix(content, []byte(`\`)):
			pos--
		case len(trimmed) > 1 && trimmed[0] == '|' && trimmed[len(trimmed)-1] == '|':
			pos--
			for pos > 0 && (line[pos-1] == ' ' || line[pos-1] == '\t') {
				pos--
			}
		default:
			if m := atxClosingRe().FindSubmatchIndex(content); m != nil {
				pos = m[2]
			}
		}
	}
	return pos
}
