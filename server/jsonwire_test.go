package server

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

// TestWireMatchesProtocol checks that the hand-written diagnostic JSON is
// what protocol.Diagnostic marshals to.
func TestWireMatchesProtocol(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	cfg, errs := rules.NewLoader(rules.Options{NoUserConfig: true}).ConfigFor(filepath.Join(dir, "x.md"))
	if cfg == nil {
		t.Fatal(errs)
	}
	text := []byte("line one\n😀 日本 \"quoted\" back\\slash\ttab \x01 ctl \xff bad \u2028 sep utilize\nlast")
	findings := []analysis.Finding{
		{Rule: "test.access", Severity: rules.SeverityError, Message: "Say \"x\" \\ <b>&amp; \x02 \xfe\u2029", Start: 9, End: 20, Replacements: []string{"a\"b", "c\nd"}},
		{Rule: "test.flag", Severity: rules.SeverityInfo, Message: "plain", Start: 30, End: 40, Replacements: nil},
		{Rule: analysis.UnusedSuppressionRule, Severity: rules.SeverityHint, Message: "unused", Start: 0, End: 4, Replacements: []string{}},
		{Rule: "unknown.rule", Severity: rules.SeverityWarning, Message: "ünïcödé", Start: len(text) - 4, End: len(text)},
	}
	for _, enc := range []string{encUTF16, encUTF8, encUTF32} {
		idx := newLineIndex(text)
		wire := wireDiags(cfg, findings, idx, enc)
		for i, f := range findings {
			got := appendWire(nil, &wire[i], 0)
			want, err := json.Marshal(diagnosticOf(cfg, f, idx.converter(enc)))
			if err != nil {
				t.Fatal(err)
			}
			var g, w any
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatalf("invalid JSON %s: %v", got, err)
			}
			_ = json.Unmarshal(want, &w)
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s finding %d:\n got %s\nwant %s", enc, i, got, want)
			}
		}
	}
}
