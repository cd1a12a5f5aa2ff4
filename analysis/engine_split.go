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
// into parts of about a given size. Every part is then checked as a
// document of its own, and its findings are the whole document's findings
// in its range: TestCheckPartsSameAsWhole and FuzzCheckParts compare the
// two.

// srcRange is a byte range of a document's source.
type srcRange = format.Span

// groupParts groups the segments of a text (format.Split's, in order, from 0
// to the end) into parts of size bytes or more; the blank lines between
// parts belong to none. It returns nil for a single part. No part but the
// first starts with what would be front matter at the top of a document:
// format.Split starts no segment there.
func groupParts(segs []format.Span, size int) []srcRange {
	var parts []srcRange
	start := 0
	for i := 1; i < len(segs); i++ {
		s := segs[i]
		if segs[i-1].End-start < size {
			continue
		}
		parts = append(parts, srcRange{Start: start, End: segs[i-1].End})
		start = s.Start
	}
	if len(parts) == 0 {
		return nil
	}
	return append(parts, srcRange{Start: start, End: segs[len(segs)-1].End})
}

// splitParts cuts text into parts of about size bytes or more (nil: it
// must be checked whole, or is one part). It does not look for what rules
// out splitting (format.Splittable).
func splitParts(text []byte, markdown bool, size int) []srcRange {
	kind := format.KindText
	if markdown {
		kind = format.KindMarkdown
	}
	segs, _, ok := format.Split(kind, text, 0, format.SplitFloor(kind, text), nil)
	if !ok {
		return nil
	}
	return groupParts(segs, size)
}
