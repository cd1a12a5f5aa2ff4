package format

import (
	"strings"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/internal/testutil"
)

// TestHostileOpaqueConstructs: 100,000 unclosed template openers, tags
// without their closing '>', code-like elements never closed and code
// spans, each in one paragraph; scoping stays linear (the scaling test
// measures it; this is the size an attacker would pick). A few hundred
// milliseconds each; the bound is far above.
func TestHostileOpaqueConstructs(t *testing.T) {
	k := raceScale(100_000)
	for name, doc := range map[string]string{
		"{{< unclosed":        strings.Repeat("{{< ", k),
		"{% unclosed":         strings.Repeat("{% x ", k),
		"{{< x >}} unpaired":  strings.Repeat("{{< x >}} a ", k),
		"<img without >":      "x " + strings.Repeat("<img ", k),
		"<img alt over lines": "x " + strings.Repeat("<img\nalt=\"a\nb\" ", k),
		"<code> unclosed":     "x " + strings.Repeat("<code>a ", k),
		"`x` code spans":      strings.Repeat("a `x` ", k),
	} {
		src := []byte(doc)
		for _, mdx := range []bool{false, true} {
			testutil.Bounded(t, name, 20*time.Second, func() { ScopeMarkdown(src, mdx) })
		}
	}
}
