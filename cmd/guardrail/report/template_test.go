package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

// templateResult has one finding from a phrase template and one from a
// plain phrase.
func templateResult(t *testing.T) *Result {
	src := "SRE gives you access to GPT-4o.\nIt is a passthrough.\n"
	tf := finding(t, src, "gives you access to GPT-4o", 0, "sre.access", rules.SeverityError, "Avoid it.", "is powered by GPT-4o")
	tf.Template = "{give} [{audience}] access to {openai-models}"
	tf.Slots = []analysis.Slot{{Name: "give", Text: "gives"}, {Name: "audience", Text: "you"}, {Name: "openai-models", Text: "GPT-4o"}}
	pf := finding(t, src, "passthrough", 0, "sre.passthrough", rules.SeverityWarning, "No passthrough.")
	return &Result{Files: []File{{Path: "a.md", Src: []byte(src), Findings: []analysis.Finding{tf, pf}}}}
}

func TestTextShowsTemplate(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteText(&buf, templateResult(t), Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	want := "  fix: 'is powered by GPT-4o'\n  matched `{give} [{audience}] access to {openai-models}` (give: \"gives\", audience: \"you\", openai-models: \"GPT-4o\")\n\n"
	if !strings.Contains(out, want) {
		t.Errorf("text output lacks the template line:\n%s", out)
	}
	if strings.Count(out, "matched `") != 1 {
		t.Errorf("a plain phrase shows a template line:\n%s", out)
	}
}

func TestJSONTemplateKeysOnlyWhenPresent(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, templateResult(t), Options{}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Findings []map[string]json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Findings) != 2 {
		t.Fatalf("%d findings", len(got.Findings))
	}
	tf, pf := got.Findings[0], got.Findings[1]
	var slots bytes.Buffer
	json.Compact(&slots, tf["slots"])
	if string(tf["template"]) != `"{give} [{audience}] access to {openai-models}"` ||
		slots.String() != `[{"name":"give","text":"gives"},{"name":"audience","text":"you"},{"name":"openai-models","text":"GPT-4o"}]` {
		t.Errorf("template finding: template %s, slots %s", tf["template"], tf["slots"])
	}
	if _, ok := pf["template"]; ok {
		t.Error("plain finding has a template key")
	}
	if _, ok := pf["slots"]; ok {
		t.Error("plain finding has a slots key")
	}
}
