package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// FuzzRPCStream feeds arbitrary bytes to Run as the client's message
// stream (the server `guardrail lsp` runs, on an io.Pipe). Properties: no
// panic; Run returns soon after the input ends; every goroutine the
// server started ends; and everything written back is a well-formed
// sequence of Content-Length framed JSON-RPC 2.0 messages.
//
// With framed set, data is message bodies separated by NUL bytes, framed
// here with their right Content-Length: mutations then reach the
// messages' content instead of mostly breaking the first header.
func FuzzRPCStream(f *testing.F) {
	for _, seed := range rpcSeeds() {
		f.Add(seed, false)
		if bodies, ok := unframe(seed); ok {
			f.Add(bytes.Join(bodies, []byte{0}), true)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, framed bool) {
		if framed {
			var b bytes.Buffer
			for _, body := range bytes.Split(data, []byte{0}) {
				fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(body), body)
			}
			data = b.Bytes()
		}
		runStream(t, data)
	})
}

// unframe splits well-formed frames back into their bodies.
func unframe(b []byte) ([][]byte, bool) {
	var bodies [][]byte
	for len(b) > 0 {
		hdr, rest, ok := bytes.Cut(b, []byte("\r\n\r\n"))
		v, ok2 := bytes.CutPrefix(hdr, []byte("Content-Length: "))
		n, err := strconv.Atoi(string(v))
		if !ok || !ok2 || err != nil || n <= 0 || n > len(rest) || bytes.IndexByte(rest[:n], 0) >= 0 {
			return nil, false
		}
		bodies = append(bodies, rest[:n])
		b = rest[n:]
	}
	return bodies, len(bodies) > 0
}

// TestRPCStreamNoGoroutineLeak runs the fuzz seeds a few times over and
// checks the goroutine count comes back to where it started.
func TestRPCStreamNoGoroutineLeak(t *testing.T) {
	seeds := rpcSeeds()
	runStream(t, seeds[0]) // warm up lazily started runtime goroutines
	base := runtime.NumGoroutine()
	for range 3 {
		for _, s := range seeds {
			runStream(t, s)
		}
	}
	waitGoroutines(t, base)
}

// runStream runs the server on data and checks the properties above.
func runStream(t testing.TB, data []byte) []map[string]json.RawMessage {
	t.Helper()
	base := runtime.NumGoroutine()
	inR, inW := io.Pipe()
	out := &lockedBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- Run(context.Background(), inR, out, Options{Logger: testLogger(), NoUserConfig: true})
	}()
	// Write in chunks of varying size, so frames split across reads.
	wrote := make(chan struct{})
	go func() {
		defer close(wrote)
		sizes := [...]int{4096, 1, 7, 64, 512}
		rest := data
		for i := 0; len(rest) > 0; i++ {
			n := min(len(rest), sizes[(len(data)+i)%len(sizes)])
			if _, err := inW.Write(rest[:n]); err != nil {
				return // Run ended (exit) and closed its input
			}
			rest = rest[n:]
		}
		_ = inW.Close()
	}()
	select {
	case c := <-code:
		if c != 0 && c != 1 {
			t.Fatalf("exit code %d", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("Run did not return 10s after the input ended\n%s", goroutines())
	}
	select {
	case <-wrote:
	case <-time.After(5 * time.Second):
		t.Fatalf("the input writer is stuck: Run returned without closing its input")
	}
	waitGoroutines(t, base)
	return checkFrames(t, out.bytes())
}

// waitGoroutines waits until no more than n goroutines run.
func waitGoroutines(t testing.TB, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > n {
		if time.Now().After(deadline) {
			t.Fatalf("goroutine leak: %d running, want at most %d\n%s", runtime.NumGoroutine(), n, goroutines())
		}
		time.Sleep(time.Millisecond)
	}
}

func goroutines() string {
	var b strings.Builder
	_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
	return b.String()
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.b.Bytes())
}

