package analysis

import (
	"os"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/benchdata"
	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// The built-in sre-messaging pack against its 1.0.0 version (a copy in
// testdata), on 1 MB of Markdown: the generated benchmark text, and prose
// made of both packs' example sentences (many matches, the pack's own
// vocabulary). Compare old and new from the same run:
//
//	go test ./analysis -run '^$' -bench 'SREPack' -benchtime 10x

func srePackRules(b *testing.B, old bool) []*rules.Rule {
	b.Helper()
	if !old {
		p, err := rules.Builtin("sre-messaging")
		if err != nil {
			b.Fatal(err)
		}
		return p.Rules
	}
	data, err := os.ReadFile("testdata/sre-messaging-1.0.0.toml")
	if err != nil {
		b.Fatal(err)
	}
	p, errs := rules.ParsePack("testdata/sre-messaging-1.0.0.toml", data)
	if len(errs) > 0 {
		b.Fatal(errs[0])
	}
	return p.Rules
}

// sreProse is about 1 MB of Markdown made of the example sentences of both
// versions of the pack, as headings, paragraphs and list items.
func sreProse(b *testing.B) []byte {
	b.Helper()
	var sents []string
	for _, old := range []bool{true, false} {
		for _, r := range srePackRules(b, old) {
			for _, ex := range r.Examples {
				if ex.File != "" {
					continue
				}
				sents = append(sents, ex.Bad, ex.Good)
			}
		}
	}
	var sb strings.Builder
	for i := 0; sb.Len() < 1<<20; i++ {
		s := strings.TrimLeft(sents[i%len(sents)], "# ")
		switch i % 7 {
		case 0:
			sb.WriteString("## " + strings.ReplaceAll(s, "\n", " ") + "\n\n")
		case 1, 2:
			sb.WriteString("- " + strings.ReplaceAll(s, "\n", " ") + "\n")
		default:
			sb.WriteString(s + "\n\n")
		}
	}
	return []byte(sb.String())
}

func benchSREPack(b *testing.B, old, prose bool) {
	e, err := Compile(srePackRules(b, old))
	if err != nil {
		b.Fatal(err)
	}
	text := benchdata.Text(1<<20, true)
	if prose {
		text = sreProse(b)
	}
	doc := Document{Path: "bench.md", Text: text, Kind: format.KindMarkdown}
	n := len(e.Check(doc))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Check(doc)
	}
	b.ReportMetric(float64(n), "findings")
}

func BenchmarkSREPackOldMarkdown(b *testing.B) { benchSREPack(b, true, false) }
func BenchmarkSREPackNewMarkdown(b *testing.B) { benchSREPack(b, false, false) }
func BenchmarkSREPackOldProse(b *testing.B)    { benchSREPack(b, true, true) }
func BenchmarkSREPackNewProse(b *testing.B)    { benchSREPack(b, false, true) }

// Loading and compiling the pack: what every CLI run pays once.
func BenchmarkSREPackCompile(b *testing.B) {
	for _, v := range []struct {
		name string
		old  bool
	}{{"old", true}, {"new", false}} {
		b.Run(v.name, func(b *testing.B) {
			rs := srePackRules(b, v.old)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := Compile(rs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDefaultPacksLoad is what a first run pays before it checks
// anything: parsing the default packs and compiling them.
//
//	go test ./analysis -run '^$' -bench DefaultPacksLoad
func BenchmarkDefaultPacksLoad(b *testing.B) {
	var srcs [][2]string
	for _, n := range rules.DefaultPackNames() {
		data, err := os.ReadFile("../rules/builtin/" + n + ".toml")
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, [2]string{n, string(data)})
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var rs []*rules.Rule
		for _, s := range srcs {
			p, errs := rules.ParsePack(s[0], []byte(s[1]))
			if rules.HasErrors(errs) {
				b.Fatal(errs)
			}
			rs = append(rs, p.Rules...)
		}
		if _, err := Compile(rs); err != nil {
			b.Fatal(err)
		}
	}
}
