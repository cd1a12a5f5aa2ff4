package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

// hostileResult holds control characters everywhere a repository puts
// text: the file name, the matched text (and so the message), an error
// path and message; plus a note and errors of every kind.
func hostileResult() *Result {
	src := "one x\x1b[2Jy two\r\nthree x\u009by\n"
	path := "evil\x1b]0;title\x07\r\nname\xff.md"
	return &Result{
		Files: []File{{
			Path: path,
			Src:  []byte(src),
			Findings: []analysis.Finding{
				{Rule: "t.esc", Severity: rules.SeverityWarning, Message: "no x\x1b[2Jy\r\nhere", Start: 4, End: 10, Replacements: []string{"z\x1b[0m"}},
				{Rule: "t.esc", Severity: rules.SeverityWarning, Message: "no x\u009by", Start: 22, End: 26},
			},
			Notes: []Note{{Offset: 22, Message: "guardrail shows the first 1 of 2 findings in this document; 1 more from here on is not shown (--max-findings)."}},
		}},
		Errors: []Error{
			{Path: "locked\x1b[1m", Message: "open locked\x1b[1m: permission denied", Kind: ReadError},
			{Path: "a.md", Message: "not fixed: no space left on device\x7f", Kind: FixError},
			{Path: ".guardrail.toml", Line: 1, Column: 2, Message: "bad\nkey"},
		},
	}
}

// TestGoldenHostile: every format shows or escapes the control characters
// (golden files hostile.*), and none is left raw.
func TestGoldenHostile(t *testing.T) {
	for name, write := range goldenCases() {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf, hostileResult(), Options{Version: "dev"}); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if name == "check.color.txt" {
				// Only guardrail's own colour sequences.
				out = strings.NewReplacer(ansiReset, "", ansiBold, "", ansiRed, "", ansiYellow, "", ansiBlue, "",
					ansiCyan, "", ansiGreen, "", ansiGutter, "", ansiFaint, "", ansiFixText, "").Replace(out)
			}
			if bad := rawControl(out); bad != "" {
				t.Errorf("raw control character %s in\n%q", bad, out)
			}
			if strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".sarif") {
				var v any
				if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
					t.Fatalf("invalid JSON: %v", err)
				}
			}
			compareGolden(t, "hostile."+strings.TrimPrefix(name, "check."), buf.Bytes())
		})
	}
}

// rawControl names the first control character of s other than the line
// feed that ends a line (C0, DEL, C1, or an invalid UTF-8 byte).
func rawControl(s string) string {
	for i, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			return fmt.Sprintf("%U at byte %d", r, i)
		case r == 0xFFFD && !strings.HasPrefix(s[i:], "\uFFFD"):
			return fmt.Sprintf("invalid UTF-8 at byte %d", i)
		}
	}
	return ""
}

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain ascii, tab\there", "plain ascii, tab\there"},
		{"Café 日本語 — ok", "Café 日本語 — ok"},
		{"a\x1b[31mb", "a␛[31mb"},
		{"cr\rlf\n", "cr␍lf␊"},
		{"del\x7f", "del␡"},
		{"c1\u0085\u009b", "c1\uFFFD\uFFFD"},
		{"bad\xff\xfe", "bad\uFFFD\uFFFD"},
		{"nul\x00", "nul␀"},
		{"abc\u202edm.exe", "abc\uFFFDdm.exe"},
		{"x\u2066y\u2069", "x\uFFFDy\uFFFD"},
		{"arabic عربي ok", "arabic عربي ok"},
	} {
		if got := clean(tc.in); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := cleanLine("a\r\nb\nc\x1b"); got != "a b c␛" {
		t.Errorf("cleanLine = %q", got)
	}
	in := []byte("{\"a\": \"x\x7fy\u0085z\u00a0é\"}")
	if got := string(escapeJSONControls(in)); got != `{"a": "x\u007fy\u0085z`+"\u00a0é\"}" {
		t.Errorf("escapeJSONControls = %q", got)
	}
}

func TestSummaryErrorKinds(t *testing.T) {
	r := &Result{Files: []File{{Path: "a"}}}
	errs := []Error{{Kind: ReadError}, {Kind: FixError}, {Kind: FixError}, {}}
	if got, want := summary(r, errs), "no findings in 1 file; 1 configuration error, 1 folder or file not read, 2 files not fixed"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}
