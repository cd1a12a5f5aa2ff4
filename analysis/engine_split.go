package analysis

import (
	"github.com/guardrail-dev/guardrail/analysis/format"
)

// Splitting a large document into parts that check independently, so that
// its parts can be scoped and matched on several cores (engine_parallel.go).
//
// A Markdown or plain-text document splits where the language server
// splits one for incremental re-checks (format.Split): at blank lines that
// no construct continues across, so that chunks, sentences and matches
// never leave a part, and what reaches across blocks (block suppression
// directives, link reference definitions, template tags, "\r") keeps the
// document whole (format.Splittable). Consecutive segments are grouped
// into parts of about a given size as they are found. Every part is then checked as a
// document of its own, and its findings are the whole document's findings
// in its range: TestCheckPartsSameAsWhole and FuzzCheckParts compare the
// two.

// srcRange is a byte range of a document's source.
type srcRange = format.Span

// splitParts cuts text into parts of about size bytes or more (nil: it
// must be checked whole, or is one part), grouping consecutive segments
// as format.SplitEach finds them; the blank lines between parts belong to
// none. No part but the first starts with what would be front matter at
// the top of a document: no segment starts there. It does not look for
// what rules out splitting (format.Splittable).
func splitParts(text []byte, markdown bool, size int) []srcRange {
	kind := format.KindText
	if markdown {
		kind = format.KindMarkdown
	}
	var parts []srcRange
	start := 0
	_, ok := format.SplitEach(kind, text, 0, format.SplitFloor(kind, text), func(s format.Span, next int) bool {
		if next >= 0 && s.End-start >= size {
			parts = append(parts, srcRange{Start: start, End: s.End})
			start = next
		}
		return false
	})
	if !ok || len(parts) == 0 {
		return nil
	}
	return append(parts, srcRange{Start: start, End: len(text)})
}
