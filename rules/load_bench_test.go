package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/benchdata"
	"github.com/guardrail-dev/guardrail/rules"
)

// benchPack is a config of n rules as scripts/benchgen writes it.
func benchPack(n int) []byte {
	var b strings.Builder
	b.WriteString("root = true\n")
	for _, r := range benchdata.Rules(n) {
		fmt.Fprintf(&b, "\n[[rule]]\nid = %q\nmessage = %q\nrestricted = [%q]\napproved = [%q]\n", r.ID, r.Message, r.Restricted[0], r.Approved[0])
	}
	return []byte(b.String())
}

// BenchmarkParsePack10000: parsing and validating a 10,000-rule config
// (about 1.4 MB), the bulk of `guardrail check`'s start-up with such a file.
func BenchmarkParsePack10000(b *testing.B) {
	data := benchPack(10000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if p, errs := rules.ParsePack("/x/.guardrail.toml", data); p == nil || len(errs) > 0 || len(p.Rules) != 10000 {
			b.Fatalf("%d errors", len(errs))
		}
	}
}
