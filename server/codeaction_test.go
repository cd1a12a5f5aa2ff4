package server

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

func actionTitles(as []protocol.CodeAction) []string {
	var out []string
	for _, a := range as {
		out = append(out, string(a.Kind)+": "+a.Title)
	}
	return out
}

func findAction(t *testing.T, as []protocol.CodeAction, kind protocol.CodeActionKind, title string) protocol.CodeAction {
	t.Helper()
	for _, a := range as {
		if a.Kind == kind && a.Title == title {
			return a
		}
	}
	t.Fatalf("no %s action %q in %q", kind, title, actionTitles(as))
	return protocol.CodeAction{}
}

// TestCodeActionsApplied applies every kind of action client-side, sends
// the edit back as incremental changes and checks the diagnostics.
func TestCodeActionsApplied(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	const text = "# Title\n\nSRE enables access to OpenAI models.  \nWe utilize synergy and utilize more.\n"

	open := func(name string) (*doc, publish) {
		d := c.open(filepath.Join(dir, name), "markdown", text)
		return d, d.wait()
	}

	t.Run("replace", func(t *testing.T) {
		for i, want := range []string{"is powered by OpenAI models", "integrates with OpenAI models"} {
			d, p := open("replace" + string(rune('a'+i)) + ".md")
			acts := d.codeActions(p.Diags[0].Range)
			a := findAction(t, acts, protocol.QuickFix, "Replace with '"+want+"'")
			if a.IsPreferred != (i == 0) {
				t.Errorf("%q preferred = %v", a.Title, a.IsPreferred)
			}
			if len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != "test.access" {
				t.Errorf("action diagnostics %+v", a.Diagnostics)
			}
			d.applyAction(a)
			p = d.wait()
			if hasCode(p.Diags, "test.access") || !strings.Contains(d.text, "SRE "+want+".") {
				t.Fatalf("after %q: %v %q", a.Title, codes(p.Diags), d.text)
			}
		}
	})

	t.Run("fix all", func(t *testing.T) {
		for _, kind := range []protocol.CodeActionKind{protocol.QuickFix, kindFixAll} {
			d, p := open("fixall-" + strings.ReplaceAll(string(kind), ".", "-") + ".md")
			var acts []protocol.CodeAction
			if kind == kindFixAll {
				acts = d.codeActions(protocol.Range{}, "source.fixAll")
			} else {
				acts = d.codeActions(p.Diags[1].Range, protocol.QuickFix)
			}
			a := findAction(t, acts, kind, "Fix all guardrail issues in this file")
			d.applyAction(a)
			p = d.wait()
			if got := strings.Join(codes(p.Diags), ","); got != "test.flag" {
				t.Fatalf("%s: after fix all: %s (%q)", kind, got, d.text)
			}
			if want := "# Title\n\nSRE is powered by OpenAI models.  \nWe use synergy and use more.\n"; d.text != want {
				t.Fatalf("%s: text %q", kind, d.text)
			}
		}
	})

	t.Run("disable markdown", func(t *testing.T) {
		d, p := open("disable.md")
		a := findAction(t, d.codeActions(p.Diags[0].Range), protocol.QuickFix, "Disable test.access for this line")
		d.applyAction(a)
		// Appended before the hard line break (two trailing spaces).
		if !strings.Contains(d.text, "SRE enables access to OpenAI models. <!-- guardrail-disable-line test.access -->  \n") {
			t.Fatalf("text %q", d.text)
		}
		p = d.wait()
		if got := strings.Join(codes(p.Diags), ","); got != "test.utilize,test.flag,test.utilize" {
			t.Fatalf("after disable: %s", got)
		}
	})

	t.Run("only and range", func(t *testing.T) {
		d, p := open("only.md")
		all := d.codeActions(p.Diags[0].Range)
		var kinds []string
		for _, a := range all {
			kinds = append(kinds, string(a.Kind))
		}
		// Without a filter: quickfixes, and Fix all both as a quickfix and
		// as source.fixAll.guardrail (the contract offers both).
		var fixAllKinds []string
		for _, a := range all {
			if a.Title == fixAllTitle {
				fixAllKinds = append(fixAllKinds, string(a.Kind))
			}
		}
		if strings.Join(fixAllKinds, ",") != "quickfix,source.fixAll.guardrail" {
			t.Errorf("unfiltered: fix-all kinds %q in %q", fixAllKinds, kinds)
		}
		for _, only := range [][]protocol.CodeActionKind{{"source.fixAll"}, {"source"}, {"source.fixAll.guardrail"}} {
			as := d.codeActions(p.Diags[0].Range, only...)
			if len(as) != 1 || as[0].Kind != kindFixAll {
				t.Errorf("only %v: %q", only, actionTitles(as))
			}
		}
		if as := d.codeActions(p.Diags[0].Range, protocol.QuickFix); len(as) == 0 {
			t.Errorf("only quickfix: none")
		} else {
			for _, a := range as {
				if a.Kind != protocol.QuickFix {
					t.Errorf("only quickfix: got %s", a.Kind)
				}
			}
		}
		if as := d.codeActions(p.Diags[0].Range, protocol.Refactor); len(as) != 0 {
			t.Errorf("only refactor: %q", actionTitles(as))
		}
		// A range without findings: no quickfixes (fix-all on save still works).
		empty := protocol.Range{Start: protocol.Position{Line: 0, Character: 0}, End: protocol.Position{Line: 0, Character: 3}}
		if as := d.codeActions(empty, protocol.QuickFix); len(as) != 0 {
			t.Errorf("range without findings: %q", actionTitles(as))
		}
		// A cursor (empty range) inside a finding gets its actions.
		in := p.Diags[1].Range.Start
		in.Character += 2
		as := d.codeActions(protocol.Range{Start: in, End: in}, protocol.QuickFix)
		findAction(t, as, protocol.QuickFix, "Replace with 'use'")
		for _, a := range as {
			if strings.HasPrefix(a.Title, "Replace with 'is powered") {
				t.Errorf("action for a finding outside the range: %q", a.Title)
			}
		}
	})

	t.Run("changes without documentChanges", func(t *testing.T) {
		c2 := newClient(t, Options{})
		caps := defaultCaps()
		caps["workspace"] = map[string]any{}
		c2.initialize(dir, caps, nil)
		d := c2.open(filepath.Join(dir, "plain-changes.md"), "markdown", text)
		p := d.wait()
		acts := d.codeActions(p.Diags[0].Range, protocol.QuickFix)
		a := findAction(t, acts, protocol.QuickFix, "Replace with 'is powered by OpenAI models'")
		if len(a.Edit.DocumentChanges) != 0 || len(a.Edit.Changes[d.uri]) != 1 {
			t.Fatalf("edit %+v", a.Edit)
		}
	})

	t.Run("remove unused suppression", func(t *testing.T) {
		d := c.open(filepath.Join(dir, "unused.md"), "markdown", "Fine text. <!-- guardrail-disable-line test.utilize -->\n\n<!-- guardrail-disable-next-line test.access -->\nAlso fine.\n")
		p := d.wait()
		if len(p.Diags) != 2 || p.Diags[0].Code != "guardrail.unused-suppression" || len(p.Diags[0].Tags) != 1 {
			t.Fatalf("diagnostics %+v", p.Diags)
		}
		for range 2 {
			a := findAction(t, d.codeActions(p.Diags[0].Range), protocol.QuickFix, "Remove unused suppression")
			d.applyAction(a)
			p = d.wait()
		}
		if len(p.Diags) != 0 || d.text != "Fine text.\n\nAlso fine.\n" {
			t.Fatalf("after removal: %v %q", codes(p.Diags), d.text)
		}
	})
}

