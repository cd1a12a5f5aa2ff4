package analysis

import (
	"reflect"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

// templatePack loads rules written in TOML (a [sets] table and [[rule]]s)
// and compiles them.
func templatePack(t testing.TB, src string) *Engine {
	t.Helper()
	p, errs := rules.ParsePack("t.toml", []byte(src))
	if rules.HasErrors(errs) {
		t.Fatalf("pack errors: %v", errs)
	}
	e, err := Compile(p.Rules)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// tbrief renders findings as brief does, with the template and slots:
// "rule@match=>repl [TEMPLATE name=text ...]".
func tbrief(t *testing.T, src string, fs []Finding) []string {
	t.Helper()
	out := brief(t, src, fs)
	for i, f := range fs {
		if f.Template == "" {
			continue
		}
		var sl []string
		for _, s := range f.Slots {
			sl = append(sl, s.Name+"="+s.Text)
		}
		out[i] += " [" + f.Template
		if len(sl) > 0 {
			out[i] += " " + strings.Join(sl, " ")
		}
		out[i] += "]"
	}
	return out
}

const sreSets = `
[sets]
give = ["give", "gives", "provide", "provides", "offer"]
audience = ["you", "customers", "your teams"]
openai-models = ["OpenAI models", "OpenAI's [latest|newest|frontier] models", "GPT(-4o|-5) [models]", "ChatGPT"]
`

func TestTemplateMatching(t *testing.T) {
	tests := []struct {
		name string
		pack string // rules after sreSets
		src  string
		want []string
	}{
		{"slots, optional audience, approved slot filled", `
[[rule]]
id = "sre.access"
restricted = ["{give} [{audience}] access to {openai-models}"]
approved = ["is powered by {openai-models}"]
`, "SRE gives you access to GPT-4o today.",
			[]string{`sre.access@gives you access to GPT-4o=>is powered by GPT-4o [{give} [{audience}] access to {openai-models} give=gives audience=you openai-models=GPT-4o]`}},
		{"optional left out; longest expansion wins", `
[[rule]]
id = "sre.access"
restricted = ["{give} [{audience}] access to {openai-models}"]
approved = ["is powered by {openai-models}"]
`, "It provides access to OpenAI's latest models.",
			[]string{`sre.access@provides access to OpenAI's latest models=>is powered by OpenAI's latest models [{give} [{audience}] access to {openai-models} give=provides openai-models=OpenAI's latest models]`}},
		{"multi-word audience", `
[[rule]]
id = "sre.access"
restricted = ["{give} [{audience}] access to {openai-models}"]
`, "We offer your teams access to ChatGPT.",
			[]string{`sre.access@offer your teams access to ChatGPT [{give} [{audience}] access to {openai-models} give=offer audience=your teams openai-models=ChatGPT]`}},
		{"approved slot with no match slot uses the set's first phrase", `
[[rule]]
id = "sre.access"
restricted = ["unlocks (GPT|ChatGPT)"]
approved = ["is powered by {openai-models}"]
`, "SRE unlocks ChatGPT.",
			[]string{`sre.access@unlocks ChatGPT=>is powered by OpenAI models [unlocks (GPT|ChatGPT)]`}},
		{"message {approved} is filled", `
[[rule]]
id = "sre.access"
message = "Say '{approved}'."
restricted = ["access to {openai-models}"]
approved = ["powered by {openai-models}"]
`, "access to ChatGPT",
			[]string{`sre.access@access to ChatGPT=>powered by ChatGPT [access to {openai-models} openai-models=ChatGPT]`}},
		{"alternatives", `
[[rule]]
id = "p.pass"
restricted = ["(passthrough|pass-through|gateway) to OpenAI"]
`, "A pass-through to OpenAI and a gateway to OpenAI.",
			[]string{`p.pass@pass-through to OpenAI [(passthrough|pass-through|gateway) to OpenAI]`, `p.pass@gateway to OpenAI [(passthrough|pass-through|gateway) to OpenAI]`}},
		{"capital first letter carried to the fix", `
[[rule]]
id = "sre.access"
restricted = ["{give} access to {openai-models}"]
approved = ["is powered by {openai-models}"]
`, "Gives access to ChatGPT.",
			[]string{`sre.access@Gives access to ChatGPT=>Is powered by ChatGPT [{give} access to {openai-models} give=Gives openai-models=ChatGPT]`}},
		{"gap", `
[[rule]]
id = "sre.use"
restricted = ["use {...3} {openai-models}"]
`, "You can use the very latest OpenAI models here.",
			[]string{`sre.use@use the very latest OpenAI models [use {...3} {openai-models} openai-models=OpenAI models]`}},
		{"gap of zero words", `
[[rule]]
id = "sre.use"
restricted = ["use {...3} {openai-models}"]
`, "Use ChatGPT.",
			[]string{`sre.use@Use ChatGPT [use {...3} {openai-models} openai-models=ChatGPT]`}},
		{"gap too wide", `
[[rule]]
id = "sre.use"
restricted = ["use {...3} {openai-models}"]
`, "Use it with one two three four ChatGPT.", nil},
		{"gap counts words, not punctuation", `
[[rule]]
id = "sre.use"
restricted = ["use {...3} {openai-models}"]
`, "Use — as in, “directly” — ChatGPT.",
			[]string{`sre.use@Use — as in, “directly” — ChatGPT [use {...3} {openai-models} openai-models=ChatGPT]`}},
		{"gap never crosses a sentence end", `
[[rule]]
id = "sre.use"
restricted = ["use {...5} {openai-models}"]
`, "We use it. ChatGPT is separate.", nil},
		{"gap crosses an abbreviation", `
[[rule]]
id = "sre.use"
restricted = ["use {...5} {openai-models}"]
`, "We use e.g. ChatGPT.",
			[]string{`sre.use@use e.g. ChatGPT [use {...5} {openai-models} openai-models=ChatGPT]`}},
		{"gap crosses a line break in a paragraph", `
[[rule]]
id = "sre.use"
restricted = ["use {...5} {openai-models}"]
`, "We use the\nnewest ChatGPT.",
			[]string{"sre.use@use the\nnewest ChatGPT [use {...5} {openai-models} openai-models=ChatGPT]"}},
		{"gap never crosses a paragraph break", `
[[rule]]
id = "sre.use"
restricted = ["use {...5} {openai-models}"]
`, "We use the\n\nnewest ChatGPT.", nil},
		{"two gaps", `
[[rule]]
id = "x.chain"
restricted = ["route {...2} requests {...2} to OpenAI"]
`, "We route all API requests straight to OpenAI, and route requests to OpenAI.",
			[]string{`x.chain@route all API requests straight to OpenAI [route {...2} requests {...2} to OpenAI]`, `x.chain@route requests to OpenAI [route {...2} requests {...2} to OpenAI]`}},
		{"gap: the nearest start is not always the one that fits", `
[[rule]]
id = "x.g"
restricted = ["a b {...1} c"]
`, "a b x y a b z c",
			[]string{`x.g@a b z c [a b {...1} c]`}},
		{"gap: each end from its earliest start; contained matches dropped", `
[[rule]]
id = "x.rep"
restricted = ["go {...2} go"]
`, "go go go go go",
			[]string{`x.rep@go go go go [go {...2} go]`, `x.rep@go go go go [go {...2} go]`}},
		{"inflect applies to the first word of each expansion", `
[[rule]]
id = "x.inf"
inflect = true
restricted = ["(grant|give) access to {openai-models}"]
approved = ["use {openai-models}"]
`, "It granted access to ChatGPT and gives access to GPT-5.",
			[]string{`x.inf@granted access to ChatGPT [(grant|give) access to {openai-models} openai-models=ChatGPT]`, `x.inf@gives access to GPT-5 [(grant|give) access to {openai-models} openai-models=GPT-5]`}},
		{"inflect with a gap", `
[[rule]]
id = "x.inf"
inflect = true
restricted = ["call {...2} {openai-models}"]
`, "It calls the ChatGPT API.",
			[]string{`x.inf@calls the ChatGPT [call {...2} {openai-models} openai-models=ChatGPT]`}},
		{"approved templates protect every expansion", `
[[rule]]
id = "x.prot"
restricted = ["OpenAI models"]
approved = ["powered by {openai-models}"]
`, "SRE is powered by OpenAI models. It sells OpenAI models.",
			[]string{`x.prot@OpenAI models=>powered by OpenAI models`}},
		{"when template", `
[[rule]]
id = "x.when"
restricted = ["passthrough"]
when = ["{openai-models}"]
`, "A passthrough for GPT-5. A passthrough for files.",
			[]string{`x.when@passthrough`}},
		{"when with a gap", `
[[rule]]
id = "x.when"
restricted = ["passthrough"]
when = ["route {...2} to OpenAI"]
`, "A passthrough: we route calls to OpenAI. A passthrough alone.",
			[]string{`x.when@passthrough`}},
		{"unless template", `
[[rule]]
id = "x.unless"
restricted = ["passthrough"]
unless = ["(network|TCP) passthrough"]
`, "A TCP passthrough. A passthrough to ChatGPT.",
			[]string{`x.unless@passthrough`}},
		{"case-sensitive template", `
[[rule]]
id = "x.case"
case_sensitive = true
restricted = ["(Nova|Quick) is (replaced|redundant)"]
`, "Nova is replaced. nova is replaced. Quick is redundant.",
			[]string{`x.case@Nova is replaced [(Nova|Quick) is (replaced|redundant)]`, `x.case@Quick is redundant [(Nova|Quick) is (replaced|redundant)]`}},
		{"case-sensitive approved template", `
[[rule]]
id = "x.case"
case_sensitive = true
restricted = ["Relay"]
approved = ["Relay {svc}"]
[sets]
svc = ["Service"]
`, "Relay Service ok. Relay service flagged.",
			[]string{`x.case@Relay=>Relay Service`}},
		{"escaped characters are literal", `
[[rule]]
id = "x.esc"
restricted = ["f\\(x\\) \\[beta\\]"]
`, "Call f(x) [beta] now.",
			[]string{`x.esc@f(x) [beta] [f\(x\) \[beta\]]`}},
		{"plain phrases carry no template", `
[[rule]]
id = "x.plain"
restricted = ["gateway"]
`, "a gateway", []string{`x.plain@gateway`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pack := tc.pack
			sets := sreSets
			if i := strings.Index(pack, "[sets]"); i >= 0 {
				sets, pack = pack[i:], pack[:i]
			}
			e := templatePack(t, sets+pack)
			got := tbrief(t, tc.src, e.Check(Document{Path: "a.txt", Text: []byte(tc.src)}))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestTemplateGapsLinear checks that joining parts does work in proportion
// to the matches: a paragraph of one word that starts and ends every part.
func TestTemplateGapsLinear(t *testing.T) {
	e := templatePack(t, "[[rule]]\nid = \"x.rep\"\nrestricted = [\"go {...8} go {...8} go\"]\n")
	text := []byte(strings.Repeat("go ", 20000))
	fs := e.Check(Document{Path: "a.txt", Text: text})
	// Each "go" ends a match that starts at most 18 words back (two gaps
	// of 8 and the two words between them); matches within the first 19
	// words are inside the first one.
	if len(fs) != 20000-18 {
		t.Fatalf("%d findings", len(fs))
	}
	for i, f := range fs {
		if f.Start != 3*i || f.End != 3*(i+18)+2 {
			t.Fatalf("finding %d at %d..%d", i, f.Start, f.End)
		}
	}
}

func TestTemplateFindingPublicAPI(t *testing.T) {
	// Through the loader and the public Check: a Markdown document, the
	// match across emphasis (no fix), a heading, and a list item.
	e := templatePack(t, sreSets+`
[[rule]]
id = "sre.access"
message = "Avoid '{match}'; say '{approved}'."
restricted = ["{give} [{audience}] access to {openai-models}"]
approved = ["is powered by {openai-models}"]
`)
	src := "# Title\n\nSRE gives **you** access to GPT-5.\n\n- Provides customers access to OpenAI models\n"
	fs := e.Check(Document{Path: "a.md", Text: []byte(src)})
	got := tbrief(t, src, fs)
	want := []string{
		`sre.access@gives **you** access to GPT-5 [{give} [{audience}] access to {openai-models} give=gives audience=you openai-models=GPT-5]`,
		`sre.access@Provides customers access to OpenAI models=>Is powered by OpenAI models [{give} [{audience}] access to {openai-models} give=Provides audience=customers openai-models=OpenAI models]`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	if fs[0].Message != "Avoid 'gives **you** access to GPT-5'; say 'is powered by GPT-5'." {
		t.Errorf("message %q", fs[0].Message)
	}
	fixed := ApplyFixes([]byte(src), fs)
	if !strings.Contains(string(fixed), "- Is powered by OpenAI models\n") {
		t.Errorf("fixed: %q", fixed)
	}
}

func TestTemplateExamples(t *testing.T) {
	p, errs := rules.ParsePack("t.toml", []byte(sreSets+`
[[rule]]
id = "sre.access"
restricted = ["{give} [{audience}] access to {openai-models}"]
approved = ["is powered by {openai-models}"]
[[rule.example]]
bad = "SRE gives you access to GPT-4o."
good = "SRE is powered by GPT-4o."
[[rule.example]]
bad = "SRE provides access to OpenAI's newest models."
good = "SRE is powered by OpenAI's newest models."
`))
	if rules.HasErrors(errs) {
		t.Fatal(errs)
	}
	if fails := TestExamples(p.Rules[0]); len(fails) != 0 {
		t.Fatalf("examples: %v", fails)
	}
}

func TestTemplateSlotsResolve(t *testing.T) {
	// A slot whose set entries are themselves templates, nested sets.
	e := templatePack(t, `
[sets]
ver = ["4o", "5", "4.1"]
fam = ["GPT-{ver}", "o(1|3)"]
[[rule]]
id = "x.n"
restricted = ["{fam} [models]"]
approved = ["model {ver}"]
`)
	src := "See GPT-4.1 models and o3 and GPT-5"
	got := tbrief(t, src, e.Check(Document{Path: "a.txt", Text: []byte(src)}))
	want := []string{
		`x.n@GPT-4.1 models=>model 4.1 [{fam} [models] fam=GPT-4.1 ver=4.1]`,
		`x.n@o3=>model 4o [{fam} [models] fam=o3]`,
		`x.n@GPT-5=>model 5 [{fam} [models] fam=GPT-5 ver=5]`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

func TestTemplateUnresolvedSlotsGiveNoFix(t *testing.T) {
	e := templatePack(t, sreSets+`
[[rule]]
id = "sre.access"
restricted = ["{give} access to {openai-models}"]
approved = ["is powered by {openai-models}"]
`)
	src := "It gives access to GPT-5 models."
	e.maxResolveSteps = 2 // the search for slots gives up
	got := tbrief(t, src, e.Check(Document{Path: "a.txt", Text: []byte(src)}))
	want := []string{`sre.access@gives access to GPT-5 models [{give} access to {openai-models}]`}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

func TestTemplateApprovedSlotsForPatterns(t *testing.T) {
	// A regex match has no slots: the approved phrase takes the set's
	// first phrase, never the literal {name}.
	e := templatePack(t, sreSets+`
[[rule]]
id = "x.re"
patterns = ['\bwraps GPT\b']
approved = ["is powered by {openai-models}"]
`)
	src := "It wraps GPT today."
	got := tbrief(t, src, e.Check(Document{Path: "a.txt", Text: []byte(src)}))
	want := []string{`x.re@wraps GPT=>is powered by OpenAI models`}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

func TestTemplateWhenTermsCaseSensitive(t *testing.T) {
	// A case-sensitive rule's templated when/unless terms are compared,
	// with their case, against every expansion of the template.
	e := templatePack(t, `
[sets]
prod = ["SRE", "Stateful Runtime"]
rival = ["Azure"]
[[rule]]
id = "x.cs"
case_sensitive = true
restricted = ["calls GPT"]
when = ["{prod} [Environment]"]
unless = ["{rival}"]
`)
	for src, want := range map[string]int{
		"SRE calls GPT.": 1,
		"Stateful Runtime Environment calls GPT.": 1,
		"sre calls GPT.":                               0, // when term in the wrong case
		"SRE calls GPT, like Azure.":                   0,
		"SRE calls GPT, like azure.":                   1, // unless term in the wrong case
		"The Stateful Runtime calls GPT models today.": 1,
	} {
		if got := len(e.Check(Document{Path: "a.txt", Text: []byte(src)})); got != want {
			t.Errorf("%q: %d findings, want %d", src, got, want)
		}
	}
}
