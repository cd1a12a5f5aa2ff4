package server

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// TestIncrementalEqualsFull compares the segmented, cached analysis with a
// whole-document check on random Markdown and text documents full of
// constructs that span blank lines, through random edits (structural ones
// included).
func TestIncrementalEqualsFull(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig + `
[[rule]]
id = "test.context"
restricted = ["kaboom"]
when = ["SRE"]
`})
	l := rules.NewLoader(rules.Options{NoUserConfig: true})
	cfg, errs := l.ConfigFor(filepath.Join(dir, "x.md"))
	if cfg == nil {
		t.Fatal(errs)
	}
	eng, err := analysis.CompileWith(cfg.Rules, analysis.Options{UnusedSuppression: cfg.UnusedSuppression})
	if err != nil {
		t.Fatal(err)
	}
	// Every document is checked incrementally; most first checks and
	// structural edits check segments in batches of a few, the rest one
	// by one.
	tune := incrementalTuning{min: 1, coldMin: 4, batch: 400}
	iters, edits := 60, 25
	if testing.Short() || raceEnabled {
		iters = 12
	}
	seed := int64(42)
	if v, err := strconv.ParseInt(os.Getenv("GUARDRAIL_FUZZ_SEED"), 10, 64); err == nil {
		seed = v
	}
	if v, err := strconv.Atoi(os.Getenv("GUARDRAIL_FUZZ_ITERS")); err == nil {
		iters = v
	}
	rng := rand.New(rand.NewSource(seed))
	incremental := 0
	for it := 0; it < iters; it++ {
		kind, name := format.KindMarkdown, "doc.md"
		if it%5 == 4 {
			kind, name = format.KindText, "doc.txt"
		}
		path := filepath.Join(dir, name)
		text := genTricky(rng, kind, 2<<10+rng.Intn(3<<10))
		var cache segCache
		for e := 0; e <= edits; e++ {
			if e > 0 {
				text = randomEdit(rng, text)
			}
			snap := &snapshot{version: int32(e), text: []byte(text)}
			parts, _ := checkDocument(&cache, tune, eng, cfg, path, kind, snap.text, snap.index(), encUTF16, time.Time{})
			var got []analysis.Finding
			for _, p := range parts {
				for _, f := range p.entry.findings {
					f.Start += p.start
					f.End += p.start
					got = append(got, f)
				}
			}
			want := eng.Check(analysis.Document{Path: path, RelPath: cfg.RelPath(path), Kind: kind, Text: []byte(text)})
			// The wire form too: segment-relative lines must add up.
			wholeParts, _ := checkDocument(nil, tune, eng, cfg, path, kind, snap.text, snap.index(), encUTF16, time.Time{})
			gotJSON, _ := (&result{snap: snap, cfg: cfg, parts: parts}).appendDiagnostics(nil)
			wantJSON, _ := (&result{snap: snap, cfg: cfg, parts: wholeParts}).appendDiagnostics(nil)
			if string(gotJSON) != string(wantJSON) {
				t.Fatalf("iteration %d edit %d: wire form differs:\n%s\n%s", it, e, gotJSON, wantJSON)
			}
			if len(got) == 0 && len(want) == 0 {
				continue
			}
			if !reflect.DeepEqual(got, want) {
				spans, ok := splitSegments(path, kind, []byte(text))
				var segs []string
				for _, sp := range spans {
					segs = append(segs, fmt.Sprintf("[%d-%d]", sp.Start, sp.End))
				}
				t.Fatalf("iteration %d edit %d (%s, segmented %v into %d): incremental differs\n got %v\nwant %v\n%s\nsegments %s\nDOC:\n%s",
					it, e, kind, ok, len(spans), brief(got), brief(want), firstDiff(got, want, text), strings.Join(segs, " "), text)
			}
			if _, ok := splitSegments(path, kind, []byte(text)); ok {
				incremental++
			}
		}
	}
	t.Logf("%d checks were incremental", incremental)
	if incremental < iters*edits/5 {
		t.Errorf("only %d of %d checks were incremental", incremental, iters*(edits+1))
	}
}

