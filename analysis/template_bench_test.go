package analysis

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/benchdata"
	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// benchWords returns n distinct lower-case words of the benchmark text, so
// that template phrases occur in it.
func benchWords(n int) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range strings.Fields(string(benchdata.Text(1<<16, false))) {
		w = strings.ToLower(strings.Trim(w, "."))
		if w == "" || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
		if len(out) == n {
			break
		}
	}
	return out
}

// templatePackSource is a template-heavy pack: 10 sets of 30 words, 200
// rules "{a} (x|y) [{b}]" (1,860 phrases each) and 50 rules with a gap
// "{a} {...3} {b} z", all in the benchmark text's words: about 370,000
// expanded phrases.
func templatePackSource() string {
	words := benchWords(600)
	var sb strings.Builder
	sb.WriteString("[sets]\n")
	for s := range 10 {
		var es []string
		for _, w := range words[s*30 : s*30+30] {
			es = append(es, fmt.Sprintf("%q", w))
		}
		fmt.Fprintf(&sb, "s%d = [%s]\n", s, strings.Join(es, ", "))
	}
	for i := range 250 {
		a, b := i%10, (i*7+3)%10
		x, y := words[300+i%300], words[300+(i*13+5)%300]
		fmt.Fprintf(&sb, "[[rule]]\nid = \"t.r%d\"\n", i)
		if i < 200 {
			fmt.Fprintf(&sb, "restricted = [\"{s%d} (%s|%s) [{s%d}]\"]\napproved = [\"ok {s%d}\"]\n", a, x, y, b, a)
		} else {
			fmt.Fprintf(&sb, "restricted = [\"{s%d} {...3} {s%d} %s\"]\n", a, b, x)
		}
	}
	return sb.String()
}

func BenchmarkCheckTemplates(b *testing.B) {
	p, errs := rules.ParsePack("bench.toml", []byte(templatePackSource()))
	if rules.HasErrors(errs) {
		b.Fatal(errs)
	}
	e, err := Compile(p.Rules)
	if err != nil {
		b.Fatal(err)
	}
	text := benchdata.Text(1<<20, false)
	doc := Document{Path: "bench.txt", Text: text, Kind: format.KindText}
	n := len(e.Check(doc))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Check(doc)
	}
	b.ReportMetric(float64(n), "findings")
	b.ReportMetric(float64(len(e.phrases.patterns)), "phrases")
}

// atBoundSource is a pack whose one template expands to exactly
// rules.MaxExpansions phrases of six words: three sets of 100 two-word
// entries.
func atBoundSource() string {
	var sb strings.Builder
	sb.WriteString("[sets]\n")
	for s := range 3 {
		var es []string
		for i := range 100 {
			es = append(es, fmt.Sprintf("\"w%d%c%d x%d\"", s, 'a'+s, i, i%7))
		}
		fmt.Fprintf(&sb, "s%d = [%s]\n", s, strings.Join(es, ", "))
	}
	sb.WriteString("[[rule]]\nid = \"t.bound\"\nrestricted = [\"{s0} {s1} {s2}\"]\n")
	return sb.String()
}

// BenchmarkLoadTemplatesAtBound loads and compiles a pack at the expansion
// bound, reporting the heap the engine keeps (live-MB), the bytes
// allocated while loading (alloc-MB) and the CPU time the process spent
// (cpu-s: on a shared machine, closer to the cost than the wall time).
// Run with -benchtime 1x.
func BenchmarkLoadTemplatesAtBound(b *testing.B) {
	src := []byte(atBoundSource())
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		cpu0 := cpuTime()
		p, errs := rules.ParsePack("bound.toml", src)
		if rules.HasErrors(errs) {
			b.Fatal(errs)
		}
		e, err := Compile(p.Rules)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric((cpuTime() - cpu0).Seconds(), "cpu-s")
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "live-MB")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), "alloc-MB")
		b.ReportMetric(float64(len(e.phrases.patterns)), "phrases")
		runtime.KeepAlive(e)
		b.StartTimer()
	}
}

// BenchmarkTemplateGapsRepeated checks a paragraph of one word that starts
// and ends every part of "go {...8} go {...8} go" (the worst case for
// joining parts): ns/op grows in proportion to the size.
func BenchmarkTemplateGapsRepeated(b *testing.B) {
	p, errs := rules.ParsePack("bench.toml", []byte("[[rule]]\nid = \"t.rep\"\nrestricted = [\"go {...8} go {...8} go\"]\n"))
	if rules.HasErrors(errs) {
		b.Fatal(errs)
	}
	e, err := Compile(p.Rules)
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []int{128 << 10, 512 << 10, 1 << 20} {
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			text := []byte(strings.Repeat("go ", size/3))
			doc := Document{Path: "bench.txt", Text: text, Kind: format.KindText}
			n := len(e.Check(doc))
			b.SetBytes(int64(len(text)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				e.Check(doc)
			}
			b.ReportMetric(float64(n), "findings")
		})
	}
}
