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

// The one-pass sentence bounds are the old per-match scan's, everywhere.
func TestSentenceBoundsMatchReference(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	pieces := []string{"sre", "e.g.", "inc.", "u.s.", "3.5", " ", " ", " ", ".", "!", "?", "\"", "'", ")", "(", "a.", "x", "\x01", "*", "_", ";", ":", " - ", ",", "no", "not"}
	for n := 0; n < 3000; n++ {
		var sb strings.Builder
		for k := rnd.Intn(30); k >= 0; k-- {
			sb.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		text := []byte(sb.String())
		var g segmentation
		g.segment(text, 0, len(text))
		for s := 0; s <= len(text); s++ {
			for e := s; e <= min(len(text), s+4); e++ {
				ws, we := sentenceAtRef(text, 0, len(text), s, e)
				gs, ge := g.sentence(s, e)
				if ws != gs || we != ge {
					t.Fatalf("sentence of [%d,%d) in %q = [%d,%d), reference [%d,%d)", s, e, text, gs, ge, ws, we)
				}
			}
		}
	}
}

// spanIndex answers as a scan of every span would.
func TestSpanIndexMatchesScan(t *testing.T) {
	rnd := rand.New(rand.NewSource(2))
	for n := 0; n < 500; n++ {
		var occ []span
		for k := rnd.Intn(12); k > 0; k-- {
			s := rnd.Intn(50)
			occ = append(occ, span{s, s + 1 + rnd.Intn(8)})
		}
		naive := append([]span(nil), occ...)
		x := newSpanIndex(occ)
		work := 0
		for lo := 0; lo < 60; lo += 3 {
			for hi := lo; hi < 62; hi += 5 {
				within, covers := false, false
				for _, o := range naive {
					within = within || o.s >= lo && o.e <= hi
					covers = covers || o.s <= lo && hi <= o.e
				}
				if got := x.within(lo, hi, &work); got != within {
					t.Fatalf("within(%d,%d) of %v = %v, want %v", lo, hi, naive, got, within)
				}
				if got := x.covers(lo, hi, &work); got != covers {
					t.Fatalf("covers(%d,%d) of %v = %v, want %v", lo, hi, naive, got, covers)
				}
			}
		}
	}
}

// clausesOf splits normalized text into its clauses, as context = "clause"
// sees them.
func clausesOf(text string) []string {
	norm := normalizeString(text, true)
	var g segmentation
	g.segment([]byte(norm), 0, len(norm))
	var out []string
	start := 0
	for _, b := range g.clauses {
		if c := strings.TrimSpace(norm[start:b.end]); c != "" {
			out = append(out, c)
		}
		start = b.after
	}
	if c := strings.TrimSpace(norm[start:]); c != "" {
		out = append(out, c)
	}
	return out
}

func TestClauseSplitter(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"SRE is fast; it calls models.", []string{"sre is fast", "it calls models."}},
		{"No setup needed: SRE gives access.", []string{"no setup needed", "sre gives access."}},
		{"Time 10:30 is fine.", []string{"time 10:30 is fine."}},
		{"SRE (the runtime) scales.", []string{"sre", "the runtime", "scales."}},
		{"OpenAI model(s) work.", []string{"openai model(s", "work."}},
		{"SRE is fast - it scales.", []string{"sre is fast", "it scales."}},
		{"SRE is fast — it scales.", []string{"sre is fast", "it scales."}},
		{"SRE is fast -- it scales.", []string{"sre is fast", "it scales."}},
		{"A pass-through API.", []string{"a pass-through api."}},
		{"SRE is not a proxy but a runtime.", []string{"sre is not a proxy", "but a runtime."}},
		{"SRE scales, however it costs.", []string{"sre scales,", "however it costs."}},
		{"But SRE scales.", []string{"but sre scales."}},
		{"SRE scales, so it costs.", []string{"sre scales", "so it costs."}},
		{"SRE scales so well.", []string{"sre scales so well."}},
		{"SRE is not yet live.", []string{"sre is not yet live."}},
		{"SRE scales, yet it costs.", []string{"sre scales", "yet it costs."}},
		{"SRE scales, which costs.", []string{"sre scales", "which costs."}},
		{"SRE is not slow, it scales.", []string{"sre is not slow", "it scales."}},
		{"SRE gives you access.", []string{"sre gives you access."}},
		{"SRE is fast, and it scales.", []string{"sre is fast", "and it scales."}},
		{"SRE is fast and it scales.", []string{"sre is fast and it scales."}},
		{"A gateway, a proxy, or a passthrough.", []string{"a gateway, a proxy, or a passthrough."}},
		{"If you pay, SRE scales.", []string{"if you pay", "sre scales."}},
		{"When it rains, it pours, and it floods.", []string{"when it rains", "it pours", "and it floods."}},
		{"SRE scales because it is big.", []string{"sre scales", "because it is big."}},
		{"SRE is idle when nobody calls it.", []string{"sre is idle", "when nobody calls it."}},
		{"Nova fades now that SRE ships.", []string{"nova fades", "now that sre ships."}},
		{"Now that SRE ships, Nova fades.", []string{"now that sre ships, nova fades."}},
		{"One. Two; three.", []string{"one.", "two", "three."}},
		{"Use e.g. SRE: it works.", []string{"use e.g. sre", "it works."}},
		{"First\n\nsecond", []string{"first", "second"}},
	}
	for _, tt := range tests {
		if got := clausesOf(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("clauses of %q = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func withContext(c rules.Context) func(*rules.Rule) {
	return func(r *rules.Rule) { r.Context = c }
}

// context = "sentence" | "clause" | N limits where when/unless terms count,
// across line breaks and inline markup.
func TestContextWindows(t *testing.T) {
	sentence := rules.Context{}
	clause := rules.Context{Mode: rules.ContextClause}
	words := func(n int) rules.Context { return rules.Context{Mode: rules.ContextWords, Words: n} }
	when := func(c rules.Context) *rules.Rule {
		return rule("r.when", []string{"gives access to OpenAI models"}, nil, withWhen("SRE"), withContext(c))
	}
	unless := func(c rules.Context) *rules.Rule {
		return rule("r.unless", []string{"hosts OpenAI models"}, nil, withUnless("Azure"), withContext(c))
	}
	tests := []struct {
		name string
		r    *rules.Rule
		path string
		src  string
		want int // findings
	}{
		{"sentence: term in the sentence", when(sentence), "a.md", "Azure is fine, but SRE gives access to OpenAI models.", 1},
		{"sentence: term in another sentence", when(sentence), "a.md", "SRE is new. It gives access to OpenAI models.", 0},
		{"clause: term in the clause", when(clause), "a.md", "Azure is fine, but SRE gives access to OpenAI models.", 1},
		{"clause: term in another clause", when(clause), "a.md", "SRE is new; the hub gives access to OpenAI models.", 0},
		{"clause: term after, same clause", when(clause), "a.md", "It gives access to OpenAI models through SRE.", 1},
		{"clause across a line break", when(clause), "a.md", "The new\nSRE gives access to\nOpenAI models.", 1},
		{"clause across markup", when(clause), "a.md", "The **SRE** service gives access to OpenAI models.", 1},
		{"words: within 3", when(words(3)), "a.md", "With SRE it gives access to OpenAI models.", 1},
		{"words: 4 away", when(words(3)), "a.md", "SRE, the new service, gives access to OpenAI models.", 0},
		{"words: 4 away, N=4", when(words(4)), "a.md", "SRE, the new service, gives access to OpenAI models.", 1},
		{"words: after the match", when(words(2)), "a.md", "It gives access to OpenAI models via SRE.", 1},
		{"words: not across a sentence end", when(words(5)), "a.md", "Try SRE. It gives access to OpenAI models.", 0},
		{"words across line breaks and markup", when(words(2)), "a.md", "The *SRE*\nservice gives access to OpenAI models.", 1},
		{"words: contraction is one word", when(words(2)), "a.md", "SRE doesn't gives access to OpenAI models.", 1},
		{"unless sentence", unless(sentence), "a.md", "Azure is big, and AWS hosts OpenAI models.", 0},
		{"unless clause: other clause", unless(clause), "a.md", "Azure is big, and AWS hosts OpenAI models.", 1},
		{"unless clause: same clause", unless(clause), "a.md", "AWS, unlike Azure, hosts OpenAI models.", 0},
		{"unless words", unless(words(1)), "a.md", "Azure hosts OpenAI models.", 0},
		{"unless words: too far", unless(words(1)), "a.md", "Azure says AWS hosts OpenAI models.", 1},
		{"go comment, clause", when(clause), "a.go", "package p\n\n// SRE is new; it gives access to OpenAI models.\nvar x = 1\n", 0},
		{"go comment, sentence", when(sentence), "a.go", "package p\n\n// SRE is new; it gives access to\n// OpenAI models.\nvar x = 1\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Compile([]*rules.Rule{tt.r})
			if err != nil {
				t.Fatal(err)
			}
			got := e.Check(Document{Path: tt.path, Text: []byte(tt.src)})
			if len(got) != tt.want {
				t.Errorf("%d findings %v, want %d", len(got), brief(t, tt.src, got), tt.want)
			}
		})
	}
}

// The work of when/unless checking grows linearly with a paragraph of
// repeated matches: no per-match scan of the sentence or of every term.
func TestWhenUnlessWorkIsLinear(t *testing.T) {
	rs := []*rules.Rule{
		rule("r.when", []string{"gives access to OpenAI models"}, nil, withWhen("SRE", "Bedrock")),
		rule("r.unless", []string{"hosts OpenAI models"}, []string{"integrates OpenAI models"}, withUnless("Azure")),
		rule("r.clause", []string{"calls GPT models"}, nil, withWhen("SRE"), withContext(rules.Context{Mode: rules.ContextClause})),
		rule("r.words", []string{"direct access"}, nil, withWhen("SRE"), withContext(rules.Context{Mode: rules.ContextWords, Words: 3})),
		rule("r.claim", []string{"passthrough"}, nil, withKind(rules.KindClaim)),
	}
	e, err := Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	const unit = "SRE gives access to OpenAI models and AWS hosts OpenAI models, not a passthrough, it calls GPT models with direct access via Bedrock "
	var works []int
	var found []int
	defer func() { workHook = nil }()
	for _, n := range []int{1000, 2000, 4000} {
		for _, path := range []string{"a.md", "a.txt"} {
			work := 0
			workHook = func(w int) { work += w }
			f := e.Check(Document{Path: path, Text: []byte(strings.Repeat(unit, n))})
			if path == "a.md" {
				works = append(works, work)
				found = append(found, len(f))
			}
		}
	}
	// Four findings a unit, less the last unit's r.words and r.clause:
	// their SRE is the next unit's (", it calls GPT models" starts a
	// clause that runs on into the next unit).
	if found[0] != 4*1000-2 || found[1] != 4*2000-2 || found[2] != 4*4000-2 {
		t.Fatalf("findings %v: want 4n-2 at n, 2n, 4n", found)
	}
	// Linear plus a logarithm per match: doubling the text may cost a
	// little more than twice (quadratic would be four times).
	for i := 1; i < len(works); i++ {
		if r := float64(works[i]) / float64(works[i-1]); r > 2.4 {
			t.Errorf("work %v: doubling the paragraph multiplied the work by %.2f", works, r)
		}
	}
	t.Log(fmt.Sprint("work at n, 2n, 4n: ", works))
}

// rawChunk.normRange (binary search) maps source ranges as the scan of the
// chunk's runs does.
func TestNormRangeMatchesScan(t *testing.T) {
	docs := []struct{ path, src string }{
		{"a.md", "Costs **$5** per [hour](x) &amp; more\n  text  here\n\n- item `code` and *more* text &copy; end\n"},
		{"a.md", "# Title &mdash; “quoted” text\n\n| a | b&nbsp;c |\n|---|---|\n| x *y* | z |\n"},
		{"a.html", "<p>Some <b>bold</b> &amp; text\n  wrapped</p><p>x&#233;y</p>"},
		{"a.go", "package p\n\n// Comment  with\n//   spaces and\ttabs.\nvar x = \"str\"\n"},
		{"a.txt", "Plain  text\r\nwith CRLF\r\n\r\nand more\u00a0text\n"},
	}
	for _, d := range docs {
		src := []byte(d.src)
		sc := format.ScopeDocument(format.KindOf(d.path), d.path, src)
		var b textBuilder
		b.reset(true)
		for _, ch := range sc.Chunks {
			if len(ch.Segs) == 0 {
				continue
			}
			start := len(b.norm)
			for _, sg := range ch.Segs {
				if sg.Synthetic {
					b.addSynthetic(sg.Text, sg.Start, sg.End)
				} else {
					b.addVerbatim(src, sg.Start, sg.End)
				}
			}
			end := len(b.norm)
			b.endChunk(ch.Segs[len(ch.Segs)-1].End)
			if end <= start {
				continue
			}
			cs := chunkSpan{start: start, end: end}
			rc := newRawChunk(src, ch)
			lo, hi := ch.Segs[0].Start, ch.Segs[len(ch.Segs)-1].End
			for s := lo; s < hi; s++ {
				for e := s + 1; e <= hi; e++ {
					ws, we := normRange(&b, cs, s, e)
					gs, ge := rc.normRange(&b, cs, s, e)
					if ws != gs || we != ge {
						t.Fatalf("%s: normRange(%d,%d) = %d,%d, scan %d,%d", d.path, s, e, gs, ge, ws, we)
					}
				}
			}
		}
	}
}
