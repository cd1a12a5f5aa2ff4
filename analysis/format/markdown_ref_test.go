package format

// The reference of the differential tests: the production Markdown
// scoper (markdown.go) on a parser of goldmark's own parts, with no fast
// inline scanner, so that goldmark parses every block's inlines.

import (
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

var refMDParser = sync.OnceValue(func() parser.Parser {
	// goldmark's defaults, but for the caps on nested containers
	// (mdBlockParsers) and on delimiter runs (mdInlineParsers, which has
	// Strikethrough's parser), bounds shared with the scoper.
	inline := mdInlineParsers()
	for i, p := range inline {
		// goldmark's own link parser: the MDX differential tests compare
		// linkValued with it.
		if l, ok := p.Value.(linkValued); ok {
			inline[i].Value = l.InlineParser
		}
	}
	p := parser.NewParser(
		parser.WithBlockParsers(mdBlockParsers()...),
		parser.WithInlineParsers(inline...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
	return goldmark.New(goldmark.WithParser(p), goldmark.WithExtensions(
		extension.Table,
		extension.TaskList,
		// Not extension.Linkify: bare URLs are found by cutURLs, at a
		// fraction of the cost.
	)).Parser()
})

// scopeMarkdownRef scopes a Markdown document with goldmark alone; mdx
// turns on MDX handling.
func scopeMarkdownRef(src []byte, mdx bool) Scoped {
	return scopeMarkdownWith(refMDParser(), src, mdx, nil)
}
