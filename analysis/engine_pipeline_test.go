package analysis

import (
	"fmt"
	"math/rand"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// partsRules are partsPack's rules.
func partsRules(t testing.TB) []*rules.Rule {
	p, errs := rules.ParsePack("parts.toml", []byte(partsPack))
	if rules.HasErrors(errs) {
		t.Fatalf("pack errors: %v", errs)
	}
	return p.Rules
}

// waitScoped waits until every part of p's run is scoped and waits for
// the engine (pending), or fails the test after ten seconds.
func waitScoped(t *testing.T, p *Prescoped) {
	t.Helper()
	p.wait()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(time.Millisecond) {
		p.run.mu.Lock()
		n := len(p.run.pending)
		p.run.mu.Unlock()
		if n == len(p.run.parts) {
			return
		}
	}
	t.Fatal("the parts were not all scoped in ten seconds")
}

// assertRunDone: every part of a checked run was scoped and checked once,
// its scoping dropped, nothing left pending, and no helper left running.
func assertRunDone(t *testing.T, name string, p *Prescoped) {
	t.Helper()
	r := p.run
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.pending) != 0 || int(r.next.Load()) < len(r.parts) {
		t.Fatalf("%s: %d parts pending, %d of %d taken", name, len(r.pending), r.next.Load(), len(r.parts))
	}
	for i, sc := range r.scs {
		if sc != nil {
			t.Fatalf("%s: part %d scoped but never checked", name, i)
		}
	}
	if n := helpers.Load(); n != 0 {
		t.Fatalf("%s: %d helpers still counted", name, n)
	}
}

// TestPipelineSameAsWhole: a document scoped part by part before its
// engine comes has whole checking's findings whether the engine comes
// before any part is scoped, after every part is (all of them waiting),
// or is given twice (the second time, another engine: its own findings).
func TestPipelineSameAsWhole(t *testing.T) {
	e := partsEngine(t)
	other, err := CompileWith(partsRules(t)[1:3], Options{UnusedSuppression: rules.SeverityWarning})
	if err != nil {
		t.Fatal(err)
	}
	withPartSizes(t, 2<<10, 256)
	rng := rand.New(rand.NewSource(25))
	split := 0
	for i := 0; i < 40; i++ {
		src := []byte(partsDoc(rng, 4<<10+rng.Intn(12<<10), i%4 == 3, i%5 == 1))
		for _, path := range []string{"a.md", "a.txt"} {
			doc := Document{Path: path, Text: src}
			want := checkWhole(e, doc)
			early := StartScope(doc, e.opts)
			if got := e.CheckPrescoped(doc, early); !reflect.DeepEqual(got, want) {
				t.Fatalf("doc %d %s, engine at once: in parts\n%s\nwhole\n%s", i, path, briefFindings(got), briefFindings(want))
			}
			if early.Parts() == 0 {
				continue
			}
			split++
			assertRunDone(t, path, early)
			late := StartScope(doc, e.opts)
			waitScoped(t, late)
			if got := e.CheckPrescoped(doc, late); !reflect.DeepEqual(got, want) {
				t.Fatalf("doc %d %s, engine after every part was scoped: in parts\n%s\nwhole\n%s", i, path, briefFindings(got), briefFindings(want))
			}
			assertRunDone(t, path, late)
			if got := e.CheckPrescoped(doc, late); !reflect.DeepEqual(got, want) {
				t.Fatalf("doc %d %s: checked twice, the second findings differ", i, path)
			}
			if got, want := other.CheckPrescoped(doc, late), checkWhole(other, doc); !reflect.DeepEqual(got, want) {
				t.Fatalf("doc %d %s: checked again with another engine\n%s\nwant\n%s", i, path, briefFindings(got), briefFindings(want))
			}
		}
	}
	if split < 40 {
		t.Fatalf("%d documents split, want most of 80", split)
	}
}

