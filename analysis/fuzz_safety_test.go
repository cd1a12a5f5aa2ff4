package analysis

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/rules"
)

// FuzzFixRoundTrip applies the fixes of the findings on arbitrary input and
// checks the result against the oracle: every byte outside the fixed
// ranges is unchanged, each fix's text is in place, every fix lies inside a
// finding's range. It does so for the engine's findings in every file type,
// and for arbitrary (out-of-range, overlapping, empty) findings built from
// the fuzz input.
func FuzzFixRoundTrip(f *testing.F) {
	f.Add("SRE enables access\r\nto OpenAI models. We utilize it.\r", "enables access to OpenAI models", "is powered by OpenAI models", []byte{0, 5, 3, 9, 200, 2})
	f.Add("*Utilize* the `utilize` UTILIZE utilize\rutilize", "utilize", "use", []byte{})
	f.Add("<p>We utilize&nbsp;it</p>\n<!-- guardrail-disable-line -->", "utilize it", "use it", []byte{1, 1, 1, 1})
	f.Add("\xff\xfe utilize \x00 utilize \xc3", "utilize", "\xff", []byte{255, 0, 7, 7, 3, 4})
	f.Add("a: \"utilize\"\nb: utilize # utilize\n", "utilize", "", []byte{2, 9, 2, 9})
	f.Add("x = 1 // enables access to\n// OpenAI models", "enables access to OpenAI models", "is powered by", []byte{})
	f.Fuzz(func(t *testing.T, text, phrase, approved string, ranges []byte) {
		src := []byte(text)
		// Arbitrary findings: pairs of bytes scaled over the input (and
		// beyond it), replacements from the approved text.
		var arb []Finding
		for i := 0; i+1 < len(ranges) && i < 64; i += 2 {
			s := int(ranges[i]) * (len(src) + 2) / 255
			e := int(ranges[i+1]) * (len(src) + 2) / 255
			if i%4 == 2 {
				s, e = s-1, e+1
			}
			repl := []string{}
			if ranges[i]%3 != 0 {
				repl = append(repl, approved+strings.Repeat("x", int(ranges[i+1])%3))
			}
			arb = append(arb, Finding{Rule: "arb", Start: s, End: e, Replacements: repl})
		}
		checkFixesOf(t, "arbitrary findings", src, arb)

		if strings.TrimSpace(phrase) == "" {
			return
		}
		r := &rules.Rule{ID: "fuzz.rule", Message: "{match}", Severity: rules.SeverityWarning,
			Restricted: []string{phrase}, Scopes: rules.DefaultScopes | rules.ScopeStrings, Inflect: len(phrase)%2 == 0}
		if approved != "" {
			r.Approved = []string{approved, approved + " too"}
		}
		e, err := Compile([]*rules.Rule{r})
		if err != nil {
			return
		}
		for _, path := range []string{"a.txt", "a.md", "a.html", "a.go", "a.yaml", "a.json"} {
			fs := e.Check(Document{Path: path, Text: src})
			for _, fd := range fs {
				if fd.Start < 0 || fd.End > len(src) || fd.Start > fd.End || fd.Match != string(src[fd.Start:fd.End]) {
					t.Fatalf("%s: bad finding %+v", path, fd)
				}
			}
			checkFixesOf(t, path, src, fs)
		}
	})
}

// checkFixesOf checks SelectFixes and Apply on fs against the oracle.
func checkFixesOf(t *testing.T, name string, src []byte, fs []Finding) {
	t.Helper()
	fixes := SelectFixes(src, fs)
	for _, x := range fixes {
		inside := false
		for _, fd := range fs {
			if len(fd.Replacements) > 0 && fd.Fix == rules.FixAuto && fd.Start == x.Start && fd.End == x.End && fd.Replacements[0] == x.Text {
				inside = true
				break
			}
		}
		if !inside {
			t.Fatalf("%s: fix %+v is not an auto finding's preferred replacement", name, x)
		}
		if string(src[x.Start:x.End]) == x.Text {
			t.Fatalf("%s: fix %+v changes nothing", name, x)
		}
	}
	checkFixOutside(t, name, src, fixes)
	// Fixing twice with the same findings is not the same as fixing once
	// unless there was nothing to fix; but applying no fixes must return
	// the input as it is.
	if got := Apply(src, nil); string(got) != string(src) {
		t.Fatalf("%s: Apply with no fixes changed the input", name)
	}
}

var lineBreak = regexp.MustCompile(`\r\n|\r|\n`)

