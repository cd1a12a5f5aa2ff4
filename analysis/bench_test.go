package analysis

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
	"time"

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

// BenchmarkCheckParts checks Markdown of growing size whole and in parts
// (engine_parallel.go), with 1,000 rules: where parts start to pay is
// parallelMin.
func BenchmarkCheckParts(b *testing.B) {
	e, err := Compile(benchdata.Rules(1000))
	if err != nil {
		b.Fatal(err)
	}
	full := benchdata.Text(1<<20, true)
	for _, size := range []int{32 << 10, 64 << 10, 128 << 10, 256 << 10, 1 << 20} {
		text := full[:size]
		if i := bytes.LastIndex(text, []byte("\n\n")); i > 0 {
			text = text[:i+2]
		}
		doc := Document{Path: "bench.md", Text: text, Kind: format.KindMarkdown}
		for _, inParts := range []bool{false, true} {
			name := fmt.Sprintf("%dK/whole", size>>10)
			if inParts {
				name = fmt.Sprintf("%dK/parts", size>>10)
			}
			b.Run(name, func(b *testing.B) {
				oldMin, oldCores := parallelMin, cores
				parallelMin = 0
				if n := runtime.GOMAXPROCS(0); n < 2 {
					// Count the instructions of the parts on one core
					// (cachegrind, GOMAXPROCS=1): plan them for two.
					cores = func() int { return 2 }
				}
				defer func() { parallelMin, cores = oldMin, oldCores }()
				b.SetBytes(int64(len(text)))
				for i := 0; i < b.N; i++ {
					e.checkUntil(doc, time.Time{}, inParts)
				}
			})
		}
	}
}
