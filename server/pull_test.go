package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

// pullCaps are defaultCaps plus LSP 3.17 pull diagnostics (with or
// without refresh support) and, when resolve is set, codeAction/resolve
// for edits.
func pullCaps(pull, refresh, resolve bool) map[string]any {
	caps := defaultCaps()
	td := caps["textDocument"].(map[string]any)
	if pull {
		td["diagnostic"] = map[string]any{"dynamicRegistration": false, "relatedDocumentSupport": false}
	}
	if refresh {
		caps["workspace"].(map[string]any)["diagnostics"] = map[string]any{"refreshSupport": true}
	}
	if resolve {
		ca := td["codeAction"].(map[string]any)
		ca["dataSupport"] = true
		ca["resolveSupport"] = map[string]any{"properties": []string{"edit"}}
	}
	return caps
}

// initializeRaw is client.initialize returning the raw capabilities.
func (c *client) initializeRaw(dir string, caps map[string]any) map[string]json.RawMessage {
	c.t.Helper()
	var res struct {
		Capabilities map[string]json.RawMessage `json:"capabilities"`
	}
	params := map[string]any{
		"processId":        os.Getpid(),
		"capabilities":     caps,
		"rootUri":          string(fileURI(dir)),
		"workspaceFolders": []map[string]any{{"uri": string(fileURI(dir)), "name": "ws"}},
	}
	if err := c.call(protocol.MethodInitialize, params, &res); err != nil {
		c.t.Fatalf("initialize: %v", err)
	}
	c.notify(protocol.MethodInitialized, map[string]any{})
	return res.Capabilities
}

type pullReport struct {
	Kind     string                `json:"kind"`
	ResultID string                `json:"resultId"`
	Items    []protocol.Diagnostic `json:"items"`
}

// pullOnce sends one textDocument/diagnostic.
func (c *client) pullOnce(u protocol.DocumentURI, prev string) pullReport {
	c.t.Helper()
	params := map[string]any{"textDocument": map[string]any{"uri": u}, "identifier": "guardrail"}
	if prev != "" {
		params["previousResultId"] = prev
	}
	var rep pullReport
	if err := c.call(methodTextDocumentDiagnostic, params, &rep); err != nil {
		c.t.Fatalf("textDocument/diagnostic: %v", err)
	}
	return rep
}

