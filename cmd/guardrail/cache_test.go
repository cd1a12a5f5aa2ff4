package main

import (
	"os"
	"path/filepath"
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
