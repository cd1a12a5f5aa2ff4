package server

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"sync"
	"testing"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// TestConcurrentRapidEdits sends hundreds of rapid edits to many documents
// at once (run it with -race) and checks that every published diagnostic
// list is exactly the analysis of its version's text, that every publish
// carries a version, that versions never go backwards, and that the newest
// version of every document is published.
func TestConcurrentRapidEdits(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	check := oracle(t, dir)
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)

	const docs = 12
	edits := 60
	if testing.Short() {
		edits = 25
	}
	snippets := []string{"utilize ", "enables access to OpenAI models ", "synergy ", "plain words ", "\n", "\n\n", "😀 ", "日本語 ", "SRE ", "e\u0301 ", "<!-- guardrail-disable-line test.utilize -->"}
	exts := []string{".md", ".txt", ".md", ".html"}

	var wg sync.WaitGroup
	ds := make([]*doc, docs)
	for i := range ds {
		name := fmt.Sprintf("doc%02d%s", i, exts[i%len(exts)])
		ds[i] = c.open(filepath.Join(dir, name), "", "Start: we utilize synergy.\n")
	}
	for i, d := range ds {
		wg.Add(1)
		go func(seed int64, d *doc) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(seed))
			// runeStart picks a random character boundary.
			runeStart := func() int {
				off := rng.Intn(len(d.text) + 1)
				for off > 0 && off < len(d.text) && !utf8.RuneStart(d.text[off]) {
					off--
				}
				return off
			}
			for e := 0; e < edits; e++ {
				switch k := rng.Intn(10); {
				case k < 6: // insert
					at := d.posAt(runeStart())
					d.edit(rangeChange{Range: protocol.Range{Start: at, End: at}, Text: snippets[rng.Intn(len(snippets))]})
				case k < 9: // delete a little
					s := runeStart()
					end := s
					for n := rng.Intn(12); n > 0 && end < len(d.text); n-- {
						_, size := utf8.DecodeRuneInString(d.text[end:])
						end += size
					}
					d.edit(rangeChange{Range: protocol.Range{Start: d.posAt(s), End: d.posAt(end)}, Text: ""})
				default: // replace everything
					d.replaceAll("Reset: SRE enables access to OpenAI models.\n" + snippets[rng.Intn(len(snippets))])
				}
				if e%15 == 7 {
					// Code actions are computed for the version just sent.
					for _, a := range d.codeActions(protocol.Range{End: d.posAt(len(d.text))}) {
						editsFor(t, a.Edit, d.uri, d.version)
					}
				}
			}
		}(int64(i+1), d)
	}
	wg.Wait()
	for _, d := range ds {
		d.wait()
	}

	c.mu.Lock()
	pubs := append([]publish(nil), c.pubs...)
	c.mu.Unlock()
	last := map[protocol.DocumentURI]int32{}
	byURI := map[protocol.DocumentURI]*doc{}
	for _, d := range ds {
		byURI[d.uri] = d
	}
	checked := 0
	for _, p := range pubs {
		d := byURI[p.URI]
		if d == nil {
			continue
		}
		if p.Version == nil {
			t.Fatalf("%s: publish without a version", p.URI)
		}
		if v, ok := last[p.URI]; ok && *p.Version < v {
			t.Fatalf("%s: version went back from %d to %d", p.URI, v, *p.Version)
		}
		last[p.URI] = *p.Version
		text, ok := d.texts[*p.Version]
		if !ok {
			t.Fatalf("%s: published version %d was never sent", p.URI, *p.Version)
		}
		want := check(d.path, []byte(text))
		if len(want) != len(p.Diags) {
			t.Fatalf("%s v%d: %d diagnostics, want %d\ntext %q\ngot %v", p.URI, *p.Version, len(p.Diags), len(want), text, codes(p.Diags))
		}
		for i, f := range want {
			g := p.Diags[i]
			if g.Code != f.Rule || g.Message != f.Message || g.Range.Start != testPosition(text, f.Start, encUTF16) || g.Range.End != testPosition(text, f.End, encUTF16) {
				t.Fatalf("%s v%d: diagnostic %d is %v %v %q, want %s %v-%v %q", p.URI, *p.Version, i, g.Code, g.Range, g.Message,
					f.Rule, testPosition(text, f.Start, encUTF16), testPosition(text, f.End, encUTF16), f.Message)
			}
		}
		checked++
	}
	for _, d := range ds {
		if last[d.uri] != d.version {
			t.Errorf("%s: newest published version %d, want %d", d.uri, last[d.uri], d.version)
		}
	}
	t.Logf("%d edits, %d publishes checked", docs*edits, checked)
}
