package server

import (
	"bytes"
	"fmt"
	"testing"
)

// FuzzPullResolveStream is FuzzRPCStream for the LSP 3.17 requests: a
// client with pull diagnostics, refresh and resolve support pulls
// (with and without a previous result id) and resolves code actions whose
// data it made up. Same properties: no panic, the server ends, the output
// is well-formed JSON-RPC.
func FuzzPullResolveStream(f *testing.F) {
	const (
		initReq = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":1,"capabilities":{"textDocument":{"diagnostic":{},"codeAction":{"dataSupport":true,"resolveSupport":{"properties":["edit"]},"codeActionLiteralSupport":{"codeActionKind":{"valueSet":["quickfix"]}}}},"workspace":{"diagnostics":{"refreshSupport":true},"workspaceEdit":{"documentChanges":true}}},"initializationOptions":{"configPath":"testdata/rpc/guardrail.toml"}}}`
		initd   = `{"jsonrpc":"2.0","method":"initialized","params":{}}`
		open    = `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:a","languageId":"markdown","version":1,"text":"We utilize it.\r\n<!-- guardrail-disable-next-line test.access -->\nThe 😀 synergy.\n"}}}`
		pull    = `{"jsonrpc":"2.0","id":2,"method":"textDocument/diagnostic","params":{"textDocument":{"uri":"untitled:a"}}}`
		pullOld = `{"jsonrpc":"2.0","id":3,"method":"textDocument/diagnostic","params":{"textDocument":{"uri":"untitled:a"},"previousResultId":"x.1.2.0"}}`
		pullBad = `{"jsonrpc":"2.0","id":4,"method":"textDocument/diagnostic","params":{"textDocument":7,"previousResultId":[]}}`
		action  = `{"jsonrpc":"2.0","id":5,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"untitled:a"},"range":{"start":{"line":0,"character":0},"end":{"line":3,"character":0}},"context":{"diagnostics":[]}}}`
		change  = `{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"untitled:a","version":2},"contentChanges":[{"text":"whole utilize"}]}}`
		exit    = `{"jsonrpc":"2.0","method":"exit"}`
	)
	resolve := func(id int, data string) string {
		return fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"codeAction/resolve","params":{"title":"t","kind":"quickfix","data":%s}}`, id, data)
	}
	seeds := [][]byte{
		frames(initReq, initd, open, pull, pullOld, action,
			resolve(6, `{"uri":"untitled:a","version":1,"action":"fixAll","start":0,"end":0}`),
			resolve(7, `{"uri":"untitled:a","version":1,"action":"disable","rule":"test.utilize","start":3,"end":10}`),
			resolve(8, `{"uri":"untitled:a","version":1,"action":"removeSuppression","rule":"guardrail.unused-suppression","start":16,"end":64}`),
			change, resolve(9, `{"uri":"untitled:a","version":1,"action":"fixAll"}`), pull, exit),
		frames(initReq, initd, pullBad, open, change, pull,
			resolve(10, `{"uri":"untitled:a","version":2,"action":"disable","rule":"test.utilize","start":-5,"end":99999999999}`),
			resolve(11, `{"uri":"untitled:a","version":2,"action":"nope","rule":"","start":6,"end":13}`),
			resolve(12, `"data"`), resolve(13, `null`), resolve(14, `{"uri":7}`),
			`{"jsonrpc":"2.0","id":15,"method":"codeAction/resolve","params":[]}`,
			`{"jsonrpc":"2.0","id":16,"method":"codeAction/resolve"}`),
	}
	for _, seed := range seeds {
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
