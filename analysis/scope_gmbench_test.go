package analysis

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

func BenchmarkGoldmarkParseOnly(b *testing.B) {
	src := benchMarkdown(1 << 20)
	for _, c := range []struct {
		name string
		md   goldmark.Markdown
	}{
		{"plain", goldmark.New()},
		{"table+strike", goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))},
		{"gfm", goldmark.New(goldmark.WithExtensions(extension.GFM))},
		{"table+strike+linkify", goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))},
	} {
		p := c.md.Parser()
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				p.Parse(text.NewReader(src))
			}
		})
	}
}