// TestDisableActionLanguages checks "Disable … for this line" in each
// comment syntax: applied, the finding is gone and the comment is not
// itself reported as unused.
func TestDisableActionLanguages(t *testing.T) {
	cfg := testConfig + `
[[rule]]
id = "test.strings"
message = "No '{match}' in strings."
restricted = ["frobnicate"]
scopes = ["strings"]
`
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": cfg})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	cases := []struct {
		name, text string
		rule       string
		want       string // a line the edit must produce
	}{
		{"a.go", "package a\n\nfunc f() {\n\t// We utilize it.\n\tx := 1\n}\n", "test.utilize", "\t// guardrail-disable-next-line test.utilize\n\t// We utilize it."},
		{"b.go", "package a\n\nvar s = \"frobnicate\"\n", "test.strings", "// guardrail-disable-next-line test.strings\nvar s"},
		{"c.go", "package a\n\n/*\nWe utilize it here.\n*/\nvar x = 1\n", "test.utilize", "/* guardrail-disable test.utilize */\n/*\nWe utilize it here.\n*/\n/* guardrail-enable test.utilize */\n"},
		{"d.py", "def f():\n    # we utilize it\n    return 1\n", "test.utilize", "    # guardrail-disable-next-line test.utilize\n    # we utilize it"},
		{"e.py", "def f():\n    \"\"\"Docs.\n\n    We utilize it.\n    \"\"\"\n    return 1\n", "test.utilize", "# guardrail-disable test.utilize\ndef f():\n    \"\"\"Docs.\n\n    We utilize it.\n    \"\"\"\n# guardrail-enable test.utilize\n"},
		{"e2.py", "def f():\n    \"\"\"We utilize it.\"\"\"\n", "test.utilize", "# guardrail-disable test.utilize\ndef f():\n    \"\"\"We utilize it.\"\"\"\n# guardrail-enable test.utilize"},
		{"e3.py", "\"\"\"Module: we utilize it.\"\"\"\nimport os\n", "test.utilize", "# guardrail-disable-next-line test.utilize\n\"\"\"Module"},
		{"f.js", "const a = 1; // we utilize it\n", "test.utilize", "// guardrail-disable-next-line test.utilize\nconst a"},
		{"g.rb", "# we utilize it\nputs 1\n", "test.utilize", "# guardrail-disable-next-line test.utilize\n# we utilize"},
		{"h.sh", "echo hi # we utilize it\n", "test.utilize", "# guardrail-disable-next-line test.utilize\necho hi"},
		{"i.lua", "-- we utilize it\nprint(1)\n", "test.utilize", "-- guardrail-disable-next-line test.utilize\n-- we"},
		{"j.sql", "SELECT 1; -- we utilize it\n", "test.utilize", "-- guardrail-disable-next-line test.utilize\nSELECT"},
		{"k.css", "/* we utilize it */\na { color: red; }\n", "test.utilize", "/* guardrail-disable-next-line test.utilize */\n/* we"},
		{"l.c", "int x; /* we utilize it */\n", "test.utilize", "/* guardrail-disable-next-line test.utilize */\nint x;"},
		{"m.yaml", "title: We utilize it\nother: fine\n", "test.utilize", "# guardrail-disable-next-line test.utilize\ntitle:"},
		{"n.yaml", "desc: |\n  We utilize it.\n  More.\nnext: 1\n", "test.utilize", "# guardrail-disable test.utilize\ndesc: |\n  We utilize it.\n  More.\n# guardrail-enable test.utilize\nnext: 1"},
		{"o.txt", "Intro.\n  We utilize it.\n", "test.utilize", "  guardrail-disable-next-line test.utilize\n  We utilize it."},
		{"p.html", "<p>We utilize it.</p>\n", "test.utilize", "<p>We utilize it.</p> <!-- guardrail-disable-line test.utilize -->\n"},
		{"q.md", "---\ntitle: We utilize it\n---\n\nBody.\n", "test.utilize", "---\n# guardrail-disable-next-line test.utilize\ntitle: We utilize it\n"},
		{"r.md", "| a | b |\n|---|---|\n| We utilize it | x |\n", "test.utilize", "| We utilize it | x <!-- guardrail-disable-line test.utilize --> |\n"},
		{"s.md", "## We utilize it ##\n", "test.utilize", "## We utilize it <!-- guardrail-disable-line test.utilize --> ##\n"},
		{"t.md", "- item one\n- We utilize it\\\n  next\n", "test.utilize", "- We utilize it <!-- guardrail-disable-line test.utilize -->\\\n"},
		{"u.rs", "fn main() {\n    let s = \"frobnicate\";\n}\n", "test.strings", "    // guardrail-disable-next-line test.strings\n    let s"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lang := strings.TrimPrefix(filepath.Ext(tc.name), ".")
			d := c.open(filepath.Join(dir, tc.name), lang, tc.text)
			p := d.wait()
			var dg *protocol.Diagnostic
			for i := range p.Diags {
				if p.Diags[i].Code == tc.rule {
					dg = &p.Diags[i]
				}
			}
			if dg == nil {
				t.Fatalf("no %s finding: %v", tc.rule, codes(p.Diags))
			}
			var act *protocol.CodeAction
			for _, a := range d.codeActions(dg.Range, protocol.QuickFix) {
				if strings.HasPrefix(a.Title, "Disable "+tc.rule+" for this") {
					a := a
					act = &a
				}
			}
			if act == nil {
				t.Fatalf("no disable action")
			}
			d.applyAction(*act)
			if !strings.Contains(d.text, tc.want) {
				t.Fatalf("text after %q:\n%s\nwant it to contain:\n%s", act.Title, d.text, tc.want)
			}
			p = d.wait()
			if len(p.Diags) != 0 {
				t.Fatalf("after %q: %v\n%s", act.Title, codes(p.Diags), d.text)
			}
		})
	}
	// JSON has no comments: no disable action.
	d := c.open(filepath.Join(dir, "cat.json"), "json", `{"k": "We utilize it"}`)
	p := d.wait()
	if len(p.Diags) != 1 {
		t.Fatalf("json: %v", codes(p.Diags))
	}
	for _, a := range d.codeActions(p.Diags[0].Range) {
		if strings.HasPrefix(a.Title, "Disable") {
			t.Fatalf("json offers %q", a.Title)
		}
	}
}

