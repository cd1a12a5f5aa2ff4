package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSlotProseInEveryFormat: a template slot reused in {approved} reads
// as prose in the text, github, JSON and SARIF reports — no comment marker
// from a wrapped Go comment, no emphasis marks from Markdown — and JSON's
// slots are that prose too, while {match} and JSON's match stay the raw
// source. The fix of the wrapped comment carries no `//` either; the match
// across emphasis has none.
func TestSlotProseInEveryFormat(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".guardrail.toml": `root = true
[sets]
models = ["OpenAI models", "GPT models"]

[[rule]]
id = "t.access"
message = "Say SRE {approved}, not that it {match}."
restricted = ["gives access to {models}"]
approved = ["is powered by {models}"]
`,
		"a.go": "package a\n\n// SRE gives access to OpenAI\n// models today.\nvar x = 1\n",
		"b.md": "SRE gives access to *OpenAI* models.\n",
	})
	const approved = "Say SRE is powered by OpenAI models, not that it "
	rawMatch := []string{"gives access to OpenAI\n// models", "gives access to *OpenAI* models"}

	_, text, _ := runCLI(t, dir, "", "check", "--format", "text", "a.go", "b.md")
	if strings.Count(text, approved) != 2 || strings.Count(text, `(models: "OpenAI models")`) != 2 {
		t.Errorf("text report lacks the prose slot twice:\n%s", text)
	}
	_, gh, _ := runCLI(t, dir, "", "check", "--format", "github", "a.go", "b.md")
	if strings.Count(gh, approved) != 2 {
		t.Errorf("github report lacks %q twice:\n%s", approved, gh)
	}

	_, js, _ := runCLI(t, dir, "", "check", "--format", "json", "a.go", "b.md")
	var jr struct {
		Findings []struct {
			Message, Match string
			Replacements   []string
			Slots          []struct{ Name, Text string }
		}
	}
	if err := json.Unmarshal([]byte(js), &jr); err != nil {
		t.Fatal(err)
	}
	if len(jr.Findings) != 2 {
		t.Fatalf("JSON findings: %+v", jr.Findings)
	}
	for i, f := range jr.Findings {
		if want := approved + rawMatch[i] + "."; f.Message != want {
			t.Errorf("JSON message %d: %q, want %q", i, f.Message, want)
		}
		if f.Match != rawMatch[i] {
			t.Errorf("JSON match %d is not the source: %q", i, f.Match)
		}
		if len(f.Slots) != 1 || f.Slots[0].Text != "OpenAI models" {
			t.Errorf("JSON slots %d: %+v", i, f.Slots)
		}
	}
	if r := jr.Findings[0].Replacements; len(r) != 1 || r[0] != "is powered by OpenAI models" {
		t.Errorf("a.go replacements %q", r)
	}
	if r := jr.Findings[1].Replacements; len(r) != 0 {
		t.Errorf("b.md (match across emphasis) has replacements %q", r)
	}

	_, sarif, _ := runCLI(t, dir, "", "check", "--format", "sarif", "a.go", "b.md")
	var sr struct {
		Runs []struct {
			Results []struct {
				Message struct{ Text string }
			}
		}
	}
	if err := json.Unmarshal([]byte(sarif), &sr); err != nil {
		t.Fatal(err)
	}
	if len(sr.Runs) != 1 || len(sr.Runs[0].Results) != 2 {
		t.Fatalf("SARIF: %s", sarif)
	}
	for i, r := range sr.Runs[0].Results {
		if want := approved + rawMatch[i] + "."; r.Message.Text != want {
			t.Errorf("SARIF message %d: %q, want %q", i, r.Message.Text, want)
		}
	}

	_, diff, _ := runCLI(t, dir, "", "check", "--diff", "a.go", "b.md")
	if !strings.Contains(diff, "+// SRE is powered by OpenAI models today.\n") || strings.Contains(diff, "b.md") {
		t.Errorf("diff:\n%s", diff)
	}
}
