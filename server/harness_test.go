package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// The tests drive the server only through the protocol: Run on one end of
// a net.Pipe, a jsonrpc2 client with protocol types on the other.

// patience is how long a test waits for what must happen (a reply, a
// publish, an exit) before it fails: generous, because CI machines are
// shared and -race slows the server several times. Passing tests never
// wait that long.
const patience = 30 * time.Second

const testConfig = `root = true

[[rule]]
id = "test.access"
message = "Say it {approved}, not that it {match}."
severity = "error"
restricted = ["enables access to OpenAI models"]
approved = ["is powered by OpenAI models", "integrates with OpenAI models"]
rationale = "We do not resell access to the models."
link = "https://example.com/rules#access"

[[rule.example]]
bad = "SRE enables access to OpenAI models."
good = "SRE is powered by OpenAI models."

[[rule]]
id = "test.utilize"
message = "Prefer 'use'."
severity = "warning"
restricted = ["utilize"]
approved = ["use"]

[[rule]]
id = "test.flag"
message = "Avoid '{match}'."
severity = "info"
restricted = ["synergy"]
`

// testLogger logs to stderr with GUARDRAIL_TEST_LOG=1 (debug level).
func testLogger() *zap.Logger {
	if os.Getenv("GUARDRAIL_TEST_LOG") == "" {
		return zap.NewNop()
	}
	cfg := zap.NewDevelopmentConfig()
	l, _ := cfg.Build()
	return l
}

// writeWorkspace makes a folder with files (path → content).
func writeWorkspace(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type publish struct {
	URI     protocol.DocumentURI
	Version *int32
	Diags   []protocol.Diagnostic
	Raw     json.RawMessage
	At      time.Time
}

type progressEvent struct {
	Token string
	Kind  string
	Msg   string
}

// client is the test's LSP client.
type client struct {
	t    testing.TB
	conn jsonrpc2.Conn
	code chan int
	cc   io.ReadWriteCloser

	mu        sync.Mutex
	changed   chan struct{}
	pubs      []publish
	progress  []progressEvent
	creates   []string
	regs      []protocol.Registration
	messages  []protocol.ShowMessageParams
	configReq int
	// others are the methods of the other messages the server sent, in
	// order (workspace/diagnostic/refresh).
	others []string
	// config answers workspace/configuration (per item).
	config func(item protocol.ConfigurationItem) any
	// onPublish, when set, is called for every publish (in the read loop).
	onPublish func(publish)
	// light skips decoding diagnostics and recording publishes.
	light bool
	// noRecord decodes publishes for onPublish but does not keep them.
	noRecord bool

	exited bool
}

func newClient(t testing.TB, opts Options) *client {
	t.Helper()
	sc, cc := net.Pipe()
	if opts.Logger == nil {
		opts.Logger = testLogger()
	}
	opts.NoUserConfig = true
	code := make(chan int, 1)
	go func() { code <- Run(context.Background(), sc, sc, opts) }()
	return newClientOn(t, cc, code)
}

// newClientOn makes a client on a connection to a running server whose
// exit code arrives on code.
func newClientOn(t testing.TB, cc io.ReadWriteCloser, code chan int) *client {
	c := &client{t: t, code: code, cc: cc, changed: make(chan struct{})}
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(cc))
	c.conn.Go(context.Background(), c.handle)
	t.Cleanup(func() {
		c.mu.Lock()
		exited := c.exited
		c.mu.Unlock()
		if !exited {
			ctx, cancel := context.WithTimeout(context.Background(), patience)
			defer cancel()
			_, _ = c.conn.Call(ctx, protocol.MethodShutdown, nil, nil)
			_ = c.conn.Notify(ctx, protocol.MethodExit, nil)
			select {
			case <-c.code:
			case <-time.After(patience):
				t.Errorf("server did not exit")
			}
		}
		_ = cc.Close()
	})
	return c
}

