// Command benchgen writes the benchmark inputs to a folder: bench.txt and
// bench.md (1 MB each), and for each rule count N a guardrail config
// rules-N.toml and a grep pattern file phrases-N.txt with the same phrases.
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
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(*out, name), data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	write("bench.txt", benchdata.Text(*size, false))
	write("bench.md", benchdata.Text(*size, true))
	for _, c := range strings.Split(*counts, ",") {
		n, err := strconv.Atoi(c)
		if err != nil {
			log.Fatalf("bad rule count %q", c)
		}
		var cfg, phrases strings.Builder
		cfg.WriteString("root = true\n")
		for _, r := range benchdata.Rules(n) {
			fmt.Fprintf(&cfg, "\n[[rule]]\nid = %q\nmessage = %q\nrestricted = [%q]\napproved = [%q]\n", r.ID, r.Message, r.Restricted[0], r.Approved[0])
			phrases.WriteString(r.Restricted[0] + "\n")
		}
		write(fmt.Sprintf("rules-%d.toml", n), []byte(cfg.String()))
		write(fmt.Sprintf("phrases-%d.txt", n), []byte(phrases.String()))
	}
}
