package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// shardTree is a tree of 60 files with findings, in nested folders, and a
// .git folder marking the repository root.
func shardTree(t *testing.T) string {
	files := map[string]string{".guardrail.toml": testConfig, ".git/HEAD": "ref: refs/heads/main\n"}
	for i := range 60 {
		p := fmt.Sprintf("d%d/sub %d/f%02d.md", i%4, i%3, i)
		files[p] = strings.Repeat(fmt.Sprintf("line %d: we utilize it.\n", i), 1+i%3)
	}
	return writeTree(t, files)
}

// jsonFindings runs check --format json and returns each finding's JSON.
func jsonFindings(t *testing.T, dir string, args ...string) []string {
	t.Helper()
	code, out, stderr := runCLI(t, dir, "", append([]string{"check", "--format", "json"}, args...)...)
	if code == exitUsage {
		t.Fatalf("check %v: exit 2\n%s", args, stderr)
	}
	var rep struct{ Findings []json.RawMessage }
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, string(f))
	}
	return got
}

func TestShardUnionIsTheWhole(t *testing.T) {
	dir := shardTree(t)
	all := jsonFindings(t, dir)
	slices.Sort(all)
	if len(all) != 120 {
		t.Fatalf("unsharded: %d findings, want 120", len(all))
	}
	for n := 1; n <= 8; n++ {
		var union []string
		nonEmpty := 0
		for k := 1; k <= n; k++ {
			part := jsonFindings(t, dir, "--shard", fmt.Sprintf("%d/%d", k, n))
			if len(part) > 0 {
				nonEmpty++
			}
			union = append(union, part...)
		}
		slices.Sort(union)
		if !slices.Equal(union, all) {
			t.Errorf("N=%d: the union of the shards (%d findings) differs from the unsharded run (%d)", n, len(union), len(all))
		}
		if n > 1 && nonEmpty < 2 {
			t.Errorf("N=%d: only %d shard(s) hold findings", n, nonEmpty)
		}
	}
}

func TestShardStable(t *testing.T) {
	dir := shardTree(t)
	// Pinned: the same file lands in the same shard on every machine and
	// release (FNV-1a of the slash path relative to the root, mod N, +1).
	for _, tc := range []struct {
		rel  string
		n    int
		want int
	}{
		{"README.md", 4, 3},
		{"docs/guide.md", 8, 1},
		{"d0/sub 0/f00.md", 5, fnvShard("d0/sub 0/f00.md", 5)},
	} {
		s := &shard{k: 1, n: tc.n, root: dir}
		if got := s.of(filepath.Join(dir, filepath.FromSlash(tc.rel))); got != tc.want {
			t.Errorf("%s: shard %d of %d, want %d", tc.rel, got, tc.n, tc.want)
		}
	}
	// The root is the .git folder's, from any subfolder.
	t.Chdir(filepath.Join(dir, "d1"))
	sh, err := parseShard("2/3")
	if err != nil || sh.root != dir {
		t.Fatalf("parseShard from d1: %+v, %v; want root %s", sh, err, dir)
	}
	// Running from a subfolder assigns the same files as from the root.
	fromRoot := jsonFindings(t, dir, "--shard", "2/3", "d1")
	fromSub := jsonFindings(t, filepath.Join(dir, "d1"), "--shard", "2/3")
	if len(fromRoot) != len(fromSub) || len(fromRoot) == 0 {
		t.Errorf("from the root: %d findings in d1, from d1: %d", len(fromRoot), len(fromSub))
	}
}

// fnvShard is FNV-1a 64 written out, so the test pins the algorithm.
func fnvShard(rel string, n int) int {
	h := uint64(14695981039346656037)
	for i := 0; i < len(rel); i++ {
		h ^= uint64(rel[i])
		h *= 1099511628211
	}
	return int(h%uint64(n)) + 1
}

func TestShardBadValues(t *testing.T) {
	dir := shardTree(t)
	for _, v := range []string{"0/3", "4/3", "x", "1/0", "1/", "/3", "-1/3", "1/3/4", ""} {
		args := []string{"check", "--shard=" + v}
		code, out, stderr := runCLI(t, dir, "", args...)
		if v == "" {
			continue // --shard= is the flag's default: no sharding
		}
		if code != exitUsage || out != "" || !strings.Contains(stderr, "--shard wants K/N with 1 <= K <= N") {
			t.Errorf("--shard %q: exit %d, stdout %q, stderr %q", v, code, out, stderr)
		}
	}
}

func TestShardSARIFCategory(t *testing.T) {
	dir := shardTree(t)
	_, out, _ := runCLI(t, dir, "", "check", "--format", "sarif", "--shard", "2/3")
	var log struct {
		Runs []struct {
			AutomationDetails *struct{ ID string } `json:"automationDetails"`
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 || log.Runs[0].AutomationDetails == nil || log.Runs[0].AutomationDetails.ID != "guardrail/shard-2-of-3/" {
		t.Errorf("sharded SARIF run: %+v", log.Runs)
	}
	_, out, _ = runCLI(t, dir, "", "check", "--format", "sarif")
	if strings.Contains(out, "automationDetails") {
		t.Errorf("unsharded SARIF has automationDetails")
	}
}
