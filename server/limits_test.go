package server

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

// manyFindings is a Markdown document with n paragraphs, each one finding
// of test.utilize: large enough to be checked in segments.
func manyFindings(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Paragraph %d: we utilize the plain words here.\n\n", i)
	}
	return b.String()
}

func findingsAndNotes(p publish) (findings, notes []protocol.Diagnostic) {
	for _, d := range p.Diags {
		if d.Code == nil || d.Code == "" {
			notes = append(notes, d)
		} else {
			findings = append(findings, d)
		}
	}
	return findings, notes
}

func setSettings(c *client, v map[string]any) {
	c.notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{"guardrail": v}})
}

func TestMaxFindings(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	text := manyFindings(1500)
	d := c.open(filepath.Join(dir, "many.md"), "markdown", text)

	// The default: the first 1,000 findings, in document order, then one
	// note at the first finding left out.
	p := d.wait()
	fs, notes := findingsAndNotes(p)
	if len(fs) != 1000 || len(notes) != 1 {
		t.Fatalf("default cap: %d findings, %d notes, want 1000 and 1", len(fs), len(notes))
	}
	if p.Diags[1000].Code != nil && p.Diags[1000].Code != "" {
		t.Fatalf("the note is not after the findings")
	}
	for i, f := range fs {
		if f.Range.Start.Line != uint32(2*i) {
			t.Fatalf("finding %d on line %d, want %d", i, f.Range.Start.Line, 2*i)
		}
	}
	n := notes[0]
	if n.Severity != protocol.DiagnosticSeverityInformation || n.Range.Start.Line != 2000 ||
		!strings.Contains(n.Message, "first 1,000 of 1,500") || !strings.Contains(n.Message, "500 more") {
		t.Fatalf("note %+v", n)
	}

	// A setting changes the cap and re-publishes.
	setSettings(c, map[string]any{"maxFindings": 10})
	p = c.waitPublish(d.uri, &d.version, func(p publish) bool { return len(p.Diags) == 11 })
	if fs, notes := findingsAndNotes(p); len(fs) != 10 || len(notes) != 1 || notes[0].Range.Start.Line != 20 {
		t.Fatalf("maxFindings 10: %d findings, notes %+v", len(fs), notes)
	}
	// 0: no cap.
	setSettings(c, map[string]any{"maxFindings": 0})
	p = c.waitPublish(d.uri, &d.version, func(p publish) bool { return len(p.Diags) == 1500 })
	if _, notes := findingsAndNotes(p); len(notes) != 0 {
		t.Fatalf("no cap: notes %+v", notes)
	}
	// Edits keep the cap, with incremental checks: the cap counts shown
	// findings of the whole document.
	setSettings(c, map[string]any{"maxFindings": 3})
	c.waitPublish(d.uri, &d.version, func(p publish) bool { return len(p.Diags) == 4 })
	d.edit(rangeChange{Range: protocol.Range{Start: protocol.Position{Line: 0}, End: protocol.Position{Line: 0}}, Text: "We utilize it twice: utilize.\n\n"})
	p = d.wait()
	fs, notes = findingsAndNotes(p)
	if len(fs) != 3 || len(notes) != 1 || fs[2].Range.Start.Line != 2 || !strings.Contains(notes[0].Message, "of 1,502") {
		t.Fatalf("after an edit: %v %+v", fs, notes)
	}
	// A bad value is reported and keeps the value before it.
	setSettings(c, map[string]any{"maxFindings": "many"})
	c.waitUntil("a settings warning", func() bool {
		for _, m := range c.messages {
			if strings.Contains(m.Message, "maxFindings must be a whole number") {
				return true
			}
		}
		return false
	})
	d.edit(rangeChange{Range: protocol.Range{Start: protocol.Position{Line: 0}, End: protocol.Position{Line: 0}}, Text: "x"})
	if p := d.wait(); len(p.Diags) != 4 {
		t.Fatalf("after a bad value: %d diagnostics, want 4", len(p.Diags))
	}
}

func TestMaxDocumentSizeSetting(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})
	c.initialize(dir, nil, map[string]any{"guardrail": map[string]any{"maxDocumentSize": 100}})
	d := c.open(filepath.Join(dir, "big.md"), "markdown", strings.Repeat("We utilize it. ", 10))
	p := d.wait()
	if len(p.Diags) != 1 || !strings.Contains(p.Diags[0].Message, "larger than 100 bytes") {
		t.Fatalf("diagnostics %+v", p.Diags)
	}
	setSettings(c, map[string]any{"maxDocumentSize": nil}) // back to 10 MB
	c.waitPublish(d.uri, &d.version, func(p publish) bool { return len(p.Diags) == 10 })
}