func (c *client) broadcast() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// handle records what the server sends and answers its requests. It runs
// in the client's read loop, so everything the server wrote before a
// response is recorded before the response is delivered.
func (c *client) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	switch req.Method() {
	case protocol.MethodTextDocumentPublishDiagnostics:
		if c.light {
			// Benchmarks: only the envelope; the diagnostics stay raw.
			pub := publish{Raw: req.Params()}
			dec := json.NewDecoder(bytes.NewReader(req.Params()))
			_, _ = dec.Token() // {
			for pub.URI == "" || pub.Version == nil {
				k, err := dec.Token()
				if err != nil {
					break
				}
				switch k {
				case "uri":
					var u string
					_ = dec.Decode(&u)
					pub.URI = protocol.DocumentURI(u)
				case "version":
					var v int32
					_ = dec.Decode(&v)
					pub.Version = &v
				default:
					var skip json.RawMessage
					_ = dec.Decode(&skip)
				}
			}
			pub.At = time.Now()
			c.mu.Lock()
			hook := c.onPublish
			c.mu.Unlock()
			if hook != nil {
				hook(pub)
			}
			return reply(ctx, nil, nil)
		}
		var p struct {
			URI         protocol.DocumentURI  `json:"uri"`
			Version     *int32                `json:"version"`
			Diagnostics []protocol.Diagnostic `json:"diagnostics"`
		}
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			c.t.Errorf("bad publishDiagnostics: %v", err)
		}
		pub := publish{URI: p.URI, Version: p.Version, Diags: p.Diagnostics, Raw: append(json.RawMessage(nil), req.Params()...), At: time.Now()}
		c.mu.Lock()
		if !c.noRecord {
			c.pubs = append(c.pubs, pub)
		}
		hook := c.onPublish
		c.broadcast()
		c.mu.Unlock()
		if hook != nil {
			hook(pub)
		}
		return reply(ctx, nil, nil)
	case protocol.MethodProgress:
		var p struct {
			Token string `json:"token"`
			Value struct {
				Kind    string `json:"kind"`
				Message string `json:"message"`
			} `json:"value"`
		}
		_ = json.Unmarshal(req.Params(), &p)
		c.mu.Lock()
		c.progress = append(c.progress, progressEvent{Token: p.Token, Kind: p.Value.Kind, Msg: p.Value.Message})
		c.broadcast()
		c.mu.Unlock()
		return reply(ctx, nil, nil)
	case protocol.MethodWorkDoneProgressCreate:
		var p struct {
			Token string `json:"token"`
		}
		_ = json.Unmarshal(req.Params(), &p)
		c.mu.Lock()
		c.creates = append(c.creates, p.Token)
		c.broadcast()
		c.mu.Unlock()
		return reply(ctx, nil, nil)
	case protocol.MethodClientRegisterCapability:
		var p protocol.RegistrationParams
		_ = json.Unmarshal(req.Params(), &p)
		c.mu.Lock()
		c.regs = append(c.regs, p.Registrations...)
		c.broadcast()
		c.mu.Unlock()
		return reply(ctx, nil, nil)
	case protocol.MethodWorkspaceConfiguration:
		var p protocol.ConfigurationParams
		_ = json.Unmarshal(req.Params(), &p)
		c.mu.Lock()
		c.configReq++
		answer := c.config
		c.broadcast()
		c.mu.Unlock()
		res := make([]any, len(p.Items))
		for i, it := range p.Items {
			if answer != nil {
				res[i] = answer(it)
			}
		}
		return reply(ctx, res, nil)
	case protocol.MethodWindowShowMessage:
		var p protocol.ShowMessageParams
		_ = json.Unmarshal(req.Params(), &p)
		c.mu.Lock()
		c.messages = append(c.messages, p)
		c.broadcast()
		c.mu.Unlock()
		return reply(ctx, nil, nil)
	}
	c.mu.Lock()
	c.others = append(c.others, req.Method())
	c.broadcast()
	c.mu.Unlock()
	return reply(ctx, nil, nil)
}

