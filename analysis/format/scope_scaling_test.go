package format

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// Every scoper does work linear in the document's size, on the inputs an
// attacker would pick (the contract: time linear in document size for
// every scoper). Each case below builds
// a hostile document of about n bytes; TestScopersScaleLinearly measures
// scoping it at several sizes:
//
//   - allocations (count and bytes; deterministic) at 8n, 16n and 32n:
//     work(32n) ≤ 5 × work(8n), plus a small constant;
//   - the CPU time of the scoping thread (not the wall clock: other
//     processes on a loaded machine do not count) at n and 32n: linear
//     work gives about 32×, quadratic work 1,024×; the bound is 10× the
//     linear expectation (320×), so that cache effects and a busy machine
//     cannot make a linear scoper fail, and a quadratic one still does.
//
// goldmark and chroma cannot count their own steps, hence a clock for the
// second measure; it is the only one that sees work that allocates nothing.

// scalingCase is one hostile input shape for one scoper.
type scalingCase struct {
	scoper string // markdown, markdown-fast, mdx, html, code-fast, code-chroma, json, yaml, text
	name   string
	path   string
	gen    func(n int) string // about n bytes
	// known, when set, says why the case is still superlinear: it is
	// skipped unless GUARDRAIL_SCALING_KNOWN=1.
	known string
}

// upTo repeats unit until the text is at least n bytes.
func upTo(n int, unit string) string {
	return strings.Repeat(unit, max(1, (n+len(unit)-1)/len(unit)))
}

// nested is open×k + mid + close×k, about n bytes.
func nested(n int, open, mid, close string) string {
	k := max(1, (n-len(mid))/(len(open)+len(close)))
	return strings.Repeat(open, k) + mid + strings.Repeat(close, k)
}

// lines joins f(i) for i = 0, 1, ... until the text is at least n bytes.
func lines(n int, f func(i int) string) string {
	var sb strings.Builder
	for i := 0; sb.Len() < n; i++ {
		sb.WriteString(f(i))
	}
	return sb.String()
}