// TestAnalysisTimeout: an analysis that runs past the time limit stops,
// publishes the findings before the place it stopped, and says where; the
// next versions go on from the segments already checked.
func TestAnalysisTimeout(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{AnalysisTimeout: time.Nanosecond, MaxFindings: -1})
	c.initialize(dir, nil, nil)
	text := manyFindings(20000) // about 1 MB
	d := c.open(filepath.Join(dir, "slow.md"), "markdown", text)
	p := d.wait()
	fs, notes := findingsAndNotes(p)
	if len(notes) != 1 || !strings.Contains(notes[0].Message, "stopped checking") {
		t.Fatalf("want a note that checking stopped, got %d findings, notes %+v", len(fs), notes)
	}
	stop := notes[0].Range.Start.Line
	if stop >= 40000 {
		t.Fatalf("stopped at line %d, past the end", stop)
	}
	for _, f := range fs {
		if f.Range.Start.Line >= stop {
			t.Fatalf("finding on line %d, after the stop on line %d", f.Range.Start.Line, stop)
		}
	}
	// No limit: everything.
	setSettings(c, map[string]any{"analysisTimeout": 0})
	c.waitPublish(d.uri, &d.version, func(p publish) bool { return len(p.Diags) == 20000 })
}

// TestAnalysisTimeoutWholeDocument: a document checked whole (here Go
// source, which is never split into segments) stops at the time limit too,
// between the engine's chunks, and says where.
func TestAnalysisTimeoutWholeDocument(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{AnalysisTimeout: time.Nanosecond, MaxFindings: -1})
	c.initialize(dir, nil, nil)
	const n = 20000
	var b strings.Builder
	b.WriteString("package slow\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "// V%d: we utilize the plain words here.\nvar V%d = %d\n\n", i, i, i)
	}
	d := c.open(filepath.Join(dir, "slow.go"), "go", b.String())
	p := d.wait()
	fs, notes := findingsAndNotes(p)
	if len(notes) != 1 || !strings.Contains(notes[0].Message, "stopped checking") {
		t.Fatalf("want a note that checking stopped, got %d findings, notes %+v", len(fs), notes)
	}
	stop := notes[0].Range.Start.Line
	if stop == 0 || stop >= 3*n || len(fs) == 0 || len(fs) >= n {
		t.Fatalf("stopped at line %d with %d findings: want somewhere inside", stop, len(fs))
	}
	for _, f := range fs {
		if f.Range.Start.Line >= stop {
			t.Fatalf("finding on line %d, after the stop on line %d", f.Range.Start.Line, stop)
		}
	}
	setSettings(c, map[string]any{"analysisTimeout": 0})
	c.waitPublish(d.uri, &d.version, func(p publish) bool { return len(p.Diags) == n })
}

// TestWorkspaceScanLimits: files scanned from disk keep the same limits.
func TestWorkspaceScanLimits(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{
		".guardrail.toml": testConfig,
		"many.md":         manyFindings(20),
		"big.md":          strings.Repeat("We utilize it. ", 100),
	})
	c := newClient(t, Options{MaxDocumentSize: 1000})
	caps := defaultCaps()
	caps["window"] = map[string]any{"workDoneProgress": true}
	c.initialize(dir, caps, map[string]any{"maxFindings": 5})
	// After the scan ends, big.md must not have been published.
	c.waitUntil("the scan's end", func() bool {
		for _, p := range c.progress {
			if p.Kind == "end" {
				return true
			}
		}
		return false
	})
	many := fileURI(filepath.Join(dir, "many.md"))
	p := c.waitPublish(many, nil, func(publish) bool { return true })
	fs, notes := findingsAndNotes(p)
	if len(fs) != 5 || len(notes) != 1 || notes[0].Range.Start.Line != 10 || !strings.Contains(notes[0].Message, "first 5 of 20") {
		t.Fatalf("many.md: %d findings, notes %+v", len(fs), notes)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.pubs {
		if p.URI == fileURI(filepath.Join(dir, "big.md")) {
			t.Fatalf("big.md, over maxDocumentSize, was published: %+v", p.Diags)
		}
	}
}

// TestWorkspaceScanTimeLimit: a file from disk checked past the time limit
// is published with the findings before the stop and a note there.
func TestWorkspaceScanTimeLimit(t *testing.T) {
	const n = 20000
	var b strings.Builder
	b.WriteString("package slow\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "// V%d: we utilize the plain words here.\nvar V%d = %d\n\n", i, i, i)
	}
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig, "slow.go": b.String()})
	c := newClient(t, Options{AnalysisTimeout: time.Nanosecond, MaxFindings: -1})
	c.initialize(dir, nil, nil)
	p := c.waitPublish(fileURI(filepath.Join(dir, "slow.go")), nil, func(publish) bool { return true })
	fs, notes := findingsAndNotes(p)
	if len(notes) != 1 || !strings.Contains(notes[0].Message, "stopped checking") || len(fs) == 0 || len(fs) >= n {
		t.Fatalf("%d findings, notes %+v: want some findings and a note where checking stopped", len(fs), notes)
	}
	for _, f := range fs {
		if f.Range.Start.Line >= notes[0].Range.Start.Line {
			t.Fatalf("finding on line %d, after the stop on line %d", f.Range.Start.Line, notes[0].Range.Start.Line)
		}
	}
}

func TestCapNoteText(t *testing.T) {
	for _, c := range []struct {
		max, total int
		want       string
	}{
		{1000, 1001, "first 1,000 of 1,001 findings in this document; 1 more from here on is not shown"},
		{3, 1234567, "first 3 of 1,234,567 findings in this document; 1,234,564 more from here on are not shown"},
	} {
		if got := capNote(protocol.Range{}, c.max, c.total).Message; !strings.Contains(got, c.want) {
			t.Errorf("capNote(%d, %d) = %q, want it to contain %q", c.max, c.total, got, c.want)
		}
	}
}
