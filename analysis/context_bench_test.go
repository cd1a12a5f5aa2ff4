package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

// defaultPackRules returns the rules of the built-in packs that apply by
// default.
func defaultPackRules(tb testing.TB) []*rules.Rule {
	tb.Helper()
	var rs []*rules.Rule
	for _, n := range rules.BuiltinNames() {
		p, err := rules.Builtin(n)
		if err != nil {
			tb.Fatal(err)
		}
		if p.Default {
			rs = append(rs, p.Rules...)
		}
	}
	return rs
}

// longParagraph is one Markdown paragraph of about size bytes: restricted
// phrases of rules with `when` and `unless` terms, and their terms,
// repeated with no sentence end.
func longParagraph(size int) []byte {
	const unit = "SRE is partnering to sell GPT models and AWS hosts OpenAI models with direct access to GPT models for Stateful Runtime users "
	return []byte(strings.Repeat(unit, size/len(unit)+1)[:size])
}

// BenchmarkWhenLongParagraph checks one long paragraph full of matches of
// `when`/`unless` rules with the default packs: the time per byte must not
// grow with the paragraph's length.
func BenchmarkWhenLongParagraph(b *testing.B) {
	e, err := Compile(defaultPackRules(b))
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []int{128 << 10, 512 << 10, 1 << 20} {
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			doc := Document{Path: "long.md", Text: longParagraph(size)}
			n := len(e.Check(doc))
			b.SetBytes(int64(size))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				e.Check(doc)
			}
			b.ReportMetric(float64(n), "findings")
		})
	}
}

// BenchmarkSegment is the one-pass sentence/clause/negation segmentation
// of 1 MB of prose, the cost a chunk pays once when it holds a candidate of
// a claim rule or of a rule with when/unless terms.
func BenchmarkSegment(b *testing.B) {
	const unit = "SRE is not a passthrough, and it doesn't (or won't) give you access to OpenAI models; avoid \"gateway\" — say \"is powered by\" instead. "
	text := []byte(normalizeString(strings.Repeat(unit, (1<<20)/len(unit)+1)[:1<<20], true))
	var g segmentation
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		g.segment(text, 0, len(text))
	}
}
