package server

import "github.com/guardrail-dev/guardrail/analysis"

// splitSegments splits a whole document at every split point (the
// server splits from an edit with splitFrom's stopAt).
func splitSegments(path string, kind analysis.Kind, text []byte) ([]span, bool) {
	if !segmentableKind(path, kind) || !splittable(kind == analysis.KindMarkdown, text) {
		return nil, false
	}
	minSplit := 0
	if kind == analysis.KindMarkdown {
		minSplit = analysis.FrontMatterEnd(text)
	}
	spans, _, ok := splitFrom(text, kind == analysis.KindMarkdown, 0, minSplit, nil)
	return spans, ok
}
