package analysis

import (
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/benchdata"
	"github.com/guardrail-dev/guardrail/analysis/format"
)

func benchCheck(b *testing.B, nrules int, markdown bool) {
	e, err := Compile(benchdata.Rules(nrules))
	if err != nil {
		b.Fatal(err)
	}
	text := benchdata.Text(1<<20, markdown)
	doc := Document{Path: "bench.txt", Text: text, Kind: format.KindText}
	if markdown {
		doc = Document{Path: "bench.md", Text: text, Kind: format.KindMarkdown}
	}
	n := len(e.Check(doc))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Check(doc)
	}
	b.ReportMetric(float64(n), "findings")
}

func BenchmarkCheckText10(b *testing.B)       { benchCheck(b, 10, false) }
func BenchmarkCheckText1000(b *testing.B)     { benchCheck(b, 1000, false) }
func BenchmarkCheckText10000(b *testing.B)    { benchCheck(b, 10000, false) }
func BenchmarkCheckMarkdown10(b *testing.B)   { benchCheck(b, 10, true) }
func BenchmarkCheckMarkdown1000(b *testing.B) { benchCheck(b, 1000, true) }
func BenchmarkCheckMarkdown10000(b *testing.B) {
	benchCheck(b, 10000, true)
}

func BenchmarkCompile10000(b *testing.B) {
	rs := benchdata.Rules(10000)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		e, _ := Compile(rs)
		if i == 0 {
			b.ReportMetric(float64(e.phrases.nodes), "trie-nodes")
		}
	}
}