// FuzzLineIndex checks LineIndex against a reference line splitter and
// round-trips every offset through line and column.
func FuzzLineIndex(f *testing.F) {
	for _, s := range []string{"", "a", "\n", "\r", "\r\n", "\n\r", "a\r\nb\rc\nd", "é\r\n😀x\r\r\n\n", "\xff\r\xe2\x80\n\xc3", "\r\n\r\n", "x\u2028y\u0085z"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		x := NewLineIndex(src)
		// Reference: line starts after every \r\n, \r or \n.
		starts := []int{0}
		for _, m := range lineBreak.FindAllIndex(src, -1) {
			starts = append(starts, m[1])
		}
		if x.Lines() != len(starts) {
			t.Fatalf("Lines() = %d, want %d", x.Lines(), len(starts))
		}
		for l, s := range starts {
			if x.LineStart(l) != s {
				t.Fatalf("LineStart(%d) = %d, want %d", l, x.LineStart(l), s)
			}
			if l+1 < len(starts) {
				end := starts[l+1]
				brk := string(src[x.LineEnd(l):end])
				if brk != "\n" && brk != "\r\n" && brk != "\r" {
					t.Fatalf("line %d: LineEnd %d leaves %q before the next line", l, x.LineEnd(l), brk)
				}
			} else if x.LineEnd(l) != len(src) {
				t.Fatalf("last line: LineEnd %d, want %d", x.LineEnd(l), len(src))
			}
		}
		// Every offset on a character boundary round-trips through
		// Position; others map to their character's line.
		prevLine, prevCol := 1, 0
		for off := 0; off <= len(src); {
			line, col := x.Position(off)
			if line < prevLine || (line == prevLine && col <= prevCol) {
				t.Fatalf("offset %d: position %d:%d does not follow %d:%d", off, line, col, prevLine, prevCol)
			}
			prevLine, prevCol = line, col
			if back := offsetOf(src, x, line, col); back != off {
				t.Fatalf("offset %d → %d:%d → offset %d", off, line, col, back)
			}
			if x.Line(off) != line-1 {
				t.Fatalf("Line(%d) = %d, Position line %d", off, x.Line(off), line)
			}
			if off == len(src) {
				break
			}
			_, w := utf8.DecodeRune(src[off:])
			off += w
		}
		// Long lines (columns counted from marks): the same columns as
		// counting from the line start, at any offset.
		if len(src) > 0 {
			long := bytes.Repeat(src, 3*runeStride/len(src)+2)
			lx := NewLineIndex(long)
			for k := 0; k < 64; k++ {
				off := (k*7919 + len(src)) * len(long) / (64 * 7919)
				line, col := lx.Position(off)
				naive := utf8.RuneCount(long[lx.LineStart(line-1):off]) + 1
				if col != naive {
					t.Fatalf("long text: offset %d: column %d, counting gives %d", off, col, naive)
				}
			}
		}
		// Out-of-range offsets are clamped.
		if l, c := x.Position(-5); l != 1 || c != 1 {
			t.Fatalf("Position(-5) = %d:%d", l, c)
		}
		l1, c1 := x.Position(len(src))
		if l2, c2 := x.Position(len(src) + 7); l2 != l1 || c2 != c1 {
			t.Fatalf("Position past the end = %d:%d, want %d:%d", l2, c2, l1, c1)
		}
	})
}

// offsetOf is the inverse of LineIndex.Position: the byte offset of 1-based
// line and column (in code points, invalid bytes counting one each).
func offsetOf(src []byte, x *LineIndex, line, col int) int {
	off := x.LineStart(line - 1)
	for c := 1; c < col && off < len(src); c++ {
		_, w := utf8.DecodeRune(src[off:])
		off += w
	}
	return off
}

