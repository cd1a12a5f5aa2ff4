// Command benchgen writes the benchmark inputs to a folder, the same bytes
// on every run:
//
//   - bench.txt and bench.md: 1 MB of text and of Markdown;
//   - tree/: 2,000 Markdown files, 10.7 MB in all, in folders of 100;
//   - empty.md: an empty file (start-up cost with the default packs);
//   - for each rule count N: rules-N.toml (a guardrail config), phrases-N.txt
//     (the same phrases for grep -F -f) and vale-N/ (a Vale config, .vale.ini,
//     and one substitution style, styles/Bench/Swap.yml, with one swap entry
//     per rule and ignorecase: true).
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/guardrail-dev/guardrail/analysis/benchdata"
)

func main() {
	out := flag.String("o", "bench-data", "output folder")
	size := flag.Int("size", 1<<20, "bytes of text")
	counts := flag.String("rules", "10,1000,10000", "rule counts")
	treeFiles := flag.Int("tree-files", 2000, "files in tree/ (0: no tree)")
	treeBytes := flag.Int("tree-bytes", 10_700_000, "bytes in tree/, about")
	flag.Parse()
	write := func(name string, data []byte) {
		p := filepath.Join(*out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	write("bench.txt", benchdata.Text(*size, false))
	write("bench.md", benchdata.Text(*size, true))
	write("empty.md", nil)
	if *treeFiles > 0 {
		// A fresh tree: no files left from a run with other sizes.
		if err := os.RemoveAll(filepath.Join(*out, "tree")); err != nil {
			log.Fatal(err)
		}
		names, files := benchdata.Tree(*treeFiles, *treeBytes)
		for i, name := range names {
			write("tree/"+name, files[i])
		}
	}
	for _, c := range strings.Split(*counts, ",") {
		n, err := strconv.Atoi(c)
		if err != nil {
			log.Fatalf("bad rule count %q", c)
		}
		var cfg, phrases, swap strings.Builder
		cfg.WriteString("root = true\n")
		swap.WriteString("extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: warning\nignorecase: true\nswap:\n")
		for _, r := range benchdata.Rules(n) {
			fmt.Fprintf(&cfg, "\n[[rule]]\nid = %q\nmessage = %q\nrestricted = [%q]\napproved = [%q]\n", r.ID, r.Message, r.Restricted[0], r.Approved[0])
			phrases.WriteString(r.Restricted[0] + "\n")
			// The phrases are lower-case letters and spaces: safe as
			// YAML keys and as Vale's regexes.
			fmt.Fprintf(&swap, "  %s: %s\n", r.Restricted[0], r.Approved[0])
		}
		write(fmt.Sprintf("rules-%d.toml", n), []byte(cfg.String()))
		write(fmt.Sprintf("phrases-%d.txt", n), []byte(phrases.String()))
		write(fmt.Sprintf("vale-%d/.vale.ini", n), []byte("StylesPath = styles\nMinAlertLevel = suggestion\n\n[*.md]\nBasedOnStyles = Bench\n"))
		write(fmt.Sprintf("vale-%d/styles/Bench/Swap.yml", n), []byte(swap.String()))
	}
}
