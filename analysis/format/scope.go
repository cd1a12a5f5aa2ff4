// Package format is everything guardrail knows about file formats, one
// place per format, so that the CLI and the language server cannot drift
// apart:
//
//   - kind.go: the one file-type table (extensions, file names, LSP
//     language ids) giving each file its Kind, its comment syntax and, for
//     code, the fast scanner's language; ScopeDocument dispatches on Kind;
//   - scope.go: what scoping produces (Segment, Chunk, Comment, Scoped);
//   - a scoper per format: markdown*.go (goldmark, with the fast inline
//     scanner of markdown_fast.go), frontmatter.go (YAML and TOML front
//     matter, and where it ends), html.go, code*.go (chroma, with the fast
//     scanner of code_fast.go), catalog*.go (JSON and YAML message
//     catalogs), text.go; cut.go takes template tags and ignore patterns
//     out of scoped text;
//   - comments.go: comment syntax, for reading suppression directives and
//     for writing them (the server's "Disable for this line");
//   - segments.go and blocks.go: where a document may be split for
//     incremental checks.
//
// It never imports analysis, which matches phrases in the text scoped
// here and reads the directives in the comments found here.
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
