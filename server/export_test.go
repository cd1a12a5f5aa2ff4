package server

import "github.com/guardrail-dev/guardrail/analysis/format"

// splitSegments splits a whole document at every split point (the
// server splits from an edit with splitFrom's stopAt).
func splitSegments(path string, kind format.Kind, text []byte) ([]span, bool) {
	if !segmentableKind(path, kind) || !splittable(kind == format.KindMarkdown, text) {
		return nil, false
	}
	minSplit := 0
	if kind == format.KindMarkdown {
		minSplit = format.FrontMatterEnd(text)
	}
	spans, _, ok := splitFrom(text, kind == format.KindMarkdown, 0, minSplit, nil)
	return spans, ok
}
