package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/internal/testutil"
)

// TestHostileManyFoldersOneEngine: 10,000 folders sharing one config (by
// discovery or --config) compile the rules once: checking them all peaks
// under 150 MB of heap (one engine per folder took 6 GB).
func TestHostileManyFoldersOneEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 folders")
	}
	n := 10000
	if raceEnabled {
		n = 1000 // and memory is not measured
	}
	files := map[string]string{".guardrail.toml": "extends = [\"builtin:sre-messaging\"]\n" + testConfig}
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("d%05d/a.md", i)] = "We utilize it.\n"
	}
	dir := writeTree(t, files)
	for _, args := range [][]string{
		{"check", "--format", "json", "."},
		{"check", "--format", "json", "--config", filepath.Join(dir, ".guardrail.toml"), "."},
	} {
		var code int
		var out, errs string
		peak, took := testutil.PeakHeap(func() { code, out, errs = runCLI(t, dir, "", args...) })
		if code != exitOK || strings.Count(out, `"rule": "t.utilize"`) != n {
			t.Fatalf("%v: exit %d, %d findings; stderr %s", args, code, strings.Count(out, `"rule": "t.utilize"`), errs)
		}
		t.Logf("%v: %d folders, peak heap %d MB, %v", args, n, peak>>20, took)
		if peak > 150<<20 && !raceEnabled {
			t.Errorf("%v: peak heap %d MB, want under 150 MB", args, peak>>20)
		}
	}
}
