package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

func TestFlattenSortsAndPositions(t *testing.T) {
	r := sampleResult(t)
	items := Flatten(r)
	if len(items) != 9 {
		t.Fatalf("got %d items, want 9", len(items))
	}
	for i := 1; i < len(items); i++ {
		a, b := items[i-1], items[i]
		if a.Path > b.Path || a.Path == b.Path && (a.Line > b.Line || a.Line == b.Line && a.Column > b.Column) {
			t.Errorf("items %d and %d out of order: %s:%d:%d then %s:%d:%d", i-1, i, a.Path, a.Line, a.Column, b.Path, b.Line, b.Column)
		}
	}
	// Columns count code points: "Café owners love it: SRE " is 25 code
	// points but 26 bytes.
	for _, it := range items {
		if it.Path != "docs/guide.md" || it.Line != 3 {
			continue
		}
		if it.Column != 26 || it.EndColumn != 26+utf8.RuneCountInString(it.Match) {
			t.Errorf("guide.md:3 finding at columns %d-%d, want 26-%d", it.Column, it.EndColumn, 26+utf8.RuneCountInString(it.Match))
		}
	}
	// The CRLF-wrapped finding ends on the next line, after "OpenAI models".
	for _, it := range items {
		if it.Path == "docs/guide.md" && it.Line == 5 {
			if it.EndLine != 6 || it.EndColumn != 14 {
				t.Errorf("wrapped finding ends at %d:%d, want 6:14", it.EndLine, it.EndColumn)
			}
		}
	}
}

// jsonContract mirrors the JSON output as the README documents it,
// independently of the package's own types.
type jsonContract struct {
	Version  int `json:"version"`
	Findings []struct {
		Path         string   `json:"path"`
		Rule         string   `json:"rule"`
		Severity     string   `json:"severity"`
		Message      string   `json:"message"`
		Line         int      `json:"line"`
		Column       int      `json:"column"`
		EndLine      int      `json:"endLine"`
		EndColumn    int      `json:"endColumn"`
		Offset       int      `json:"offset"`
		EndOffset    int      `json:"endOffset"`
		Match        string   `json:"match"`
		Replacements []string `json:"replacements"`
	} `json:"findings"`
	Errors []struct {
		Path    string `json:"path"`
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		Message string `json:"message"`
	} `json:"errors"`
}

func TestJSONContract(t *testing.T) {
	r := sampleResult(t)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
	dec.DisallowUnknownFields()
	var got jsonContract
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("output does not match the contract: %v", err)
	}
	if dec.More() {
		t.Error("more than one JSON value printed")
	}
	if got.Version != 1 || len(got.Findings) != 9 || len(got.Errors) != 2 {
		t.Fatalf("version %d, %d findings, %d errors", got.Version, len(got.Findings), len(got.Errors))
	}
	srcs := map[string]string{}
	for _, f := range r.Files {
		srcs[f.Path] = string(f.Src)
	}
	for _, f := range got.Findings {
		if f.Replacements == nil {
			t.Errorf("%s: replacements is null", f.Path)
		}
		if src := srcs[f.Path]; src[f.Offset:f.EndOffset] != f.Match {
			t.Errorf("%s: offsets %d-%d give %q, match is %q", f.Path, f.Offset, f.EndOffset, src[f.Offset:f.EndOffset], f.Match)
		}
		if f.Line < 1 || f.Column < 1 || f.EndLine < f.Line {
			t.Errorf("%s: bad position %d:%d-%d:%d", f.Path, f.Line, f.Column, f.EndLine, f.EndColumn)
		}
		switch f.Severity {
		case "error", "warning", "info", "hint":
		default:
			t.Errorf("severity %q", f.Severity)
		}
	}
	// Every key is present even when empty.
	var raw map[string]json.RawMessage
	buf.Reset()
	WriteJSON(&buf, &Result{}, Options{})
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	if string(raw["findings"]) != "[]" || string(raw["errors"]) != "[]" || string(raw["version"]) != "1" {
		t.Errorf("empty report: %s", buf.Bytes())
	}
}