// TestPipelineManyTinyParts: a document of thousands of one-paragraph
// parts (the most hand-offs between scoping and checking) has whole
// checking's findings, every part scoped and checked once.
func TestPipelineManyTinyParts(t *testing.T) {
	e := partsEngine(t)
	withPartSizes(t, 1, 1)
	rng := rand.New(rand.NewSource(26))
	var sb strings.Builder
	sb.WriteString("---\ntitle: We utilize it\n---\n\n")
	blocks := []string{"%s\n\n", "- %s\n- %s\n\n", "# Quick start: %s\n\n", "> %s\n\n", "<!-- guardrail-disable-next-line -->\n%s\n\n"}
	for sb.Len() < 200<<10 {
		b := blocks[rng.Intn(len(blocks))]
		args := make([]any, strings.Count(b, "%s"))
		for i := range args {
			args[i] = partsSentences[rng.Intn(len(partsSentences))]
		}
		fmt.Fprintf(&sb, b, args...)
	}
	src := []byte(sb.String())
	for _, path := range []string{"a.md", "a.txt"} {
		doc := Document{Path: path, Text: src}
		want := checkWhole(e, doc)
		// One part per paragraph: a plan made for the document is used as
		// it is.
		pl := NewPlan()
		pl.Make(doc)
		pl.parts = splitParts(src, path == "a.md", 1)
		p := StartScopePlanned(doc, e.opts, pl)
		if p.Parts() < 2000 {
			t.Fatalf("%s: %d parts, want thousands", path, p.Parts())
		}
		if got := e.CheckPrescoped(doc, p); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: in %d parts\n%.2000s\nwhole\n%.2000s", path, p.Parts(), briefFindings(got), briefFindings(want))
		}
		assertRunDone(t, path, p)
		if len(want) < 100 {
			t.Fatalf("%s: %d findings: the document lost its point", path, len(want))
		}
	}
}

// TestPipelineKeepsWhole: with [ignore] patterns, a plan made for no
// config is not used (the document is checked whole), and neither is a
// plan made for another text, path or kind; a plan made for the document
// gives its parts.
func TestPipelineKeepsWhole(t *testing.T) {
	e := partsEngine(t)
	withPartSizes(t, 2<<10, 256)
	src := []byte(strings.Repeat("We utilize it.\n\nIGNORE utilize ME here.\n\n", 400))
	doc := Document{Path: "a.md", Text: src}
	made := func(d Document) *Plan {
		pl := NewPlan()
		pl.Make(d)
		return pl
	}
	same := made(doc)
	if len(same.parts) < 2 {
		t.Fatalf("the document plans into %d parts, want several", len(same.parts))
	}
	ig := e.opts
	ig.IgnoreTokens = []*regexp.Regexp{regexp.MustCompile(`IGNORE \w+ ME`)}
	eig, err := CompileWith(partsRules(t), ig)
	if err != nil {
		t.Fatal(err)
	}
	p := StartScopePlanned(doc, ig, same)
	if p.Parts() != 0 {
		t.Fatalf("[ignore] patterns: %d parts, want whole", p.Parts())
	}
	if got, want := eig.CheckPrescoped(doc, p), checkWhole(eig, doc); !reflect.DeepEqual(got, want) || len(got) != 400 {
		t.Fatalf("[ignore] patterns: %d findings, whole checking %d (want 400)", len(got), len(want))
	}
	copied := append([]byte(nil), src...)
	planned := len((&Options{}).planParts(doc, format.KindMarkdown))
	wrong := []srcRange{{Start: 0, End: 10}, {Start: 12, End: len(src)}} // seen if used
	for name, pl := range map[string]*Plan{
		"another text": made(Document{Path: "a.md", Text: copied[:len(copied)-2]}),
		"a copy":       made(Document{Path: "a.md", Text: copied}),
		"another path": made(Document{Path: "b.md", Text: src}),
		"another kind": made(Document{Path: "a.md", Text: src, Kind: format.KindText}),
		"no document":  made(Document{}),
	} {
		pl.parts = wrong
		if p := StartScopePlanned(doc, e.opts, pl); p.Parts() != planned {
			t.Errorf("%s: %d parts, want %d: the plan was used", name, p.Parts(), planned)
		}
	}
	same.parts = wrong
	if p := StartScopePlanned(doc, e.opts, same); p.Parts() != 2 {
		t.Errorf("the plan for the document: %d parts, want its 2", p.Parts())
	}
}
