package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

// TestCheckRulesCache: check writes the rules cache (and the engine cache
// beside it) for a large config and reads it on the next run; a corrupted
// entry of either, --no-cache and
// GUARDRAIL_NO_CACHE give the same report; --no-cache and
// GUARDRAIL_NO_CACHE write nothing.
func TestCheckRulesCache(t *testing.T) {
	dir := benchTree(t, 5, 2000)
	cacheDir := filepath.Join(t.TempDir(), "cache")
	t.Setenv(rules.CacheDirEnv, cacheDir)
	entries := func() []string {
		m, _ := filepath.Glob(filepath.Join(cacheDir, "p-*.bin"))
		return m
	}
	engines := func() []string {
		m, _ := filepath.Glob(filepath.Join(cacheDir, "b-*.bin"))
		return m
	}
	run := func(args ...string) string {
		t.Helper()
		code, out, stderr := runCLI(t, dir, "", append([]string{"check", "--format", "json"}, args...)...)
		if code != exitFindings {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return out
	}
	want := run("--no-cache", "tree")
	if e := append(entries(), engines()...); len(e) != 0 {
		t.Fatalf("--no-cache wrote %v", e)
	}
	t.Setenv(rules.NoCacheEnv, "1")
	if run("tree") != want || len(entries())+len(engines()) != 0 {
		t.Fatalf("GUARDRAIL_NO_CACHE=1: other report, or cache written")
	}
	t.Setenv(rules.NoCacheEnv, "")
	if run("tree") != want {
		t.Error("cold cache: report differs")
	}
	e := entries()
	if len(e) != 1 {
		t.Fatalf("%d cache entries, want 1", len(e))
	}
	en := engines()
	if len(en) != 1 {
		t.Fatalf("%d engine cache entries, want 1", len(en))
	}
	if run("tree") != want {
		t.Error("warm cache: report differs")
	}
	data, _ := os.ReadFile(e[0])
	data[len(data)/2] ^= 1
	os.WriteFile(e[0], data, 0o600)
	if run("tree") != want {
		t.Error("corrupted cache: report differs")
	}
	data, _ = os.ReadFile(en[0])
	data[len(data)/2] ^= 1
	os.WriteFile(en[0], data, 0o600)
	if run("tree") != want {
		t.Error("corrupted engine cache: report differs")
	}
	if again, _ := os.ReadFile(en[0]); string(again) == string(data) {
		t.Error("the corrupted engine entry was not replaced")
	}
	if run("tree") != want {
		t.Error("engine cache rewritten: report differs")
	}
}

// TestCheckEnginePrefetch: a check of one document notes the fingerprint
// of its rules (a hint) and, on the next run, reads that engine's entry
// while its rules load. Whether the hint is missing, right, stale (the
// config changed: other rules, other engine) or names an engine that no
// longer serves, and with --config or a discovered config, the report is
// the one --no-cache gives.
func TestCheckEnginePrefetch(t *testing.T) {
	dir := benchTree(t, 2, 2000)
	cacheDir := filepath.Join(t.TempDir(), "cache")
	t.Setenv(rules.CacheDirEnv, cacheDir)
	t.Setenv(rules.NoCacheEnv, "")
	cfgPath := filepath.Join(dir, ".guardrail.toml")
	full, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	// Other rules: the first half of them, and one more that changes an
	// approved phrase (a different engine entry of another shape).
	half := string(full[:len(full)/2])
	half = half[:strings.LastIndex(half, "\n[[rule]]")] + "\n[[rule]]\nid = \"x.extra\"\nmessage = \"m\"\nrestricted = [\"utilize\"]\napproved = [\"use\", \"employ\"]\n"
	hints := func() int {
		n := 0
		m, _ := filepath.Glob(filepath.Join(cacheDir, "b-*.bin"))
		for _, f := range m {
			if info, err := os.Stat(f); err == nil && info.Size() < 200 {
				n++ // a hint holds a fingerprint; an engine is kilobytes
			}
		}
		return n
	}
	run := func(args ...string) string {
		t.Helper()
		code, out, stderr := runCLI(t, dir, "", append([]string{"check", "--format", "json", "--fail-on", "never"}, args...)...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return out
	}
	for _, flags := range [][]string{nil, {"--config", cfgPath}} {
		args := append(append([]string(nil), flags...), "tree/phrases.md")
		for round, cfg := range []string{string(full), half, string(full), half} {
			if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
				t.Fatal(err)
			}
			want := run(append([]string{"--no-cache"}, args...)...)
			if !strings.Contains(want, `"ruleId"`) && !strings.Contains(want, "rule") {
				t.Fatalf("no findings to compare: %s", want)
			}
			for i := range 3 { // cold or stale hint, then right hints
				if got := run(args...); got != want {
					t.Fatalf("%v, config %d, run %d: report differs from --no-cache", flags, round, i)
				}
			}
		}
	}
	if h := hints(); h != 2 {
		t.Errorf("%d hints, want 2 (the folder's, the --config file's)", h)
	}
}
