package analysis

import (
	"fmt"
	"strings"
	"testing"
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
