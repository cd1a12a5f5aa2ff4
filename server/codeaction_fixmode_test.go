package server

import (
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

const fixModeConfig = `root = true
[[rule]]
id = "f.auto"
restricted = ["utilize"]
approved = ["use"]

[[rule]]
id = "f.suggest"
fix = "suggest"
restricted = ["leverage"]
approved = ["use", "apply"]

[[rule]]
id = "f.none"
fix = "none"
restricted = ["synergy"]
approved = ["cooperation"]

[[rule]]
id = "f.dwarf"
restricted = ["dwarf"]
approved = ["small"]
`

// TestCodeActionsFixModes: a suggest finding (the rule's fix, or an
// acronym) offers its quick fixes with none preferred and is left out of
// "Fix all" (source.fixAll and the quickfix twin); a none finding offers
// no replacement; an auto finding is as before. With only suggestions in
// the file there is no "Fix all" at all.
func TestCodeActionsFixModes(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": fixModeConfig})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	const text = "We utilize it. We leverage it. Synergy. The DWARF format.\n"
	d := c.open(filepath.Join(dir, "a.md"), "markdown", text)
	p := d.wait()
	diag := func(code string) protocol.Diagnostic {
		for _, dg := range p.Diags {
			if dg.Code == code {
				return dg
			}
		}
		t.Fatalf("no %s in %v", code, codes(p.Diags))
		return protocol.Diagnostic{}
	}
	replaces := func(as []protocol.CodeAction) []string {
		var out []string
		for _, a := range as {
			if strings.HasPrefix(a.Title, "Replace with") {
				s := a.Title
				if a.IsPreferred {
					s += " (preferred)"
				}
				out = append(out, s)
			}
		}
		return out
	}
	for _, tc := range []struct {
		code string
		want string
	}{
		{"f.auto", "Replace with 'use' (preferred)"},
		{"f.suggest", "Replace with 'use',Replace with 'apply'"},
		{"f.none", ""},
		{"f.dwarf", "Replace with 'SMALL'"},
	} {
		acts := d.codeActions(diag(tc.code).Range, protocol.QuickFix)
		if got := strings.Join(replaces(acts), ","); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.code, got, tc.want)
		}
	}

	// Fix all applies the auto fix only.
	a := findAction(t, d.codeActions(protocol.Range{}, "source.fixAll"), kindFixAll, "Fix all guardrail issues in this file")
	d.applyAction(a)
	p = d.wait()
	if want := "We use it. We leverage it. Synergy. The DWARF format.\n"; d.text != want {
		t.Fatalf("after fix all: %q", d.text)
	}
	// Only suggestions left: no Fix all, in either kind.
	for _, acts := range [][]protocol.CodeAction{
		d.codeActions(protocol.Range{}, "source.fixAll"),
		d.codeActions(diag("f.suggest").Range, protocol.QuickFix),
	} {
		for _, a := range acts {
			if a.Title == "Fix all guardrail issues in this file" {
				t.Errorf("Fix all offered with only suggestions left: %q", actionTitles(acts))
			}
		}
	}
}
