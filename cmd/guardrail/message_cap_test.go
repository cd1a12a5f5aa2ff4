package main

import (
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis"
)

// TestHostileMessageAmplificationCLI: a message repeating {match} 10,000
// times on 200 long matches gives a report of at most a few KB a finding
// (uncapped: 20 MB a finding, 4 GB in all).
func TestHostileMessageAmplificationCLI(t *testing.T) {
	cfg := "root = true\n[[rule]]\nid = \"amp.x\"\npatterns = ['x+']\nmessage = \"" + strings.Repeat("{match}", 10000) + "\"\n"
	dir := writeTree(t, map[string]string{
		".guardrail.toml": cfg,
		"a.md":            strings.Repeat(strings.Repeat("x", 2000)+"\n\n", 200),
	})
	for _, format := range []string{"json", "text", "sarif", "github"} {
		_, out, errs := runCLI(t, dir, "", "check", "--format", format, "a.md")
		if n := strings.Count(out, "amp.x"); n < 200 {
			t.Fatalf("%s: %d mentions of the rule, want 200 findings; stderr %s", format, n, errs)
		}
		// Each finding: its message (at most MaxMessageBytes) and, in
		// text format, its source line (2,000 bytes).
		if max := 200 * (analysis.MaxMessageBytes + 4<<10); len(out) > max {
			t.Errorf("%s: %d bytes of output, want at most %d", format, len(out), max)
		}
	}
}
