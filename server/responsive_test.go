package server

import (
	"path/filepath"
	"sort"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

// hoverWhileBusy opens a small document, then a huge one, and hovers over
// the small one n times while the huge one is analysed. It returns the
// hover latencies measured before the huge document's diagnostics arrived,
// and how many hovers came after them.
func hoverWhileBusy(t testing.TB, c *client, dir string, hugeSize, n int) (during []time.Duration, after int) {
	small := c.open(filepath.Join(dir, "small.md"), "markdown", "We utilize it.\n")
	small.wait()
	pos := small.find("utilize", 0).Start
	hover := func() (time.Duration, *protocol.Hover) {
		var h *protocol.Hover
		start := time.Now()
		if err := c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: small.uri}, Position: pos,
		}}, &h); err != nil {
			t.Fatalf("hover: %v", err)
		}
		return time.Since(start), h
	}

	huge := c.open(filepath.Join(dir, "huge.md"), "markdown", manyFindings(hugeSize/48))
	// The first hover waits for the huge didOpen to be read: it is not
	// measured.
	hover()
	for i := 0; i < n; i++ {
		d, h := hover()
		if h == nil {
			t.Fatalf("hover %d: no answer", i)
		}
		if _, published := c.lastPublish(huge.uri); published {
			after++
			continue
		}
		during = append(during, d)
	}
	huge.wait()
	return during, after
}

// TestHoverWhileHugeDocumentIsAnalysed: hovers on one document are
// answered while another, huge, document is being analysed; they do not
// wait for it. (How fast they are answered is measured by
// BenchmarkHoverWhileBusy, not here: timed tests are flaky on shared
// machines.)
func TestHoverWhileHugeDocumentIsAnalysed(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	during, after := hoverWhileBusy(t, c, dir, 8<<20, 5)
	if len(during) == 0 {
		t.Fatalf("no hover was answered while the huge document was analysed (%d after)", after)
	}
	t.Logf("%d hovers answered during the analysis, %d after it; slowest %v", len(during), after, slowest(during))
}

func slowest(ds []time.Duration) time.Duration {
	var m time.Duration
	for _, d := range ds {
		m = max(m, d)
	}
	return m
}

// BenchmarkHoverWhileBusy measures hover latency on a small document
// while an 8 MB document is analysed.
func BenchmarkHoverWhileBusy(b *testing.B) {
	dir := writeWorkspace(b, map[string]string{".guardrail.toml": testConfig})
	var all []time.Duration
	for i := 0; i < b.N; i++ {
		c := newClient(b, Options{})
		c.initialize(dir, nil, nil)
		during, _ := hoverWhileBusy(b, c, dir, 8<<20, 200)
		all = append(all, during...)
	}
	if len(all) == 0 {
		b.Fatal("no hover during the analysis")
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	b.ReportMetric(float64(len(all))/float64(b.N), "hovers/op")
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(all[len(all)-1].Microseconds())/1000, "max-ms")
}