// pullUntil pulls until the report satisfies ok (an answer without a
// resultId means the config is still loading).
func (c *client) pullUntil(u protocol.DocumentURI, prev string, ok func(pullReport) bool) pullReport {
	c.t.Helper()
	deadline := time.Now().Add(patience)
	for {
		rep := c.pullOnce(u, prev)
		if rep.ResultID != "" && ok(rep) {
			return rep
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("pull of %s: last report %+v", u, rep)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (c *client) refreshes() int {
	n := 0
	for _, m := range c.others {
		if m == methodWorkspaceDiagnosticRefresh {
			n++
		}
	}
	return n
}

func TestPullCapabilityNegotiation(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	for _, tc := range []struct {
		name                   string
		pull, refresh, resolve bool
		diag, actions          string
	}{
		{"3.16 client", false, false, false, "", `{"codeActionKinds":["quickfix","source.fixAll.guardrail"]}`},
		{"pull and refresh", true, true, false, `{"identifier":"guardrail","interFileDependencies":false,"workspaceDiagnostics":true}`, `{"codeActionKinds":["quickfix","source.fixAll.guardrail"]}`},
		{"pull without refresh", true, false, false, `{"identifier":"guardrail","interFileDependencies":true,"workspaceDiagnostics":true}`, `{"codeActionKinds":["quickfix","source.fixAll.guardrail"]}`},
		{"resolve", false, false, true, "", `{"codeActionKinds":["quickfix","source.fixAll.guardrail"],"resolveProvider":true}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, Options{})
			caps := c.initializeRaw(dir, pullCaps(tc.pull, tc.refresh, tc.resolve))
			if got := string(caps["diagnosticProvider"]); got != tc.diag {
				t.Errorf("diagnosticProvider = %s, want %s", got, tc.diag)
			}
			if got := string(caps["codeActionProvider"]); got != tc.actions {
				t.Errorf("codeActionProvider = %s, want %s", got, tc.actions)
			}
		})
	}
	// resolveSupport without "edit", or without dataSupport: no resolve.
	for _, mutate := range []func(ca map[string]any){
		func(ca map[string]any) { ca["resolveSupport"] = map[string]any{"properties": []string{"command"}} },
		func(ca map[string]any) { delete(ca, "dataSupport") },
	} {
		caps := pullCaps(false, false, true)
		mutate(caps["textDocument"].(map[string]any)["codeAction"].(map[string]any))
		c := newClient(t, Options{})
		if got := string(c.initializeRaw(dir, caps)["codeActionProvider"]); strings.Contains(got, "resolveProvider") {
			t.Errorf("codeActionProvider = %s", got)
		}
	}
}

// TestPullDiagnostics: open documents are pulled (resultId, unchanged),
// never pushed; files that are not open are still pushed; a config edit
// and a settings change bring workspace/diagnostic/refresh.
func TestPullDiagnostics(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{
		".guardrail.toml": testConfig,
		"closed.md":       "We utilize synergy.\n",
		"opened.md":       "We utilize synergy.\n",
	})
	c := newClient(t, Options{})
	c.initialize(dir, pullCaps(true, true, false), nil)
	closed, opened := fileURI(filepath.Join(dir, "closed.md")), fileURI(filepath.Join(dir, "opened.md"))
	// The workspace scan pushes the files that are not open.
	c.waitPublish(closed, nil, func(p publish) bool { return strings.Join(codes(p.Diags), ",") == "test.utilize,test.flag" })
	c.waitPublish(opened, nil, func(p publish) bool { return len(p.Diags) > 0 })
	c.mu.Lock()
	pushedBefore := len(c.pubs)
	c.mu.Unlock()

	d := c.open(filepath.Join(dir, "opened.md"), "markdown", "SRE enables access to OpenAI models; we utilize synergy.\n")
	// Opening clears the scan's push: from now on the file is pulled.
	c.waitPublish(opened, nil, func(p publish) bool { return len(p.Diags) == 0 && p.Version == nil })
	r1 := c.pullUntil(d.uri, "", func(r pullReport) bool { return r.Kind == "full" })
	if got := strings.Join(codes(r1.Items), ","); got != "test.access,test.utilize,test.flag" {
		t.Fatalf("first pull: %s", got)
	}
	// Same text, config and settings: unchanged.
	if r := c.pullOnce(d.uri, r1.ResultID); r.Kind != "unchanged" || r.ResultID != r1.ResultID || r.Items != nil {
		t.Fatalf("second pull: %+v, want unchanged %s", r, r1.ResultID)
	}
	// An edit: a full report under a new id.
	d.replaceAll("We utilize it.\n")
	r2 := c.pullOnce(d.uri, r1.ResultID)
	if r2.Kind != "full" || r2.ResultID == r1.ResultID || strings.Join(codes(r2.Items), ",") != "test.utilize" {
		t.Fatalf("pull after edit: %+v", r2)
	}

	// A config edit on disk: reload, then a refresh; the id changes.
	c.mu.Lock()
	before := c.refreshes()
	c.mu.Unlock()
	writeFile(t, filepath.Join(dir, ".guardrail.toml"), strings.Replace(testConfig, `restricted = ["utilize"]`, `restricted = ["it"]`, 1))
	c.fileChanged(filepath.Join(dir, ".guardrail.toml"))
	c.waitUntil("a refresh after the config edit", func() bool { return c.refreshes() > before })
	// (A refresh for an earlier pull that came too early may arrive
	// first: pull until the reload shows.)
	r3 := c.pullUntil(d.uri, r2.ResultID, func(r pullReport) bool { return r.Kind == "full" })
	if r3.Kind != "full" || r3.ResultID == r2.ResultID {
		t.Fatalf("pull after config edit: %+v", r3)
	}
	if got := strings.Join(codes(r3.Items), ","); got != "test.utilize" {
		t.Fatalf("pull after config edit: %s", got)
	}
	if r3.Items[0].Range.Start.Character != 11 { // "it", not "utilize"
		t.Fatalf("pull after config edit: %+v", r3.Items[0])
	}

	// A settings change: a refresh; warnings are no longer shown.
	c.mu.Lock()
	before = c.refreshes()
	c.mu.Unlock()
	c.notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{"minSeverity": "error"}})
	c.waitUntil("a refresh after the settings change", func() bool { return c.refreshes() > before })
	r4 := c.pullUntil(d.uri, r3.ResultID, func(r pullReport) bool { return r.Kind == "full" })
	if r4.Kind != "full" || r4.ResultID == r3.ResultID || len(r4.Items) != 0 {
		t.Fatalf("pull after settings change: %+v", r4)
	}

	// An open config document is pulled too.
	cfgDoc := c.open(filepath.Join(dir, ".guardrail.toml"), "toml", "root = true\n[[rule]]\nid = \n")
	rc := c.pullUntil(cfgDoc.uri, "", func(r pullReport) bool { return len(r.Items) > 0 })
	if rc.Items[0].Range.Start.Line != 2 {
		t.Fatalf("config document: %+v", rc.Items)
	}
	d.close()
	cfgDoc.close()
	// Shut down: every message the server sent before is recorded.
	if err := c.call(protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.pubs[pushedBefore:] {
		if p.URI == d.uri || p.URI == cfgDoc.uri {
			if p.Version != nil || len(p.Diags) > 0 {
				t.Errorf("pushed for a pulled document: %s", p.Raw)
			}
		}
	}
}

// TestPullNoRefreshWithoutSupport: a client that pulls but cannot be
// refreshed gets no refresh request.
func TestPullNoRefreshWithoutSupport(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})
	c.initialize(dir, pullCaps(true, false, false), nil)
	d := c.open(filepath.Join(dir, "a.md"), "markdown", "We utilize it.\n")
	r := c.pullUntil(d.uri, "", func(r pullReport) bool { return len(r.Items) == 1 })
	c.notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{"minSeverity": "error"}})
	c.pullUntil(d.uri, r.ResultID, func(r pullReport) bool { return r.Kind == "full" && len(r.Items) == 0 })
	if err := c.call(protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := c.refreshes(); n != 0 {
		t.Fatalf("%d refresh requests", n)
	}
	for _, p := range c.pubs {
		if p.URI == d.uri {
			t.Errorf("pushed for a pulled document: %s", p.Raw)
		}
	}
}

// TestPushWithoutPullCapability: a 3.16 client gets pushes for open
// documents and no refresh requests.
func TestPushWithoutPullCapability(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})
	c.initialize(dir, pullCaps(false, true, false), nil)
	d := c.open(filepath.Join(dir, "a.md"), "markdown", "We utilize it.\n")
	if got := strings.Join(codes(d.wait().Diags), ","); got != "test.utilize" {
		t.Fatalf("push: %s", got)
	}
	c.notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{"minSeverity": "error"}})
	c.waitPublish(d.uri, i32(1), func(p publish) bool { return len(p.Diags) == 0 })
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := c.refreshes(); n != 0 {
		t.Fatalf("%d refresh requests", n)
	}
}

// TestPullWhileConfigLoads: a pull that comes while the config is still
// loading is answered at once, empty and without a resultId; a refresh
// follows once the config is there, and the next pull is full.
func TestPullWhileConfigLoads(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	release := make(chan struct{})
	var once sync.Once
	stuck := make(chan struct{})
	hook := func(path string) {
		if filepath.Base(path) == ".guardrail.toml" {
			once.Do(func() { close(stuck) })
			<-release
		}
	}
	testHookReadConfig.Store(&hook)
	t.Cleanup(func() { testHookReadConfig.Store(nil) })
	c := newClient(t, Options{})
	c.initialize(dir, pullCaps(true, true, false), nil)
	d := c.open(filepath.Join(dir, "a.md"), "markdown", "We utilize it.\n")
	<-stuck
	if r := c.pullOnce(d.uri, ""); r.Kind != "full" || r.ResultID != "" || len(r.Items) != 0 {
		t.Fatalf("pull while loading: %+v", r)
	}
	c.mu.Lock()
	before := c.refreshes()
	c.mu.Unlock()
	close(release)
	c.waitUntil("a refresh once the config loaded", func() bool { return c.refreshes() > before })
	if r := c.pullOnce(d.uri, ""); r.ResultID == "" || strings.Join(codes(r.Items), ",") != "test.utilize" {
		t.Fatalf("pull after the refresh: %+v", r)
	}
}

// TestPullWaitsForWorker: a pull right after a change waits for the
// analysis the change started instead of running a second one.
func TestPullWaitsForWorker(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	path := filepath.Join(dir, "a.md")
	var analyses atomic.Int32
	hook := func(p string) {
		if p == path {
			analyses.Add(1)
			time.Sleep(30 * time.Millisecond) // the pull arrives while it runs
		}
	}
	testHookAnalyze.Store(&hook)
	t.Cleanup(func() { testHookAnalyze.Store(nil) })
	c := newClient(t, Options{})
	c.initialize(dir, pullCaps(true, true, false), nil)
	d := c.open(path, "markdown", "We utilize it.\n")
	c.pullUntil(d.uri, "", func(r pullReport) bool { return len(r.Items) == 1 })
	const edits = 10
	start := analyses.Load()
	for i := range edits {
		d.replaceAll(strings.Repeat("x ", i) + "We utilize it.\n")
		if r := c.pullOnce(d.uri, ""); len(r.Items) != 1 || r.Items[0].Range.Start.Character != uint32(2*i+3) {
			t.Fatalf("edit %d: %+v", i, r)
		}
	}
	if n := analyses.Load() - start; n > edits+1 {
		t.Fatalf("%d analyses for %d edits and pulls, want at most %d", n, edits, edits+1)
	}
}
