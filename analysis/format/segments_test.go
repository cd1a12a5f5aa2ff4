package format

import "testing"

// splitAll splits a whole document at every split point (the server
// splits from an edit with Split's stopAt).
func splitAll(kind Kind, path string, text []byte) ([]Span, bool) {
	if !Segmentable(kind, path) || !Splittable(kind, text) {
		return nil, false
	}
	spans, _, ok := Split(kind, text, 0, SplitFloor(kind, text), nil)
	return spans, ok
}

// TestSegmentsKeepFrontMatter: no segment but the first holds front matter
// (TOML "+++" blocks with blank lines included), and no later segment
// starts with a line that would make front matter of it when checked as a
// document of its own.
func TestSegmentsKeepFrontMatter(t *testing.T) {
	for _, text := range []string{
		"+++\ntitle = \"x\"\n\n# comment\n\nk = 1\n+++\n\npara one\n\npara two\n",
		"---\ntitle: x\n\nk: 1\n---\n\npara one\n\npara two\n",
		"para one\n\n+++\npara utilize\n+++\nmore\n\npara two\n",
		"para one\n\n---\ntitle: x\n---\n\npara two\n",
		// a byte order mark before the delimiter: front matter all the same
		"para one\n\n\uFEFF---\ntitle: x\n---\n\npara two\n",
		"para one\n\n\uFEFF+++\ntitle = 1\n+++\n\npara two\n",
	} {
		spans, ok := splitAll(KindMarkdown, "a.md", []byte(text))
		if !ok {
			t.Fatalf("%q: not split", text)
		}
		if fm := FrontMatterEnd([]byte(text)); fm > 0 && spans[0].End < fm-1 {
			t.Errorf("%q: the first segment %v ends inside the front matter (ends at %d)", text, spans[0], fm)
		}
		for _, sp := range spans[1:] {
			if FrontMatterEnd([]byte(text[sp.Start:])) > 0 {
				t.Errorf("%q: segment %q starts with front matter", text, text[sp.Start:sp.End])
			}
		}
		if len(spans) < 2 {
			t.Errorf("%q: %d segments, want the paragraphs after the front matter split", text, len(spans))
		}
	}
}
