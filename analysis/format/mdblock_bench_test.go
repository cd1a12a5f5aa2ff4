package format

import (
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/benchdata"
)

// BenchmarkScopeMarkdownBenchdata scopes the 1 MB Markdown file of the
// whole-process benchmark (scripts/benchgen's bench.md).
func BenchmarkScopeMarkdownBenchdata(b *testing.B) {
	src := benchdata.Text(1<<20, true)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		ScopeMarkdown(src, false)
	}
}
