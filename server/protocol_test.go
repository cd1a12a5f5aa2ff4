package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

func TestErrorCodes(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	c := newClient(t, Options{})

	// Before initialize: -32002 for requests; notifications are dropped.
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: fileURI(filepath.Join(dir, "early.md")), Version: 1, Text: "utilize"}})
	err := c.call(protocol.MethodTextDocumentHover, map[string]any{}, nil)
	if rpcCode(err) != jsonrpc2.ServerNotInitialized {
		t.Fatalf("before initialize: %v (code %d)", err, rpcCode(err))
	}
	c.initialize(dir, nil, nil)
	if err := c.call(protocol.MethodInitialize, map[string]any{"capabilities": map[string]any{}}, nil); rpcCode(err) != jsonrpc2.InvalidRequest {
		t.Fatalf("second initialize: %v", err)
	}
	// Unknown requests: -32601, with or without params, $/ ones included.
	for _, m := range []string{"guardrail/nope", "textDocument/completion", "$/unknown"} {
		if err := c.call(m, nil, nil); rpcCode(err) != jsonrpc2.MethodNotFound {
			t.Fatalf("%s: %v (code %d)", m, err, rpcCode(err))
		}
		if err := c.call(m, map[string]any{"x": 1}, nil); rpcCode(err) != jsonrpc2.MethodNotFound {
			t.Fatalf("%s with params: %v", m, err)
		}
	}
	// Unknown notifications are ignored.
	c.notify("$/setTrace", map[string]any{"value": "off"})
	c.notify("guardrail/whatever", nil)
	// Bad params: -32602, and the server stays up.
	for _, tc := range []struct {
		method string
		params any
	}{
		{protocol.MethodTextDocumentHover, map[string]any{"textDocument": 5}},
		{protocol.MethodTextDocumentHover, nil},
		{protocol.MethodTextDocumentCodeAction, []int{1, 2}},
		{protocol.MethodTextDocumentCodeAction, map[string]any{"textDocument": map[string]any{"uri": "file:///x.md"}, "range": "nope"}},
	} {
		if err := c.call(tc.method, tc.params, nil); rpcCode(err) != jsonrpc2.InvalidParams {
			t.Errorf("%s %v: %v (code %d)", tc.method, tc.params, err, rpcCode(err))
		}
	}
	d := c.open(filepath.Join(dir, "after.md"), "markdown", "We utilize it.\n")
	if p := d.wait(); len(p.Diags) != 1 {
		t.Fatalf("server not working after errors: %v", codes(p.Diags))
	}
	// A position outside the document is bad params too.
	if err := c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: d.uri}, Position: protocol.Position{Line: 99},
	}}, nil); rpcCode(err) != jsonrpc2.InvalidParams {
		t.Errorf("hover out of range: %v", err)
	}
	// After shutdown: -32600 for requests.
	if err := c.call(protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.call(protocol.MethodTextDocumentHover, map[string]any{}, nil); rpcCode(err) != jsonrpc2.InvalidRequest {
		t.Fatalf("after shutdown: %v", err)
	}
}

func TestShutdownExitCodes(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	exit := func(c *client) int {
		t.Helper()
		c.mu.Lock()
		c.exited = true
		c.mu.Unlock()
		select {
		case code := <-c.code:
			return code
		case <-time.After(patience):
			t.Fatal("Run did not return")
		}
		return -1
	}

	// shutdown then exit: 0. shutdown with {} params (some clients) too.
	c := newClient(t, Options{})
	c.initialize(dir, nil, nil)
	if err := c.call(protocol.MethodShutdown, map[string]any{}, nil); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	c.notify(protocol.MethodExit, map[string]any{})
	if code := exit(c); code != 0 {
		t.Fatalf("shutdown+exit: %d", code)
	}

	// exit without shutdown: 1.
	c = newClient(t, Options{})
	c.initialize(dir, nil, nil)
	c.notify(protocol.MethodExit, nil)
	if code := exit(c); code != 1 {
		t.Fatalf("exit without shutdown: %d", code)
	}

	// exit before initialize: 1.
	c = newClient(t, Options{})
	c.notify(protocol.MethodExit, nil)
	if code := exit(c); code != 1 {
		t.Fatalf("exit before initialize: %d", code)
	}

	// The stream ends without exit: 1.
	c = newClient(t, Options{})
	c.initialize(dir, nil, nil)
	_ = c.cc.Close()
	if code := exit(c); code != 1 {
		t.Fatalf("stream closed: %d", code)
	}
}

// rawConn speaks framed JSON directly, for what a jsonrpc2 client cannot
// send.
type rawConn struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
	code chan int

	pending map[string]map[string]json.RawMessage
}

