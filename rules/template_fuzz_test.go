package rules

import (
	"strings"
	"testing"
)

// FuzzParseTemplate: any string either fails to parse with an error inside
// it, or parses into a template whose expansions agree with its count and
// whose parts between gaps are never empty.
func FuzzParseTemplate(f *testing.F) {
	for _, s := range []string{
		"a (b|c) [d|e f] g", "{x} {...3} y", `\(\)\[\]\{\}\|\\`, "((a|b)|[c])", "[a] {...1} (b|[c])",
		"a {...9} b", "(a", "a|b", "{...2} a", "{Bad}", "a \\", "[[[[[[[[[[[[[[[[[a]]]]]]]]]]]]]]]]]",
	} {
		f.Add(s)
	}
	sets := &WordSets{
		raw:     map[string][]string{"x": {"p", "q r"}},
		entries: map[string][]*Template{},
		pos:     map[string]Position{},
		count:   map[string]int64{},
	}
	for _, e := range sets.raw["x"] {
		t, _ := ParseTemplate(e)
		sets.entries["x"] = append(sets.entries["x"], t)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tp, err := ParseTemplate(s)
		if err != nil {
			te, ok := err.(*TemplateError)
			if !ok || te.Off < 0 || te.Off > len(s) || te.Msg == "" {
				t.Fatalf("%q: bad error %#v", s, err)
			}
			return
		}
		if tp.Source != s {
			t.Fatal("source not kept")
		}
		parts, gaps := tp.Parts()
		if len(parts) != len(gaps)+1 {
			t.Fatalf("%d parts, %d gaps", len(parts), len(gaps))
		}
		for _, g := range gaps {
			if g < 1 || g > MaxGap {
				t.Fatalf("gap %d", g)
			}
		}
		for _, part := range parts {
			if len(gaps) > 0 && blankNodes(part) {
				t.Fatalf("%q: empty part between gaps", s)
			}
			for _, name := range setRefs(part, nil) {
				if name != "x" {
					return // an unknown set: the loader reports it
				}
			}
			want := sets.Count(part)
			if want > 2000 {
				continue
			}
			var got int64
			sets.Expand(part, func(e string) bool {
				if strings.ContainsAny(e, "\x00") && !strings.Contains(s, "\x00") {
					t.Fatalf("%q: expansion %q has bytes the template lacks", s, e)
				}
				got++
				return true
			})
			if got != want {
				t.Fatalf("%q: Count %d, Expand gave %d", s, want, got)
			}
		}
	})
}