// waitUntil waits until cond (called with c.mu held) is true.
func (c *client) waitUntil(what string, cond func() bool) {
	c.t.Helper()
	deadline := time.After(patience)
	for {
		c.mu.Lock()
		ok := cond()
		ch := c.changed
		c.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			c.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// waitPublish waits for a publish for uri with the given version (nil:
// any) that satisfies ok (nil: any), and returns it.
func (c *client) waitPublish(u protocol.DocumentURI, version *int32, ok func(publish) bool) publish {
	c.t.Helper()
	var found publish
	c.waitUntil("diagnostics for "+string(u), func() bool {
		for i := len(c.pubs) - 1; i >= 0; i-- {
			p := c.pubs[i]
			if p.URI != u {
				continue
			}
			if version != nil && (p.Version == nil || *p.Version != *version) {
				continue
			}
			if ok == nil || ok(p) {
				found = p
				return true
			}
		}
		return false
	})
	return found
}

// waitVersion waits for the diagnostics of one version.
func (c *client) waitVersion(u protocol.DocumentURI, v int32) publish {
	c.t.Helper()
	return c.waitPublish(u, &v, nil)
}

func (c *client) lastPublish(u protocol.DocumentURI) (publish, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(c.pubs) - 1; i >= 0; i-- {
		if c.pubs[i].URI == u {
			return c.pubs[i], true
		}
	}
	return publish{}, false
}

func (c *client) call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	_, err := c.conn.Call(ctx, method, params, result)
	return err
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("notify %s: %v", method, err)
	}
}

// defaultCaps are the capabilities of a modern client.
func defaultCaps() map[string]any {
	return map[string]any{
		"workspace": map[string]any{
			"workspaceEdit":         map[string]any{"documentChanges": true},
			"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true},
			"configuration":         false,
		},
		"textDocument": map[string]any{
			"codeAction":         map[string]any{"codeActionLiteralSupport": map[string]any{"codeActionKind": map[string]any{"valueSet": []string{"quickfix", "source"}}}},
			"publishDiagnostics": map[string]any{"dataSupport": true, "versionSupport": true},
			"hover":              map[string]any{"contentFormat": []string{"markdown", "plaintext"}},
			// The spec allows {} here; protocol v0.12.0's struct does not.
			"semanticTokens": map[string]any{"requests": map[string]any{"range": map[string]any{}}},
		},
		"window": map[string]any{"workDoneProgress": false},
	}
}

type initResult struct {
	Capabilities struct {
		PositionEncoding   string          `json:"positionEncoding"`
		TextDocumentSync   json.RawMessage `json:"textDocumentSync"`
		CodeActionProvider json.RawMessage `json:"codeActionProvider"`
		HoverProvider      bool            `json:"hoverProvider"`
	} `json:"capabilities"`
	ServerInfo struct {
		Name string `json:"name"`
	} `json:"serverInfo"`
}

// initialize runs initialize + initialized for a workspace folder.
func (c *client) initialize(dir string, caps map[string]any, initOptions any) initResult {
	c.t.Helper()
	if caps == nil {
		caps = defaultCaps()
	}
	params := map[string]any{
		"processId":    os.Getpid(),
		"capabilities": caps,
		"clientInfo":   map[string]any{"name": "guardrail-test"},
	}
	if dir != "" {
		params["rootUri"] = string(fileURI(dir))
		params["workspaceFolders"] = []map[string]any{{"uri": string(fileURI(dir)), "name": "ws"}}
	}
	if initOptions != nil {
		params["initializationOptions"] = initOptions
	}
	var res initResult
	if err := c.call(protocol.MethodInitialize, params, &res); err != nil {
		c.t.Fatalf("initialize: %v", err)
	}
	c.notify(protocol.MethodInitialized, map[string]any{})
	return res
}

// doc is the client's copy of an open document.
type doc struct {
	c       *client
	uri     protocol.DocumentURI
	path    string
	version int32
	text    string
	enc     string
	texts   map[int32]string // every version sent
}

func (c *client) open(path, languageID, text string) *doc {
	c.t.Helper()
	d := &doc{c: c, uri: fileURI(path), path: path, version: 1, text: text, enc: encUTF16, texts: map[int32]string{1: text}}
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: d.uri, LanguageID: protocol.LanguageIdentifier(languageID), Version: 1, Text: text,
	}})
	return d
}