// checkFrames checks that b is a sequence of "Content-Length: N\r\n\r\n"
// frames, each holding one JSON-RPC 2.0 message: a request or
// notification (method, params), or a response (id, and either a result
// or an error with a non-zero integer code and a message).
func checkFrames(t testing.TB, b []byte) []map[string]json.RawMessage {
	t.Helper()
	var msgs []map[string]json.RawMessage
	for len(b) > 0 {
		hdr, rest, ok := bytes.Cut(b, []byte("\r\n\r\n"))
		if !ok {
			t.Fatalf("unterminated header: %q", trunc(b))
		}
		v, ok := bytes.CutPrefix(hdr, []byte("Content-Length: "))
		if !ok {
			t.Fatalf("bad header %q", trunc(hdr))
		}
		n, err := strconv.Atoi(string(v))
		if err != nil || n <= 0 || n > len(rest) {
			t.Fatalf("bad Content-Length %q (%d bytes follow)", v, len(rest))
		}
		body := rest[:n]
		b = rest[n:]
		var m map[string]json.RawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("body is not a JSON object: %v: %q", err, trunc(body))
		}
		msgs = append(msgs, m)
		if string(m["jsonrpc"]) != `"2.0"` {
			t.Fatalf("jsonrpc %s: %q", m["jsonrpc"], trunc(body))
		}
		id, hasID := m["id"]
		if hasID && !validID(id) {
			t.Fatalf("bad id %s: %q", id, trunc(body))
		}
		if method, ok := m["method"]; ok {
			var s string
			if json.Unmarshal(method, &s) != nil || s == "" {
				t.Fatalf("bad method: %q", trunc(body))
			}
			if hasID && string(id) == "null" {
				t.Fatalf("request with a null id: %q", trunc(body))
			}
			continue
		}
		if !hasID {
			t.Fatalf("neither a request nor a response: %q", trunc(body))
		}
		res, hasRes := m["result"]
		e, hasErr := m["error"]
		if hasRes == hasErr {
			t.Fatalf("a response needs exactly one of result and error: %q", trunc(body))
		}
		if hasErr {
			var re struct {
				Code    *int64  `json:"code"`
				Message *string `json:"message"`
			}
			if err := json.Unmarshal(e, &re); err != nil || re.Code == nil || *re.Code == 0 || re.Message == nil {
				t.Fatalf("bad error object: %q", trunc(body))
			}
		}
		_ = res
	}
	return msgs
}

func validID(id json.RawMessage) bool {
	if string(id) == "null" {
		return true
	}
	var s string
	if json.Unmarshal(id, &s) == nil {
		return true
	}
	var n int64
	return json.Unmarshal(id, &n) == nil
}

func trunc(b []byte) []byte {
	if len(b) > 300 {
		return b[:300]
	}
	return b
}

// frames frames JSON bodies.
func frames(bodies ...string) []byte {
	var b bytes.Buffer
	for _, body := range bodies {
		fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(body), body)
	}
	return b.Bytes()
}

