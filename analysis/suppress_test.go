package analysis

import (
	"reflect"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// lineScoped scopes src one line per chunk; lines starting with "//" are
// comments (their text after "//"), as a code scoper would report them.
func lineScoped(src string) format.Scoped {
	var sc format.Scoped
	off := 0
	for _, line := range strings.SplitAfter(src, "\n") {
		body := strings.TrimRight(line, "\n")
		if i := strings.Index(body, "//"); i >= 0 {
			sc.Comments = append(sc.Comments, format.Comment{Start: off + i, End: off + len(body), Text: body[i+2:]})
			body = body[:i]
		}
		if strings.TrimSpace(body) != "" {
			sc.Chunks = append(sc.Chunks, format.Chunk{Scope: rules.ScopeProse, Segs: []format.Segment{{Start: off, End: off + len(body)}}})
		}
		off += len(line)
	}
	return sc
}

func TestSuppression(t *testing.T) {
	rs := []*rules.Rule{
		rule("a.one", []string{"alpha"}, nil),
		rule("b.two", []string{"beta"}, nil),
	}
	e, err := Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		src  string
		want []string // rule@line, "unused@line" for unused-suppression findings
	}{
		{"none", "alpha beta", []string{"a.one@1", "b.two@1"}},
		{"next line all", "// guardrail-disable-next-line\nalpha beta\nalpha", []string{"a.one@3"}},
		{"next line one id", "// guardrail-disable-next-line a.one\nalpha beta", []string{"b.two@2"}},
		{"next line with reason", "// guardrail-disable-next-line a.one -- quoting the press release\nalpha", nil},
		{"comma separated ids", "// guardrail-disable-next-line a.one,b.two\nalpha beta", nil},
		{"same line", "alpha beta // guardrail-disable-line b.two", []string{"a.one@1"}},
		{"block", "alpha\n// guardrail-disable\nalpha beta\n// guardrail-enable\nbeta", []string{"a.one@1", "b.two@5"}},
		{"block one id", "// guardrail-disable a.one\nalpha beta\nalpha", []string{"b.two@2"}},
		{"block until end", "// guardrail-disable b.two\nbeta\nbeta", nil},
		{"enable one inside disable all", "// guardrail-disable\nalpha beta\n// guardrail-enable a.one\nalpha beta", []string{"a.one@4"}},
		{"enable all closes id block", "// guardrail-disable a.one\nalpha\n// guardrail-enable\nalpha", []string{"a.one@4"}},
		{"unused all", "// guardrail-disable-next-line\nnothing here", []string{"unused@1"}},
		{"unused id", "// guardrail-disable-next-line b.two\nalpha", []string{"a.one@2", "unused@1"}},
		{"unknown id", "// guardrail-disable-line nosuch.rule\nalpha", []string{"a.one@2", "unused@1"}},
		{"one of several ids unused", "// guardrail-disable-next-line a.one b.two nosuch\nalpha beta", []string{"unused@1"}},
		{"unused block", "// guardrail-disable a.one\nbeta\n// guardrail-enable", []string{"b.two@2", "unused@1"}},
		{"not a directive", "// guardrail-disabled-thing\nalpha", []string{"a.one@2"}},
		{"reason only", "// guardrail-disable-next-line -- because\nalpha", nil},
		{"prose about directives is not a directive", "// guardrail-disable-next-line comment above the line\nalpha", []string{"a.one@2"}},
		{"placeholder ids are not a directive", "// guardrail-disable [RULE-ID...] … guardrail-enable\nalpha", []string{"a.one@2"}},
		{"an id named twice is one id", "// guardrail-disable-next-line a.one, a.one\nalpha", nil},
		{"unknown dotted id is reported", "// guardrail-disable-next-line sre.nosuch\nalpha", []string{"a.one@2", "unused@1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			fs := e.CheckScoped(Document{Path: "x.go", Text: src}, lineScoped(tt.src))
			lines := NewLineIndex(src)
			var got []string
			for _, f := range fs {
				l, _ := lines.Position(f.Start)
				id := f.Rule
				if f.Rule == UnusedSuppressionRule {
					id = "unused"
					if f.Severity != rules.SeverityHint {
						t.Errorf("unused suppression severity = %v", f.Severity)
					}
				}
				got = append(got, id+"@"+itoa(l))
			}
			sortStrings(got)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUnusedSuppressionOff(t *testing.T) {
	e, _ := CompileWith([]*rules.Rule{rule("a.one", []string{"alpha"}, nil)}, Options{UnusedSuppression: rules.SeverityOff})
	src := "// guardrail-disable-next-line\nnothing"
	if fs := e.CheckScoped(Document{Text: []byte(src)}, lineScoped(src)); len(fs) != 0 {
		t.Errorf("findings = %v, want none", fs)
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
