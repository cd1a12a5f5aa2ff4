package format

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// benchMarkdown generates about size bytes of realistic Markdown: headings,
// paragraphs wrapped across lines, lists, links, emphasis, inline code,
// code blocks, quotes and tables.
func benchMarkdown(size int) []byte {
	var sb strings.Builder
	words := strings.Fields(`the service is powered by OpenAI models and integrates with
		existing tools so that teams can ship faster while keeping their data safe
		under strict access control policies for every workspace and region`)
	w := 0
	word := func() string { w++; return words[(w*7)%len(words)] }
	para := func(lines int) {
		for l := 0; l < lines; l++ {
			for k := 0; k < 10; k++ {
				switch (w + k) % 17 {
				case 3:
					fmt.Fprintf(&sb, "*%s* ", word())
				case 7:
					fmt.Fprintf(&sb, "[%s %s](https://example.com/%s \"Title %s\") ", word(), word(), word(), word())
				case 11:
					fmt.Fprintf(&sb, "`%s()` ", word())
				default:
					sb.WriteString(word())
					sb.WriteByte(' ')
				}
			}
			sb.WriteString(word())
			sb.WriteString(".\n")
		}
		sb.WriteString("\n")
	}
	for n := 0; sb.Len() < size; n++ {
		fmt.Fprintf(&sb, "## Section %d: %s %s\n\n", n, word(), word())
		para(4)
		for i := 0; i < 4; i++ {
			fmt.Fprintf(&sb, "- %s %s **%s** %s\n  %s %s continues here.\n", word(), word(), word(), word(), word(), word())
			if i == 1 {
				fmt.Fprintf(&sb, "  - nested %s %s\n", word(), word())
			}
		}
		sb.WriteString("\n")
		para(3)
		sb.WriteString("```go\nfunc main() {\n\tfmt.Println(\"hello\")\n}\n```\n\n")
		fmt.Fprintf(&sb, "> %s %s %s\n> %s %s.\n\n", word(), word(), word(), word(), word())
		fmt.Fprintf(&sb, "| %s | %s |\n|---|---|\n| %s | %s |\n\n", word(), word(), word(), word())
	}
	return []byte(sb.String())
}

func BenchmarkScopeMarkdown(b *testing.B) {
	src := benchMarkdown(1 << 20)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		ScopeMarkdown(src, false)
	}
}

func BenchmarkScopeCode(b *testing.B) {
	var sb strings.Builder
	for i := 0; sb.Len() < 100<<10; i++ {
		fmt.Fprintf(&sb, "// F%d enables access to the\n// service for every workspace.\nfunc F%d(x int) string {\n\t/* inline */ return fmt.Sprintf(\"value %%d is ready\\n\", x) + `raw`\n}\n\n", i, i)
	}
	src := []byte(sb.String())
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		ScopeCode("x.go", src)
	}
}

func BenchmarkScopeCatalog(b *testing.B) {
	var js, ym strings.Builder
	js.WriteString("{\n")
	for i := 0; js.Len() < 1<<20; i++ {
		fmt.Fprintf(&js, "  \"key.%d\": \"The service is powered by OpenAI models \\u2019 %d\",\n", i, i)
		fmt.Fprintf(&ym, "# comment %d\nkey%d: The service is powered by OpenAI models %d\nq%d: \"quoted \\u2019 value\"\n", i, i, i, i)
	}
	js.WriteString("  \"end\": \"x\"\n}\n")
	for _, c := range []struct {
		name  string
		src   []byte
		scope func([]byte) Scoped
	}{{"json", []byte(js.String()), ScopeJSON}, {"yaml", []byte(ym.String()), ScopeYAML}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.src)))
			for b.Loop() {
				c.scope(c.src)
			}
		})
	}
}

func BenchmarkScopeHTML(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("<html><head><title>T</title></head><body>\n")
	for i := 0; sb.Len() < 1<<20; i++ {
		fmt.Fprintf(&sb, "<h2>Section %d</h2>\n<p>The service is <em>powered</em> by <a href=\"https://x.com/%d\" title=\"Link title\">OpenAI models</a>\n  and integrates with &amp; existing tools.</p>\n<img alt=\"An image\" src=\"i.png\">\n<pre>code here</pre>\n", i, i)
	}
	src := []byte(sb.String())
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		ScopeHTML(src)
	}
}

// BenchmarkGoldmarkParseOnly is goldmark alone on the same input, the floor
// for BenchmarkScopeMarkdown.
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
