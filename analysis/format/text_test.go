package format

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

func TestScopeText(t *testing.T) {
	cases := []scopeCase{
		{
			name: "paragraphs",
			src:  "SRE enables access\nto OpenAI models.\n\n  Second   para  \n",
			want: []string{"SRE enables access«\n→\n»to OpenAI models.", "Second   para"},
		},
		{
			name: "CRLF, CR and indentation",
			src:  "😀 Über\r\n   wraps\r\n\r\nCR\rline\r\r\n",
			want: []string{"😀 Über«\r\n   →\n»wraps", "CR«\r→\n»line"},
		},
		{
			name:     "directives",
			src:      "Intro line.\n# guardrail-disable-next-line sre.x -- quoting\nSRE enables access.\n// guardrail-disable\nguardrail-enable\nguardrail-dev is a project.\n",
			want:     []string{"Intro line.", "SRE enables access.", "guardrail-dev is a project."},
			comments: []string{"# guardrail-disable-next-line sre.x -- quoting→guardrail-disable-next-line sre.x -- quoting", "// guardrail-disable→guardrail-disable", "guardrail-enable→guardrail-enable"},
		},
		{name: "empty", src: "", want: nil},
		{name: "blank", src: "\n \r\n", want: nil},
	}
	runScopeCases(t, cases, ScopeText)
}

// scopeTextRef is ScopeText built with chunkBuilder, one line at a time.
func scopeTextRef(src []byte) Scoped {
	var (
		sc       Scoped
		b        chunkBuilder
		prevEnd  = -1 // end of the previous line's text in the chunk
		lineFrom = 0
	)
	for lineFrom < len(src) || lineFrom == 0 {
		le := lineEnd(src, lineFrom)
		s, e := lineFrom, le
		for s < e && isASCIISpace(src[s]) {
			s++
		}
		for e > s && isASCIISpace(src[e-1]) {
			e--
		}
		switch {
		case s == e:
			b.take(&sc, src, rules.ScopeProse)
			prevEnd = -1
		case IsTextDirective(src[s:e]):
			b.take(&sc, src, rules.ScopeProse)
			prevEnd = -1
			sc.Comments = append(sc.Comments, Comment{Start: s, End: e, Text: TextDirective(src[s:e])})
		default:
			if prevEnd >= 0 {
				b.synth(prevEnd, s, "\n")
			}
			b.raw(s, e)
			prevEnd = e
		}
		if le >= len(src) {
			break
		}
		lineFrom = nextLine(src, le)
	}
	b.take(&sc, src, rules.ScopeProse)
	return sc
}

// ScopeText's direct build gives the same chunks and comments as building
// them with chunkBuilder.
func TestScopeTextAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	pieces := []string{"word", "Two words", " ", "  ", "\t", "\n", "\n\n", "\n \n", "\r\n", "\r", "\r\n\r\n",
		"# guardrail-disable-next-line x", "// guardrail-enable", "guardrail-disable", "#", "/", "g", "é", "\u00a0", "\f\v"}
	for iter := 0; iter < 5000; iter++ {
		var sb strings.Builder
		for n := rng.Intn(30); n > 0; n-- {
			sb.WriteString(pieces[rng.Intn(len(pieces))])
		}
		src := []byte(sb.String())
		got, want := ScopeText(src), scopeTextRef(src)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("ScopeText(%q):\ngot  %+v\nwant %+v", src, got, want)
		}
	}
}