// FuzzIncrementalEqualsFull: a document, checked, then edited once and
// checked again through the cache, gives the findings of a whole check.
func FuzzIncrementalEqualsFull(f *testing.F) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 8; i++ {
		kind := format.KindMarkdown
		if i%4 == 3 {
			kind = format.KindText
		}
		f.Add(genTricky(rng, kind, 300), uint16(rng.Intn(300)), uint8(rng.Intn(20)), "utilize\n\n```", kind == format.KindText)
	}
	cfgText := testConfig
	dir := f.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".guardrail.toml"), []byte(cfgText), 0o644); err != nil {
		f.Fatal(err)
	}
	cfg, errs := rules.NewLoader(rules.Options{NoUserConfig: true}).ConfigFor(filepath.Join(dir, "x.md"))
	if cfg == nil {
		f.Fatal(errs)
	}
	eng, err := analysis.CompileWith(cfg.Rules, analysis.Options{UnusedSuppression: cfg.UnusedSuppression})
	if err != nil {
		f.Fatal(err)
	}
	tune := incrementalTuning{min: 1} // every document incrementally
	f.Fuzz(func(t *testing.T, text string, at uint16, del uint8, ins string, plain bool) {
		kind, path := format.KindMarkdown, filepath.Join(dir, "f.md")
		if plain {
			kind, path = format.KindText, filepath.Join(dir, "f.txt")
		}
		var cache segCache
		check := func(s string) {
			snap := &snapshot{text: []byte(s)}
			var got []analysis.Finding
			parts, _ := checkDocument(&cache, tune, eng, cfg, path, kind, snap.text, snap.index(), encUTF16, time.Time{})
			for _, p := range parts {
				for _, f := range p.entry.findings {
					f.Start += p.start
					f.End += p.start
					got = append(got, f)
				}
			}
			want := eng.Check(analysis.Document{Path: path, RelPath: cfg.RelPath(path), Kind: kind, Text: []byte(s)})
			if len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
				t.Fatalf("incremental differs\n got %v\nwant %v\n%s", brief(got), brief(want), s)
			}
		}
		check(text)
		a := min(int(at), len(text))
		b := min(a+int(del), len(text))
		check(text[:a] + ins + text[b:])
	})
}

func brief(fs []analysis.Finding) string {
	var b []string
	for _, f := range fs {
		b = append(b, fmt.Sprintf("%s@%d-%d", f.Rule, f.Start, f.End))
	}
	return strings.Join(b, " ")
}

func firstDiff(got, want []analysis.Finding, text string) string {
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w analysis.Finding
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if !reflect.DeepEqual(g, w) {
			at := min(g.Start, w.Start)
			if i >= len(got) {
				at = w.Start
			} else if i >= len(want) {
				at = g.Start
			}
			lo, hi := max(0, at-300), min(len(text), at+300)
			return fmt.Sprintf("first difference #%d: got %+v want %+v\ncontext:\n%s", i, g, w, text[lo:hi])
		}
	}
	return ""
}

