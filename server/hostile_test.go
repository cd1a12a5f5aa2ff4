package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/guardrail-dev/guardrail/internal/testutil"
	"github.com/guardrail-dev/guardrail/rules"
	"go.lsp.dev/protocol"
)

// Hostile repositories (SECURITY.md, "Bounded work"): whatever the
// repository's config, packs and settings, hover and shutdown are answered
// within a second, and what the server publishes stays bounded.

// answerWithin is the bound on a hover or shutdown reply while hostile work
// runs (they take milliseconds, or the 200 ms a hover waits for a config
// still loading). The race detector slows everything down several times,
// and its run shares the machine with every other package's tests: there
// the bound is 3 s; the plain run (scripts/test.sh's hostile step) holds
// the 1 s of SECURITY.md.
var answerWithin = map[bool]time.Duration{false: time.Second, true: 3 * time.Second}[raceEnabled]

// callWithin makes a request and fails the test if no reply comes within
// answerWithin.
func (c *client) callWithin(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), answerWithin)
	defer cancel()
	start := time.Now()
	if _, err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: no answer within %v: %v", method, answerWithin, err)
	}
	c.t.Logf("%s answered in %v", method, time.Since(start))
}

func (d *doc) hoverAt(off int) *protocol.Hover {
	var h *protocol.Hover
	d.c.callWithin(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: d.uri}, Position: d.posAt(off),
	}}, &h)
	return h
}

// shutdownWithin sends shutdown and exit, requiring the reply in time.
func (c *client) shutdownWithin() {
	c.t.Helper()
	c.callWithin(protocol.MethodShutdown, nil, nil)
	c.notify(protocol.MethodExit, nil)
	select {
	case <-c.code:
	case <-time.After(patience):
		c.t.Errorf("server did not exit")
	}
	c.mu.Lock()
	c.exited = true
	c.mu.Unlock()
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

// TestHostileConfigFiles: a .guardrail.toml that is a FIFO and a
// configPath of /dev/zero are config errors shown on the file; hover and
// shutdown are answered within a second.
func TestHostileConfigFiles(t *testing.T) {
	for _, tc := range []struct {
		name       string
		configPath string
		want       string
	}{
		{"FIFO .guardrail.toml", "", "a named pipe (FIFO), not a regular file"},
		{"configPath /dev/zero", "/dev/zero", "a device, not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeWorkspace(t, map[string]string{"a.md": "We utilize it.\n"})
			cfgFile := tc.configPath
			if cfgFile == "" {
				cfgFile = filepath.Join(dir, ".guardrail.toml")
				mkfifo(t, cfgFile)
			}
			c := newClient(t, Options{})
			var init any
			if tc.configPath != "" {
				init = map[string]any{"configPath": tc.configPath}
			}
			c.initialize(dir, nil, init)
			d := c.open(filepath.Join(dir, "a.md"), "markdown", "We utilize it.\n")
			d.hoverAt(4)
			c.waitPublish(fileURI(cfgFile), nil, func(p publish) bool {
				return len(p.Diags) > 0 && strings.Contains(p.Diags[0].Message, tc.want)
			})
			d.hoverAt(4)
			c.shutdownWithin()
		})
	}
}

// TestHostileSlowConfigLoad: while a config read is stuck (a slow disk, a
// huge pack), hover and shutdown are still answered within a second: the
// config loads off the message loop.
func TestHostileSlowConfigLoad(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig, "a.md": "We utilize it.\n"})
	release := make(chan struct{})
	var once sync.Once
	stuck := make(chan struct{})
	hook := func(path string) {
		if filepath.Base(path) == ".guardrail.toml" {
			once.Do(func() { close(stuck) })
			<-release
		}
	}
	defer close(release)
	c := newClient(t, Options{readConfigHook: hook})
	c.initialize(dir, nil, nil)
	d := c.open(filepath.Join(dir, "a.md"), "markdown", "We utilize it.\n")
	<-stuck
	if h := d.hoverAt(4); h != nil {
		t.Errorf("hover before the config loaded: %+v", h)
	}
	// A reload asked for while the read is stuck does not wait for it
	// holding what hover needs.
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []*protocol.FileEvent{
		{URI: fileURI(filepath.Join(dir, ".guardrail.toml")), Type: protocol.FileChangeTypeChanged},
	}})
	d.hoverAt(4)
	d.hoverAt(4)
	c.shutdownWithin()
}