func scalingCases() []scalingCase {
	var cs []scalingCase
	add := func(scoper, name, path string, gen func(n int) string) {
		cs = append(cs, scalingCase{scoper: scoper, name: name, path: path, gen: gen})
	}
	// Source code: the fast scanner's languages and a chroma one.
	for _, ext := range []string{".c", ".go", ".js", ".java", ".cs", ".rs", ".py", ".rb", ".sh"} {
		add("code-fast", "/* unterminated"+ext, "a"+ext, func(n int) string { return upTo(n, "/*") })
		add("code-fast", "/* terminated"+ext, "a"+ext, func(n int) string { return upTo(n-2, "/*") + "*/" })
		add("code-fast", "/* x */ on one line"+ext, "a"+ext, func(n int) string { return upTo(n, "/* x */ ") })
		add("code-fast", "// on one line"+ext, "a"+ext, func(n int) string { return upTo(n, "x // y ") })
		add("code-fast", "line comments"+ext, "a"+ext, func(n int) string { return upTo(n, "// x\n# y\n") })
		add("code-fast", "quotes"+ext, "a"+ext, func(n int) string { return upTo(n, `"`) })
		add("code-fast", "escaped quotes"+ext, "a"+ext, func(n int) string { return `"` + upTo(n, `\"`) })
		add("code-fast", "triple quotes"+ext, "a"+ext, func(n int) string { return upTo(n, `"""x`) })
		add("code-fast", "${ in a template"+ext, "a"+ext, func(n int) string { return "`" + upTo(n, "${") })
		add("code-fast", "#{ in a string"+ext, "a"+ext, func(n int) string { return `"` + upTo(n, "#{") })
		add("code-fast", "f-string braces"+ext, "a"+ext, func(n int) string { return `f"` + upTo(n, "{") })
	}
	add("code-fast", "heredocs", "a.sh", func(n int) string { return upTo(n, "cat <<EOF\n") })
	add("code-fast", "ruby %q", "a.rb", func(n int) string { return upTo(n, "%q(") })
	add("code-fast", "ruby =begin", "a.rb", func(n int) string { return upTo(n, "=begin\n") })
	add("code-fast", "ruby nested interpolations", "a.rb", func(n int) string { return upTo(n, `"#{`) })
	add("code-fast", "ruby interpolations with comments", "a.rb", func(n int) string { return upTo(n, "\"#{x # y\n}\" ") })
	add("code-fast", "ruby heredoc openers", "a.rb", func(n int) string { return upTo(n, "x = <<A + \"y\"\n") })
	add("code-fast", "rust lifetimes", "a.rs", func(n int) string { return upTo(n, "'r#\"") })
	add("code-fast", "shell ${ in strings", "a.sh", func(n int) string { return `"` + upTo(n, "${x:-(") })
	add("code-fast", "rust nested /*", "a.rs", func(n int) string { return nested(n, "/*", "x", "*/") })
	add("code-fast", "rust raw strings", "a.rs", func(n int) string { return upTo(n, `r#"`) })
	add("code-fast", "C# verbatim", "a.cs", func(n int) string { return upTo(n, `@"""`) })
	add("code-fast", "python triple", "a.py", func(n int) string { return upTo(n, `'''`) })
	add("code-fast", "docstrings", "a.py", func(n int) string { return upTo(n, "def f():\n  \"\"\"x\"\"\"\n") })
	add("code-fast", "preprocessor", "a.c", func(n int) string { return upTo(n, "#define x /*\n") })
	add("code-chroma", "/* unterminated", "a.kt", func(n int) string { return upTo(n, "/*") })
	add("code-chroma", "/* x */ on one line", "a.php", func(n int) string { return upTo(n, "/* x */ ") })
	add("code-chroma", "-- comments", "a.lua", func(n int) string { return upTo(n, "--[[x]] ") })

	// Markdown: goldmark's block structure with the fast inline scanner,
	// and MDX (goldmark's inline parsers).
	for _, md := range []struct{ scoper, ext string }{{"markdown", ".md"}, {"mdx", ".mdx"}} {
		p := "a" + md.ext
		add(md.scoper, "> nested on one line", p, func(n int) string { return upTo(n, ">") + " x\n" })
		add(md.scoper, "> > nested with blanks", p, func(n int) string { return upTo(n, "> ") + "x\n" })
		add(md.scoper, "> deepening lines", p, func(n int) string {
			return lines(n, func(i int) string { return strings.Repeat(">", i%300) + " x\n" })
		})
		add(md.scoper, "- nested list items", p, func(n int) string { return upTo(n, "- ") + "x\n" })
		add(md.scoper, "1. nested ordered items", p, func(n int) string { return upTo(n, "1. ") + "x\n" })
		add(md.scoper, "> - quote and list", p, func(n int) string { return upTo(n, "> - ") + "x\n" })
		add(md.scoper, "list nested by indentation", p, func(n int) string {
			return lines(n, func(i int) string { return strings.Repeat("  ", i%300) + "- x\n" })
		})
		add(md.scoper, "link reference definitions", p, func(n int) string {
			return lines(n, func(i int) string { return fmt.Sprintf("[r%d]: /u%d \"t\"\n", i, i) })
		})
		add(md.scoper, "definitions then references", p, func(n int) string {
			defs := lines(n/2, func(i int) string { return fmt.Sprintf("[r%d]: /u%d\n", i, i) })
			k := strings.Count(defs, "\n")
			return defs + "\n" + lines(n/2, func(i int) string { return fmt.Sprintf("[x][r%d] [r%d] ", i%k, (i*7)%k) })
		})
		add(md.scoper, "reference links on many lines", p, func(n int) string {
			return "[r]: /u\n\n" + upTo(n, "[x][r] [r]\n")
		})
		add(md.scoper, "collapsed references on many lines", p, func(n int) string {
			return "[r]: /u\n\n" + upTo(n, "[r][] [y]\n")
		})
		add(md.scoper, "unfinished definitions", p, func(n int) string { return "[a]:\n" + upTo(n, "[b]:\n") })
		add(md.scoper, "[ runs", p, func(n int) string { return upTo(n, "[") })
		add(md.scoper, "![ runs", p, func(n int) string { return upTo(n, "![") })
		add(md.scoper, "[x]( unclosed", p, func(n int) string { return upTo(n, "[x](") })
		add(md.scoper, "[x](u unclosed", p, func(n int) string { return upTo(n, "[x](u ") })
		add(md.scoper, "[x][ unclosed", p, func(n int) string { return upTo(n, "[x][") })
		add(md.scoper, "[a] shortcut", p, func(n int) string { return upTo(n, "[a]") })
		add(md.scoper, "[] pairs", p, func(n int) string { return "x" + upTo(n, "[]") })
		add(md.scoper, "nested links", p, func(n int) string { return nested(n, "[", "x", "](u)") })
		add(md.scoper, "nested images", p, func(n int) string { return nested(n, "![", "x", "](u)") })
		add(md.scoper, "` runs", p, func(n int) string { return upTo(n, "`") })
		add(md.scoper, "growing ` runs", p, func(n int) string {
			return lines(n, func(i int) string { return strings.Repeat("`", i%500+1) + " " })
		})
		add(md.scoper, "* runs", p, func(n int) string { return "x" + upTo(n, "*") })
		add(md.scoper, "*a openers", p, func(n int) string { return upTo(n, "*a ") })
		add(md.scoper, "_a openers", p, func(n int) string { return upTo(n, "_a ") })
		add(md.scoper, "a*a_ mixed", p, func(n int) string { return upTo(n, "a*a_") })
		add(md.scoper, "a**a__ mixed", p, func(n int) string { return upTo(n, "a**a__") })
		add(md.scoper, "*_ mixed openers", p, func(n int) string { return upTo(n, "*_a ") })
		add(md.scoper, "a~a* mixed", p, func(n int) string { return upTo(n, "a~a*") })
		add(md.scoper, "a~~a** mixed", p, func(n int) string { return upTo(n, "a~~a**") })
		add(md.scoper, "paragraphs at the delimiter cap", p, func(n int) string {
			return upTo(n, strings.Repeat("a*a_", mdMaxDelimiters/2-1)+"\n\n")
		})
		add(md.scoper, "nested emphasis", p, func(n int) string { return nested(n, "*a ", "x", " a*") })
		add(md.scoper, "nested strong", p, func(n int) string { return nested(n, "**", "x", "**") })
		add(md.scoper, "~~ runs", p, func(n int) string { return upTo(n, "~~a ") })
		add(md.scoper, "< runs", p, func(n int) string { return "x" + upTo(n, "<") })
		add(md.scoper, "<a unclosed tags", p, func(n int) string { return "x" + upTo(n, "<a ") })
		add(md.scoper, "<a b=' attributes", p, func(n int) string { return "x " + upTo(n, "<a b='") })
		add(md.scoper, "<!-- unclosed", p, func(n int) string { return "x " + upTo(n, "<!--") })
		add(md.scoper, "<? unclosed", p, func(n int) string { return "x " + upTo(n, "<?") })
		add(md.scoper, "<![CDATA[ unclosed", p, func(n int) string { return "x " + upTo(n, "<![CDATA[") })
		add(md.scoper, "<!X unclosed", p, func(n int) string { return "x " + upTo(n, "<!X") })
		add(md.scoper, "<a> tags", p, func(n int) string { return "x " + upTo(n, "<a>y ") })
		add(md.scoper, "<div> HTML blocks", p, func(n int) string { return upTo(n, "<div>\n") })
		add(md.scoper, "<!-- HTML blocks", p, func(n int) string { return upTo(n, "<!--\n") })
		add(md.scoper, "| long table line", p, func(n int) string {
			k := n / 6
			return strings.Repeat("|a", k) + "\n" + strings.Repeat("|-", k) + "\n" + strings.Repeat("|b", k) + "\n"
		})
		add(md.scoper, "| pipes in a table", p, func(n int) string { return "a|b\n-|-\n" + upTo(n, "|") + "\n" })
		add(md.scoper, "| table rows", p, func(n int) string { return "|a|b|\n|-|-|\n" + upTo(n, "|x|y|\n") })
		add(md.scoper, "$ math", p, func(n int) string { return upTo(n, "$a ") })
		add(md.scoper, "\\ escapes", p, func(n int) string { return upTo(n, "\\") })
		add(md.scoper, "& entities", p, func(n int) string { return upTo(n, "&amp") })
		add(md.scoper, "URL with ) runs", p, func(n int) string { return "http://a.b" + upTo(n, ")") })
		add(md.scoper, "URL with ( runs", p, func(n int) string { return upTo(n, "http://a.b(") })
		add(md.scoper, "www. runs", p, func(n int) string { return upTo(n, "www.a") })
		add(md.scoper, "e-mail local part", p, func(n int) string { return upTo(n, "a.") + "@b.c" })
		add(md.scoper, "@ runs", p, func(n int) string { return upTo(n, "a@") })
		add(md.scoper, "setext headings", p, func(n int) string { return upTo(n, "a\n=\n") })
		add(md.scoper, "``` fences", p, func(n int) string { return upTo(n, "```\n") })
		add(md.scoper, "indented code", p, func(n int) string { return upTo(n, "    x\n") })
		add(md.scoper, "headings", p, func(n int) string { return upTo(n, "# x\n") })
		add(md.scoper, "long paragraph", p, func(n int) string { return upTo(n, "word word word\n") })
		add(md.scoper, "front matter", p, func(n int) string { return "---\ntitle: " + upTo(n, "[") + "\n---\nx\n" })
		add(md.scoper, "TOML front matter strings", p, func(n int) string {
			return "+++\n" + upTo(n, "title = \"a \\\" b\"\nx = [\"\"\"\n'''\n") + "+++\nx\n"
		})
		add(md.scoper, "TOML front matter unterminated", p, func(n int) string { return "+++\ntitle = \"\"\"" + upTo(n, "\\\"\n") + "\n+++\nx\n" })
		// Template syntax, inline code and raw HTML (opaque segments).
		add(md.scoper, "{{< unclosed", p, func(n int) string { return upTo(n, "{{< ") })
		add(md.scoper, "{{% unclosed", p, func(n int) string { return upTo(n, "{{% x ") })
		add(md.scoper, "{% unclosed", p, func(n int) string { return upTo(n, "{% ") })
		add(md.scoper, "{{ unclosed on lines", p, func(n int) string { return upTo(n, "{{ x\n") })
		add(md.scoper, "{{< before a blank line", p, func(n int) string { return upTo(n, "{{< x\n\n") + ">}}" })
		add(md.scoper, "{{< x >}} unpaired openers", p, func(n int) string { return upTo(n, "{{< x >}} a ") })
		add(md.scoper, "{{< x >}} nested pairs", p, func(n int) string { return nested(n, "{{< x >}}a ", "b", "{{< /x >}} ") })
		add(md.scoper, "{{< /x >}} closers", p, func(n int) string { return upTo(n, "{{< /x >}} a ") })
		add(md.scoper, "{% raw %} unclosed", p, func(n int) string { return upTo(n, "{% raw %} a\n\n") })
		add(md.scoper, "{{ x }} tags", p, func(n int) string { return upTo(n, "a {{ x }} ") })
		add(md.scoper, "`x` code spans", p, func(n int) string { return upTo(n, "a `x` ") })
		add(md.scoper, "<img without >", p, func(n int) string { return "x " + upTo(n, "<img ") })
		add(md.scoper, "<img alt over lines", p, func(n int) string { return "x " + upTo(n, "<img\nalt=\"a\nb\"> ") })
		add(md.scoper, "<code> unclosed", p, func(n int) string { return "x " + upTo(n, "<code>a ") })
		add(md.scoper, "<code> nested", p, func(n int) string { return "x " + nested(n, "<code>a ", "b", "</code> ") })
		add(md.scoper, "<kbd> pairs", p, func(n int) string { return "x " + upTo(n, "<kbd>a</kbd> b ") })
	}
	add("mdx", "{ expressions", "a.mdx", func(n int) string { return "x " + upTo(n, "{") })
	add("mdx", "{/* comments */}", "a.mdx", func(n int) string { return upTo(n, "{/* a */}\n") })

	// HTML.
	add("html", "< runs", "a.html", func(n int) string { return upTo(n, "<") })
	add("html", "<a unclosed tags", "a.html", func(n int) string { return upTo(n, "<a ") })
	add("html", "<a b=' attributes", "a.html", func(n int) string { return upTo(n, "<a b='") })
	add("html", "<!-- unclosed", "a.html", func(n int) string { return upTo(n, "<!--") })
	add("html", "<div> unclosed", "a.html", func(n int) string { return upTo(n, "<div>") })
	add("html", "<p> text", "a.html", func(n int) string { return upTo(n, "<p>x") })
	add("html", "<script> unclosed", "a.html", func(n int) string { return upTo(n, "<script>") })
	add("html", "nested elements", "a.html", func(n int) string { return nested(n, "<div><b>", "x", "</b></div>") })
	add("html", "<img alt> attributes", "a.html", func(n int) string { return upTo(n, "<img alt='x' ") })
	add("html", "& entities", "a.html", func(n int) string { return upTo(n, "&amp") })
	add("html", "<code> pairs", "a.html", func(n int) string { return upTo(n, "<p>a <code>b</code> c") })
	add("html", "<code> unclosed", "a.html", func(n int) string { return upTo(n, "<code>a ") })

	// Catalogs.
	add("json", "[ unclosed", "a.json", func(n int) string { return upTo(n, "[") })
	add("json", "[ nested", "a.json", func(n int) string { return nested(n, "[", `"x"`, "]") })
	add("json", "{ nested", "a.json", func(n int) string { return nested(n, `{"a":`, `"x"`, "}") })
	add("json", "escaped quotes", "a.json", func(n int) string { return `"` + upTo(n, `\"`) + `"` })
	add("json", "long array", "a.json", func(n int) string { return "[" + upTo(n, `"x",`) + `"y"]` })
	add("yaml", "[ unclosed", "a.yaml", func(n int) string { return "a: " + upTo(n, "[") })
	add("yaml", "[ nested", "a.yaml", func(n int) string { return "a: " + nested(min(n, 9000), "[", "x", "]") })
	add("yaml", "long flow sequence", "a.yaml", func(n int) string { return "a: [" + upTo(n, "x, ") + "y]\n" })
	add("yaml", "- nested", "a.yaml", func(n int) string { return upTo(min(n, 9000), "- ") + "x\n" })
	add("yaml", "aliases", "a.yaml", func(n int) string {
		return "a0: &a0 [x, y]\n" + lines(n, func(i int) string {
			return fmt.Sprintf("a%d: &a%d [*a%d, *a%d, *a%d, *a%d]\n", i+1, i+1, i, i, i, i)
		})
	})
	add("yaml", "many aliases", "a.yaml", func(n int) string { return "a: &a xxxxxxxx\nb:\n" + upTo(n, "- *a\n") })
	add("yaml", "comments", "a.yaml", func(n int) string { return upTo(n, "# x\n") })
	add("yaml", "escaped quotes", "a.yaml", func(n int) string { return `a: "` + upTo(n, `\"`) + `"` })
	add("yaml", "long plain scalar", "a.yaml", func(n int) string { return "a: x\n" + upTo(n, "  y\n") })
	add("yaml", "documents", "a.yaml", func(n int) string { return upTo(n, "---\na: x\n") })

	// Plain text.
	add("text", "long paragraph", "a.txt", func(n int) string { return upTo(n, "word ") })
	add("text", "lines", "a.txt", func(n int) string { return upTo(n, "w\n") })
	add("text", "directives", "a.txt", func(n int) string { return upTo(n, "guardrail-disable x\n") })
	add("text", "CR lines", "a.txt", func(n int) string { return upTo(n, "w\r") })
	// No case is known superlinear now. The last ones, with their CPU
	// ratio at 32n before their bound (linear is 32×, the test allows 320×):
	//   - a*a_ mixed: 1,970× (markdown), 1,623× (mdx); a**a__ mixed:
	//     1,077× and 1,006×; *_ mixed openers: 263× (markdown): goldmark's
	//     emphasis algorithm, which the fast scanner transcribes, scans the
	//     delimiter stack down to its bottom for each closer. Now 5× to 12×:
	//     a block's delimiter runs are capped (mdMaxDelimiters).
	//   - mdx reference links on many lines: 155× (allocations linear,
	//     time not): goldmark's blockReader.Value walks back from the
	//     block's last line for each reference label. Now 34×: the link
	//     parser reads labels by binary search (linkValued).
	// Set known on a case (it is then skipped unless
	// GUARDRAIL_SCALING_KNOWN=1) only with the reason and an issue.
	return cs
}

