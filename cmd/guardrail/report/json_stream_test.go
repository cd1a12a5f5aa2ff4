package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

// viaEncoder is the JSON report as encoding/json writes it: the bytes
// WriteJSON must reproduce.
func viaEncoder(t testing.TB, r *Result) []byte {
	var buf bytes.Buffer
	if err := writeJSON(&buf, JSON(r)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func checkSameAsEncoder(t testing.TB, r *Result) {
	var got bytes.Buffer
	if err := WriteJSON(&got, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if want := viaEncoder(t, r); !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("WriteJSON differs from encoding/json:\n--- got ---\n%q\n--- want ---\n%q", got.Bytes(), want)
	}
}

// TestJSONWriterMatchesEncoder: the hand-written writer gives
// encoding/json's bytes for the golden results, hostile text, an empty
// run, templates with slots, notes, and a report large enough to be
// flushed several times.
func TestJSONWriterMatchesEncoder(t *testing.T) {
	checkSameAsEncoder(t, sampleResult(t))
	checkSameAsEncoder(t, hostileResult())
	checkSameAsEncoder(t, &Result{})
	checkSameAsEncoder(t, &Result{Files: []File{{Path: "a.md", Src: []byte("fine\n")}}})

	src := "We use the thing here.\n"
	tpl := &Result{Files: []File{{Path: "t.md", Src: []byte(src), Findings: []analysis.Finding{
		{Rule: "t.tpl", Severity: rules.SeverityInfo, Message: "m", Start: 3, End: 6, Template: "use {x}",
			Slots:        []analysis.Slot{{Name: "x", Text: "the\u2028\"thing\""}, {Name: "y", Text: ""}},
			Replacements: []string{"a", "b\u0085"}, Fix: rules.FixSuggest},
		{Rule: "t.none", Severity: rules.SeverityOff, Message: "", Start: 0, End: 0, Fix: rules.FixSuggest},
	}, Notes: []Note{{Offset: 5, Message: "n1"}, {Offset: 99, Message: "past the end"}}}}}
	checkSameAsEncoder(t, tpl)

	var big Result
	text := strings.Repeat("a\u00e9\u2029\x7f b\xff\n", 40)
	for f := range 30 {
		file := File{Path: "dir/f" + strings.Repeat("x", f) + ".md", Src: []byte(text)}
		for i := 0; i+4 < len(text); i += 3 {
			file.Findings = append(file.Findings, analysis.Finding{Rule: "r.big", Severity: rules.Severity(i % 5),
				Message: "found <" + text[i:i+4] + "> & more", Start: i, End: i + 4, Replacements: []string{text[i : i+2]}})
		}
		big.Files = append(big.Files, file)
	}
	big.Errors = []Error{{Path: "z\\.md", Line: 3, Column: 4, Message: "broken \"key\""}, {Path: "a.md", Message: "x"}}
	if out := viaEncoder(t, &big); len(out) < 3*jsonFlushSize {
		t.Fatalf("the big report is %d bytes: too small to flush several times", len(out))
	}
	checkSameAsEncoder(t, &big)
}

// FuzzJSONWriter: for any text in every string of a report, the writer
// gives encoding/json's bytes.
func FuzzJSONWriter(f *testing.F) {
	for _, s := range []string{"", "plain", "\x00\x1f\x7f\u0080\u009f\u00a0", "\u2028\u2029\"\\<>&", "\xff\xc2\xed\xa0\x80", "\r\n\t\b\f"} {
		f.Add(s, s+"m", 1)
	}
	f.Fuzz(func(t *testing.T, a, b string, n int) {
		src := a + b
		start, end := 0, len(src)
		if len(src) > 0 {
			start = int(uint(n) % uint(len(src)))
		}
		r := &Result{
			Files: []File{{Path: a, Src: []byte(src), Findings: []analysis.Finding{
				{Rule: b, Severity: rules.Severity(uint(n) % 6), Message: a + b, Start: start, End: end, Replacements: []string{b, a},
					Template: a, Slots: []analysis.Slot{{Name: b, Text: a}}, Fix: rules.FixMode(uint(n) % 3)},
				{Rule: a, Message: b, Start: start, End: start},
			}, Notes: []Note{{Offset: start, Message: b}}}},
			Errors: []Error{{Path: b, Line: n, Column: -n, Message: a}},
		}
		checkSameAsEncoder(t, r)
	})
}
