package server

import (
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// Constructs whose extent crosses blank lines — a shortcode or Liquid
// block whose body is skipped, a config's ignore block — give the same
// findings incrementally as in a whole check, before and after edits.
func TestIncrementalTemplatesAndIgnores(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	cfg, errs := rules.NewLoader(rules.Options{NoUserConfig: true}).ConfigFor(filepath.Join(dir, "x.md"))
	if cfg == nil {
		t.Fatal(errs)
	}
	plain, err := analysis.CompileWith(cfg.Rules, analysis.ConfigOptions(cfg))
	if err != nil {
		t.Fatal(err)
	}
	opts := analysis.ConfigOptions(cfg)
	opts.IgnoreBlocks = []*regexp.Regexp{regexp.MustCompile(`(?s)<!-- skip -->.*?<!-- /skip -->`)}
	ignoring, err := analysis.CompileWith(cfg.Rules, opts)
	if err != nil {
		t.Fatal(err)
	}
	tune := incrementalTuning{min: 1} // every document incrementally
	filler := strings.Repeat("Plain words here.\n\n", 20)
	docs := []string{
		filler + "{{< highlight toml >}}\nutilize = true\n\nutilize = false\n{{< /highlight >}}\n\n" + filler + "We utilize it.\n",
		filler + "{% raw %}\nutilize\n\nutilize\n{% endraw %}\n\n" + filler,
		filler + "<!-- skip -->\nutilize\n\nutilize\n<!-- /skip -->\n\n" + filler + "We utilize it.\n",
	}
	path := filepath.Join(dir, "doc.md")
	for di, doc := range docs {
		for _, eng := range []*analysis.Engine{plain, ignoring} {
			var cache segCache
			text := doc
			// The document as opened, then edits far from and inside the
			// construct (one that breaks its closing tag).
			for e, edit := range []func(string) string{
				func(s string) string { return s },
				func(s string) string { return "Intro to utilize.\n\n" + s },
				func(s string) string { return strings.Replace(s, "\nutilize\n", "\nutilize more\n", 1) },
				func(s string) string {
					return strings.Replace(strings.Replace(s, "{{< /", "{{< x", 1), "endraw", "xendraw", 1)
				},
				func(s string) string {
					return strings.Replace(strings.Replace(s, "{{< x", "{{< /", 1), "xendraw", "endraw", 1)
				},
			} {
				text = edit(text)
				snap := &snapshot{version: int32(e), text: []byte(text)}
				parts, _ := checkDocument(&cache, tune, eng, cfg, path, format.KindMarkdown, snap.text, snap.index(), encUTF16, time.Time{})
				var got []analysis.Finding
				for _, p := range parts {
					for _, f := range p.entry.findings {
						f.Start += p.start
						f.End += p.start
						got = append(got, f)
					}
				}
				want := eng.Check(analysis.Document{Path: path, RelPath: cfg.RelPath(path), Kind: format.KindMarkdown, Text: []byte(text)})
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("doc %d edit %d: incremental\n got %v\nwant %v", di, e, brief(got), brief(want))
				}
			}
		}
	}
}
