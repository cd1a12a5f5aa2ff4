package server

import (
	"encoding/json"

	"go.lsp.dev/protocol"
)

// go.lsp.dev/protocol v0.12.0 speaks LSP 3.15/3.16. This file adds what
// guardrail needs from 3.17 without forking it: position encodings, and
// lenient decoding of the client's capabilities (the library's strict
// structs reject some shapes the spec allows, such as
// semanticTokens.requests.range = {}).

// Position encodings (LSP 3.17 PositionEncodingKind).
const (
	encUTF16 = "utf-16"
	encUTF8  = "utf-8"
	encUTF32 = "utf-32"
)

// serverCapabilities is protocol.ServerCapabilities plus the 3.17
// positionEncoding field.
type serverCapabilities struct {
	protocol.ServerCapabilities
	PositionEncoding string `json:"positionEncoding,omitempty"`
	// DiagnosticProvider (3.17) is set when the client pulls diagnostics.
	DiagnosticProvider *diagnosticOptions `json:"diagnosticProvider,omitempty"`
}

// diagnosticOptions is the 3.17 DiagnosticOptions.
type diagnosticOptions struct {
	Identifier            string `json:"identifier,omitempty"`
	InterFileDependencies bool   `json:"interFileDependencies"`
	WorkspaceDiagnostics  bool   `json:"workspaceDiagnostics"`
}

// documentDiagnosticParams is the 3.17 DocumentDiagnosticParams.
type documentDiagnosticParams struct {
	TextDocument     protocol.TextDocumentIdentifier `json:"textDocument"`
	Identifier       string                          `json:"identifier,omitempty"`
	PreviousResultID string                          `json:"previousResultId,omitempty"`
}

// 3.17 methods protocol v0.12.0 does not name.
const (
	methodTextDocumentDiagnostic     = "textDocument/diagnostic"
	methodWorkspaceDiagnosticRefresh = "workspace/diagnostic/refresh"
	methodCodeActionResolve          = "codeAction/resolve"
)

// initializeResult is protocol.InitializeResult with the extended
// capabilities.
type initializeResult struct {
	Capabilities serverCapabilities   `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

// initializeParams is the part of InitializeParams the server reads.
// Capabilities and initializationOptions stay raw JSON and are read with
// the lenient helpers below.
type initializeParams struct {
	RootURI               string                     `json:"rootUri"`
	RootPath              string                     `json:"rootPath"`
	WorkspaceFolders      []protocol.WorkspaceFolder `json:"workspaceFolders"`
	InitializationOptions json.RawMessage            `json:"initializationOptions"`
	Capabilities          json.RawMessage            `json:"capabilities"`
	ClientInfo            *struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"clientInfo"`
}

// clientCaps are the client capabilities the server acts on.
type clientCaps struct {
	positionEncodings   []string
	documentChanges     bool // workspace.workspaceEdit.documentChanges
	watchedFilesDynamic bool // workspace.didChangeWatchedFiles.dynamicRegistration
	configuration       bool // workspace.configuration (pull)
	workDoneProgress    bool // window.workDoneProgress
	codeActionLiterals  bool // textDocument.codeAction.codeActionLiteralSupport
	hoverMarkdown       bool // textDocument.hover.contentFormat includes markdown (or unset)
	pullDiagnostics     bool // textDocument.diagnostic (3.17)
	diagnosticRefresh   bool // workspace.diagnostics.refreshSupport (3.17)
	// codeActionResolve: textDocument.codeAction.resolveSupport.properties
	// has "edit" and dataSupport is set (data survives until resolve), with
	// literal support (else there are no CodeAction objects to resolve).
	codeActionResolve bool
}

// parseClientCaps reads capabilities leniently: a field of an unexpected
// type counts as absent instead of failing initialize.
func parseClientCaps(raw json.RawMessage) clientCaps {
	var m any
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &m)
	}
	var c clientCaps
	for _, e := range getList(m, "general", "positionEncodings") {
		if s, ok := e.(string); ok {
			c.positionEncodings = append(c.positionEncodings, s)
		}
	}
	c.documentChanges = getBool(m, "workspace", "workspaceEdit", "documentChanges")
	c.watchedFilesDynamic = getBool(m, "workspace", "didChangeWatchedFiles", "dynamicRegistration")
	c.configuration = getBool(m, "workspace", "configuration")
	c.workDoneProgress = getBool(m, "window", "workDoneProgress")
	c.codeActionLiterals = get(m, "textDocument", "codeAction", "codeActionLiteralSupport") != nil
	c.pullDiagnostics = get(m, "textDocument", "diagnostic") != nil
	c.diagnosticRefresh = getBool(m, "workspace", "diagnostics", "refreshSupport")
	if c.codeActionLiterals && getBool(m, "textDocument", "codeAction", "dataSupport") {
		for _, p := range getList(m, "textDocument", "codeAction", "resolveSupport", "properties") {
			if p == "edit" {
				c.codeActionResolve = true
			}
		}
	}
	c.hoverMarkdown = true
	if formats := getList(m, "textDocument", "hover", "contentFormat"); formats != nil {
		c.hoverMarkdown = false
		for _, f := range formats {
			if f == "markdown" {
				c.hoverMarkdown = true
			}
		}
	}
	return c
}

// chooseEncoding picks the position encoding: UTF-8 when the client offers
// it (no conversion needed), else UTF-16 (the mandatory default), else
// UTF-32 when that is all the client offers.
func chooseEncoding(offered []string) string {
	has := map[string]bool{}
	for _, e := range offered {
		has[e] = true
	}
	switch {
	case has[encUTF8]:
		return encUTF8
	case len(offered) == 0 || has[encUTF16]:
		return encUTF16
	case has[encUTF32]:
		return encUTF32
	}
	return encUTF16
}

// get walks a decoded JSON value along keys; nil when absent.
func get(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func getBool(v any, keys ...string) bool {
	b, _ := get(v, keys...).(bool)
	return b
}

func getList(v any, keys ...string) []any {
	l, _ := get(v, keys...).([]any)
	return l
}

// didChangeParams is DidChangeTextDocumentParams with a pointer Range, so
// that a full-text change (no range) is not mistaken for an insertion at
// 0:0 (protocol v0.12.0 declares Range as a value).
type didChangeParams struct {
	TextDocument struct {
		URI     protocol.DocumentURI `json:"uri"`
		Version *int32               `json:"version"`
	} `json:"textDocument"`
	ContentChanges []struct {
		Range *protocol.Range `json:"range,omitempty"`
		Text  *string         `json:"text"`
	} `json:"contentChanges"`
}

// progressParams is $/progress with a string token (protocol.ProgressToken
// marshals as {} when held by value).
type progressParams struct {
	Token string `json:"token"`
	Value any    `json:"value"`
}

type progressCreateParams struct {
	Token string `json:"token"`
}

type progressCancelParams struct {
	Token json.RawMessage `json:"token"`
}

// publishParams is textDocument/publishDiagnostics with a version that is
// sent whenever the server knows it (protocol's is uint32 with omitempty,
// which drops version 0).
type publishParams struct {
	URI         protocol.DocumentURI  `json:"uri"`
	Version     *int32                `json:"version,omitempty"`
	Diagnostics []protocol.Diagnostic `json:"diagnostics"`
}

// Code action kinds guardrail offers.
const (
	kindQuickFix = protocol.QuickFix
	kindFixAll   = protocol.CodeActionKind("source.fixAll.guardrail")
)