// TestHostileMessageAmplificationServer: a message that repeats {match}
// 10,000 times on a document with 200 long matches publishes at most a few
// KB per diagnostic.
func TestHostileMessageAmplificationServer(t *testing.T) {
	cfg := "[[rule]]\nid = \"amp.x\"\npatterns = ['x+']\nmessage = \"" + strings.Repeat("{match}", 10000) + "\"\n"
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": cfg})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	text := strings.Repeat(strings.Repeat("x", 2000)+"\n\n", 200)
	d := c.open(filepath.Join(dir, "a.md"), "markdown", text)
	p := d.wait()
	if len(p.Diags) != 200 {
		t.Fatalf("%d diagnostics, want 200", len(p.Diags))
	}
	if len(p.Raw) > 200*6<<10 {
		t.Errorf("published %d bytes for 200 diagnostics, want at most 6 KB each", len(p.Raw))
	}
	d.hoverAt(10)
	c.shutdownWithin()
}

var _ = os.Getpid

// TestHostileWorkspaceScanManyFolders: the workspace scan of 10,000
// folders sharing one config compiles the rules once and peaks under
// 200 MB of heap (one engine per folder grew to GBs); hover and shutdown
// are answered within a second while it runs.
func TestHostileWorkspaceScanManyFolders(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 folders")
	}
	n := 10000
	if raceEnabled {
		n = 1000 // and memory is not measured
	}
	files := map[string]string{".guardrail.toml": "extends = [\"builtin:sre-messaging\"]\n" + testConfig, "open.md": "We utilize it.\n"}
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("d%05d/a.md", i)] = "We utilize it.\n"
	}
	dir := writeWorkspace(t, files)
	c := newClient(t, Options{})
	c.light = true
	var pubs atomic.Int64
	c.onPublish = func(publish) { pubs.Add(1) }
	caps := defaultCaps()
	caps["window"] = map[string]any{"workDoneProgress": true}
	peak, took := testutil.PeakHeap(func() {
		c.initialize(dir, caps, nil)
		d := c.open(filepath.Join(dir, "open.md"), "markdown", "We utilize it.\n")
		d.hoverAt(4)
		c.waitUntil("progress end", func() bool {
			for _, p := range c.progress {
				if p.Kind == "end" {
					return true
				}
			}
			return false
		})
	})
	if got := pubs.Load(); got < int64(n) {
		t.Errorf("%d publishes, want at least %d", got, n)
	}
	t.Logf("%d folders scanned: peak heap %d MB, %v", n, peak>>20, took)
	if peak > 200<<20 && !raceEnabled {
		t.Errorf("scan of %d folders peaked at %d MB of heap, want under 200 MB", n, peak>>20)
	}
	c.shutdownWithin()
}

// TestHostileHoverMarkdown: a pack's message, rationale and link cannot
// inject Markdown into the hover (images, command: links, HTML), and
// only an http or https link is shown or sent as codeDescription.href.
func TestHostileHoverMarkdown(t *testing.T) {
	inject := `![x](https://evil.example/t.png) [run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> &lt;b&gt;`
	cfg := `[[rule]]
id = "h.js"
restricted = ["alpha"]
message = "` + strings.ReplaceAll(inject, `"`, `\"`) + `"
rationale = "` + strings.ReplaceAll(inject, `"`, `\"`) + `"
link = "javascript:alert(1)"

[[rule]]
id = "h.cmd"
restricted = ["beta"]
link = "command:workbench.action.terminal.new"

[[rule]]
id = "h.ok"
restricted = ["gamma"]
link = "https://example.com/a_(b)?q=1"
`
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": cfg})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	text := "alpha beta gamma\n"
	d := c.open(filepath.Join(dir, "a.md"), "markdown", text)
	p := d.wait()
	hrefs := map[string]string{}
	for _, dg := range p.Diags {
		if dg.CodeDescription != nil {
			hrefs[fmt.Sprint(dg.Code)] = string(dg.CodeDescription.Href)
		}
	}
	if len(hrefs) != 1 || hrefs["h.ok"] != "https://example.com/a_(b)?q=1" {
		t.Errorf("codeDescription hrefs %v, want only h.ok's https link", hrefs)
	}
	for _, w := range []struct {
		word string
		bad  []string
		want string
	}{
		{"alpha", []string{"javascript", "![", "](", "<img", "&lt;"}, `\!\[x\]\(https://evil.example/t.png\)`},
		{"beta", []string{"command:", "Rule documentation"}, ""},
		{"gamma", nil, "[Rule documentation](https://example.com/a_%28b%29?q=1)"},
	} {
		h := d.hoverAt(strings.Index(text, w.word))
		if h == nil {
			t.Fatalf("%s: no hover", w.word)
		}
		v := h.Contents.Value
		// What Markdown sees unescaped: every \X dropped.
		raw := regexp.MustCompile(`\\.`).ReplaceAllString(v, "")
		for _, b := range w.bad {
			if strings.Contains(raw, b) {
				t.Errorf("%s: hover contains %q:\n%s", w.word, b, v)
			}
		}
		if !strings.Contains(v, w.want) {
			t.Errorf("%s: hover lacks %q:\n%s", w.word, w.want, v)
		}
	}
}