// rpcSeeds are the seed inputs of FuzzRPCStream.
// The session's initialize points at testdata/rpc/guardrail.toml (a
// relative configPath is relative to the working directory when there is
// no workspace folder), so untitled documents get findings, hovers and
// code actions. (No Chdir: go test -fuzz writes failing inputs relative
// to the working directory.)
func rpcSeeds() [][]byte {
	const (
		initReq  = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":1,"capabilities":{"textDocument":{"hover":{"contentFormat":["markdown"]},"codeAction":{"codeActionLiteralSupport":{"codeActionKind":{"valueSet":["quickfix"]}}},"publishDiagnostics":{"versionSupport":true}},"general":{"positionEncodings":["utf-8","utf-16"]}},"initializationOptions":{"configPath":"testdata/rpc/guardrail.toml"}}}`
		initd    = `{"jsonrpc":"2.0","method":"initialized","params":{}}`
		open     = `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:a","languageId":"markdown","version":1,"text":"We utilize it.\r\nThe 😀 synergy.\n"}}}`
		hover    = `{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"untitled:a"},"position":{"line":0,"character":5}}}`
		hover2   = `{"jsonrpc":"2.0","id":12,"method":"textDocument/hover","params":{"textDocument":{"uri":"untitled:a"},"position":{"line":0,"character":8}}}`
		change   = `{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"untitled:a","version":2},"contentChanges":[{"range":{"start":{"line":1,"character":4},"end":{"line":1,"character":6}},"text":"é"},{"text":"whole utilize"}]}}`
		action   = `{"jsonrpc":"2.0","id":3,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"untitled:a"},"range":{"start":{"line":0,"character":0},"end":{"line":1,"character":0}},"context":{"diagnostics":[]}}}`
		shutdown = `{"jsonrpc":"2.0","id":4,"method":"shutdown"}`
		exit     = `{"jsonrpc":"2.0","method":"exit"}`
	)
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	raw := func(s string) []byte { return []byte(s) }
	return [][]byte{
		// A whole session, with and without exit.
		frames(initReq, initd, open, hover, change, hover2, action, shutdown, exit),
		frames(initReq, initd, open, hover, change, action),
		// Headers: random, truncated, missing, negative, non-numeric,
		// zero, huge, lower case, extra headers, stray blank lines.
		raw("Content-Type: application/vscode-jsonrpc\r\n\r\n{}"),
		raw("Content-Len"),
		raw("Content-Length: 52\r\n"),
		raw("\r\n\r\n" + initReq),
		raw("Content-Length: -5\r\n\r\n" + initReq),
		raw("Content-Length: abc\r\n\r\n" + initReq),
		raw("Content-Length: 0\r\n\r\n"),
		raw("Content-Length: 1000000000000\r\n\r\n" + initReq),
		raw("Content-Length: 2147483647\r\n\r\n" + initReq),
		raw("Content-Length: 99999999999999999999999\r\n\r\n" + initReq),
		raw("content-length: " + strconv.Itoa(len(initReq)) + "\r\nContent-Type: x\r\n\r\n" + initReq),
		raw("\n\n\r\nContent-Length: " + strconv.Itoa(len(initReq)) + "\n\n" + initReq),
		raw("garbage without a colon\r\n\r\n"),
		// The body shorter than its Content-Length.
		cat(frames(initReq), raw("Content-Length: 500\r\n\r\n"+hover)),
		// Bad JSON, and JSON that is not JSON-RPC.
		frames(`{"jsonrpc":"2.0","id":1,"method":`, initReq, `[1,2`, `"just a string"`, `42`, `null`, `{}`, hover),
		// Malformed JSON with invalid UTF-8, which the parse error quotes.
		frames("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"text\"\x80\xff\"}", hover),
		// Batch arrays.
		frames(`[` + initReq + `,` + initd + `]`),
		frames(initReq, `[]`, `[`+hover+`,`+hover+`]`),
		// Wrong-typed params.
		frames(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":"nope"}`, initReq, initd,
			`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":5}}`,
			`{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{"textDocument":5,"position":"x"}}`,
			`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"untitled:a"},"contentChanges":"x"}}`,
			`{"jsonrpc":"2.0","id":6,"method":"textDocument/codeAction","params":[1,2]}`,
			`{"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"guardrail":{"minSeverity":7,"logLevel":[]}}}}`,
			`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":{"a":1}}}`,
			hover),
		// Requests and notifications before initialize.
		frames(hover, open, action, initReq, hover),
		// Unknown methods, requests and notifications.
		frames(initReq, `{"jsonrpc":"2.0","id":7,"method":"guardrail/nope","params":{}}`, `{"jsonrpc":"2.0","method":"$/nope"}`, `{"jsonrpc":"2.0","id":8,"method":""}`),
		// Odd ids: null, float, object, huge, string; notifications with ids.
		frames(`{"jsonrpc":"2.0","id":null,"method":"initialize","params":{}}`,
			`{"jsonrpc":"2.0","id":1.5,"method":"textDocument/hover","params":{}}`,
			`{"jsonrpc":"2.0","id":{},"method":"shutdown"}`,
			`{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"shutdown"}`,
			`{"jsonrpc":"2.0","id":"s","method":"initialize","params":{}}`,
			`{"jsonrpc":"2.0","id":9,"method":"initialized","params":{}}`,
			`{"jsonrpc":"2.0","id":10,"method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:b","text":"utilize"}}}`,
			`{"jsonrpc":"2.0","id":11,"method":"exit"}`),
		// Responses nobody asked for, and a wrong version.
		frames(`{"jsonrpc":"2.0","id":1,"result":{}}`, `{"jsonrpc":"2.0","id":2,"error":{"code":1,"message":"x"}}`, `{"jsonrpc":"1.0","id":3,"method":"initialize"}`, initReq),
		// Edits out of range, reversed and overlapping, and for an
		// unopened document.
		frames(initReq, initd, open,
			`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"untitled:a","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":9},"end":{"line":0,"character":2}},"text":"x"}]}}`,
			`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"untitled:a","version":3},"contentChanges":[{"range":{"start":{"line":90,"character":0},"end":{"line":4294967295,"character":4294967295}},"text":"x"}]}}`,
			`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"untitled:a","version":4},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":99}},"text":"a\r"},{"range":{"start":{"line":0,"character":1},"end":{"line":1,"character":1}},"text":"\n"}]}}`,
			`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"untitled:zzz","version":2},"contentChanges":[{"text":"x"}]}}`,
			hover, action),
		// Cancellation, and a message after exit.
		frames(initReq, initd, open, action, `{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":3}}`, exit, hover),
		// Shutdown twice, then requests after it.
		frames(initReq, shutdown, shutdown, hover, open, exit),
		// The document closed, saved, a TOML config opened.
		frames(initReq, initd, open,
			`{"jsonrpc":"2.0","method":"textDocument/didSave","params":{"textDocument":{"uri":"file:///nonexistent/.guardrail.toml"}}}`,
			`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:c","languageId":"toml","version":1,"text":"[[rule]]\nid = 3\n"}}}`,
			`{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"untitled:a"}}}`,
			hover),
	}
}

// TestRPCSeedsAnswered checks a few seeds' outputs beyond well-formedness.
func TestRPCSeedsAnswered(t *testing.T) {
	seeds := rpcSeeds()
	byID := map[string]string{}
	for _, m := range runStream(t, seeds[0]) {
		if _, ok := m["method"]; !ok {
			byID[string(m["id"])] = string(m["result"]) + string(m["error"])
		}
	}
	for id, want := range map[string]string{"1": `{"capabilities"`, "2": `{"contents"`, "12": `{"contents"`, "3": `[{"title"`, "4": `null`} {
		if !strings.HasPrefix(byID[id], want) {
			t.Errorf("session: reply %s is %s, want %s…", id, byID[id], want)
		}
	}
	// The huge Content-Length is answered, not allocated.
	if msgs := runStream(t, seeds[9]); len(msgs) == 0 || !strings.Contains(string(msgs[0]["error"]), "larger than the limit") {
		t.Errorf("huge Content-Length: %v", msgs)
	}
}
