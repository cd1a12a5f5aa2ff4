package server

import (
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// TestNeverFlaggedPhraseDiagnostic: a restricted phrase that is also an
// approved phrase of its rule can never be flagged: a warning diagnostic on
// the phrase in the TOML file, as you type; a case-only twin ("gb" → "GB")
// is a working rule and has none.
func TestNeverFlaggedPhraseDiagnostic(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	pack := c.open(filepath.Join(dir, "units.toml"), "toml", "[[rule]]\nid = \"u.gb\"\nrestricted = [\"gb\"]\napproved = [\"gb\"]\n")
	p := pack.wait()
	if len(p.Diags) != 1 || p.Diags[0].Severity != protocol.DiagnosticSeverityWarning ||
		p.Diags[0].Range.Start != (protocol.Position{Line: 2, Character: 14}) || !strings.Contains(p.Diags[0].Message, "can never fire") {
		t.Fatalf("dead phrase: %+v", p.Diags)
	}
	pack.replaceAll("[[rule]]\nid = \"u.gb\"\nrestricted = [\"gb\"]\napproved = [\"GB\"]\n")
	if p := pack.wait(); len(p.Diags) != 0 {
		t.Fatalf("case-only rule: %+v", p.Diags)
	}
}
