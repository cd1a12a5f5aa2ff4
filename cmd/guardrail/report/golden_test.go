package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current output")

// at returns the byte range of the nth (0-based) occurrence of sub in src.
func at(t *testing.T, src, sub string, nth int) (int, int) {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(src[off:], sub)
		if j < 0 {
			t.Fatalf("%q: occurrence %d of %q not found", src, nth, sub)
		}
		if i == nth {
			return off + j, off + j + len(sub)
		}
		off += j + len(sub)
	}
}

func finding(t *testing.T, src, sub string, nth int, rule string, sev rules.Severity, msg string, repl ...string) analysis.Finding {
	t.Helper()
	s, e := at(t, src, sub, nth)
	return analysis.Finding{Rule: rule, Severity: sev, Message: msg, Start: s, End: e, Match: sub, Replacements: repl}
}

const (
	guideSrc = "# Guide\r\n" +
		"\r\n" +
		"Café owners love it: SRE enables access to OpenAI models.\r\n" +
		"\r\n" +
		"Our platform — with SRE — provides access to\r\n" +
		"OpenAI models for everyone. We utilize 50% of it.\r\n"
	readmeSrc = "<!-- guardrail-disable-next-line plain.utilize -->\n" +
		"Guardrail calls *OpenAI* models directly.\n"
	goSrc = "package main\n" +
		"\n" +
		"func main() {\n" +
		"\t// 日本語のコメント: we leverage SRE.\n" +
		"}\n"
	notesSrc = "Release: SRE enables access to OpenAI models. Again, SRE enables access to OpenAI models.\n"
	longSrc  = "This paragraph was written on a single very long line, as Markdown paragraphs often are, and it goes on for quite a while before it finally says that SRE enables access to OpenAI models, after which it keeps going for a good while longer so that the line is far wider than any terminal would show.\n"
)

// sampleResult is the fixed result behind the golden files.
func sampleResult(t *testing.T) *Result {
	accessMsg := func(m string) string {
		return "Say SRE is powered by OpenAI models, not that it " + m + "."
	}
	return &Result{
		Files: []File{
			{Path: "docs/guide.md", Src: []byte(guideSrc), Findings: []analysis.Finding{
				// Out of order on purpose: Flatten sorts.
				finding(t, guideSrc, "utilize", 0, "plain.utilize", rules.SeverityWarning,
					"Prefer 'use' over 'utilize' (50% shorter).", "use"),
				finding(t, guideSrc, "provides access to\r\nOpenAI models", 0, "sre.access-claim", rules.SeverityError,
					accessMsg("provides access to\r\nOpenAI models"), "is powered by OpenAI models", "integrates with OpenAI models"),
				finding(t, guideSrc, "enables access to OpenAI models", 0, "sre.access-claim", rules.SeverityError,
					accessMsg("enables access to OpenAI models"), "is powered by OpenAI models", "integrates with OpenAI models"),
			}},
			{Path: "README.md", Src: []byte(readmeSrc), Findings: []analysis.Finding{
				finding(t, readmeSrc, "calls *OpenAI* models", 0, "sre.call-claim", rules.SeverityWarning,
					"Do not say SRE calls OpenAI models."),
				finding(t, readmeSrc, "<!-- guardrail-disable-next-line plain.utilize -->", 0, analysis.UnusedSuppressionRule, rules.SeverityHint,
					"This suppression comment suppresses nothing (plain.utilize)."),
			}},
			{Path: "src/main.go", Src: []byte(goSrc), Findings: []analysis.Finding{
				finding(t, goSrc, "leverage", 0, "acme.jargon", rules.SeverityInfo,
					"Prefer 'use' to 'leverage'.", "use"),
			}},
			{Path: "notes/clean.txt", Src: []byte("Nothing to see here.\n")},
			{Path: "docs/release notes, v2.md", Src: []byte(notesSrc), Findings: []analysis.Finding{
				finding(t, notesSrc, "enables access to OpenAI models", 1, "sre.access-claim", rules.SeverityError,
					accessMsg("enables access to OpenAI models"), "is powered by OpenAI models", "integrates with OpenAI models"),
				finding(t, notesSrc, "enables access to OpenAI models", 0, "sre.access-claim", rules.SeverityError,
					accessMsg("enables access to OpenAI models"), "is powered by OpenAI models", "integrates with OpenAI models"),
			}},
			{Path: "docs/long.txt", Src: []byte(longSrc), Findings: []analysis.Finding{
				finding(t, longSrc, "enables access to OpenAI models", 0, "sre.access-claim", rules.SeverityError,
					accessMsg("enables access to OpenAI models"), "is powered by OpenAI models", "integrates with OpenAI models"),
			}},
		},
		Errors: []Error{
			{Path: "sub/.guardrail.toml", Line: 3, Column: 5, Message: `unknown key "severty" in [[rule]]; did you mean "severity"?`},
			{Path: "policies/a.toml", Message: "extends cycle: policies/a.toml → policies/b.toml → policies/a.toml"},
		},
	}
}

