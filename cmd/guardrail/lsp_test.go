package main

import (
	"fmt"
	"strings"
	"testing"
)

// frame wraps a JSON-RPC body in LSP's Content-Length framing.
func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// TestLSPTransportFlags: language clients append a transport flag to the
// server's command line (vscode-languageclient adds --stdio). --stdio and
// --clientProcessId are accepted and the server answers initialize on
// stdout; other transports are a usage error naming the supported one.
func TestLSPTransportFlags(t *testing.T) {
	session := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`) +
		frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`) +
		frame(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`) +
		frame(`{"jsonrpc":"2.0","method":"exit"}`)
	for _, args := range [][]string{
		{"lsp"},
		{"lsp", "--stdio"},
		{"lsp", "-stdio"},
		{"lsp", "--log-level", "warn", "--stdio"},
		{"lsp", "--stdio", "--clientProcessId=4242"},
		{"lsp", "--clientProcessId", "4242", "--stdio"},
	} {
		code, stdout, stderr := runCLI(t, t.TempDir(), session, args...)
		if code != 0 {
			t.Errorf("%q: exit %d, stderr %s", args, code, stderr)
		}
		if !strings.Contains(stdout, `"capabilities"`) || !strings.Contains(stdout, `"id":2`) {
			t.Errorf("%q: no initialize or shutdown reply on stdout: %.300s", args, stdout)
		}
	}
	for _, arg := range []string{"--socket=5007", "--pipe=/tmp/x", "--node-ipc", "--port=1", "--stdio=yes"} {
		code, stdout, stderr := runCLI(t, t.TempDir(), session, "lsp", arg)
		if code != 2 {
			t.Errorf("lsp %s: exit %d, want 2", arg, code)
		}
		if stdout != "" {
			t.Errorf("lsp %s wrote to stdout: %q", arg, stdout)
		}
		if !strings.Contains(stderr, arg) || (arg != "--stdio=yes" && !strings.Contains(stderr, "only the stdio transport")) {
			t.Errorf("lsp %s: stderr %q does not name the flag and the supported transport", arg, stderr)
		}
	}
}