func TestSARIFShape(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, sampleResult(t), sampleOptions()); err != nil {
		t.Fatal(err)
	}
	var log map[string]any
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	get := func(v any, path ...any) any {
		t.Helper()
		for _, p := range path {
			switch k := p.(type) {
			case string:
				m, ok := v.(map[string]any)
				if !ok {
					t.Fatalf("%v: not an object at %q", path, k)
				}
				if v, ok = m[k]; !ok {
					t.Fatalf("%v: missing %q", path, k)
				}
			case int:
				a, ok := v.([]any)
				if !ok || k >= len(a) {
					t.Fatalf("%v: no element %d", path, k)
				}
				v = a[k]
			}
		}
		return v
	}
	str := func(v any, path ...any) string {
		t.Helper()
		s, ok := get(v, path...).(string)
		if !ok || s == "" {
			t.Fatalf("%v: want a non-empty string, got %v", path, get(v, path...))
		}
		return s
	}
	num := func(v any, path ...any) int {
		t.Helper()
		f, ok := get(v, path...).(float64)
		if !ok || f < 1 {
			t.Fatalf("%v: want a positive number, got %v", path, get(v, path...))
		}
		return int(f)
	}
	if str(log, "version") != "2.1.0" || !strings.Contains(str(log, "$schema"), "sarif") {
		t.Error("bad version or $schema")
	}
	runs := get(log, "runs").([]any)
	if len(runs) != 1 {
		t.Fatalf("%d runs", len(runs))
	}
	run := runs[0]
	if str(run, "tool", "driver", "name") != "guardrail" || str(run, "columnKind") != "unicodeCodePoints" {
		t.Error("bad driver name or columnKind")
	}
	str(run, "tool", "driver", "informationUri")
	ruleList := get(run, "tool", "driver", "rules").([]any)
	ruleIDs := map[string]int{}
	for i, r := range ruleList {
		id := str(r, "id")
		ruleIDs[id] = i
		str(r, "shortDescription", "text")
		str(r, "fullDescription", "text")
		str(r, "help", "text")
		switch str(r, "defaultConfiguration", "level") {
		case "error", "warning", "note":
		default:
			t.Errorf("rule %s: bad level", id)
		}
	}
	if _, ok := ruleIDs["acme.unused"]; !ok {
		t.Error("rules without findings are not listed")
	}
	results := get(run, "results").([]any)
	if len(results) != 9 {
		t.Fatalf("%d results", len(results))
	}
	fps := map[string]bool{}
	for _, res := range results {
		id := str(res, "ruleId")
		if _, ok := ruleIDs[id]; !ok {
			t.Errorf("result %s: rule not listed", id)
		}
		if int(get(res, "ruleIndex").(float64)) != ruleIDs[id] {
			t.Errorf("result %s: ruleIndex %v, want %d", id, get(res, "ruleIndex"), ruleIDs[id])
		}
		switch str(res, "level") {
		case "error", "warning", "note":
		default:
			t.Errorf("result %s: bad level", id)
		}
		str(res, "message", "text")
		loc := get(res, "locations", 0, "physicalLocation")
		uri := str(loc, "artifactLocation", "uri")
		if strings.Contains(uri, " ") || strings.HasPrefix(uri, "/") {
			t.Errorf("uri %q is not a relative URI reference", uri)
		}
		if str(loc, "artifactLocation", "uriBaseId") != "%SRCROOT%" {
			t.Error("missing uriBaseId")
		}
		num(loc, "region", "startLine")
		num(loc, "region", "startColumn")
		num(loc, "region", "endLine")
		num(loc, "region", "endColumn")
		fp := str(res, "partialFingerprints", FingerprintKey)
		if fps[fp] {
			t.Errorf("duplicate fingerprint %s", fp)
		}
		fps[fp] = true
		if fixes, ok := res.(map[string]any)["fixes"]; ok {
			rep := get(fixes, 0, "artifactChanges", 0, "replacements", 0)
			num(rep, "deletedRegion", "startLine")
			str(rep, "insertedContent", "text")
		}
	}
	inv := get(run, "invocations", 0)
	if get(inv, "executionSuccessful") != false {
		t.Error("executionSuccessful should be false with config errors")
	}
	if n := len(get(inv, "toolExecutionNotifications").([]any)); n != 2 {
		t.Errorf("%d notifications, want 2", n)
	}
}

func TestFingerprintStable(t *testing.T) {
	fp := func(src string) []string {
		f := File{Path: "a.md", Src: []byte(src)}
		for i := 0; i < strings.Count(src, "bad phrase"); i++ {
			f.Findings = append(f.Findings, finding(t, src, "bad phrase", i, "x.y", rules.SeverityError, "m"))
		}
		var buf bytes.Buffer
		if err := WriteSARIF(&buf, &Result{Files: []File{f}}, Options{}); err != nil {
			t.Fatal(err)
		}
		var log struct {
			Runs []struct {
				Results []struct {
					PartialFingerprints map[string]string
				}
			}
		}
		if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range log.Runs[0].Results {
			out = append(out, r.PartialFingerprints[FingerprintKey])
		}
		return out
	}
	a := fp("one bad phrase\nand another bad phrase\n")
	b := fp("new first line\r\n\r\none bad phrase\r\nand another bad phrase\r\n")
	if !reflect.DeepEqual(a, b) {
		t.Errorf("fingerprints moved with the text: %v vs %v", a, b)
	}
	if a[0] == a[1] {
		t.Error("equal matches in one file share a fingerprint")
	}
}

