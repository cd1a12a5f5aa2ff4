package analysis

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/benchdata"
	"github.com/guardrail-dev/guardrail/rules"
)

// warmConfig writes a config of n rules as scripts/benchgen does and
// returns its path, with the rules cache in a temporary folder (filled by
// one load and compile).
func warmConfig(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	b.Setenv(rules.CacheDirEnv, filepath.Join(dir, "cache"))
	b.Setenv(rules.NoCacheEnv, "")
	var sb strings.Builder
	sb.WriteString("root = true\n")
	for _, r := range benchdata.Rules(n) {
		fmt.Fprintf(&sb, "\n[[rule]]\nid = %q\nmessage = %q\nrestricted = [%q]\napproved = [%q]\n", r.ID, r.Message, r.Restricted[0], r.Approved[0])
	}
	path := filepath.Join(dir, "rules.toml")
	if err := os.WriteFile(path, []byte(sb.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	warmLoad(b, path)
	return path
}

// warmLoad is what `guardrail check --config path` does to get its
// engine: open the rules cache, load the config, compile (or read) the
// engine.
func warmLoad(b *testing.B, path string) *Engine {
	cache := rules.OpenPackCache("bench")
	if cache == nil {
		b.Skip("no rules cache here")
	}
	l := rules.NewLoader(rules.Options{ConfigFile: path, Cache: cache})
	cfg, errs := l.ConfigFor(filepath.Join(filepath.Dir(path), "doc.md"))
	if cfg == nil {
		b.Fatal(errs)
	}
	e, err := CompileCached(cfg.Rules, ConfigOptions(cfg), cache, cfg.Fingerprint())
	if err != nil {
		b.Fatal(err)
	}
	return e
}

// BenchmarkWarmLoad: loading a config of 10 or 10,000 rules and its
// engine with the rules cache warm (both entries there), the part of a
// `guardrail check` run that grows with the number of rules.
//
//	go test ./analysis -run '^$' -bench WarmLoad -count 6
func BenchmarkWarmLoad(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			path := warmConfig(b, n)
			b.ReportAllocs()
			for b.Loop() {
				warmLoad(b, path)
			}
		})
	}
}

// BenchmarkDecodeEngine10000: reading the engine of 10,000 rules from
// its cache entry (BenchmarkCompile10000 is what it saves).
func BenchmarkDecodeEngine10000(b *testing.B) {
	rs := benchdata.Rules(10000)
	e, err := Compile(rs)
	if err != nil {
		b.Fatal(err)
	}
	data := encodeEngine(e)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeEngine(data, rs, DefaultOptions); err != nil {
			b.Fatal(err)
		}
	}
}
