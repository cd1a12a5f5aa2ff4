package analysis

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// The SRE messaging corpora (testdata/sre-corpus and testdata/sre-corpus-2,
// see their READMEs): documents written from the guidance without looking
// at builtin:sre-messaging, with the expected verdict of each sentence in a
// NAME.expect sidecar. The second corpus was written later, by a writer who
// had not seen the pack nor the first corpus, in other genres.

var (
	sreCorpusStrict = flag.Bool("sre-corpus-strict", false,
		"TestSRECorpus fails when recall is below 95% or a clean sentence is flagged")
	sreCorpusReport = flag.String("sre-corpus-report", "",
		"TestSRECorpus writes its table, fixed sentences, misses and false positives to this file "+
			"(the second corpus's report to the same name with -2 before the extension)")
)

const sreCorpusMinRecall = 0.95

// sreCorpora are the corpus folders and the least number of violations
// and clean sentences each must hold.
var sreCorpora = []struct {
	dir                     string
	minViolations, minClean int
	report                  string // suffix of the report file name
}{
	{"testdata/sre-corpus", 150, 100, ""},
	{"testdata/sre-corpus-2", 120, 100, "-2"},
}

// sreViolationClasses are the guidance points a V line may name; a C line
// may also name sreGeneralClass.
var sreViolationClasses = []string{
	"access", "passthrough", "availability", "hosting", "partners",
	"financing", "own-products", "trainium", "pricing",
}

const sreGeneralClass = "general"

var sreCleanKinds = map[string]bool{
	"approved": true, "neutral": true, "negated": true, "quoted": true,
	"site-reliability": true, "other-company": true, "other-product": true,
}

// sreLabel is one line of an .expect sidecar.
type sreLabel struct {
	line       int // in the sidecar
	violation  bool
	class      string
	kind       string // clean lines only
	snippet    string
	start, end int // byte range of the snippet in the document
}

// parseSRELabels reads an .expect sidecar; errors name the file and line.
func parseSRELabels(path string, data []byte) ([]sreLabel, []error) {
	known := map[string]bool{sreGeneralClass: true}
	for _, c := range sreViolationClasses {
		known[c] = true
	}
	var out []sreLabel
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		head, snippet, ok := strings.Cut(line, " | ")
		snippet = strings.TrimSpace(snippet)
		if !ok || snippet == "" {
			errs = append(errs, fmt.Errorf("%s:%d: want \"V class | snippet\" or \"C class kind | snippet\"", path, n))
			continue
		}
		f := strings.Fields(head)
		l := sreLabel{line: n, snippet: snippet}
		switch {
		case len(f) == 2 && f[0] == "V":
			l.violation, l.class = true, f[1]
			if f[1] == sreGeneralClass {
				errs = append(errs, fmt.Errorf("%s:%d: a violation needs a guidance class, not %q", path, n, f[1]))
				continue
			}
		case len(f) == 3 && f[0] == "C":
			l.class, l.kind = f[1], f[2]
			if !sreCleanKinds[l.kind] {
				errs = append(errs, fmt.Errorf("%s:%d: unknown clean kind %q", path, n, l.kind))
				continue
			}
		default:
			errs = append(errs, fmt.Errorf("%s:%d: want \"V class | snippet\" or \"C class kind | snippet\", got %q", path, n, head))
			continue
		}
		if !known[l.class] {
			errs = append(errs, fmt.Errorf("%s:%d: unknown class %q", path, n, l.class))
			continue
		}
		out = append(out, l)
	}
	return out, errs
}

// sreSnippetSep is what a space of a snippet matches: blanks, or a line
// break followed by indentation and comment or quote continuation markers.
const sreSnippetSep = `(?:[ \t]+|[ \t]*\r?\n(?:[ \t]*(?://+|#+|\*|>+))*[ \t]*)`

// sreSnippetRegexp compiles a snippet into a pattern whose spaces may also
// be line breaks with continuation markers.
func sreSnippetRegexp(snippet string) *regexp.Regexp {
	words := strings.Fields(snippet)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, sreSnippetSep))
}

// locateSnippet finds the only occurrence of snippet in src.
func locateSnippet(src []byte, snippet string) (start, end int, err error) {
	locs := sreSnippetRegexp(snippet).FindAllIndex(src, 2)
	switch len(locs) {
	case 0:
		return 0, 0, fmt.Errorf("not found")
	case 1:
		return locs[0][0], locs[0][1], nil
	default:
		return 0, 0, fmt.Errorf("found more than once")
	}
}

