package server

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// TestCLIAndLSPAgree: for a corpus of every format guardrail checks
// (Markdown with and without YAML and TOML front matter, with blank lines
// in it or not, below and above the incremental threshold; MDX, HTML,
// code, JSON and YAML catalogs, plain text), the diagnostics the server
// publishes after opening each file and after each of a sequence of random
// edits equal the findings of `guardrail check --format json` on the same
// text. The CLI is the binary built from cmd/guardrail, run on the files
// written to disk.
func TestCLIAndLSPAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the guardrail binary")
	}
	bin := filepath.Join(t.TempDir(), "guardrail")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/guardrail").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	seeds := []uint64{14, 7} // 14 found TOML front matter split at a blank line, 7 a "+++" line opening a segment
	if s := agreementSeed(); s != 0 {
		seeds = []uint64{s}
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { checkAgreement(t, bin, seed, agreementRounds()) })
	}
}

// checkAgreement opens the corpus in a server, edits every file rounds
// times, and compares the server's diagnostics with the CLI's findings
// after the opening and after each round.
func checkAgreement(t *testing.T, bin string, seed uint64, rounds int) {
	corpus := agreementCorpus()
	files := map[string]string{".guardrail.toml": testConfig}
	for name, text := range corpus {
		files[name] = text
	}
	dir := writeWorkspace(t, files)
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)

	names := slices.Sorted(func(yield func(string) bool) {
		for name := range corpus {
			if !yield(name) {
				return
			}
		}
	})
	docs := map[string]*doc{}
	for _, name := range names {
		docs[name] = c.open(filepath.Join(dir, name), languageOf(name), corpus[name])
	}
	rng := rand.New(rand.NewPCG(seed, 2026))
	for round := 0; round <= rounds; round++ {
		if round > 0 {
			for _, name := range names {
				d := docs[name]
				d.edit(authorEdit(rng, d))
			}
		}
		lsp := map[string][]string{}
		for _, name := range names {
			d := docs[name]
			p := d.wait()
			lsp[name] = lspFindings(d, p.Diags)
			if err := os.WriteFile(filepath.Join(dir, name), []byte(d.text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cli := cliFindings(t, bin, dir)
		if os.Getenv("GUARDRAIL_TEST_LOG") != "" {
			for _, name := range names {
				t.Logf("round %d %s: %d lsp, %d cli", round, name, len(lsp[name]), len(cli[name]))
			}
		}
		for _, name := range names {
			if got, want := lsp[name], cli[name]; !slices.Equal(got, want) {
				text := docs[name].text
				t.Errorf("round %d, %s (%d bytes): the editor and the CLI disagree\n--- only in the editor\n%s\n--- only in the CLI\n%s\n--- text (first 600 bytes)\n%q",
					round, name, len(text), strings.Join(minus(got, want), "\n"), strings.Join(minus(want, got), "\n"), text[:min(len(text), 600)])
			}
		}
		if t.Failed() {
			return
		}
	}
}

// agreementCorpus returns file name → text.
func agreementCorpus() map[string]string {
	para := func(i int) string {
		switch i % 4 {
		case 0:
			return fmt.Sprintf("Paragraph %d says SRE enables access to OpenAI models for everyone.\n", i)
		case 1:
			return fmt.Sprintf("Paragraph %d asks teams to utilize the dashboard,\nover two lines.\n", i)
		case 2:
			return fmt.Sprintf("- item %d with synergy\n- and a second item\n", i)
		}
		return fmt.Sprintf("Plain paragraph %d with nothing to report.\n", i)
	}
	body := func(size int) string {
		var sb strings.Builder
		for i := 0; sb.Len() < size; i++ {
			if i%7 == 3 {
				fmt.Fprintf(&sb, "## Heading %d utilize\n\n", i)
			}
			sb.WriteString(para(i))
			sb.WriteString("\n")
		}
		return sb.String()
	}
	big, small := defaultIncrementalMin+2<<10, 600
	fronts := map[string]string{
		"none":      "",
		"yaml":      "---\ntitle: SRE enables access to OpenAI models\ndescription: utilize it\n---\n\n",
		"yamlblank": "---\ntitle: SRE enables access to OpenAI models\n\ndescription: utilize it\n---\n\n",
		"toml":      "+++\ntitle = \"SRE enables access to OpenAI models\"\ndescription = \"utilize it\"\n+++\n\n",
		"tomlblank": "+++\ntitle = \"SRE enables access to OpenAI models\"\n\n# utilize\n\nsynergy = \"utilize it\"\n+++\n\n",
	}
	files := map[string]string{}
	for name, fm := range fronts {
		files["md/"+name+"-small.md"] = fm + body(small)
		files["md/"+name+"-big.md"] = fm + body(big)
	}
	files["md/page-big.mdx"] = "import X from './x'\n\n" + body(big)
	files["web/index.html"] = "<!doctype html>\n<html><head><title>SRE enables access to OpenAI models</title></head>\n<body>\n<p>Please utilize the <b>synergy</b> button.</p>\n<!-- synergy in a comment -->\n</body></html>\n"
	files["src/main.go"] = "package main\n\n// F enables access to OpenAI models for the\n// service.\nfunc F() string {\n\treturn \"utilize the synergy\" // synergy\n}\n"
	files["src/app.py"] = "\"\"\"Module: SRE enables access to OpenAI models.\"\"\"\n# utilize\nx = 'synergy %s here' % y\n"
	files["src/web.js"] = "// utilize it\nconst r = /it's/g; // synergy after a regex\nconst s = `SRE enables access to ${x} OpenAI models`;\n"
	files["src/run.sh"] = "#!/bin/sh\n# utilize the synergy\necho \"SRE enables access to OpenAI models\" # synergy\n"
	files["src/a.rb"] = "# synergy\nx = %q(don't utilize) # utilize\n"
	files["src/a.c"] = "#include <stdio.h> // synergy\n/* utilize */\nint main() { return 0; }\n"
	files["i18n/en.json"] = "{\n  \"a\": \"SRE enables access to OpenAI models\",\n  \"b\": \"utilize\",\n  \"c\": [\"synergy\"]\n}\n"
	files["i18n/en.yaml"] = "# synergy comment\na: SRE enables access to OpenAI models\nb: \"utilize \\u00e9\"\nc:\n  - synergy\n"
	files["notes-small.txt"] = body(small)
	files["notes-big.txt"] = body(big)
	return files
}

// languageOf is the language id an editor sends for a file.
func languageOf(name string) string {
	switch filepath.Ext(name) {
	case ".md":
		return "markdown"
	case ".mdx":
		return "mdx"
	case ".txt":
		return "plaintext"
	case ".py":
		return "python"
	case ".js":
		return "javascript"
	case ".sh":
		return "shellscript"
	case ".rb":
		return "ruby"
	case ".yaml":
		return "yaml"
	}
	return strings.TrimPrefix(filepath.Ext(name), ".")
}

// authorEdit is an edit an author might make: text with or without a
// restricted phrase, a blank line, a front-matter fence, or a deletion.
func authorEdit(rng *rand.Rand, d *doc) rangeChange {
	text := d.text
	at := func() int { // a rune boundary, often a line start, often near the top (front matter)
		i := rng.IntN(len(text) + 1)
		if rng.IntN(3) == 0 {
			i = rng.IntN(min(len(text), 200) + 1)
		}
		if rng.IntN(2) == 0 {
			i = strings.LastIndexByte(text[:i], '\n') + 1
		}
		for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
			i--
		}
		return i
	}
	inserts := []string{"SRE enables access to OpenAI models. ", "utilize ", "synergy", "\n\n", "\n", "+++\n", "---\n", "enables access\nto OpenAI models", "# ", "<!-- guardrail-disable-next-line -->\n", "\"", "/*"}
	s := at()
	e := s
	ins := inserts[rng.IntN(len(inserts))]
	if rng.IntN(4) == 0 && len(text) > 0 {
		e = min(len(text), s+1+rng.IntN(40))
		for e < len(text) && !utf8.RuneStart(text[e]) {
			e++
		}
		ins = ""
	}
	return rangeChange{Range: protocol.Range{Start: d.posAt(s), End: d.posAt(e)}, Text: ins}
}

// lspFindings renders diagnostics as rule, byte range, severity and
// message.
func lspFindings(d *doc, diags []protocol.Diagnostic) []string {
	sev := map[protocol.DiagnosticSeverity]string{1: "error", 2: "warning", 3: "info", 4: "hint"}
	var out []string
	for _, dg := range diags {
		code, _ := dg.Code.(string)
		s := testOffset(d.text, dg.Range.Start, d.enc)
		e := testOffset(d.text, dg.Range.End, d.enc)
		out = append(out, fmt.Sprintf("%s [%d,%d) %s %s", code, s, e, sev[dg.Severity], dg.Message))
	}
	slices.Sort(out)
	return out
}

// cliFindings runs `guardrail check --format json` on dir and renders its
// findings by file, as lspFindings does.
func cliFindings(t *testing.T, bin, dir string) map[string][]string {
	t.Helper()
	cmd := exec.Command(bin, "check", "--format", "json", "--fail-on", "never", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "XDG_CONFIG_HOME="+filepath.Join(dir, ".no-user-config"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("guardrail check: %v\n%s", err, out)
	}
	var r struct {
		Findings []struct {
			Path, Rule, Severity, Message string
			Offset                        int `json:"offset"`
			EndOffset                     int `json:"endOffset"`
		} `json:"findings"`
		Errors []struct {
			Path, Message string
		} `json:"errors"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("guardrail check output: %v\n%s", err, out)
	}
	if len(r.Errors) > 0 {
		t.Fatalf("guardrail check errors: %+v", r.Errors)
	}
	got := map[string][]string{}
	for _, f := range r.Findings {
		name := filepath.ToSlash(f.Path)
		got[name] = append(got[name], fmt.Sprintf("%s [%d,%d) %s %s", f.Rule, f.Offset, f.EndOffset, f.Severity, f.Message))
	}
	for name := range got {
		slices.Sort(got[name])
	}
	return got
}

// minus returns the elements of a not in b.
func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// agreementSeed and agreementRounds are GUARDRAIL_AGREE_SEED (0: the
// default seeds) and GUARDRAIL_AGREE_ROUNDS (default 10), for a longer
// search.
func agreementSeed() uint64 {
	var n uint64
	fmt.Sscan(os.Getenv("GUARDRAIL_AGREE_SEED"), &n)
	return n
}

func agreementRounds() int {
	n := 10
	fmt.Sscan(os.Getenv("GUARDRAIL_AGREE_ROUNDS"), &n)
	return n
}
