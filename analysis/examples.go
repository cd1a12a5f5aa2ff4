package analysis

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// ExampleFailure is one rule example that does not behave as it says.
type ExampleFailure struct {
	Pos     rules.Position // the example's position
	Example int            // the example's index in the rule; -1: the rule itself
	Msg     string
}

// TestExamples runs a rule's examples on the rule alone: each `bad` must be
// flagged by it and, when the rule has approved phrases and its fix is not
// none, fixed to `good` by applying the preferred replacements (suggestions
// included: the example checks the fix); each `good` must not be flagged.
// Examples are checked as Markdown unless they name a file (its extension
// picks the type), and `files` globs are ignored.
func TestExamples(r *rules.Rule) []ExampleFailure {
	if len(r.Examples) == 0 {
		return nil // nothing to run: skip compiling the rule
	}
	eng, err := CompileWith([]*rules.Rule{r}, Options{})
	if err != nil {
		pos := r.Pos
		return []ExampleFailure{{Pos: pos, Example: -1, Msg: err.Error()}}
	}
	var out []ExampleFailure
	for i, ex := range r.Examples {
		pos := ex.Pos
		if pos.File == "" {
			pos = r.Pos
		}
		fail := func(format string, a ...any) {
			out = append(out, ExampleFailure{Pos: pos, Example: i, Msg: fmt.Sprintf("example %d: ", i+1) + fmt.Sprintf(format, a...)})
		}
		doc := func(text string) Document {
			d := Document{Path: "example.md", Text: []byte(text), IgnoreFiles: true}
			if ex.File != "" {
				d.Path = ex.File
			}
			d.Kind = format.KindOf(d.Path)
			if d.Kind == format.KindNone {
				d.Kind = format.KindText
			}
			return d
		}
		if ex.Bad != "" {
			fs := ownFindings(eng.Check(doc(ex.Bad)), r.ID)
			if len(fs) == 0 {
				fail("bad %q is not flagged", ex.Bad)
			} else if len(r.Approved) > 0 && r.Fix != rules.FixNone && ex.Good != "" {
				// The suggestions too: the example checks the fix,
				// whether --fix applies it or not.
				fixed := Apply([]byte(ex.Bad), selectFixes([]byte(ex.Bad), fs, true))
				if string(fixed) != ex.Good {
					fail("bad %q is fixed to %q, want good %q", ex.Bad, fixed, ex.Good)
				}
			}
		}
		if ex.Good != "" {
			if fs := ownFindings(eng.Check(doc(ex.Good)), r.ID); len(fs) > 0 {
				fail("good %q is flagged: %q", ex.Good, fs[0].Match)
			}
		}
	}
	return out
}

func ownFindings(fs []Finding, id string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Rule == id {
			out = append(out, f)
		}
	}
	return out
}

// Fix is one replacement of src[Start:End] by Text.
type Fix struct {
	Start, End int
	Text       string
}

// SelectFixes picks the preferred replacement of every finding whose fix
// is auto (suggestions are only offered, never applied). Where two fixes
// overlap, the one that starts first (then the longer) wins; the other
// waits for the next run. Fixes that change nothing are dropped. The
// result is sorted and non-overlapping.
func SelectFixes(src []byte, fs []Finding) []Fix {
	return selectFixes(src, fs, false)
}

// selectFixes is SelectFixes, with the suggestions too when suggested.
func selectFixes(src []byte, fs []Finding, suggested bool) []Fix {
	var all []Fix
	for _, f := range fs {
		if len(f.Replacements) == 0 || f.Start < 0 || f.End > len(src) || f.Start > f.End {
			continue
		}
		if f.Fix != rules.FixAuto && !(suggested && f.Fix == rules.FixSuggest) {
			continue
		}
		all = append(all, Fix{f.Start, f.End, f.Replacements[0]})
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Start != all[j].Start {
			return all[i].Start < all[j].Start
		}
		return all[i].End > all[j].End
	})
	var kept []Fix
	last := -1
	for _, e := range all {
		if e.Start < last {
			continue
		}
		if string(src[e.Start:e.End]) == e.Text {
			continue
		}
		kept = append(kept, e)
		last = e.End
	}
	return kept
}

// ApplyFixes returns src with SelectFixes applied.
func ApplyFixes(src []byte, fs []Finding) []byte {
	return Apply(src, SelectFixes(src, fs))
}

// Apply returns src with the sorted, non-overlapping fixes applied.
func Apply(src []byte, fixes []Fix) []byte {
	if len(fixes) == 0 {
		return src
	}
	var out bytes.Buffer
	prev := 0
	for _, e := range fixes {
		out.Write(src[prev:e.Start])
		out.WriteString(e.Text)
		prev = e.End
	}
	out.Write(src[prev:])
	return out.Bytes()
}
