package server

import "github.com/guardrail-dev/guardrail/analysis/format"

// splitSegments splits a whole document at every split point (the
// server splits from an edit with format.Split's stopAt).
func splitSegments(path string, kind format.Kind, text []byte) ([]format.Span, bool) {
	if !format.Segmentable(kind, path) || !format.Splittable(kind, text) {
		return nil, false
	}
	spans, _, ok := format.Split(kind, text, 0, format.SplitFloor(kind, text), nil)
	return spans, ok
}