// genTricky writes a document of about size bytes.
func genTricky(rng *rand.Rand, kind format.Kind, size int) string {
	phrases := []string{"enables access to OpenAI models", "utilize", "synergy", "SRE", "kaboom", "plain words", "is powered by OpenAI models"}
	prose := func(n int) string {
		var ws []string
		for i := 0; i < n; i++ {
			if rng.Intn(5) == 0 {
				ws = append(ws, phrases[rng.Intn(len(phrases))])
			} else {
				ws = append(ws, []string{"the", "we", "text", "and", "of", "it.", "more", "words,", "here", "Go"}[rng.Intn(10)])
			}
		}
		return strings.Join(ws, " ")
	}
	var b strings.Builder
	adversarial := rng.Intn(2) == 0
	if kind == format.KindMarkdown && rng.Intn(3) == 0 {
		fmt.Fprintf(&b, "---\ntitle: %s\n\ndescription: %s\n---\n", prose(4), prose(5))
	}
	for b.Len() < size {
		if kind == format.KindText {
			switch rng.Intn(6) {
			case 0:
				b.WriteString("# guardrail-disable-next-line test.utilize\n")
			case 1:
				b.WriteString("    indented " + prose(5) + "\n")
			}
			b.WriteString(prose(5+rng.Intn(20)) + "\n" + prose(6) + "\n")
			b.WriteString(strings.Repeat("\n", 1+rng.Intn(2)))
			continue
		}
		k := rng.Intn(22)
		if adversarial && rng.Intn(10) == 0 {
			k = 22 + rng.Intn(8) // constructs that force a whole check
			adversarial = false
		}
		switch k {
		case 22:
			fmt.Fprintf(&b, "- item\n\n  ```\n  %s\n\n%s\n```\n", prose(3), prose(3))
		case 23:
			fmt.Fprintf(&b, "> ```\n> %s\n\n```\n%s\n```\n", prose(3), prose(3))
		case 24:
			fmt.Fprintf(&b, "\t%s\n\n\t```\n%s\n", prose(3), prose(3))
		case 25:
			fmt.Fprintf(&b, "%s\n<span>\n```\n%s\n\n%s\n```\n", prose(3), prose(3), prose(2))
		case 26:
			fmt.Fprintf(&b, "<div>\n```\n\n%s\n\n```\n%s\n```\n", prose(3), prose(3))
		case 27:
			fmt.Fprintf(&b, "  <!--\n%s\n\n  %s -->\n", prose(3), prose(3))
		case 28: // a shortcode whose body spans a blank line
			fmt.Fprintf(&b, "{{< highlight toml >}}\n%s\n\n%s\n{{< /highlight >}}\n", prose(3), prose(3))
		case 29:
			fmt.Fprintf(&b, "{%% raw %%}\n%s\n\n%s\n{%% endraw %%}\n", prose(3), prose(3))
		case 0:
			fmt.Fprintf(&b, "# %s\n", prose(4))
		case 1:
			fmt.Fprintf(&b, "%s\n===\n", prose(3))
		case 7:
			if rng.Intn(3) == 0 {
				fmt.Fprintf(&b, "<!--\n%s\n\n%s\n-->\n", prose(4), prose(4))
			} else {
				fmt.Fprintf(&b, "<!-- %s -->\n", prose(4))
			}
		case 2:
			fmt.Fprintf(&b, "- %s\n- %s\n\n- %s\n\n  %s\n", prose(5), prose(5), prose(4), prose(6))
		case 3:
			fmt.Fprintf(&b, "> %s\n>\n> %s\n\n> %s\n", prose(6), prose(5), prose(3))
		case 4:
			fmt.Fprintf(&b, "```go\n// %s\n\n%s\n```\n", prose(5), prose(4))
		case 5:
			fmt.Fprintf(&b, "~~~~\n%s\n\n```\n%s\n~~~~\n", prose(4), prose(4))
		case 6:
			fmt.Fprintf(&b, "    code %s\n\n    more %s\n", prose(3), prose(3))
		case 8:
			fmt.Fprintf(&b, "<div>\n%s\n\n%s\n</div>\n", prose(4), prose(4))
		case 9:
			fmt.Fprintf(&b, "<pre>\n%s\n\n%s\n</pre>\n", prose(4), prose(4))
		case 10:
			fmt.Fprintf(&b, "| a | b |\n|---|---|\n| %s | %s |\n", prose(3), prose(3))
		case 11:
			fmt.Fprintf(&b, "%s <!-- guardrail-disable-line test.utilize -->\n", prose(6))
		case 12:
			fmt.Fprintf(&b, "<!-- guardrail-disable-next-line -->\n%s\n", prose(6))
		case 13:
			fmt.Fprintf(&b, "1. %s\n\n   ```\n   %s\n\n   %s\n   ```\n", prose(4), prose(3), prose(3))
		case 14:
			fmt.Fprintf(&b, "%s *%s* `%s` [%s](https://x.example/%s) www.example.com {{ .Title }} {{%% ref %%}} %s\n", prose(4), prose(2), prose(2), prose(3), "p", prose(3))
		case 15:
			if rng.Intn(20) == 0 {
				fmt.Fprintf(&b, "[ref]: https://example.com \"%s\"\n", prose(3))
			} else {
				fmt.Fprintf(&b, "%s [%s][ref] %s\n", prose(3), prose(2), prose(3))
			}
		case 16:
			if rng.Intn(20) == 0 {
				b.WriteString("<!-- guardrail-disable test.utilize -->\n")
			} else {
				fmt.Fprintf(&b, "%s\n  %s\n", prose(5), prose(5))
			}
		case 17:
			fmt.Fprintf(&b, "- item\n\n      indented code %s\n\n  %s\n", prose(3), prose(3))
		case 18:
			fmt.Fprintf(&b, "<script>\nvar x = \"%s\";\n\n</script>\n", prose(3))
		case 19:
			fmt.Fprintf(&b, "$$\n%s\n$$\n", prose(3))
		default:
			lines := 1 + rng.Intn(4)
			for i := 0; i < lines; i++ {
				b.WriteString(prose(4+rng.Intn(10)) + "\n")
			}
		}
		b.WriteString(strings.Repeat("\n", 1+rng.Intn(2)))
	}
	return b.String()
}

func randomEdit(rng *rand.Rand, text string) string {
	pieces := []string{"x", " ", "\n", "\n\n", "```", "~~~", "<!--", "-->", "    ", "- ", "> ", "|", "*", "`", "[", "]", "utilize ", "enables access to OpenAI models", "SRE ", "kaboom ", "<pre>", "</pre>", "\\", "&amp;", "---\n", "guardrail-disable-line", "<!-- guardrail-disable-next-line test.utilize -->\n"}
	at := rng.Intn(len(text) + 1)
	if rng.Intn(3) == 0 && len(text) > 0 {
		end := min(len(text), at+rng.Intn(40))
		return text[:at] + text[end:]
	}
	return text[:at] + pieces[rng.Intn(len(pieces))] + text[at:]
}
