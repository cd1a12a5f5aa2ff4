package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Package initialisation runs in every process, before the file at hand
// is even known: guardrail's own packages must do almost nothing there
// (build what they need on first use), and the whole of it stays bounded.
// Measured with GODEBUG=inittrace=1 in allocated bytes (the same on every
// run, unlike times). In all about 0.49 MB today, goldmark's parser and
// util packages the largest part (about 0.25 MB: goldmark's regexps and
// its HTML entity table); analysis/format is the largest of guardrail's
// own (about 50 KB: its file-type tables; its HTML tables and regexps
// are built on first use). goldmark's extension package
// (0.26 MB) and chroma's lexer registry (2.7 MB: it parses the XML of 279
// lexers) are not linked; internal/lexers builds the lexers guardrail
// uses on first use, and the bounds below (about twice today's) fail if
// either comes back.
const (
	maxOwnInitBytes   = 100 << 10 // any one github.com/guardrail-dev package
	maxTotalInitBytes = 1 << 20   // every package together
)

var initLine = regexp.MustCompile(`^init (\S+) @[0-9.]+ ms, [0-9.]+ ms clock, ([0-9]+) bytes, ([0-9]+) allocs`)

func TestInitIsCheap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "guardrail")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("guardrail version: %v\n%s", err, stderr.String())
	}
	total, n := 0, 0
	order := map[string]int{} // package → its place in the trace
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		m := initLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		n++
		order[m[1]] = n
		b, _ := strconv.Atoi(m[2])
		total += b
		if strings.HasPrefix(m[1], "github.com/guardrail-dev/") && b > maxOwnInitBytes {
			t.Errorf("init of %s allocates %d bytes (bound %d): build it on first use instead", m[1], b, maxOwnInitBytes)
		}
	}
	if n == 0 {
		t.Fatalf("no inittrace lines in:\n%s", stderr.String())
	}
	// internal/startstack grows the main goroutine's stack in one step
	// before goldmark's regexps would grow it in four.
	const stack, gm = "github.com/guardrail-dev/guardrail/internal/startstack", "github.com/yuin/goldmark/util"
	if order[stack] == 0 || order[gm] == 0 || order[stack] > order[gm] {
		t.Errorf("%s is initialised at place %d, %s at %d: want it first", stack, order[stack], gm, order[gm])
	}
	if total > maxTotalInitBytes {
		t.Errorf("package initialisation allocates %d bytes in all (bound %d)", total, maxTotalInitBytes)
	}
	t.Logf("%d packages initialised, %d bytes", n, total)
}
