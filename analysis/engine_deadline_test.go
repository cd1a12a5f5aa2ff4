package analysis

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/rules"
)

// CheckUntil past its deadline stops between chunks, early in the document,
// and returns exactly Check's findings before the point where it stopped;
// with no deadline, or one far away, it is Check.
func TestCheckUntilStopsBetweenChunks(t *testing.T) {
	e, err := Compile([]*rules.Rule{
		rule("r.access", []string{"enables access to"}, []string{"is powered by"}),
		rule("r.pattern", nil, nil, withPatterns(`\bGPT-\d\b`)),
	})
	if err != nil {
		t.Fatal(err)
	}
	const n = 3000
	para := func(i int) string { return fmt.Sprintf("Item %d enables access to GPT-%d models", i, i%10) }
	build := func(f func(i int) string) []byte {
		var sb strings.Builder
		for i := 0; i < n; i++ {
			sb.WriteString(f(i))
		}
		return []byte(sb.String())
	}
	cases := []struct {
		path string
		src  []byte
	}{
		{"a.txt", build(func(i int) string { return para(i) + ".\n\n" })},
		{"a.md", build(func(i int) string { return "- " + para(i) + "\n\n" })},
		{"a.go", build(func(i int) string { return fmt.Sprintf("// %s.\nvar x%d = 1\n", para(i), i) })},
		{"a.html", build(func(i int) string { return "<p>" + para(i) + ".</p>\n" })},
		{"a.json", []byte(`{` + strings.TrimSuffix(string(build(func(i int) string { return fmt.Sprintf("%q: %q,\n", fmt.Sprint("k", i), para(i)) })), ",\n") + "}\n")},
		{"a.yaml", build(func(i int) string { return fmt.Sprintf("k%d: %s\n", i, para(i)) })},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			doc := Document{Path: c.path, Text: c.src}
			all := e.Check(doc)
			if len(all) < n {
				t.Fatalf("Check found %d, want at least %d: the test checks too little", len(all), n)
			}
			for _, far := range []time.Time{{}, time.Now().Add(time.Hour)} {
				got, stop := e.CheckUntil(doc, far)
				if stop != len(c.src) || !reflect.DeepEqual(got, all) {
					t.Fatalf("deadline %v: stop %d of %d, %d findings of %d", far, stop, len(c.src), len(got), len(all))
				}
			}
			got, stop := e.CheckUntil(doc, time.Unix(1, 0))
			if stop <= 0 || stop >= len(c.src)/2 {
				t.Fatalf("past the deadline: stopped at %d of %d, want early but not at 0", stop, len(c.src))
			}
			var want []Finding
			for _, f := range all {
				if f.Start < stop {
					want = append(want, f)
				}
			}
			if len(want) == 0 || !reflect.DeepEqual(got, want) {
				t.Fatalf("stopped at %d: %d findings, want Check's %d before it", stop, len(got), len(want))
			}
			// It stops where a chunk starts: at a paragraph, comment or value.
			if i := strings.Index(string(c.src[stop:]), "Item"); i < 0 || i > 8 {
				t.Errorf("stopped at %d, not at a chunk's start: %q", stop, c.src[stop:min(len(c.src), stop+20)])
			}
		})
	}
}

// Stopped early, a suppression comment is not reported as unused: the
// finding it suppresses may lie past the stop.
func TestCheckUntilNoUnusedSuppressionWhenStopped(t *testing.T) {
	e, err := CompileWith([]*rules.Rule{rule("r.access", []string{"enables access to"}, nil)}, Options{UnusedSuppression: rules.SeverityWarning})
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	sb.WriteString("<!-- guardrail-disable r.access -->\n\n")
	for i := 0; i < 2000; i++ {
		sb.WriteString("Plain words here.\n\n")
	}
	sb.WriteString("It enables access to models.\n\n<!-- guardrail-enable r.access -->\n")
	doc := Document{Path: "a.md", Text: []byte(sb.String())}
	if f := e.Check(doc); len(f) != 0 {
		t.Fatalf("Check: %+v, want nothing (the directive is used)", f)
	}
	f, stop := e.CheckUntil(doc, time.Unix(1, 0))
	if stop >= len(doc.Text) {
		t.Fatal("did not stop")
	}
	if len(f) != 0 {
		t.Fatalf("stopped at %d: %+v, want nothing", stop, f)
	}
}

// Past the deadline during the regex pass, checking stops between chunks
// there too: the phrase pass has built every chunk, the regex pass stops
// after the chunks it has done, and the findings are Check's before stop.
func TestCheckUntilStopsInRegexPass(t *testing.T) {
	e, err := Compile([]*rules.Rule{
		rule("r.access", []string{"enables access to"}, nil),
		rule("r.pattern", nil, nil, withPatterns(`\bGPT-\d\b`)),
	})
	if err != nil {
		t.Fatal(err)
	}
	const n, late = 3000, 1500
	var sb strings.Builder
	for i := 0; i < n; i++ {
		if i >= late {
			fmt.Fprintf(&sb, "Item %d enables access to GPT-%d models.\n\n", i, i%10)
		} else {
			fmt.Fprintf(&sb, "Item %d enables access to models.\n\n", i)
		}
	}
	src := []byte(sb.String())
	doc := Document{Path: "a.md", Text: src}
	all := e.Check(doc)

	defer func() { now = time.Now }()
	deadline := time.Unix(1000, 0)
	// Count the clock's looks when the deadline never comes: the phrase
	// pass looks once per 64 chunks, then the regex pass.
	looks := 0
	now = func() time.Time { looks++; return deadline.Add(-time.Second) }
	if got, stop := e.CheckUntil(doc, deadline); stop != len(src) || !reflect.DeepEqual(got, all) {
		t.Fatalf("deadline not reached: stop %d of %d", stop, len(src))
	}
	phraseLooks := n / clockChunks
	if looks <= phraseLooks {
		t.Fatalf("%d looks at the clock, want more than the phrase pass's %d", looks, phraseLooks)
	}
	// The deadline passes after the phrase pass.
	looks = 0
	now = func() time.Time {
		looks++
		if looks <= phraseLooks {
			return deadline.Add(-time.Second)
		}
		return deadline.Add(time.Second)
	}
	got, stop := e.CheckUntil(doc, deadline)
	at := func(i int) int { return strings.Index(string(src), fmt.Sprintf("Item %d ", i)) }
	if stop < at(late) || stop > at(late+2*clockChunks) {
		t.Fatalf("stopped at %d, want in the regex pass, between items %d and %d", stop, late, late+2*clockChunks)
	}
	if !strings.HasPrefix(string(src[stop:]), "Item ") {
		t.Errorf("stopped at %d, not at a chunk's start: %q", stop, src[stop:stop+10])
	}
	var want []Finding
	for _, f := range all {
		if f.Start < stop {
			want = append(want, f)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("stopped at %d: %d findings, want Check's %d before it", stop, len(got), len(want))
	}
}
