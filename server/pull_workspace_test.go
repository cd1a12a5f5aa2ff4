package server

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

type workspaceItem struct {
	URI      protocol.DocumentURI  `json:"uri"`
	Version  *int32                `json:"version"`
	Kind     string                `json:"kind"`
	ResultID string                `json:"resultId"`
	Items    []protocol.Diagnostic `json:"items"`
	raw      string
}

// pullWorkspace sends one workspace/diagnostic with the given previous
// result ids (uri → id) and returns the items by uri.
func (c *client) pullWorkspace(prev map[protocol.DocumentURI]string) map[protocol.DocumentURI]workspaceItem {
	c.t.Helper()
	ids := []map[string]any{}
	for u, v := range prev {
		ids = append(ids, map[string]any{"uri": u, "value": v})
	}
	var res struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := c.call(methodWorkspaceDiagnostic, map[string]any{"identifier": "guardrail", "previousResultIds": ids}, &res); err != nil {
		c.t.Fatalf("workspace/diagnostic: %v", err)
	}
	out := map[protocol.DocumentURI]workspaceItem{}
	for _, raw := range res.Items {
		var it workspaceItem
		if err := json.Unmarshal(raw, &it); err != nil {
			c.t.Fatalf("workspace item %s: %v", raw, err)
		}
		it.raw = string(raw)
		if _, dup := out[it.URI]; dup {
			c.t.Fatalf("%s reported twice", it.URI)
		}
		out[it.URI] = it
	}
	return out
}

// TestWorkspacePull: a client that pulls gets the scan's files pushed
// until it sends workspace/diagnostic; then each pushed file is cleared
// once and reported in the workspace pull instead (full, then unchanged
// while its diagnostics stay the same, full again after a config change
// with a refresh), never pushed again; an opened file leaves the
// workspace report for textDocument/diagnostic; a file the client names
// that the server has nothing for is cleared.
func TestWorkspacePull(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{
		".guardrail.toml": testConfig,
		"closed.md":       "We utilize synergy.\n",
		"clean.md":        "Nothing here.\n",
		"later.md":        "We utilize it.\n",
	})
	c := newClient(t, Options{})
	caps := c.initializeRaw(dir, pullCaps(true, true, false))
	if got := string(caps["diagnosticProvider"]); !strings.Contains(got, `"workspaceDiagnostics":true`) {
		t.Fatalf("diagnosticProvider = %s", got)
	}
	closed := fileURI(filepath.Join(dir, "closed.md"))
	later := fileURI(filepath.Join(dir, "later.md"))
	clean := fileURI(filepath.Join(dir, "clean.md"))
	// Before any workspace pull: pushed, as for a client that never sends
	// one.
	c.waitPublish(closed, nil, func(p publish) bool { return len(p.Diags) == 2 })
	c.waitPublish(later, nil, func(p publish) bool { return len(p.Diags) == 1 })

	r1 := c.pullWorkspace(nil)
	c.waitPublish(closed, nil, func(p publish) bool { return len(p.Diags) == 0 }) // the push cleared
	c.mu.Lock()
	pushedAt := len(c.pubs)
	c.mu.Unlock()
	it := r1[closed]
	if it.Kind != "full" || it.ResultID == "" || it.Version != nil || !strings.Contains(it.raw, `"version":null`) {
		t.Fatalf("closed.md: %s", it.raw)
	}
	if got := strings.Join(codes(it.Items), ","); got != "test.utilize,test.flag" {
		t.Fatalf("closed.md items: %s", got)
	}
	if _, ok := r1[clean]; ok {
		t.Errorf("a clean file is reported: %s", r1[clean].raw)
	}
	if len(r1[later].Items) != 1 {
		t.Fatalf("later.md: %s", r1[later].raw)
	}

	// Unchanged while nothing changes.
	prev := map[protocol.DocumentURI]string{closed: it.ResultID, later: r1[later].ResultID}
	r2 := c.pullWorkspace(prev)
	if r2[closed].Kind != "unchanged" || r2[closed].ResultID != it.ResultID || r2[closed].Items != nil {
		t.Fatalf("second pull: %s", r2[closed].raw)
	}

	// A config change: a rescan, a refresh, and a new full report.
	c.mu.Lock()
	before := c.refreshes()
	c.mu.Unlock()
	writeFile(t, filepath.Join(dir, ".guardrail.toml"), strings.Replace(testConfig, `restricted = ["utilize"]`, `restricted = ["synergy"]`, 1))
	c.fileChanged(filepath.Join(dir, ".guardrail.toml"))
	c.waitUntil("a refresh after the config change", func() bool { return c.refreshes() > before })
	var r3 map[protocol.DocumentURI]workspaceItem
	deadline := time.Now().Add(patience)
	for {
		r3 = c.pullWorkspace(prev)
		if r3[closed].Kind == "full" && r3[later].Kind == "full" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no new report after the config change: %s / %s", r3[closed].raw, r3[later].raw)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if r3[closed].ResultID == it.ResultID || r3[closed].Items[0].Range.Start.Character != 11 { // "synergy"
		t.Fatalf("after the config change: %s", r3[closed].raw)
	}
	if len(r3[later].Items) != 0 || r3[later].ResultID == "" {
		t.Fatalf("later.md, clean now, is reported empty: %s", r3[later].raw)
	}

	// Opened: left to textDocument/diagnostic.
	d := c.open(filepath.Join(dir, "closed.md"), "markdown", "We utilize synergy.\n")
	if rep := c.pullUntil(d.uri, "", func(r pullReport) bool { return len(r.Items) > 0 }); len(rep.Items) != 2 {
		t.Fatalf("document pull: %+v", rep)
	}
	r4 := c.pullWorkspace(map[protocol.DocumentURI]string{closed: r3[closed].ResultID})
	if _, ok := r4[closed]; ok {
		t.Errorf("an open document is in the workspace report: %s", r4[closed].raw)
	}

	// A file the server has nothing for: cleared, without a result id.
	gone := fileURI(filepath.Join(dir, "gone.md"))
	r5 := c.pullWorkspace(map[protocol.DocumentURI]string{gone: "old-id"})
	if g := r5[gone]; g.Kind != "full" || g.ResultID != "" || g.Items == nil || len(g.Items) != 0 {
		t.Errorf("gone.md: %s", g.raw)
	}

	if err := c.call(protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.pubs[pushedAt:] {
		if len(p.Diags) > 0 {
			t.Errorf("pushed after the workspace pull began: %s", p.Raw)
		}
	}
}

// TestWorkspacePullPushClient: a 3.16 client is told nothing of workspace
// diagnostics; a stray workspace/diagnostic gets an empty report and the
// scan keeps pushing.
func TestWorkspacePullPushClient(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig, "a.md": "We utilize it.\n"})
	c := newClient(t, Options{})
	caps := c.initializeRaw(dir, pullCaps(false, false, false))
	if _, ok := caps["diagnosticProvider"]; ok {
		t.Fatalf("diagnosticProvider = %s", caps["diagnosticProvider"])
	}
	a := fileURI(filepath.Join(dir, "a.md"))
	c.waitPublish(a, nil, func(p publish) bool { return len(p.Diags) == 1 })
	if r := c.pullWorkspace(nil); len(r) != 0 {
		t.Fatalf("workspace report for a push client: %v", r)
	}
	if last, _ := c.lastPublish(a); len(last.Diags) != 1 {
		t.Fatalf("a push client's file was cleared: %s", last.Raw)
	}
}