func TestHover(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	d := c.open(filepath.Join(dir, "hover.md"), "markdown", "Plain.\n\nSRE enables access to OpenAI models.\n")
	p := d.wait()
	pos := p.Diags[0].Range.Start
	pos.Character += 5
	var h *protocol.Hover
	if err := c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: d.uri}, Position: pos,
	}}, &h); err != nil {
		t.Fatal(err)
	}
	if h == nil || h.Contents.Kind != protocol.Markdown {
		t.Fatalf("hover %+v", h)
	}
	for _, want := range []string{
		"`test.access`", "Say it is powered by OpenAI models, not that it enables access to OpenAI models.",
		"We do not resell access to the models.", "\n- is powered by OpenAI models (preferred)", "\n- integrates with OpenAI models",
		"(https://example.com/rules#access)",
	} {
		if !strings.Contains(h.Contents.Value, want) {
			t.Errorf("hover lacks %q:\n%s", want, h.Contents.Value)
		}
	}
	if h.Range == nil || *h.Range != p.Diags[0].Range {
		t.Errorf("hover range %v", h.Range)
	}
	// Nothing there: null.
	var raw json.RawMessage
	if err := c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: d.uri}, Position: protocol.Position{Line: 0, Character: 1},
	}}, &raw); err != nil {
		t.Fatal(err)
	}
	if string(raw) != "" && string(raw) != "null" {
		t.Errorf("hover on plain text: %s", raw)
	}
}
