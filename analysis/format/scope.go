// Package format is everything guardrail knows about file formats: which
// kind a file is (kind.go, the one extension table), which parts of it are
// checked text (a scoper per format: Markdown, HTML, source code, message
// catalogs, plain text, front matter), the comments that may hold
// suppression directives, and the boundaries the server may re-check a
// document between. It never imports analysis, which matches phrases in
// the text scoped here.
package format

import "github.com/guardrail-dev/guardrail/rules"

// Segment is a piece of checked text taken from the source. Its text is
// src[Start:End], unless Synthetic is set, in which case Text stands for that
// source range (an HTML entity such as "&amp;" stands for "&"; a line break
// plus the markup that continues the block, such as "\n> " in a quote or
// "\n\t// " between line comments, stands for "\n").
//
// Consecutive segments of a chunk whose source ranges do not touch (the
// previous End is before the next Start) have inline markup between them:
// a phrase matched across that gap is flagged without an automatic fix.
//
// An Opaque segment (always Synthetic, Text is Placeholder) stands for
// inline code or a template tag: text that is not prose but has a place in
// the sentence. No match enters it or joins the words on either side.
type Segment struct {
	Start, End int
	Synthetic  bool
	Opaque     bool
	Text       string
}

// Placeholder is the text of an Opaque segment, as regex patterns see it:
// U+FFFC OBJECT REPLACEMENT CHARACTER, one character that is neither a
// word character nor white space.
const Placeholder = "\uFFFC"

// Chunk is one block of checked text: a paragraph, heading, list item, table
// cell, alt text, comment, string literal or catalog value. Sentences never
// span chunks, and neither do matches.
type Chunk struct {
	// Scope is exactly one of rules.ScopeProse, rules.ScopeHeadings (a
	// heading), rules.ScopeComments or rules.ScopeStrings.
	Scope rules.Scope
	Segs  []Segment
}

// Comment is a comment in the source that may hold a suppression directive.
// Start and End cover the whole comment, delimiters included; Text is its
// inner text without delimiters (without "<!--" and "-->", "//", "#", "/*",
// "*/" and leading "*" on continuation lines). Scopers report every comment
// they see; the engine keeps those that are directives.
type Comment struct {
	Start, End int
	Text       string
}

// Scoped is what a scoper finds in one document.
type Scoped struct {
	Chunks   []Chunk
	Comments []Comment
}

// Kind is a file type as far as scoping is concerned.
type Kind int

const (
	KindNone     Kind = iota // not checked (TOML, binary, unknown extension)
	KindText                 // plain text: everything
	KindMarkdown             // Markdown and MDX
	KindHTML
	KindJSON // message catalog: string values
	KindYAML // message catalog: string values, and comments
	KindCode // source code: comments, and string literals
)

func (k Kind) String() string {
	switch k {
	case KindText:
		return "text"
	case KindMarkdown:
		return "markdown"
	case KindHTML:
		return "html"
	case KindJSON:
		return "json"
	case KindYAML:
		return "yaml"
	case KindCode:
		return "code"
	}
	return "none"
}
