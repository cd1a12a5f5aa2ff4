package analysis

import (
	"strings"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/internal/testutil"
)

// TestHostileLongParagraphWhen: one Markdown paragraph of 480 KB that is a
// single sentence full of matches of the default packs' when/unless and
// claim rules. Context checks used to scan the sentence once per match
// (quadratic: about 24 s); they are answered from per-chunk indexes now
// (about 0.3 s here), and the bound is far above that.
func TestHostileLongParagraphWhen(t *testing.T) {
	e, err := Compile(defaultPackRules(t))
	if err != nil {
		t.Fatal(err)
	}
	const unit = "SRE enables access to OpenAI models and the SRE price is $5 per hour in us-east-1 and "
	size := raceScale(480 << 10)
	text := []byte(strings.Repeat(unit, size/len(unit)+1)[:size])
	var n int
	start := time.Now()
	testutil.Bounded(t, "480 KB sentence with the default packs", 10*time.Second, func() {
		n = len(e.Check(Document{Path: "long.md", Text: text}))
	})
	t.Logf("%d KB: %d findings in %v", size>>10, n, time.Since(start).Round(time.Millisecond))
	if n < size/len(unit) {
		t.Errorf("%d findings, want at least one per repetition (%d)", n, size/len(unit))
	}
}