// rangeChange is an incremental content change.
type rangeChange struct {
	Range protocol.Range `json:"range"`
	Text  string         `json:"text"`
}

type fullChange struct {
	Text string `json:"text"`
}

// edit sends incremental changes (applied in order) and updates the copy.
func (d *doc) edit(changes ...rangeChange) int32 {
	d.c.t.Helper()
	text := d.text
	for _, ch := range changes {
		s := testOffset(text, ch.Range.Start, d.enc)
		e := testOffset(text, ch.Range.End, d.enc)
		text = text[:s] + ch.Text + text[e:]
	}
	return d.send(text, changes)
}

func (d *doc) replaceAll(text string) int32 {
	d.c.t.Helper()
	return d.send(text, []any{fullChange{Text: text}})
}

func (d *doc) send(text string, changes any) int32 {
	d.c.t.Helper()
	d.version++
	d.text = text
	if d.texts != nil {
		d.texts[d.version] = text
	}
	d.c.notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument":   map[string]any{"uri": d.uri, "version": d.version},
		"contentChanges": changes,
	})
	return d.version
}

// sendOnly sends a change without applying it to the copy (benchmarks).
func (d *doc) sendOnly(ch rangeChange) int32 {
	d.version++
	d.c.notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument":   map[string]any{"uri": d.uri, "version": d.version},
		"contentChanges": []rangeChange{ch},
	})
	return d.version
}

func (d *doc) close() {
	d.c.notify(protocol.MethodTextDocumentDidClose, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: d.uri}})
}

func (d *doc) wait() publish {
	d.c.t.Helper()
	return d.c.waitVersion(d.uri, d.version)
}

// posAt is the position of byte offset off in the copy.
func (d *doc) posAt(off int) protocol.Position { return testPosition(d.text, off, d.enc) }

// find returns the range of the n-th (0-based) occurrence of s.
func (d *doc) find(s string, n int) protocol.Range {
	d.c.t.Helper()
	off := -1
	for i := 0; i <= n; i++ {
		j := strings.Index(d.text[off+1:], s)
		if j < 0 {
			d.c.t.Fatalf("%q not found in %q", s, d.text)
		}
		off += 1 + j
	}
	return protocol.Range{Start: d.posAt(off), End: d.posAt(off + len(s))}
}

// testOffset and testPosition convert positions independently of the
// server's code (lines end at "\n"; the tests use no "\r").
func testOffset(text string, p protocol.Position, enc string) int {
	off := 0
	for l := uint32(0); l < p.Line; l++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	end := strings.IndexByte(text[off:], '\n')
	if end < 0 {
		end = len(text)
	} else {
		end += off
	}
	n := 0
	for off < end && n < int(p.Character) {
		r, size := utf8.DecodeRuneInString(text[off:])
		switch enc {
		case encUTF8:
			n += size
		case encUTF32:
			n++
		default:
			n += len(utf16.Encode([]rune{r}))
		}
		off += size
	}
	return off
}

func testPosition(text string, off int, enc string) protocol.Position {
	line := strings.Count(text[:off], "\n")
	ls := strings.LastIndexByte(text[:off], '\n') + 1
	seg := text[ls:off]
	var ch int
	switch enc {
	case encUTF8:
		ch = len(seg)
	case encUTF32:
		ch = utf8.RuneCountInString(seg)
	default:
		ch = len(utf16.Encode([]rune(seg)))
	}
	return protocol.Position{Line: uint32(line), Character: uint32(ch)}
}

// applyEdits applies LSP text edits (all relative to text) client-side.
func applyEdits(t testing.TB, text string, edits []protocol.TextEdit, enc string) string {
	t.Helper()
	type be struct {
		s, e int
		text string
	}
	var list []be
	for _, e := range edits {
		list = append(list, be{testOffset(text, e.Range.Start, enc), testOffset(text, e.Range.End, enc), e.NewText})
	}
	// Apply from the end so earlier offsets stay valid.
	for i := 0; i < len(list); i++ {
		for j := i + 1; j < len(list); j++ {
			if list[j].s > list[i].s {
				list[i], list[j] = list[j], list[i]
			}
		}
	}
	for _, e := range list {
		text = text[:e.s] + e.text + text[e.e:]
	}
	return text
}

