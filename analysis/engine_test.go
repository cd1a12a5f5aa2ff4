package analysis

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// rule builds a test rule with the loader's defaults.
func rule(id string, restricted, approved []string, opts ...func(*rules.Rule)) *rules.Rule {
	r := &rules.Rule{
		ID:         id,
		Message:    "Avoid '{match}'.",
		Severity:   rules.SeverityWarning,
		Restricted: restricted,
		Approved:   approved,
		Scopes:     rules.DefaultScopes,
	}
	for _, o := range opts {
		o(r)
	}
	return r
}

func withInflect(r *rules.Rule)       { r.Inflect = true }
func withCaseSensitive(r *rules.Rule) { r.CaseSensitive = true }
func withWhen(t ...string) func(*rules.Rule) {
	return func(r *rules.Rule) { r.When = t }
}
func withUnless(t ...string) func(*rules.Rule) {
	return func(r *rules.Rule) { r.Unless = t }
}
func withPatterns(p ...string) func(*rules.Rule) {
	return func(r *rules.Rule) { r.Patterns = p }
}
func withScopes(s rules.Scope) func(*rules.Rule) {
	return func(r *rules.Rule) { r.Scopes = s }
}
func withFiles(g ...string) func(*rules.Rule) {
	return func(r *rules.Rule) { r.Files = g }
}

// brief renders findings as "rule@match=>repl1|repl2" with the match taken
// from the source by offsets (checking they agree with Match).
func brief(t *testing.T, src string, fs []Finding) []string {
	t.Helper()
	var out []string
	for _, f := range fs {
		if f.Start < 0 || f.End > len(src) || f.Start >= f.End {
			t.Fatalf("bad range %d..%d in %d bytes", f.Start, f.End, len(src))
		}
		if src[f.Start:f.End] != f.Match {
			t.Fatalf("Match %q != source %q", f.Match, src[f.Start:f.End])
		}
		s := f.Rule + "@" + f.Match
		if len(f.Replacements) > 0 {
			s += "=>" + strings.Join(f.Replacements, "|")
		}
		out = append(out, s)
	}
	return out
}

var access = rule("sre.access", []string{"enables access to OpenAI models", "call OpenAI models"},
	[]string{"is powered by OpenAI models", "integrates with OpenAI models"})

