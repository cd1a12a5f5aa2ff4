package main

import (
	"strings"
	"testing"
)

const templateConfig = `root = true
[sets]
give = ["give", "gives", "provide"]
audience = ["you", "your teams"]
openai-models = ["OpenAI models", "GPT(-4o|-5)"]

[[rule]]
id = "t.access"
message = "Say '{approved}', not '{match}'."
severity = "error"
restricted = ["{give} [{audience}] access to {openai-models}", "enables access"]
approved = ["is powered by {openai-models}"]
`

func TestExplainAndCheckShowTemplates(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".guardrail.toml": templateConfig,
		"doc.md":          "SRE gives your teams access to GPT-5.\n\nIt enables access.\n",
	})
	code, out, stderr := runCLI(t, dir, "", "explain", "t.access")
	if code != exitOK {
		t.Fatalf("explain: exit %d\n%s%s", code, out, stderr)
	}
	for _, want := range []string{
		"  - {give} [{audience}] access to {openai-models}  (template: 27 phrases)\n",
		"  - enables access\n",
		"\nSets:\n  {audience} = you | your teams  (.guardrail.toml:4)\n  {give} = give | gives | provide  (.guardrail.toml:3)\n  {openai-models} = OpenAI models | GPT(-4o|-5)  (.guardrail.toml:5)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("explain lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, dir, "", "check", "doc.md")
	if code == exitOK {
		t.Fatalf("check found nothing:\n%s", out)
	}
	for _, want := range []string{
		"fix: 'is powered by GPT-5'\n  matched `{give} [{audience}] access to {openai-models}` (give: \"gives\", audience: \"your teams\", openai-models: \"GPT-5\")\n",
		"fix: 'is powered by OpenAI models'\n\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
}
