package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/analysis/benchdata"
)

// bigFileTree writes one large Markdown file and one large text file
// (large enough to be checked in parts on several cores) with the bench
// rules' phrases all through them, a next-line suppression among them.
func bigFileTree(t *testing.T) string {
	t.Helper()
	dir := benchTree(t, 1, 1000)
	var md, txt strings.Builder
	body := string(benchdata.Text(600<<10, true))
	paras := strings.Split(body, "\n\n")
	rs := benchdata.Rules(200)
	for i, p := range paras {
		md.WriteString(p)
		txt.WriteString(strings.NewReplacer("*", "", "`", "", "#", "").Replace(p))
		if i%40 == 0 {
			r := rs[(i/40)%len(rs)]
			if i%120 == 0 {
				md.WriteString("\n\n<!-- guardrail-disable-next-line -->")
			}
			fmt.Fprintf(&md, "\n%s ends it.", r.Restricted[0])
			fmt.Fprintf(&txt, "\n%s ends it.", r.Restricted[0])
		}
		md.WriteString("\n\n")
		txt.WriteString("\n\n")
	}
	for name, text := range map[string]string{"big.md": md.String(), "big.txt": txt.String()} {
		if err := os.WriteFile(filepath.Join(dir, "tree", name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		doc := analysis.Document{Path: name, Text: []byte(text)}
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
		if p := analysis.ScopeFor(doc, analysis.Options{}); p.Parts() < 2 {
			t.Fatalf("%s is checked whole: the test tests nothing", name)
		}
	}
	return dir
}

// TestCheckBigFileSameOnOneCoreAndMany: a large file, checked in parts on
// several cores, has the report of one core (where it is checked whole):
// every format, the per-file finding cap, and the fixes --fix writes.
func TestCheckBigFileSameOnOneCoreAndMany(t *testing.T) {
	dir := bigFileTree(t)
	for _, args := range [][]string{
		{"--format", "json", "tree/big.md", "tree/big.txt"},
		{"--format", "text", "--no-color", "tree/big.md", "tree/big.txt"},
		{"--format", "sarif", "--max-findings", "7", "tree/big.md", "tree/big.txt"},
		{"--format", "json", "--max-findings", "3", "tree"},
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
	fixed := func(procs int) (string, string) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		d := bigFileTree(t)
		_, out, stderr := runCLI(t, d, "", "check", "--fix", "--format", "json", "tree/big.md", "tree/big.txt")
		if !strings.Contains(stderr+out, "fixed") && !strings.Contains(out, "findings") {
			t.Logf("stderr: %s", stderr)
		}
		md, _ := os.ReadFile(filepath.Join(d, "tree", "big.md"))
		txt, _ := os.ReadFile(filepath.Join(d, "tree", "big.txt"))
		return out, string(md) + string(txt)
	}
	out1, files1 := fixed(1)
	out4, files4 := fixed(4)
	if out1 != out4 || files1 != files4 {
		t.Errorf("--fix on 4 cores differs from 1 core (report same: %v, files same: %v)", out1 == out4, files1 == files4)
	}
	if !strings.Contains(files1, "approved ") {
		t.Error("--fix fixed nothing: the test tests nothing")
	}
}