func TestMatchPlainText(t *testing.T) {
	tests := []struct {
		name  string
		rules []*rules.Rule
		src   string
		want  []string
	}{
		{"simple", []*rules.Rule{access}, "SRE enables access to OpenAI models.",
			[]string{"sre.access@enables access to OpenAI models=>is powered by OpenAI models|integrates with OpenAI models"}},
		{"case-insensitive", []*rules.Rule{access}, "SRE ENABLES ACCESS TO OPENAI MODELS.",
			[]string{"sre.access@ENABLES ACCESS TO OPENAI MODELS=>IS POWERED BY OPENAI MODELS|INTEGRATES WITH OPENAI MODELS"}},
		{"capitalised", []*rules.Rule{access}, "Enables access to OpenAI models, it does.",
			[]string{"sre.access@Enables access to OpenAI models=>Is powered by OpenAI models|Integrates with OpenAI models"}},
		{"wrapped across a line", []*rules.Rule{access}, "SRE enables access\nto OpenAI models.",
			[]string{"sre.access@enables access\nto OpenAI models=>is powered by OpenAI models|integrates with OpenAI models"}},
		{"spaces and tabs", []*rules.Rule{access}, "SRE enables  access \t to OpenAI models.",
			[]string{"sre.access@enables  access \t to OpenAI models=>is powered by OpenAI models|integrates with OpenAI models"}},
		{"CRLF wrap", []*rules.Rule{access}, "SRE enables access\r\nto OpenAI models.",
			[]string{"sre.access@enables access\r\nto OpenAI models=>is powered by OpenAI models|integrates with OpenAI models"}},
		{"no-break space", []*rules.Rule{access}, "SRE enables access\u00a0to OpenAI models.",
			[]string{"sre.access@enables access\u00a0to OpenAI models=>is powered by OpenAI models|integrates with OpenAI models"}},
		{"not inside a word", []*rules.Rule{rule("w.use", []string{"utilize"}, []string{"use"})}, "reutilized utilizes utilize_x xutilize utilize.",
			[]string{"w.use@utilize=>use"}},
		{"typographic apostrophe", []*rules.Rule{rule("w.dont", []string{"don't"}, nil)}, "We don’t and we don't.",
			[]string{"w.dont@don’t", "w.dont@don't"}},
		{"dashes fold", []*rules.Rule{rule("w.pt", []string{"pass-through"}, []string{"integration"})}, "A pass—through and a pass–through.",
			[]string{"w.pt@pass—through=>integration", "w.pt@pass–through=>integration"}},
		{"inflect", []*rules.Rule{rule("w.call", []string{"call OpenAI models"}, []string{"use OpenAI models"}, withInflect)},
			"It calls OpenAI models. We call OpenAI models. Calling OpenAI models. Recalled OpenAI models.",
			[]string{"w.call@calls OpenAI models", "w.call@call OpenAI models=>use OpenAI models", "w.call@Calling OpenAI models"}},
		{"no inflect without flag", []*rules.Rule{rule("w.call", []string{"call OpenAI models"}, nil)}, "It calls OpenAI models.", nil},
		{"approved phrase is never flagged", []*rules.Rule{rule("w.en", []string{"enabled"}, []string{"is enabled by OpenAI models"})},
			"SRE is enabled by OpenAI models. The flag is enabled.",
			[]string{"w.en@enabled=>is enabled by OpenAI models"}},
		{"approved of another rule does not protect", []*rules.Rule{
			rule("a.one", []string{"enabled"}, nil),
			rule("b.two", []string{"zzz"}, []string{"is enabled by OpenAI models"}),
		}, "SRE is enabled by OpenAI models.", []string{"a.one@enabled"}},
		{"longest match of a rule wins", []*rules.Rule{rule("w.a", []string{"access to OpenAI models", "enables access to OpenAI models"}, []string{"is powered by OpenAI models"})},
			"SRE enables access to OpenAI models.", []string{"w.a@enables access to OpenAI models=>is powered by OpenAI models"}},
		{"overlapping rules both report", []*rules.Rule{
			rule("a.long", []string{"enables access to OpenAI models"}, nil),
			rule("b.short", []string{"access to"}, nil),
		}, "SRE enables access to OpenAI models.", []string{"a.long@enables access to OpenAI models", "b.short@access to"}},
		{"case sensitive", []*rules.Rule{rule("c.s", []string{"Apple"}, []string{"Apple Inc."}, withCaseSensitive)},
			"apple and Apple and APPLE", []string{"c.s@Apple=>Apple Inc."}},
		{"case sensitive: approved differs only in case", []*rules.Rule{rule("c.acme", []string{"Acme cloud"}, []string{"Acme Cloud"}, withCaseSensitive)},
			"Acme cloud and Acme Cloud.", []string{"c.acme@Acme cloud=>Acme Cloud"}},
		{"case sensitive fix inserted as written", []*rules.Rule{rule("c.s", []string{"GPT passthrough"}, []string{"integration with GPT"}, withCaseSensitive)},
			"GPT passthrough", []string{"c.s@GPT passthrough=>integration with GPT"}},
		{"when in same sentence", []*rules.Rule{rule("w.price", []string{"per hour"}, nil, withWhen("SRE"))},
			"SRE costs $5 per hour. Compute costs $1 per hour. The U.S. price for SRE is $2 per hour.",
			[]string{"w.price@per hour", "w.price@per hour"}},
		{"when is whole word", []*rules.Rule{rule("w.price", []string{"per hour"}, nil, withWhen("SRE"))},
			"SRES costs $5 per hour.", nil},
		{"unless in same sentence", []*rules.Rule{rule("w.host", []string{"hosts OpenAI models"}, nil, withUnless("Azure"))},
			"Azure hosts OpenAI models. Our cloud hosts OpenAI models.",
			[]string{"w.host@hosts OpenAI models"}},
		{"when after abbreviation", []*rules.Rule{rule("w.price", []string{"per hour"}, nil, withWhen("SRE"))},
			"Tools, e.g. SRE, cost $5 per hour.", []string{"w.price@per hour"}},
		{"pattern", []*rules.Rule{rule("p.price", nil, nil, withPatterns(`\$\d+(\.\d+)? per hour`))},
			"SRE costs $5 per hour and $2.50 PER HOUR.", []string{"p.price@$5 per hour", "p.price@$2.50 PER HOUR"}},
		{"pattern case sensitive", []*rules.Rule{rule("p.cs", nil, nil, withPatterns(`GPT-\d`), withCaseSensitive)},
			"GPT-4 and gpt-4", []string{"p.cs@GPT-4"}},
		{"pattern with when", []*rules.Rule{rule("p.region", nil, nil, withPatterns(`us-(east|west)-\d`), withWhen("SRE"))},
			"SRE runs in us-east-1. EC2 runs in us-west-2.", []string{"p.region@us-east-1"}},
		{"pattern with fix", []*rules.Rule{rule("p.fix", nil, []string{"stay tuned"}, withPatterns(`available in \d+ regions`))},
			"Available in 12 regions.", []string{"p.fix@Available in 12 regions=>Stay tuned"}},
		{"pattern without literal runs everywhere", []*rules.Rule{rule("p.any", nil, nil, withPatterns(`\d{4}-\d{2}`))},
			"Released 2026-11 today.", []string{"p.any@2026-11"}},
		{"unicode text before", []*rules.Rule{access}, "😀 漢字 — SRE enables access to OpenAI models.",
			[]string{"sre.access@enables access to OpenAI models=>is powered by OpenAI models|integrates with OpenAI models"}},
		{"phrase at start and end", []*rules.Rule{rule("w.x", []string{"utilize"}, []string{"use"})}, "Utilize it, then utilize",
			[]string{"w.x@Utilize=>Use", "w.x@utilize=>use"}},
		{"non-ASCII phrase", []*rules.Rule{rule("w.cafe", []string{"café latte"}, []string{"coffee"})}, "A CAFÉ LATTE please.",
			[]string{"w.cafe@CAFÉ LATTE=>COFFEE"}},
		{"paragraph break stops a phrase", []*rules.Rule{access}, "SRE enables access\n\nto OpenAI models.", nil},
		{"files glob excludes", []*rules.Rule{rule("w.f", []string{"utilize"}, nil, withFiles("docs/**"))}, "utilize", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Compile(tt.rules)
			if err != nil {
				t.Fatal(err)
			}
			fs := e.Check(Document{Path: "doc.txt", RelPath: "src/doc.txt", Text: []byte(tt.src), Kind: format.KindText})
			got := brief(t, tt.src, fs)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestMessagePlaceholders(t *testing.T) {
	r := rule("m.x", []string{"enables access to OpenAI models"}, []string{"is powered by OpenAI models"})
	r.Message = "Say SRE {approved}, not that it {match}."
	e, _ := Compile([]*rules.Rule{r})
	fs := e.Check(Document{Path: "a.txt", Text: []byte("SRE Enables access to OpenAI models."), Kind: format.KindText})
	if len(fs) != 1 {
		t.Fatalf("findings = %v", fs)
	}
	if want := "Say SRE is powered by OpenAI models, not that it Enables access to OpenAI models."; fs[0].Message != want {
		t.Errorf("message = %q, want %q", fs[0].Message, want)
	}
	if fs[0].Severity != rules.SeverityWarning {
		t.Errorf("severity = %v", fs[0].Severity)
	}
}

// Determinism: the same input gives the same findings every time (no map
// iteration order leaks into output).
func TestCheckDeterministic(t *testing.T) {
	var rs []*rules.Rule
	for i := 0; i < 50; i++ {
		rs = append(rs, rule(fmt.Sprintf("r.%02d", i), nil, nil, withPatterns(fmt.Sprintf(`w%d\b`, i%7))))
		rs = append(rs, rule(fmt.Sprintf("q.%02d", i), []string{fmt.Sprintf("w%d", i%5)}, nil))
	}
	e, _ := Compile(rs)
	src := []byte(strings.Repeat("w1 w2 w3 w4 w5 w6. ", 20))
	first := e.Check(Document{Path: "a.txt", Text: src, Kind: format.KindText})
	for i := 0; i < 10; i++ {
		if got := e.Check(Document{Path: "a.txt", Text: src, Kind: format.KindText}); !reflect.DeepEqual(got, first) {
			t.Fatal("findings differ between runs")
		}
	}
}

// Check's plain-text path (normalizing straight from the lines) finds
// exactly what CheckScoped finds on ScopeText's chunks.
func TestCheckTextPathAgainstScoped(t *testing.T) {
	rng := rand.New(rand.NewSource(19))
	words := []string{"call", "calls", "OpenAI", "openai", "models", "SRE", "Azure", "enables", "access", "to", "don’t", "don't", "x_y", "É", "école", "pass-through", "pass", "through"}
	pieces := []string{" ", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\n \n", ". ", "! ", ", ", "\u00a0", "\u2014", "*",
		"\n# guardrail-disable-next-line\n", "\nguardrail-disable-line r.1\n", "\n// guardrail-disable\n", "\nguardrail-enable\n"}
	phrase := func(n int) string {
		var sb strings.Builder
		for i := 0; i < n; i++ {
			if i > 0 {
				sb.WriteString(" ")
			}
			sb.WriteString(words[rng.Intn(len(words))])
		}
		return sb.String()
	}
	total, fixes := 0, 0
	for iter := 0; iter < 2000; iter++ {
		var rs []*rules.Rule
		for i := 0; i < 1+rng.Intn(4); i++ {
			r := &rules.Rule{ID: fmt.Sprintf("r.%d", i), Message: "{match} → {approved}", Severity: rules.SeverityWarning, Scopes: rules.DefaultScopes,
				Restricted: []string{phrase(1 + rng.Intn(3)), phrase(1 + rng.Intn(2))}, Approved: []string{phrase(2)},
				CaseSensitive: rng.Intn(4) == 0, Inflect: rng.Intn(3) == 0}
			if rng.Intn(4) == 0 {
				r.When = []string{words[rng.Intn(len(words))]}
			}
			if rng.Intn(4) == 0 {
				r.Unless = []string{words[rng.Intn(len(words))]}
			}
			if rng.Intn(3) == 0 {
				r.Patterns = []string{[]string{`\bcall(s|ed)? \w+`, `acc?ess`, `\w+\s+models`}[rng.Intn(3)]}
			}
			rs = append(rs, r)
		}
		e, err := Compile(rs)
		if err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		for n := rng.Intn(40); n > 0; n-- {
			sb.WriteString(words[rng.Intn(len(words))])
			sb.WriteString(pieces[rng.Intn(len(pieces))])
		}
		src := []byte(sb.String())
		doc := Document{Path: "a.txt", Text: src}
		got, want := e.Check(doc), e.CheckScoped(doc, format.ScopeText(src))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\ngot  %+v\nwant %+v", src, got, want)
		}
		total += len(got)
		for _, f := range got {
			if len(f.Replacements) > 0 {
				fixes++
			}
		}
	}
	if total < 200 || fixes < 50 {
		t.Errorf("only %d findings (%d with fixes): the test checks too little", total, fixes)
	}
	t.Logf("%d findings, %d with fixes", total, fixes)
}
