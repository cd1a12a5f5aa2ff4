// Command releasecheck inspects a goreleaser dist/ folder made from
// .goreleaser.yaml and fails unless it is a complete guardrail release:
//
//		go run ./tools/releasecheck [-run] dist
//
//	  - six archives guardrail_<version>_<os>_<arch>.tar.gz (.zip for
//	    windows), each with exactly the binary, README.md and LICENSE (and
//	    completions/ when the release ships them); the binary is built for
//	    that OS and CPU (ELF, Mach-O or PE header) and executable;
//	  - six .vsix files guardrail-<target>-<extension version>.vsix whose
//	    extension.vsixmanifest names the target and whose
//	    extension/server/<target>/guardrail[.exe] is byte for byte the
//	    archive's binary for that platform;
//	  - checksums.txt lists every archive and .vsix, with the right sha256,
//	    and nothing that is not there;
//	  - with -run, the binary for this machine's platform prints
//	    "guardrail v<version> (commit <the release commit>, built ...".
//
// The version and commit come from dist/metadata.json. Standard library
// only; prints one line per check and exits 1 on the first failed file
// set.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	run := flag.Bool("run", false, "run the binary built for this machine and check `guardrail version`")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: releasecheck [-run] DIST")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	r, err := Check(flag.Arg(0), *run)
	for _, line := range r.OK {
		fmt.Println("ok   " + line)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL release: "+err.Error())
		os.Exit(1)
	}
	fmt.Printf("PASS release %s: %d archives, %d .vsix, checksums.txt\n", r.Version, len(r.Archives), len(r.Vsix))
}
