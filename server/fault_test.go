package server

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// brokenPipe is the server's output to a client that died: once broken,
// every write fails as a closed pipe does.
type brokenPipe struct {
	broken atomic.Bool
	bytes  atomic.Int64
}

func (b *brokenPipe) Write(p []byte) (int, error) {
	if b.broken.Load() {
		return 0, io.ErrClosedPipe
	}
	b.bytes.Add(int64(len(p)))
	return len(p), nil
}

// TestClientVanishesMidAnalysis: the client dies (its end of both pipes
// closes) while the server analyses a large document and the workspace
// scan runs. Writes then fail; Run still returns (code 1: no shutdown
// came), and every goroutine the server started ends.
func TestClientVanishesMidAnalysis(t *testing.T) {
	files := map[string]string{".guardrail.toml": testConfig}
	for i := range 50 {
		files[fmt.Sprintf("docs/d%02d.md", i)] = manyFindings(200)
	}
	dir := writeWorkspace(t, files)
	base := runtime.NumGoroutine()
	inR, inW := io.Pipe()
	out := &brokenPipe{}
	code := make(chan int, 1)
	go func() {
		code <- Run(context.Background(), inR, out, Options{Logger: testLogger(), NoUserConfig: true})
	}()
	send := func(body string) {
		if _, err := fmt.Fprintf(inW, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
			t.Fatal(err)
		}
	}
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"window":{"workDoneProgress":true}},"rootUri":"` + string(fileURI(dir)) + `"}}`)
	send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	uri := string(fileURI(filepath.Join(dir, "huge.md")))
	send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":%q,"languageId":"markdown","version":1,"text":%q}}}`, uri, manyFindings(40000)))
	send(`{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"` + uri + `"},"position":{"line":0,"character":20}}}`)
	// The client dies.
	out.broken.Store(true)
	_ = inW.Close()
	select {
	case c := <-code:
		if c != 1 {
			t.Errorf("exit code %d, want 1 (the stream ended without shutdown)", c)
		}
	case <-time.After(patience):
		t.Fatalf("Run did not return after the client vanished\n%s", goroutines())
	}
	for deadline := time.Now().Add(patience); runtime.NumGoroutine() > base; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("goroutine leak: %d running, want at most %d\n%s", runtime.NumGoroutine(), base, goroutines())
		}
	}
	if out.bytes.Load() == 0 {
		t.Error("the server wrote nothing before the client died: the test did not reach the server")
	}
}