// FuzzDirective checks that directive parsing never panics and that a
// recognised directive's ids are what a simple reference splitter gives:
// after the directive name (then a space, tab, comma, line break or "--"),
// the text up to "--" split at spaces, tabs, commas and line breaks.
func FuzzDirective(f *testing.F) {
	for _, s := range []string{
		"guardrail-disable-next-line sre.access-claim -- quoting",
		" * guardrail-disable a.b,c.d\tq_e ",
		"guardrail-enable",
		"guardrail-disable-line--reason",
		"guardrail-disable-next-line-foo x.y",
		"guardrail-disable\na.b",
		"// guardrail-disable-line a.b, , c-d -- why -- more",
		"add a guardrail-disable-next-line comment above the line",
		"guardrail-disable-next-line comment above the line",
		"guardrail-disable é.x",
		"#!/ guardrail-enable\r\nx.y",
	} {
		f.Add(s)
	}
	names := []string{"guardrail-disable-next-line", "guardrail-disable-line", "guardrail-disable", "guardrail-enable"}
	f.Fuzz(func(t *testing.T, text string) {
		kind, name, ids, ok := parseDirective(text)

		// Reference.
		body := strings.TrimLeft(strings.TrimSpace(text), "*!/# \t")
		wantOK, wantName := false, ""
		var rest string
		for _, n := range names {
			r, found := strings.CutPrefix(body, n)
			if !found {
				continue
			}
			if r == "" || strings.ContainsRune(" \t,\r\n", rune(r[0])) || strings.HasPrefix(r, "--") {
				wantOK, wantName, rest = true, n, r
				break
			}
		}
		if ok != wantOK || name != wantName {
			t.Fatalf("parseDirective(%q) = %q, %v; want %q, %v", text, name, ok, wantName, wantOK)
		}
		if !ok {
			return
		}
		if kind == 0 {
			t.Fatalf("parseDirective(%q): no kind", text)
		}
		if i := strings.Index(rest, "--"); i >= 0 {
			rest = rest[:i]
		}
		var want []string
		for _, sep := range []string{",", "\t", "\r", "\n"} {
			rest = strings.ReplaceAll(rest, sep, " ")
		}
		for _, id := range strings.Split(rest, " ") {
			if id != "" {
				want = append(want, id)
			}
		}
		if strings.Join(ids, "\x00") != strings.Join(want, "\x00") || len(ids) != len(want) {
			t.Fatalf("parseDirective(%q) ids %q, want %q", text, ids, want)
		}

		// The directive in a comment of a document: no panic, and a
		// directive naming this rule suppresses the finding on its line.
		for _, doc := range []struct{ path, src string }{
			{"a.md", "<!-- " + text + " -->\nWe utilize it.\n"},
			{"a.go", "// " + strings.ReplaceAll(text, "\n", " ") + "\nx := 1 // utilize\n"},
			{"a.py", "x = 1  # " + strings.ReplaceAll(text, "\n", " ") + " utilize\n"},
		} {
			e, err := Compile([]*rules.Rule{rule("t.utilize", []string{"utilize"}, []string{"use"}, withScopes(rules.DefaultScopes))})
			if err != nil {
				t.Fatal(err)
			}
			checkFindingsSane(t, doc.path, []byte(doc.src), e.Check(Document{Path: doc.path, Text: []byte(doc.src)}))
		}
	})
}

// TestLineIndexLongLines compares columns on long lines of mixed text
// (multi-byte, invalid bytes, CR and CRLF) with counting from the line
// start, at offsets all along them.
func TestLineIndexLongLines(t *testing.T) {
	unit := []byte("ab é😀\xff\xe2\x80 x")
	for _, sep := range []string{"", "\n", "\r\n", "\r"} {
		var b []byte
		for i := 0; i < 3; i++ {
			b = append(b, bytes.Repeat(unit, 1500+i*7)...)
			b = append(b, sep...)
		}
		x := NewLineIndex(b)
		for off := 0; off <= len(b); off += 1 + off%97 {
			line, col := x.Position(off)
			if want := utf8.RuneCount(b[x.LineStart(line-1):off]) + 1; col != want {
				t.Fatalf("sep %q offset %d: column %d, want %d", sep, off, col, want)
			}
		}
	}
}

// TestDirectiveIdsOnNextLine: a line break right after the directive name
// separates it from the ids, as spaces and commas do (a multi-line
// comment).
func TestDirectiveIdsOnNextLine(t *testing.T) {
	e, err := Compile([]*rules.Rule{rule("t.utilize", []string{"utilize"}, []string{"use"})})
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []struct{ path, src string }{
		{"a.md", "<!-- guardrail-disable-next-line\n     t.utilize -->\nWe utilize it.\n"},
		{"a.md", "<!-- guardrail-disable-next-line\r\n     t.utilize -->\r\nWe utilize it.\r\n"},
		{"a.go", "/* guardrail-disable\n   t.utilize */\n// We utilize it.\n"},
	} {
		for _, f := range e.Check(Document{Path: doc.path, Text: []byte(doc.src)}) {
			t.Errorf("%q: finding %s %q (the directive did not apply)", doc.src, f.Rule, f.Match)
		}
	}
}
