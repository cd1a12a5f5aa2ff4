package server

import (
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

const templateTestConfig = `root = true
[sets]
give = ["gives", "provides"]
openai-models = ["OpenAI models", "GPT-5"]

[[rule]]
id = "test.access"
restricted = ["{give} [you] access to {openai-models}", "passthrough"]
approved = ["is powered by {openai-models}"]
`

func TestHoverShowsTemplate(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": templateTestConfig})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	d := c.open(filepath.Join(dir, "hover.md"), "markdown", "SRE gives you access to GPT-5.\n\nA passthrough.\n")
	p := d.wait()
	if len(p.Diags) != 2 {
		t.Fatalf("diagnostics: %+v", p.Diags)
	}
	hover := func(pos protocol.Position) string {
		var h *protocol.Hover
		if err := c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: d.uri}, Position: pos,
		}}, &h); err != nil {
			t.Fatal(err)
		}
		if h == nil {
			t.Fatal("no hover")
		}
		return h.Contents.Value
	}
	got := hover(p.Diags[0].Range.Start)
	if want := "matched `{give} [you] access to {openai-models}` (give: \"gives\", openai-models: \"GPT-5\")"; !strings.Contains(got, want) {
		t.Errorf("hover lacks %q:\n%s", want, got)
	}
	if got := hover(p.Diags[1].Range.Start); strings.Contains(got, "matched") {
		t.Errorf("plain phrase hover shows a template:\n%s", got)
	}
}
