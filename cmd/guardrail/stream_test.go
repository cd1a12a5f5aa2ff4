package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/analysis/benchdata"
	"github.com/guardrail-dev/guardrail/rules"
)

// benchTree writes a small version of the bench corpus (scripts/benchgen):
// n Markdown files of the benchmark text and a config of nrules of the
// benchmark's rules, plus a few files of other kinds with findings.
func benchTree(t *testing.T, n, nrules int) string {
	t.Helper()
	files := map[string]string{}
	var cfg strings.Builder
	cfg.WriteString("root = true\n")
	for _, r := range benchdata.Rules(nrules) {
		fmt.Fprintf(&cfg, "\n[[rule]]\nid = %q\nmessage = %q\nrestricted = [%q]\napproved = [%q]\n", r.ID, r.Message, r.Restricted[0], r.Approved[0])
	}
	files[".guardrail.toml"] = cfg.String()
	// A file where the rules' phrases occur, in the Markdown forms the
	// matcher handles: plain, capitalised, wrapped, in a list, in a quote.
	var hits strings.Builder
	for i, r := range benchdata.Rules(min(nrules, 200)) {
		p := r.Restricted[0]
		switch i % 5 {
		case 0:
			fmt.Fprintf(&hits, "We say %s here.\n\n", p)
		case 1:
			fmt.Fprintf(&hits, "%s starts this one.\n\n", strings.ToUpper(p[:1])+p[1:])
		case 2:
			fmt.Fprintf(&hits, "Wrapped: %s\nend.\n\n", strings.Replace(p, " ", "\n", 1))
		case 3:
			fmt.Fprintf(&hits, "- item with %s\n\n", p)
		case 4:
			fmt.Fprintf(&hits, "> quoted %s\n\n", strings.ToUpper(p))
		}
	}
	files["tree/phrases.md"] = hits.String()
	names, docs := benchdata.Tree(n, n*3000)
	for i, name := range names {
		files["tree/"+name] = string(docs[i])
	}
	files["tree/notes.txt"] = "We utilize it.\n"
	files["tree/a.go"] = "package a\n\n// We utilize it.\n"
	return writeTree(t, files)
}

// TestCheckParallelSameAsSequential: the report of a tree is byte for
// byte the same on one core and on many, in every format.
func TestCheckParallelSameAsSequential(t *testing.T) {
	dir := benchTree(t, 60, 3000)
	for _, format := range []string{"text", "json", "sarif", "github"} {
		run := func(procs int) string {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			code, out, stderr := runCLI(t, dir, "", "check", "--format", format, "--no-color", "tree")
			if code != exitFindings {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			return out
		}
		one, many := run(1), run(8)
		if one != many {
			t.Errorf("%s: the report on 8 cores differs from the one on 1 core", format)
		}
		if !strings.Contains(one, "bench.r") {
			t.Errorf("%s: no bench finding in the report:\n%.500s", format, one)
		}
	}
}

// TestBenchCorpusOutputUnchanged: the JSON report of a slice of the bench
// corpus is the one committed (recorded before the walk streamed and the
// rules cache existed); -update rewrites it.
func TestBenchCorpusOutputUnchanged(t *testing.T) {
	dir := benchTree(t, 40, 10000)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, ".cache"))
	golden, _ := filepath.Abs(filepath.Join("testdata", "bench-corpus.json"))
	for _, pass := range []string{"cold cache", "warm cache"} {
		code, out, stderr := runCLI(t, dir, "", "check", "--format", "json", "tree")
		if code != exitFindings {
			t.Fatalf("%s: exit %d: %s", pass, code, stderr)
		}
		if *update && pass == "cold cache" {
			if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if out != string(want) {
			t.Errorf("%s: check of the bench corpus differs from %s (run go test ./cmd/guardrail -update to accept)", pass, golden)
		}
	}
}

// TestCheckStreamsFromTheWalk: the first target is checked (and handed
// on) before the producer emits the second, so a walk never has to list
// a whole tree before checking starts; results keep the emitted order.
func TestCheckStreamsFromTheWalk(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".guardrail.toml": testConfig,
		"a.md":            "We utilize it.\n",
		"b.md":            "We utilize it twice: utilize.\n",
		"c.md":            "Nothing here.\n",
	})
	t.Chdir(dir)
	ck := newChecker(rules.NewLoader(rules.Options{}))
	firstDone := make(chan struct{})
	var order []string
	err := ck.checkStream(func(emit func(target)) error {
		for i, name := range []string{"a.md", "b.md", "c.md"} {
			abs, _ := filepath.Abs(name)
			emit(target{display: name, abs: abs})
			if i == 0 {
				select {
				case <-firstDone:
				case <-time.After(20 * time.Second):
					return fmt.Errorf("the first file was not checked before the second was found")
				}
			}
		}
		return nil
	}, false, func(tg target, r checked) {
		if len(order) == 0 {
			close(firstDone)
		}
		order = append(order, fmt.Sprintf("%s:%d", tg.display, len(r.file.Findings)))
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(order, " "); got != "a.md:1 b.md:2 c.md:0" {
		t.Errorf("results %q, want a.md:1 b.md:2 c.md:0", got)
	}
}