// scopeOnce scopes src as the engine would.
func scopeOnce(path string, src []byte) Scoped {
	return ScopeDocument(KindOf(path), path, src)
}

// allocsOf counts the allocations (number, bytes) of scoping src: the least
// of two runs, so that pools filled by the first do not count.
func allocsOf(path string, src []byte) (uint64, uint64) {
	// No collection meanwhile: it would empty the pools (of the fast
	// scanner's arenas), and the next run would count them again.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	var best [2]uint64
	for r := 0; r < 2; r++ {
		var a, b runtime.MemStats
		runtime.ReadMemStats(&a)
		scopeOnce(path, src)
		runtime.ReadMemStats(&b)
		m, by := b.Mallocs-a.Mallocs, b.TotalAlloc-a.TotalAlloc
		if r == 0 || m < best[0] {
			best[0] = m
		}
		if r == 0 || by < best[1] {
			best[1] = by
		}
	}
	return best[0], best[1]
}

// cpuOf is the least thread CPU time per scoping of src over rounds of at
// least 5 ms each; ok is false where thread CPU time is not measured.
func cpuOf(path string, src []byte, rounds int) (time.Duration, bool) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	best := time.Duration(-1)
	for r := 0; r < rounds; r++ {
		t0, ok := threadCPU()
		if !ok {
			return 0, false
		}
		reps := 0
		var t1 time.Duration
		for {
			scopeOnce(path, src)
			reps++
			t1, _ = threadCPU()
			if t1-t0 >= 5*time.Millisecond || reps >= 1000 {
				break
			}
		}
		if d := (t1 - t0) / time.Duration(reps); best < 0 || d < best {
			best = d
		}
		if best > 200*time.Millisecond {
			break // a slow input: one round says enough
		}
	}
	return best, true
}

