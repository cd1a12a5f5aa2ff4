package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestCheckOneBigFileSameOnOneCoreAndMany: a large file checked alone —
// read ahead while its config loads, scoped in parts while its engine
// loads, each part checked as soon as it is scoped — has the report of
// one core (where it is checked whole), in every format and with --fix.
func TestCheckOneBigFileSameOnOneCoreAndMany(t *testing.T) {
	dir := bigFileTree(t)
	for _, name := range []string{"tree/big.md", "tree/big.txt"} {
		for _, args := range [][]string{
			{"--format", "json", name},
			{"--format", "text", "--no-color", name},
			{"--format", "sarif", "--max-findings", "7", name},
		} {
			run := func(procs int) string {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				code, out, stderr := runCLI(t, dir, "", append([]string{"check"}, args...)...)
				if code != exitFindings {
					t.Fatalf("%v: exit %d: %s", args, code, stderr)
				}
				return out
			}
			one, many := run(1), run(4)
			if one != many {
				t.Errorf("%v: the report on 4 cores differs from the one on 1 core", args)
			}
			if strings.Count(one, "bench.r") < 3 {
				t.Errorf("%v: too few findings:\n%.800s", args, one)
			}
		}
	}
	fixed := func(procs int) (string, string) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		d := bigFileTree(t)
		_, out, _ := runCLI(t, d, "", "check", "--fix", "--format", "json", "tree/big.md")
		md, _ := os.ReadFile(filepath.Join(d, "tree", "big.md"))
		return out, string(md)
	}
	out1, md1 := fixed(1)
	out4, md4 := fixed(4)
	if out1 != out4 || md1 != md4 {
		t.Errorf("--fix of one file on 4 cores differs from 1 core (report same: %v, file same: %v)", out1 == out4, md1 == md4)
	}
	if !strings.Contains(md1, "approved ") {
		t.Error("--fix fixed nothing: the test tests nothing")
	}
}

// TestReadAheadExcludedFile: a file named alone is read while its config
// loads, but what the read found is reported only for a file the config
// selects: an excluded file too large to read is skipped as excluded, as
// when it was never read.
func TestReadAheadExcludedFile(t *testing.T) {
	big := strings.Repeat("We utilize it.\n\n", 200)
	dir := writeTree(t, map[string]string{
		".guardrail.toml": strings.Replace(testConfig, "root = true\n", "root = true\nexclude = [\"skip.md\"]\n", 1),
		"skip.md":         big,
		"keep.md":         big,
	})
	small := func(a *app) { a.maxDocSize = 1 << 10 }
	_, out, stderr := runCLIWith(t, dir, "", small, "check", "skip.md")
	if !strings.Contains(stderr, "skip.md: skipped: the config's include or exclude") || strings.Contains(out+stderr, "too large") {
		t.Errorf("excluded: %q\n%s", out, stderr)
	}
	_, out, stderr = runCLIWith(t, dir, "", small, "check", "keep.md")
	if !strings.Contains(out+stderr, "too large") {
		t.Errorf("selected: no read error: the test tests nothing: %q\n%s", out, stderr)
	}
}
