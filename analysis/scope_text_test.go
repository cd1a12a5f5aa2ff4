package analysis

import "testing"

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
