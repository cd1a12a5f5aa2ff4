package server

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
)

// TestHugeContentLength: a Content-Length far past the limit (10^12, and
// 2^31-1, which the int32 parse used to accept and allocate) is answered
// with an error without allocating it; the server goes on reading, and
// ends cleanly when the input ends.
func TestHugeContentLength(t *testing.T) {
	for _, length := range []string{"1000000000000", "2147483647", "67108865"} {
		t.Run(length, func(t *testing.T) {
			rc := newRaw(t)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			rc.write("Content-Length: " + length + "\r\n\r\n" + `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`)
			m := rc.read()
			if string(m["id"]) != "null" || errCode(m) != int(jsonrpc2.InvalidRequest) || !strings.Contains(string(m["error"]), "larger than the limit") {
				t.Fatalf("reply %v", m)
			}
			runtime.ReadMemStats(&after)
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
				t.Fatalf("allocated %d bytes for a %s-byte header", grew, length)
			}
			_ = rc.conn.Close()
			select {
			case code := <-rc.code:
				if code != 1 {
					t.Fatalf("exit code %d", code)
				}
			case <-time.After(patience):
				t.Fatal("Run did not return after the input ended")
			}
		})
	}
}

// TestOversizedMessageSkipped: the body of a message over the limit is
// skipped, and the message after it is served.
func TestOversizedMessageSkipped(t *testing.T) {
	rc := newRawOpts(t, Options{Logger: testLogger(), NoUserConfig: true, maxMessageSize: 1 << 10})
	big := fmt.Sprintf(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"x":%q}}`, strings.Repeat("a", 2000))
	rc.send(big)
	if m := rc.read(); string(m["id"]) != "null" || errCode(m) != int(jsonrpc2.InvalidRequest) {
		t.Fatalf("oversized: %v", m)
	}
	rc.send(`{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"capabilities":{}}}`)
	if m := rc.response("2"); m["result"] == nil {
		t.Fatalf("initialize after an oversized message: %v", m)
	}
	rc.send(`{"jsonrpc":"2.0","id":3,"method":"shutdown"}`)
	rc.response("3")
	rc.send(`{"jsonrpc":"2.0","method":"exit"}`)
	if code := <-rc.code; code != 0 {
		t.Fatalf("exit code %d", code)
	}
}

// TestHeaderLineTooLong: a header line longer than the read buffer ends
// the stream instead of growing a buffer without bound.
func TestHeaderLineTooLong(t *testing.T) {
	rc := newRaw(t)
	go func() {
		_ = rc.conn.SetWriteDeadline(time.Now().Add(patience))
		_, _ = rc.conn.Write([]byte("X-Junk: " + strings.Repeat("z", 200<<10)))
	}()
	select {
	case code := <-rc.code:
		if code != 1 {
			t.Fatalf("exit code %d", code)
		}
	case <-time.After(patience):
		t.Fatal("Run did not end on an over-long header line")
	}
}

// TestParseErrorReplyIsJSON: the reply to a malformed message quotes the
// decoder's error, which may quote the input's invalid UTF-8; it must
// still be JSON (strconv.Quote's \x escapes were not).
func TestParseErrorReplyIsJSON(t *testing.T) {
	rc := newRaw(t)
	rc.send("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"text\"\x80\xff\"}")
	m := rc.read() // fails on a body that is not JSON
	if string(m["id"]) != "null" || errCode(m) != int(jsonrpc2.ParseError) {
		t.Fatalf("reply %v", m)
	}
	rc.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`)
	if m := rc.response("1"); m["result"] == nil {
		t.Fatalf("initialize after a malformed message: %v", m)
	}
}