func TestSRECorpusSnippetPattern(t *testing.T) {
	src := []byte("// SRE gives your developers direct\n// access to GPT-5.\n" +
		"> one quoted\n> line\n" +
		" * a javadoc\n * line\n" +
		"a folded\n    yaml value\n" +
		"# a python\n    # comment\n" +
		"twice twice\n")
	for _, tc := range []struct {
		snippet string
		want    string // "" means not found or not unique
	}{
		{"SRE gives your developers direct access to GPT-5.", "SRE gives your developers direct\n// access to GPT-5."},
		{"one quoted line", "one quoted\n> line"},
		{"a javadoc line", "a javadoc\n * line"},
		{"a folded yaml value", "a folded\n    yaml value"},
		{"a python comment", "a python\n    # comment"},
		{"GPT-5", "GPT-5"},
		{"direct access to GPT", "direct\n// access to GPT"},
		{"gpt-5", ""}, // case-sensitive
		{"twice", ""}, // not unique
		{"developers direct access to GPT-5 quoted", ""},
	} {
		s, e, err := locateSnippet(src, tc.snippet)
		if tc.want == "" {
			if err == nil {
				t.Errorf("%q: found %q, want an error", tc.snippet, src[s:e])
			}
			continue
		}
		if err != nil || string(src[s:e]) != tc.want {
			t.Errorf("%q: got %q, %v; want %q", tc.snippet, src[s:e], err, tc.want)
		}
	}
}

func TestSRECorpusLabels(t *testing.T) {
	good := "# comment\n\nV access | SRE gives you access\nC general site-reliability | SRE on-call\n"
	ls, errs := parseSRELabels("x.expect", []byte(good))
	if len(errs) != 0 || len(ls) != 2 || !ls[0].violation || ls[1].kind != "site-reliability" || ls[1].line != 4 {
		t.Fatalf("got %+v, %v", ls, errs)
	}
	for _, bad := range []string{
		"V acess | typo in the class",
		"C access | clean without a kind",
		"C access approve | unknown kind",
		"V general | a violation must name a guidance point",
		"X access | unknown verdict",
		"V access |",
		"V access no separator",
	} {
		if _, errs := parseSRELabels("x.expect", []byte(bad)); len(errs) != 1 || !strings.Contains(errs[0].Error(), "x.expect:1: ") {
			t.Errorf("%q: got %v, want one error at x.expect:1", bad, errs)
		}
	}
}

// sreClassStats is one row of the table.
type sreClassStats struct {
	violations, caught, withFix, clean, flagged int
}

func TestSRECorpus(t *testing.T) {
	for _, c := range sreCorpora {
		t.Run(filepath.Base(c.dir), func(t *testing.T) {
			report := ""
			if *sreCorpusReport != "" {
				ext := filepath.Ext(*sreCorpusReport)
				report = strings.TrimSuffix(*sreCorpusReport, ext) + c.report + ext
			}
			runSRECorpus(t, c.dir, c.minViolations, c.minClean, report)
		})
	}
}