// scalingBase is n, the smallest size measured.
const scalingBase = 4 << 10

func TestScopersScaleLinearly(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("timing and allocations under the race detector say nothing; -short skips 25 s of CPU")
	}
	only := os.Getenv("GUARDRAIL_SCALING_CASE") // a substring of scoper/name
	for _, c := range scalingCases() {
		t.Run(c.scoper+"/"+c.name, func(t *testing.T) {
			if only != "" && !strings.Contains(c.scoper+"/"+c.name, only) {
				t.Skip()
			}
			if c.known != "" && os.Getenv("GUARDRAIL_SCALING_KNOWN") == "" {
				t.Skip("known superlinear: " + c.known)
			}
			checkScaling(t, c)
		})
	}
}

func checkScaling(t *testing.T, c scalingCase) {
	n := scalingBase
	srcs := map[int][]byte{}
	for _, m := range []int{1, 8, 16, 32} {
		srcs[m] = []byte(c.gen(m * n))
	}
	small, timed := cpuOf(c.path, srcs[1], 3)
	var big time.Duration
	if timed {
		// 32n is measured first, with a limit on the wall clock (60× the
		// linear expectation, on a machine as loaded as it likes), so that
		// a quadratic scoper fails in seconds, not hours.
		done := make(chan time.Duration, 1)
		go func() {
			d, _ := cpuOf(c.path, srcs[32], 1)
			done <- d
		}()
		limit := max(5*time.Second, 2000*small)
		select {
		case big = <-done:
		case <-time.After(limit):
			t.Fatalf("scoping %d bytes takes more than %v, %d bytes %v of CPU time: far from linear", len(srcs[32]), limit, len(srcs[1]), small)
		}
	}
	// Allocations: deterministic, at 8n, 16n and 32n.
	var allocs, bytes [3]uint64
	for k, m := range []int{8, 16, 32} {
		allocs[k], bytes[k] = allocsOf(c.path, srcs[m])
	}
	t.Logf("allocations at %d, %d, %d bytes: %v (%v bytes)", len(srcs[8]), len(srcs[16]), len(srcs[32]), allocs, bytes)
	if allocs[2] > 5*allocs[0]+256 {
		t.Errorf("allocations grow faster than the input: %v at 8n, 16n, 32n (n = %d)", allocs, n)
	}
	// (Bytes may double with a slice's capacity: 2 × 4× is linear.)
	if bytes[2] > 8*bytes[0]+1<<20 {
		t.Errorf("bytes allocated grow faster than the input: %v at 8n, 16n, 32n (n = %d)", bytes, n)
	}
	if !timed {
		return
	}
	// CPU time: n and 32n, ratio at most 10× the linear 32×.
	ratio := float64(big) / float64(max(small, time.Microsecond))
	if ratio > 320 {
		// Measured once: make sure with the least of three.
		big, _ = cpuOf(c.path, srcs[32], 3)
		ratio = float64(big) / float64(max(small, time.Microsecond))
	}
	t.Logf("CPU %v at %d bytes, %v at %d bytes: %.0f×", small, len(srcs[1]), big, len(srcs[32]), ratio)
	if ratio > 320 {
		t.Errorf("CPU time grows faster than the input: %v at %d bytes, %v at %d bytes (%.0f×, linear is 32×)", small, len(srcs[1]), big, len(srcs[32]), ratio)
	}
}