// editsFor extracts the edits for uri from a workspace edit, checking the
// version when it is given.
func editsFor(t testing.TB, we *protocol.WorkspaceEdit, u protocol.DocumentURI, version int32) []protocol.TextEdit {
	t.Helper()
	if we == nil {
		t.Fatalf("action has no edit")
	}
	var out []protocol.TextEdit
	for _, dc := range we.DocumentChanges {
		if dc.TextDocument.URI != u {
			t.Fatalf("edit for another document %s", dc.TextDocument.URI)
		}
		if dc.TextDocument.Version == nil || *dc.TextDocument.Version != version {
			t.Fatalf("edit version %v, want %d", dc.TextDocument.Version, version)
		}
		out = append(out, dc.Edits...)
	}
	out = append(out, we.Changes[u]...)
	return out
}

// applyAction applies a code action's edit client-side and sends it to
// the server as incremental changes (last edit first), like an editor.
func (d *doc) applyAction(a protocol.CodeAction) int32 {
	d.c.t.Helper()
	edits := editsFor(d.c.t, a.Edit, d.uri, d.version)
	want := applyEdits(d.c.t, d.text, edits, d.enc)
	// Sort by start, descending.
	sorted := append([]protocol.TextEdit(nil), edits...)
	for i := range sorted {
		for j := i + 1; j < len(sorted); j++ {
			if testOffset(d.text, sorted[j].Range.Start, d.enc) > testOffset(d.text, sorted[i].Range.Start, d.enc) {
				sorted[i], sorted[j] = sorted[j], sorted[i]
			}
		}
	}
	var changes []rangeChange
	for _, e := range sorted {
		changes = append(changes, rangeChange{Range: e.Range, Text: e.NewText})
	}
	v := d.edit(changes...)
	if d.text != want {
		d.c.t.Fatalf("applying edits in order gave %q, want %q", d.text, want)
	}
	return v
}

func (d *doc) codeActions(rng protocol.Range, only ...protocol.CodeActionKind) []protocol.CodeAction {
	d.c.t.Helper()
	var res []protocol.CodeAction
	err := d.c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: d.uri},
		Range:        rng,
		Context:      protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{}, Only: only},
	}, &res)
	if err != nil {
		d.c.t.Fatalf("codeAction: %v", err)
	}
	return res
}

// codes lists the diagnostics' codes.
func codes(ds []protocol.Diagnostic) []string {
	out := []string{}
	for _, d := range ds {
		s, _ := d.Code.(string)
		out = append(out, s)
	}
	return out
}

func hasCode(ds []protocol.Diagnostic, code string) bool {
	for _, c := range codes(ds) {
		if c == code {
			return true
		}
	}
	return false
}

// oracle analyses text with the rules of dir's config, as the server
// should (the analysis package directly, not the server).
func oracle(t testing.TB, dir string) func(path string, text []byte) []analysis.Finding {
	t.Helper()
	l := rules.NewLoader(rules.Options{NoUserConfig: true})
	cfg, errs := l.ConfigFor(filepath.Join(dir, "x.md"))
	if cfg == nil {
		t.Fatalf("config: %v", errs)
	}
	eng, err := analysis.CompileWith(cfg.Rules, analysis.Options{UnusedSuppression: cfg.UnusedSuppression})
	if err != nil {
		t.Fatal(err)
	}
	return func(path string, text []byte) []analysis.Finding {
		return eng.Check(analysis.Document{Path: path, RelPath: cfg.RelPath(path), Text: text, Kind: format.KindOf(path)})
	}
}

// rpcCode is the JSON-RPC error code of err (0 when none).
func rpcCode(err error) jsonrpc2.Code {
	var e *jsonrpc2.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

func i32(v int32) *int32 { return &v }

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