// runSRECorpus checks every document of the corpus in dir against its
// sidecar and logs (or writes to report) the table per class.
func runSRECorpus(t *testing.T, sreCorpusDir string, minViolations, minClean int, report string) {
	entries, err := os.ReadDir(sreCorpusDir)
	if err != nil {
		t.Fatal(err)
	}
	// Documents and sidecars pair up one to one.
	var docs []string
	names := map[string]bool{}
	for _, e := range entries {
		if !e.IsDir() {
			names[e.Name()] = true
		}
	}
	for n := range names {
		switch {
		case n == "README.md":
		case strings.HasSuffix(n, ".expect"):
			if !names[strings.TrimSuffix(n, ".expect")] {
				t.Errorf("%s: a sidecar without its document", filepath.Join(sreCorpusDir, n))
			}
		default:
			if !names[n+".expect"] {
				t.Errorf("%s: a document without its .expect sidecar", filepath.Join(sreCorpusDir, n))
			}
			docs = append(docs, n)
		}
	}
	sort.Strings(docs)
	if len(docs) == 0 {
		t.Fatal("no documents in " + sreCorpusDir)
	}

	// Check each document as `guardrail check` does with the default
	// config: copied to a folder with no .guardrail.toml and no user
	// config, where the default built-in packs apply.
	tmp := t.TempDir()
	loader := rules.NewLoader(rules.Options{NoUserConfig: true})
	var eng *Engine
	var engCfg *rules.Config

	stats := map[string]*sreClassStats{}
	kindStats := map[string]*sreClassStats{}
	row := func(m map[string]*sreClassStats, k string) *sreClassStats {
		if m[k] == nil {
			m[k] = &sreClassStats{}
		}
		return m[k]
	}
	var fixed, missed, falsePos, unlabelled []string
	nFindings := 0
	for _, name := range docs {
		src, err := os.ReadFile(filepath.Join(sreCorpusDir, name))
		if err != nil {
			t.Fatal(err)
		}
		expectPath := filepath.Join(sreCorpusDir, name+".expect")
		expectData, err := os.ReadFile(expectPath)
		if err != nil {
			t.Fatal(err)
		}
		labels, errs := parseSRELabels(expectPath, expectData)
		for _, e := range errs {
			t.Error(e)
		}
		for i := range labels {
			l := &labels[i]
			s, e, err := locateSnippet(src, l.snippet)
			if err != nil {
				t.Errorf("%s:%d: snippet %s in %s: %q", expectPath, l.line, err, name, l.snippet)
				l.start, l.end = -1, -1
				continue
			}
			l.start, l.end = s, e
		}

		path := filepath.Join(tmp, name)
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, cerrs := loader.ConfigFor(path)
		if cfg == nil {
			t.Fatalf("%s: config: %v", name, cerrs)
		}
		if !cfg.Default {
			t.Fatalf("%s: a config was found (%v); the corpus needs the default config", name, cfg.Layers)
		}
		kind := format.KindOf(path)
		if !cfg.Selects(path, kind != format.KindNone) {
			t.Fatalf("%s: not checked by default (kind %v)", name, kind)
		}
		if eng == nil || engCfg != cfg {
			if !sreHasRules(cfg.Rules) {
				t.Fatal("the default config has no sre.* rule")
			}
			eng, err = CompileWith(cfg.Rules, Options{UnusedSuppression: cfg.UnusedSuppression})
			if err != nil {
				t.Fatal(err)
			}
			engCfg = cfg
		}
		found := eng.Check(Document{Path: path, RelPath: cfg.RelPath(path), Text: src, Kind: kind})
		nFindings += len(found)

		covered := make([]bool, len(found))
		for _, l := range labels {
			if l.start < 0 {
				continue
			}
			var hits []Finding
			for i, f := range found {
				if f.Start < l.end && l.start < f.End && (!l.violation || strings.HasPrefix(f.Rule, "sre.")) {
					hits = append(hits, f)
					covered[i] = true
				}
			}
			where := fmt.Sprintf("%s:%d", name, sreLineOf(src, l.start))
			if l.violation {
				st := row(stats, l.class)
				st.violations++
				if len(hits) == 0 {
					missed = append(missed, fmt.Sprintf("%s [%s] %s", where, l.class, sreFlat(src[l.start:l.end])))
					continue
				}
				st.caught++
				if after, ok := sreAfterFix(src, l.start, l.end, hits); ok {
					st.withFix++
					fixed = append(fixed, fmt.Sprintf("%s [%s] %s\n    -> %s", where, l.class, sreFlat(src[l.start:l.end]), after))
				}
				continue
			}
			st, kst := row(stats, l.class), row(kindStats, l.kind)
			st.clean++
			kst.clean++
			if len(hits) > 0 {
				st.flagged++
				kst.flagged++
				var ids []string
				for _, h := range hits {
					ids = append(ids, fmt.Sprintf("%s %q", h.Rule, sreFlat([]byte(h.Match))))
				}
				msg := fmt.Sprintf("%s [%s/%s] %s\n    by %s", where, l.class, l.kind, sreFlat(src[l.start:l.end]), strings.Join(ids, ", "))
				if after, ok := sreAfterFix(src, l.start, l.end, hits); ok {
					msg += "\n    -> " + after
				}
				falsePos = append(falsePos, msg)
			}
		}
		for i, f := range found {
			if !covered[i] {
				unlabelled = append(unlabelled, fmt.Sprintf("%s:%d %s %q", name, sreLineOf(src, f.Start), f.Rule, sreFlat([]byte(f.Match))))
			}
		}
	}

	// The tables.
	var b strings.Builder
	var total sreClassStats
	fmt.Fprintf(&b, "%-13s %5s %6s %7s %5s %6s %4s\n", "class", "viol", "caught", "recall", "fixes", "clean", "FP")
	classes := append(append([]string(nil), sreViolationClasses...), sreGeneralClass)
	for _, c := range classes {
		st := row(stats, c)
		total.violations += st.violations
		total.caught += st.caught
		total.withFix += st.withFix
		total.clean += st.clean
		total.flagged += st.flagged
		fmt.Fprintf(&b, "%-13s %5d %6d %7s %5d %6d %4d\n", c, st.violations, st.caught, srePercent(st.caught, st.violations), st.withFix, st.clean, st.flagged)
	}
	fmt.Fprintf(&b, "%-13s %5d %6d %7s %5d %6d %4d\n", "total", total.violations, total.caught, srePercent(total.caught, total.violations), total.withFix, total.clean, total.flagged)
	fmt.Fprintf(&b, "\nclean by kind  clean   FP\n")
	kinds := make([]string, 0, len(sreCleanKinds))
	for k := range sreCleanKinds {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		st := row(kindStats, k)
		fmt.Fprintf(&b, "%-16s %5d %4d\n", k, st.clean, st.flagged)
	}
	table := b.String()
	t.Logf("SRE corpus %s: %d documents, %d findings\n%s", sreCorpusDir, len(docs), nFindings, table)

	var rep strings.Builder
	rep.WriteString(table)
	for _, sec := range []struct {
		title string
		lines []string
	}{
		{"caught violations with a fix (sentence -> after the fix)", fixed},
		{"missed violations", missed},
		{"false positives (clean sentences flagged)", falsePos},
		{"findings on unlabelled text (not counted)", unlabelled},
	} {
		fmt.Fprintf(&rep, "\n== %s: %d\n", sec.title, len(sec.lines))
		for _, l := range sec.lines {
			rep.WriteString(l + "\n")
		}
	}
	if report != "" {
		if err := os.WriteFile(report, []byte(rep.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	} else {
		t.Log(rep.String()[len(table):])
	}

	strict := *sreCorpusStrict || os.Getenv("GUARDRAIL_SRE_CORPUS_STRICT") != ""
	if total.violations < minViolations || total.clean < minClean {
		t.Errorf("the corpus has %d violations and %d clean sentences; it needs at least %d and %d", total.violations, total.clean, minViolations, minClean)
	}
	recall := float64(total.caught) / float64(max(total.violations, 1))
	if recall < sreCorpusMinRecall || total.flagged > 0 {
		msg := fmt.Sprintf("recall %s (want at least %.0f%%), %d clean sentences flagged (want 0)", srePercent(total.caught, total.violations), sreCorpusMinRecall*100, total.flagged)
		if strict {
			t.Error(msg)
		} else {
			t.Log(msg + " (not failing: run with -sre-corpus-strict)")
		}
	}
}

func sreHasRules(rs []*rules.Rule) bool {
	for _, r := range rs {
		if strings.HasPrefix(r.ID, "sre.") {
			return true
		}
	}
	return false
}

// sreAfterFix applies the preferred replacements of the findings hits and
// returns the labelled text (widened to cover the edits) after the fix;
// false when none of them has a replacement.
func sreAfterFix(src []byte, start, end int, hits []Finding) (string, bool) {
	fixes := SelectFixes(src, hits)
	if len(fixes) == 0 {
		return "", false
	}
	lo, hi := start, end
	for _, f := range fixes {
		lo, hi = min(lo, f.Start), max(hi, f.End)
	}
	part := append([]byte(nil), src[lo:hi]...)
	for i := range fixes {
		fixes[i].Start -= lo
		fixes[i].End -= lo
	}
	return sreFlat(Apply(part, fixes)), true
}

var sreSpaces = regexp.MustCompile(sreSnippetSep)

// sreFlat shows text on one line: wrapped lines and their continuation
// markers read as one space.
func sreFlat(b []byte) string {
	return sreSpaces.ReplaceAllString(string(b), " ")
}

func sreLineOf(src []byte, off int) int {
	return bytes.Count(src[:off], []byte("\n")) + 1
}

func srePercent(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(d))
}
