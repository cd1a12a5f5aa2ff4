package server

import (
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// TestHoverAndDiagnosticShowSlotProse: a diagnostic's message and the
// hover show a template slot as the prose the matcher saw — the emphasis
// marks inside the slot and the `>` continuing a quote left out — while
// {match} stays the raw source.
func TestHoverAndDiagnosticShowSlotProse(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": `root = true
[sets]
models = ["OpenAI models", "GPT models"]

[[rule]]
id = "test.access"
message = "Say SRE {approved}, not that it {match}."
restricted = ["enables access to {models}"]
approved = ["is powered by {models}"]
`})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	d := c.open(filepath.Join(dir, "prose.md"), "markdown",
		"SRE enables access to *OpenAI* models.\n\n> It enables access to GPT\n> models.\n")
	p := d.wait()
	var msgs []string
	for _, dg := range p.Diags {
		msgs = append(msgs, dg.Message)
	}
	want := []string{
		"Say SRE is powered by OpenAI models, not that it enables access to *OpenAI* models.",
		"Say SRE is powered by GPT models, not that it enables access to GPT\n> models.",
	}
	if strings.Join(msgs, "\n|\n") != strings.Join(want, "\n|\n") {
		t.Fatalf("messages\n got %q\nwant %q", msgs, want)
	}
	for i, slot := range []string{`models: "OpenAI models"`, `models: "GPT models"`} {
		var h *protocol.Hover
		if err := c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: d.uri}, Position: p.Diags[i].Range.Start,
		}}, &h); err != nil {
			t.Fatal(err)
		}
		if h == nil {
			t.Fatal("no hover")
		}
		got := h.Contents.Value
		for _, w := range []string{"Say SRE is powered by " + strings.TrimSuffix(strings.TrimPrefix(slot, `models: "`), `"`), slot} {
			if !strings.Contains(got, w) {
				t.Errorf("hover %d lacks %q:\n%s", i, w, got)
			}
		}
	}
}