func sampleOptions() Options {
	return Options{
		Version: "v1.2.3",
		Rules: map[string]RuleInfo{
			"sre.access-claim": {
				Message:   "Say SRE {approved}, not that it {match}.",
				Rationale: "SRE is powered by partner models; it does not resell access to them.",
				Link:      "https://example.com/messaging#sre",
				Severity:  rules.SeverityError,
				Approved:  []string{"is powered by OpenAI models", "integrates with OpenAI models"},
			},
			"sre.call-claim": {
				Message:  "Do not say SRE calls OpenAI models.",
				Severity: rules.SeverityWarning,
			},
			"plain.utilize": {
				Message:   "Prefer '{approved}' over '{match}'.",
				Rationale: "Plain words read faster.",
				Severity:  rules.SeverityWarning,
				Approved:  []string{"use"},
			},
			"acme.jargon": {
				Message:  "Prefer '{approved}' to '{match}'.",
				Severity: rules.SeverityInfo,
				Approved: []string{"use"},
			},
			"acme.unused": {
				Message:  "Never flagged here.",
				Severity: rules.SeverityHint,
			},
		},
	}
}

func goldenCases() map[string]func(*bytes.Buffer, *Result, Options) error {
	return map[string]func(*bytes.Buffer, *Result, Options) error{
		"check.txt": func(b *bytes.Buffer, r *Result, o Options) error { return WriteText(b, r, o) },
		"check.color.txt": func(b *bytes.Buffer, r *Result, o Options) error {
			o.Color = true
			return WriteText(b, r, o)
		},
		"check.json":   func(b *bytes.Buffer, r *Result, o Options) error { return WriteJSON(b, r, o) },
		"check.sarif":  func(b *bytes.Buffer, r *Result, o Options) error { return WriteSARIF(b, r, o) },
		"check.github": func(b *bytes.Buffer, r *Result, o Options) error { return WriteGitHub(b, r, o) },
	}
}

func TestGolden(t *testing.T) {
	for name, write := range goldenCases() {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf, sampleResult(t), sampleOptions()); err != nil {
				t.Fatal(err)
			}
			compareGolden(t, name, buf.Bytes())
		})
	}
}

// TestGoldenEmpty covers a clean run: empty lists, "no problems found".
func TestGoldenEmpty(t *testing.T) {
	r := &Result{Files: []File{{Path: "a.md", Src: []byte("fine\n")}, {Path: "b.md"}}}
	for _, ext := range []string{"txt", "json", "sarif", "github"} {
		t.Run(ext, func(t *testing.T) {
			var buf bytes.Buffer
			var err error
			switch ext {
			case "txt":
				err = WriteText(&buf, r, Options{})
			case "json":
				err = WriteJSON(&buf, r, Options{})
			case "sarif":
				err = WriteSARIF(&buf, r, Options{Version: "dev"})
			case "github":
				err = WriteGitHub(&buf, r, Options{})
			}
			if err != nil {
				t.Fatal(err)
			}
			compareGolden(t, "empty."+ext, buf.Bytes())
		})
	}
}

func compareGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update to accept):\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}