func TestArtifactLocation(t *testing.T) {
	for _, tc := range []struct{ in, uri, base string }{
		{"docs/a.md", "docs/a.md", srcRoot},
		{"./docs/a.md", "docs/a.md", srcRoot},
		{"docs/release notes, v2.md", "docs/release%20notes,%20v2.md", srcRoot},
		{"a:b.md", "./a:b.md", srcRoot},
		{"/abs/x y.md", "file:///abs/x%20y.md", ""},
		{"C:/work/x.md", "file:///C:/work/x.md", ""},
		{"../up.md", "../up.md", srcRoot},
	} {
		got := artifactLocation(tc.in)
		if got.URI != tc.uri || got.URIBaseID != tc.base {
			t.Errorf("artifactLocation(%q) = %+v, want %q %q", tc.in, got, tc.uri, tc.base)
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got := escapeData("50% done\r\nnext: a,b"); got != "50%25 done%0D%0Anext: a,b" {
		t.Errorf("escapeData = %q", got)
	}
	if got := escapeProperty("a:b,c%\n"); got != "a%3Ab%2Cc%25%0A" {
		t.Errorf("escapeProperty = %q", got)
	}
	var buf bytes.Buffer
	src := "x bad\nphrase y\n"
	r := &Result{Files: []File{{Path: `dir\win,1.md`, Src: []byte(src), Findings: []analysis.Finding{
		finding(t, src, "bad\nphrase", 0, "r.x", rules.SeverityHint, "no\nbreaks"),
	}}}}
	if err := WriteGitHub(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	want := "::notice file=" + filepath.ToSlash(`dir\win`) + "%2C1.md,line=1,endLine=2,title=r.x::no breaks\n"
	if buf.String() != want {
		t.Errorf("got  %q\nwant %q", buf.String(), want)
	}
}

func TestLayout(t *testing.T) {
	cells := layout([]byte("\ta日\u0301b\x1b\u202e"))
	type c struct {
		col, width int
		text       string
	}
	var got []c
	for _, x := range cells {
		got = append(got, c{x.col, x.width, x.text})
	}
	want := []c{{0, 4, "    "}, {4, 1, "a"}, {5, 2, "日"}, {7, 0, ""}, {7, 1, "b"}, {8, 1, "\u241b"}, {9, 0, ""}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("layout = %v\nwant     %v", got, want)
	}
	if cellCol(cells, 100) != 9 || cellCol(cells, 1) != 4 {
		t.Error("cellCol")
	}
}

func TestSnippetWideAndTabs(t *testing.T) {
	src := "\t日本: x bad y\n"
	r := &Result{Files: []File{{Path: "a.txt", Src: []byte(src), Findings: []analysis.Finding{
		finding(t, src, "bad", 0, "r.x", rules.SeverityWarning, "m"),
	}}}}
	var buf bytes.Buffer
	if err := WriteText(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	// tab → 4 columns, 日本 → 4 columns, ": x " → 4 columns.
	if lines[1] != " 1 |     日本: x bad y" || lines[2] != "   | "+strings.Repeat(" ", 12)+"^~~" {
		t.Errorf("snippet:\n%s", buf.String())
	}
}

func TestSnippetEmptyRangeAndEOF(t *testing.T) {
	src := "abc" // no final newline; finding at the very end, empty
	r := &Result{Files: []File{{Path: "a.txt", Src: []byte(src), Findings: []analysis.Finding{
		{Rule: "r.x", Severity: rules.SeverityError, Message: "m", Start: 3, End: 3},
	}}}}
	var buf bytes.Buffer
	if err := WriteText(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "a.txt:1:4: error: m [r.x]\n 1 | abc\n   |    ^\n") {
		t.Errorf("got:\n%s", buf.String())
	}
}

func TestColorEnabled(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm")
	if ColorEnabled(f) {
		t.Error("a regular file is not a terminal")
	}
	if ColorEnabled(nil) {
		t.Error("nil file")
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		if !ColorEnabled(tty) {
			t.Error("/dev/tty should get colour")
		}
		t.Setenv("NO_COLOR", "1")
		if ColorEnabled(tty) {
			t.Error("NO_COLOR set: no colour")
		}
		t.Setenv("NO_COLOR", "")
		t.Setenv("TERM", "dumb")
		if ColorEnabled(tty) {
			t.Error("TERM=dumb: no colour")
		}
	}
}

func TestSummary(t *testing.T) {
	for _, tc := range []struct {
		r    *Result
		want string
	}{
		{&Result{}, "no problems found in 0 files"},
		{&Result{Files: []File{{Path: "a"}}}, "no problems found in 1 file"},
		{&Result{Files: []File{{Path: "a"}}, Errors: []Error{{Message: "x"}, {Message: "y"}}}, "no findings in 1 file; 2 configuration errors"},
		{&Result{Files: []File{{Path: "a", Findings: []analysis.Finding{{Severity: rules.SeverityWarning}}}}}, "1 warning in 1 file"},
		{&Result{Files: []File{{Path: "a", Findings: []analysis.Finding{{Severity: rules.SeverityError}, {Severity: rules.SeverityError}}}, {Path: "b"}},
			Errors: []Error{{Message: "x"}}}, "2 errors in 1 of 2 files; 1 configuration error"},
	} {
		if got := summary(tc.r, tc.r.Errors); got != tc.want {
			t.Errorf("summary = %q, want %q", got, tc.want)
		}
	}
}

func TestCount(t *testing.T) {
	r := sampleResult(t)
	c := Count(r)
	if c.Error != 5 || c.Warning != 2 || c.Info != 1 || c.Hint != 1 || c.Files != 5 {
		t.Errorf("Count = %+v", c)
	}
}
