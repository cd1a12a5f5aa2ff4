package format

import (
	"os"
	"strings"
	"testing"
)

// Two scopers transcribe a library's logic instead of calling it, for
// speed: the fast Markdown inline scanner copies goldmark's inline parsing,
// and the fast code scanner copies what chroma's lexers do with comments
// and strings; and internal/lexers holds copies of chroma's lexers (so that
// chroma's registry is not built at every start). The differential fuzz
// targets compare them with the library, but only for as long as someone
// runs them; this test makes an upgrade of
// either library in go.mod fail until the transcriptions are checked
// against the new version and the pins below are moved.
var transcribed = []struct {
	module, version string
	recheck         string
}{
	{"github.com/yuin/goldmark", "v1.8.7", `re-check the transcribed goldmark logic against the new version's source:
  - analysis/format/markdown_fast.go: inline parsing (delimiter runs and emphasis, links and
    images, code spans, raw HTML and its failed-search caches, autolinks, entities, escapes,
    line breaks) against goldmark's parser/*.go;
  - analysis/format/markdown_linkref.go: linkRefDestination against goldmark's link reference
    definition parsing;
  - analysis/format/markdown_limits.go and markdown_delims.go: the parsers wrapped by type;
  - analysis/format/gmext.go: copy the parsers of extension/table.go, tasklist.go and
    strikethrough.go again (then go test ./analysis/format -run XXX -fuzz FuzzGmExtEqualsGoldmark);
then run  go test ./analysis -run XXX -fuzz FuzzMarkdownFastEqualsGoldmark -fuzztime 10m`},
	{"github.com/alecthomas/chroma/v2", "v2.27.0", `re-check analysis/format/code_fast.go against the new lexers
(lexers/embedded/*.xml and lexers/go.go) for every language in fastSyntax: comment and string rules,
JavaScript/TypeScript regex contexts and flags, C preprocessor lines, Ruby percent literals, regexps,
symbols and =begin, shell escapes, ${…} and hashbangs, Python placeholders, Rust #!;
run TestCodeDeviationsStillDiffer (a chroma fix makes a listed deviation obsolete), then
go test ./analysis/format -run XXX -fuzz FuzzCodeFastEqualsChroma -fuzztime 10m;
and copy internal/lexers again from the new version (guardrail does not link chroma's lexers
package): every internal/lexers/embedded/*.xml from the module's lexers/embedded/, and
lexers/cl.go, emacs.go and svelte.go into internal/lexers with the changes their headers name
(new <using> targets go into the languages' deps); then go test ./internal/lexers`},
}

func TestTranscribedLibraryVersions(t *testing.T) {
	data, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require "))
		if len(f) >= 2 && strings.HasPrefix(f[1], "v") {
			have[f[0]] = f[1]
		}
	}
	for _, tr := range transcribed {
		got, ok := have[tr.module]
		switch {
		case !ok:
			t.Errorf("go.mod does not require %s any more: drop its transcription and this entry", tr.module)
		case got != tr.version:
			t.Errorf("go.mod has %s %s, the transcription follows %s; %s\nand then set the version in analysis/format/transcribed_versions_test.go to %s",
				tr.module, got, tr.version, tr.recheck, got)
		}
	}
}
