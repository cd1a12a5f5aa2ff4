package format

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/guardrail-dev/guardrail/rules"
)

// chunkTexts returns the text of each chunk: its segments' source text, or
// Text for synthetic segments.
func chunkTexts(src []byte, sc Scoped) []string {
	var out []string
	for _, c := range sc.Chunks {
		var sb strings.Builder
		for _, s := range c.Segs {
			if s.Synthetic {
				sb.WriteString(s.Text)
			} else {
				sb.WriteString(string(src[s.Start:s.End]))
			}
		}
		out = append(out, sb.String())
	}
	return out
}

// renderChunk shows a chunk's segments: raw segments as their source text,
// synthetic ones as «source→text», and a gap between segments that do not
// touch as ¦. A scope other than prose is a prefix ("H:", "C:", "S:").
func renderChunk(src []byte, c Chunk) string {
	var sb strings.Builder
	switch c.Scope {
	case rules.ScopeHeadings:
		sb.WriteString("H:")
	case rules.ScopeComments:
		sb.WriteString("C:")
	case rules.ScopeStrings:
		sb.WriteString("S:")
	}
	for i, s := range c.Segs {
		if i > 0 && c.Segs[i-1].End != s.Start {
			sb.WriteString("¦")
		}
		if s.Synthetic {
			fmt.Fprintf(&sb, "«%s→%s»", src[s.Start:s.End], s.Text)
		} else {
			sb.Write(src[s.Start:s.End])
		}
	}
	return sb.String()
}

func renderChunks(src []byte, sc Scoped) []string {
	var out []string
	for _, c := range sc.Chunks {
		out = append(out, renderChunk(src, c))
	}
	return out
}

// renderComments shows each comment as its source and its text.
func renderComments(src []byte, sc Scoped) []string {
	var out []string
	for _, c := range sc.Comments {
		out = append(out, fmt.Sprintf("%s→%s", src[c.Start:c.End], c.Text))
	}
	return out
}

// checkScoped checks the invariants every scoper keeps.
func checkScoped(t testing.TB, src []byte, sc Scoped) {
	t.Helper()
	for ci, c := range sc.Chunks {
		if len(c.Segs) == 0 {
			t.Fatalf("chunk %d has no segments", ci)
		}
		switch c.Scope {
		case rules.ScopeProse, rules.ScopeHeadings, rules.ScopeComments, rules.ScopeStrings:
		default:
			t.Fatalf("chunk %d: bad scope %v", ci, c.Scope)
		}
		prev := -1
		for si, s := range c.Segs {
			if s.Start < 0 || s.Start > s.End || s.End > len(src) {
				t.Fatalf("chunk %d seg %d: [%d,%d) out of bounds (len %d)", ci, si, s.Start, s.End, len(src))
			}
			if s.Start < prev {
				t.Fatalf("chunk %d seg %d: [%d,%d) overlaps previous end %d", ci, si, s.Start, s.End, prev)
			}
			if s.Opaque && (!s.Synthetic || s.Text != Placeholder) {
				t.Fatalf("chunk %d seg %d: opaque segment %+v", ci, si, s)
			}
			if !s.Synthetic && s.Start == s.End {
				t.Fatalf("chunk %d seg %d: empty raw segment", ci, si)
			}
			prev = s.End
		}
	}
	for i, c := range sc.Comments {
		if c.Start < 0 || c.Start > c.End || c.End > len(src) {
			t.Fatalf("comment %d: [%d,%d) out of bounds (len %d)", i, c.Start, c.End, len(src))
		}
	}
}

type scopeCase struct {
	name     string
	src      string
	want     []string // renderChunks
	comments []string // renderComments; nil: not checked
}

func runScopeCases(t *testing.T, cases []scopeCase, scope func(src []byte) Scoped) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			sc := scope(src)
			checkScoped(t, src, sc)
			if got := renderChunks(src, sc); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("chunks:\n got %q\nwant %q", got, tc.want)
			}
			if tc.comments != nil {
				if got := renderComments(src, sc); !reflect.DeepEqual(got, tc.comments) {
					t.Errorf("comments:\n got %q\nwant %q", got, tc.comments)
				}
			}
		})
	}
}

// ScopeMarkdown scopes a Markdown document with the default front-matter
// keys; mdx turns on MDX handling.
func ScopeMarkdown(src []byte, mdx bool) Scoped { return scopeMarkdown(src, mdx, nil) }

// raceScale is n, or n/5 under the race detector (which is slow).
func raceScale(n int) int {
	if raceEnabled {
		return n / 5
	}
	return n
}