func newRaw(t *testing.T) *rawConn { return newRawLogged(t, testLogger()) }

func newRawLogged(t *testing.T, log *zap.Logger) *rawConn {
	return newRawOpts(t, Options{Logger: log, NoUserConfig: true})
}

func newRawOpts(t *testing.T, opts Options) *rawConn {
	sc, cc := net.Pipe()
	rc := &rawConn{t: t, conn: cc, r: bufio.NewReader(cc), code: make(chan int, 1), pending: map[string]map[string]json.RawMessage{}}
	go func() {
		rc.code <- Run(context.Background(), sc, sc, opts)
	}()
	t.Cleanup(func() { _ = cc.Close() })
	return rc
}

func (rc *rawConn) send(body string) {
	rc.t.Helper()
	_ = rc.conn.SetWriteDeadline(time.Now().Add(patience))
	if _, err := fmt.Fprintf(rc.conn, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		rc.t.Fatal(err)
	}
}

// read returns the next message the server sends.
func (rc *rawConn) read() map[string]json.RawMessage {
	rc.t.Helper()
	_ = rc.conn.SetReadDeadline(time.Now().Add(patience))
	n := 0
	for {
		line, err := rc.r.ReadString('\n')
		if err != nil {
			rc.t.Fatal(err)
		}
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			n, _ = strconv.Atoi(v)
		}
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(rc.r, buf); err != nil {
		rc.t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(buf, &m); err != nil {
		rc.t.Fatalf("%v: %s", err, buf)
	}
	return m
}

// response reads messages until the response with the given id
// (responses may come out of order: others are kept for later).
func (rc *rawConn) response(id string) map[string]json.RawMessage {
	rc.t.Helper()
	if m, ok := rc.pending[id]; ok {
		delete(rc.pending, id)
		return m
	}
	for {
		m := rc.read()
		if _, ok := m["method"]; ok {
			continue // a notification or request from the server
		}
		if string(m["id"]) == id {
			return m
		}
		rc.pending[string(m["id"])] = m
	}
}

func errCode(m map[string]json.RawMessage) int {
	var e struct {
		Code int `json:"code"`
	}
	_ = json.Unmarshal(m["error"], &e)
	return e.Code
}

func TestMalformedMessagesAndCancel(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	rc := newRaw(t)
	// Not JSON: a parse error with id null; the server stays up.
	rc.send(`{"jsonrpc":"2.0","id":1,"method":`)
	m := rc.read()
	if string(m["id"]) != "null" || errCode(m) != int(jsonrpc2.ParseError) {
		t.Fatalf("malformed: %v", m)
	}
	rc.send(`{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"capabilities":{"textDocument":{"semanticTokens":{"requests":{"range":{}}}}},"rootUri":"` + string(fileURI(dir)) + `"}}`)
	if m := rc.response("2"); m["result"] == nil {
		t.Fatalf("initialize: %v", m)
	}
	// "initialized" with null params still counts.
	rc.send(`{"jsonrpc":"2.0","method":"initialized","params":null}`)

	// Cancel with a numeric id: queue slow code actions (a large document
	// with many findings), cancel the later ones before they run.
	// A link reference definition makes every check a whole-document one
	// (about a millisecond per 50 KB), so requests queue up.
	big := "We utilize it.\n\n[ref]: https://example.com\n\n" + strings.Repeat("Plain words in a long paragraph of prose, nothing flagged.\n", 4000)
	uri := string(fileURI(filepath.Join(dir, "big.md")))
	open, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "markdown", "version": 1, "text": big},
	}})
	rc.send(string(open))
	cancelled := 0
	for attempt := 0; attempt < 5 && cancelled == 0; attempt++ {
		const n = 12
		base := 100 + attempt*100
		for i := 0; i < n; i++ {
			// A new version each time, so the analysis is not cached.
			rc.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":%q,"version":%d},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"x"}]}}`, uri, base+i+2))
			rc.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"textDocument/codeAction","params":{"textDocument":{"uri":%q},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":9}},"context":{"diagnostics":[]}}}`, base+i, uri))
		}
		for i := n / 2; i < n; i++ {
			rc.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":%d}}`, base+i))
		}
		for i := 0; i < n; i++ {
			m := rc.response(strconv.Itoa(base + i))
			switch {
			case errCode(m) == int(protocol.CodeRequestCancelled):
				if i < n/2 {
					t.Fatalf("request %d cancelled without a cancel", i)
				}
				cancelled++
			case m["result"] == nil:
				t.Fatalf("request %d: %v", i, m)
			}
		}
	}
	if cancelled == 0 {
		t.Fatalf("no request was cancelled")
	}
	// String ids work too (answered, nothing breaks).
	rc.send(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"nope"}}`)
	rc.send(`{"jsonrpc":"2.0","id":"s1","method":"shutdown"}`)
	if m := rc.response(`"s1"`); m["error"] != nil {
		t.Fatalf("shutdown: %v", m)
	}
	rc.send(`{"jsonrpc":"2.0","method":"exit"}`)
	if code := <-rc.code; code != 0 {
		t.Fatalf("exit code %d", code)
	}
}

// TestGuardRecoversPanics wires the server's middleware chain around a
// handler that panics, over a real connection: the panic becomes an
// InternalError reply and the next request is served.
func TestGuardRecoversPanics(t *testing.T) {
	sc, cc := net.Pipe()
	defer cc.Close()
	srv := jsonrpc2.NewConn(newStream(sc, sc, zap.NewNop()))
	srv.Go(context.Background(), cancelMiddleware(inOrder(new(background), guard(zap.NewNop(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		switch req.Method() {
		case "boom":
			panic("boom")
		case "noreply":
			return nil
		case "twice":
			_ = reply(ctx, 1, nil)
			return reply(ctx, 2, nil)
		}
		return reply(ctx, "ok", nil)
	}))))
	cl := jsonrpc2.NewConn(jsonrpc2.NewStream(cc))
	cl.Go(context.Background(), jsonrpc2.MethodNotFoundHandler)
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	_, err := cl.Call(ctx, "boom", nil, nil)
	if rpcCode(err) != jsonrpc2.InternalError {
		t.Fatalf("panic: %v", err)
	}
	if _, err := cl.Call(ctx, "noreply", nil, nil); rpcCode(err) != jsonrpc2.InternalError {
		t.Fatalf("no reply: %v", err)
	}
	var n int
	if _, err := cl.Call(ctx, "twice", nil, &n); err != nil || n != 1 {
		t.Fatalf("twice: %v %d", err, n)
	}
	var s string
	if _, err := cl.Call(ctx, "fine", nil, &s); err != nil || s != "ok" {
		t.Fatalf("after panic: %v %q", err, s)
	}
}

// write writes raw bytes (headers included).
func (rc *rawConn) write(s string) {
	rc.t.Helper()
	_ = rc.conn.SetWriteDeadline(time.Now().Add(patience))
	if _, err := io.WriteString(rc.conn, s); err != nil {
		rc.t.Fatal(err)
	}
}

// TestBadNotificationsIgnored: notifications with wrong-typed params, and
// a didChange for a document that is not open, are logged and ignored —
// no reply is written (they have no id), nothing else changes — and the
// server goes on to answer a hover on the open document. (Requests with
// wrong-typed params get -32602: TestErrorCodes.)
func TestBadNotificationsIgnored(t *testing.T) {
	dir := writeWorkspace(t, map[string]string{".guardrail.toml": testConfig})
	core, logs := observer.New(zap.WarnLevel)
	rc := newRawLogged(t, zap.New(core))
	rc.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{},"rootUri":"` + string(fileURI(dir)) + `"}}`)
	rc.response("1")
	rc.send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	uri := string(fileURI(filepath.Join(dir, "a.md")))
	rc.send(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"` + uri + `","languageId":"markdown","version":1,"text":"We utilize it.\n"}}}`)
	bad := []string{
		`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":5}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"` + uri + `","version":"two"},"contentChanges":[{"text":"x"}]}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"` + uri + `"},"contentChanges":"x"}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"` + string(fileURI(filepath.Join(dir, "closed.md"))) + `","version":2},"contentChanges":[{"text":"x"}]}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":[]}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange"}`,
	}
	for _, m := range bad {
		rc.send(m)
	}
	rc.send(`{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"` + uri + `"},"position":{"line":0,"character":5}}}`)
	m := rc.response("2")
	var res struct {
		Contents struct {
			Value string `json:"value"`
		} `json:"contents"`
	}
	if err := json.Unmarshal(m["result"], &res); err != nil || !strings.Contains(res.Contents.Value, "test.utilize") {
		t.Fatalf("hover after bad notifications: %v", m)
	}
	// Replies go out in order: a reply to any notification would have
	// come before the hover's.
	if len(rc.pending) != 0 {
		t.Fatalf("replies to notifications: %v", rc.pending)
	}
	failed := logs.FilterMessage("notification failed").All()
	if len(failed) != len(bad) {
		t.Fatalf("%d notifications logged as failed, want %d: %v", len(failed), len(bad), logs.All())
	}
	for _, e := range failed {
		msg, _ := e.ContextMap()["error"].(string)
		if method, _ := e.ContextMap()["method"].(string); !strings.HasPrefix(method, "textDocument/did") || !strings.HasPrefix(msg, "guardrail: ") {
			t.Errorf("unclear log: %v", e.ContextMap())
		}
	}
}
