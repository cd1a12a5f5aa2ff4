package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/guardrail-dev/guardrail/analysis"
	"go.lsp.dev/protocol"
)

// hover shows, for the findings under the cursor, the message, the rule's
// rationale, its approved phrases as a list and its link, in Markdown.
func (s *Server) hover(ctx context.Context, params json.RawMessage) (any, error) {
	var p protocol.HoverParams
	if err := decodeParams(protocol.MethodTextDocumentHover, params, &p); err != nil {
		return nil, err
	}
	d := s.docs.get(p.TextDocument.URI)
	if d == nil || d.isTOML {
		return nil, nil
	}
	r, ok := s.resultFor(d)
	if !ok || r.cfg == nil {
		return nil, nil
	}
	idx := r.snap.index()
	enc := s.sess().enc
	shown := r.shown()
	off, err := idx.offset(p.Position, enc)
	if err != nil {
		return nil, invalidParams(protocol.MethodTextDocumentHover, err)
	}
	var hits []int
	for i, f := range shown {
		if f.Start <= off && off < f.End {
			hits = append(hits, i)
		}
	}
	if len(hits) == 0 {
		// The cursor just after a finding still shows it.
		for i, f := range shown {
			if off == f.End {
				hits = append(hits, i)
			}
		}
	}
	if len(hits) == 0 {
		return nil, nil
	}
	markdown := s.sess().caps.hoverMarkdown
	var parts []string
	start, end := shown[hits[0]].Start, shown[hits[0]].End
	for _, i := range hits {
		f := shown[i]
		start, end = min(start, f.Start), max(end, f.End)
		parts = append(parts, hoverText(r, f, markdown))
	}
	sep := "\n\n---\n\n"
	kind := protocol.Markdown
	if !markdown {
		sep, kind = "\n\n", protocol.PlainText
	}
	rng := idx.rangeOf(start, end, enc)
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: kind, Value: strings.Join(parts, sep)}, Range: &rng}, nil
}

func hoverText(r *result, f analysis.Finding, markdown bool) string {
	var b strings.Builder
	rule := r.cfg.Rule(f.Rule)
	if markdown {
		fmt.Fprintf(&b, "**guardrail** `%s` (%s)\n\n%s", f.Rule, f.Severity, escapeMarkdown(f.Message))
	} else {
		fmt.Fprintf(&b, "guardrail %s (%s)\n\n%s", f.Rule, f.Severity, f.Message)
	}
	if note := f.TemplateNote(); note != "" {
		if markdown {
			fmt.Fprintf(&b, "\n\n%s", templateNoteMarkdown(f))
		} else {
			fmt.Fprintf(&b, "\n\n%s", note)
		}
	}
	if f.Rule == analysis.UnusedSuppressionRule {
		b.WriteString("\n\nRemove suppression comments that no longer suppress a finding, or fix the rule ids they name.")
		return b.String()
	}
	if rule == nil {
		return b.String()
	}
	if rule.Rationale != "" {
		b.WriteString("\n\n")
		if markdown {
			b.WriteString(escapeMarkdown(rule.Rationale))
		} else {
			b.WriteString(rule.Rationale)
		}
	}
	if len(rule.Approved) > 0 {
		b.WriteString("\n\nApproved:\n")
		for i, a := range rule.Approved {
			if markdown {
				fmt.Fprintf(&b, "\n- %s", escapeMarkdown(a))
			} else {
				fmt.Fprintf(&b, "\n- %s", a)
			}
			if i == 0 && len(rule.Approved) > 1 {
				b.WriteString(" (preferred)")
			}
		}
	}
	if rule.Link != "" {
		if markdown {
			fmt.Fprintf(&b, "\n\n[Rule documentation](%s)", rule.Link)
		} else {
			fmt.Fprintf(&b, "\n\n%s", rule.Link)
		}
	}
	return b.String()
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "#", `\#`, "|", `\|`)

func escapeMarkdown(s string) string { return mdEscaper.Replace(s) }

// templateNoteMarkdown is Finding.TemplateNote in Markdown: the template as
// code, the slot texts escaped.
func templateNoteMarkdown(f analysis.Finding) string {
	fence := "`"
	for strings.Contains(f.Template, fence) {
		fence += "`"
	}
	var b strings.Builder
	pad := ""
	if len(fence) > 1 {
		pad = " "
	}
	fmt.Fprintf(&b, "matched %s%s%s%s%s", fence, pad, f.Template, pad, fence)
	for i, s := range f.Slots {
		if i == 0 {
			b.WriteString(" (")
		} else {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: \"%s\"", escapeMarkdown(s.Name), escapeMarkdown(s.Text))
	}
	if len(f.Slots) > 0 {
		b.WriteString(")")
	}
	return b.String()
}