// TestHostileSettingsWrongTypes: a setting of the wrong type is reported
// and keeps its value; it is not silently reset.
func TestHostileSettingsWrongTypes(t *testing.T) {
	st := defaultSettings()
	st.applyJSON([]byte(`{"minSeverity": "error", "logLevel": "debug", "maxFindings": 5, "maxDocumentSize": 100, "analysisTimeout": 50}`))
	problems := st.applyJSON([]byte(`{"guardrail": {"minSeverity": 3, "logLevel": true, "maxFindings": "x", "maxDocumentSize": -1, "analysisTimeout": [1], "extraPacks": ["a.toml", 5]}}`))
	all := strings.Join(problems, "\n")
	for _, want := range []string{"minSeverity must be a string", "logLevel must be a string", "maxFindings must be", "maxDocumentSize must be", "analysisTimeout must be", "extraPacks: a number is not a string"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
	if st.MinSeverity != rules.SeverityError || st.LogLevel != "debug" || *st.Limits.MaxFindings != 5 || *st.Limits.MaxDocumentSize != 100 || *st.Limits.AnalysisTimeout != 50*time.Millisecond {
		t.Errorf("wrongly typed settings changed values: %+v %+v", st, st.Limits)
	}
	if len(st.ExtraPacks) != 1 || st.ExtraPacks[0] != "a.toml" {
		t.Errorf("extraPacks = %v", st.ExtraPacks)
	}

	// Through the protocol: the user is told.
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})
	c.initialize(dir, nil, map[string]any{"minSeverity": 3})
	c.waitUntil("a settings warning", func() bool {
		for _, m := range c.messages {
			if strings.Contains(m.Message, "minSeverity must be a string") {
				return true
			}
		}
		return false
	})
}

// TestHostileConfigProblemFlood: a pack of 20,000 broken rules publishes
// at most 1,000 problems and a note (merging them was quadratic: 10 s and
// 4 MB for this input), and hover is answered meanwhile.
func TestHostileConfigProblemFlood(t *testing.T) {
	var b strings.Builder
	n := 20000
	if raceEnabled {
		n = 3000
	}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "[[rule]]\nid = \"r.%d\"\nrestricted = [\"w%d\"]\nseverity = \"bogus\"\n", i, i)
	}
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": b.String()})
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	d := c.open(filepath.Join(dir, "a.md"), "markdown", "w1\n")
	d.hoverAt(0)
	p := c.waitPublish(fileURI(filepath.Join(dir, ".guardrail.toml")), nil, func(p publish) bool { return len(p.Diags) > 0 })
	if len(p.Diags) != maxConfigProblems+1 || !strings.Contains(p.Diags[maxConfigProblems].Message, "More problems in this file are not shown") {
		t.Errorf("%d diagnostics, want %d and a note", len(p.Diags), maxConfigProblems+1)
	}
	if len(p.Raw) > 1<<20 {
		t.Errorf("published %d bytes for the config's problems", len(p.Raw))
	}
	d.hoverAt(0)
	c.shutdownWithin()
}

// TestHostileSlowCompile: while a huge rule set compiles, hover and
// shutdown are still answered within a second.
func TestHostileSlowCompile(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	release := make(chan struct{})
	var once sync.Once
	stuck := make(chan struct{})
	hook := func() {
		once.Do(func() { close(stuck) })
		<-release
	}
	defer close(release)
	c := newClient(t, Options{compileHook: hook})
	c.initialize(dir, nil, nil)
	d := c.open(filepath.Join(dir, "a.md"), "markdown", "We utilize it.\n")
	<-stuck
	if h := d.hoverAt(4); h != nil {
		t.Errorf("hover before the rules compiled: %+v", h)
	}
	d.hoverAt(4)
	c.shutdownWithin()
}
