package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
	"go.lsp.dev/protocol"
)

// Code actions:
//   - "Replace with '…'" (quickfix), one per approved phrase, the first
//     preferred;
//   - "Fix all guardrail issues in this file", as source.fixAll.guardrail
//     (fix on save) and as a quickfix (LSP4IJ shows only quickfixes);
//   - "Disable RULE-ID for this line" (quickfix): a suppression comment in
//     the file's comment syntax (Markdown and HTML: appended to the line, so
//     that the rendering does not change; elsewhere a
//     guardrail-disable-next-line comment above, indented like the line;
//     inside a multi-line comment or string, where no comment can go, a
//     guardrail-disable … guardrail-enable pair around it);
//   - "Remove unused suppression" (quickfix) for guardrail.unused-suppression.
//
// Every edit carries the version it was computed for.

const fixAllTitle = "Fix all guardrail issues in this file"

// kindAllowed reports whether kind k passes the client's only filter,
// hierarchically: "source.fixAll" and "source" both allow
// "source.fixAll.guardrail".
func kindAllowed(only []protocol.CodeActionKind, k protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if k == o || strings.HasPrefix(string(k), string(o)+".") {
			return true
		}
	}
	return false
}

// byteEdit replaces text[start:end].
type byteEdit struct {
	start, end int
	text       string
}

func (s *Server) codeAction(ctx context.Context, params json.RawMessage) (any, error) {
	var p protocol.CodeActionParams
	if err := decodeParams(protocol.MethodTextDocumentCodeAction, params, &p); err != nil {
		return nil, err
	}
	actions := []protocol.CodeAction{}
	d := s.docs.get(p.TextDocument.URI)
	if d == nil || d.isTOML {
		return actions, nil
	}
	r, ok := s.resultFor(d)
	if !ok || r.cfg == nil {
		return actions, nil
	}
	if ctx.Err() != nil {
		return nil, errCancelled
	}
	snap := r.snap
	idx := snap.index()
	shown := r.shown()
	enc := s.sess().enc
	rs, re, err := idx.offsets(p.Range, enc)
	if err != nil {
		return nil, invalidParams(protocol.MethodTextDocumentCodeAction, err)
	}
	only := p.Context.Only
	quick := kindAllowed(only, kindQuickFix)
	edit := func(edits []byteEdit) *protocol.WorkspaceEdit {
		return s.workspaceEdit(d, snap, idx, enc, edits)
	}
	// With resolve (resolve.go), an action carries data instead of its
	// edit; without, the edit is computed now.
	lazy := s.sess().caps.codeActionResolve
	finish := func(a protocol.CodeAction, data actionData, mk func() *protocol.WorkspaceEdit) protocol.CodeAction {
		if lazy {
			data.URI, data.Version = d.uri, snap.version
			a.Data = &data
		} else {
			a.Edit = mk()
		}
		return a
	}

	var disables []protocol.CodeAction
	disabled := map[string]bool{}
	fixableInRange := false
	var sc *format.Scoped
	conv := idx.converter(enc)
	for _, f := range shown {
		if f.Start > re || f.End < rs {
			continue
		}
		dg := diagnosticOf(r.cfg, f, conv)
		auto := f.Fix == rules.FixAuto // suggest: offered, never preferred nor in Fix all
		if len(f.Replacements) > 0 && auto {
			fixableInRange = true
		}
		if !quick {
			continue
		}
		for j, a := range f.Replacements {
			// Always with its edit, even for a client that resolves:
			// the edit is the diagnostic's range and a phrase, and a
			// client (or script) that applies a listed quick fix
			// directly keeps working.
			actions = append(actions, protocol.CodeAction{
				Title:       fmt.Sprintf("Replace with '%s'", a),
				Kind:        kindQuickFix,
				Diagnostics: []protocol.Diagnostic{dg},
				IsPreferred: j == 0 && auto,
				Edit:        s.textEdits(d, snap, []protocol.TextEdit{{Range: dg.Range, NewText: a}}),
			})
		}
		if f.Rule == analysis.UnusedSuppressionRule {
			if e, ok := removeSuppression(snap.text, idx, f); ok {
				actions = append(actions, finish(protocol.CodeAction{
					Title:       "Remove unused suppression",
					Kind:        kindQuickFix,
					Diagnostics: []protocol.Diagnostic{dg},
				}, findingData(actRemove, f), func() *protocol.WorkspaceEdit { return edit([]byteEdit{e}) }))
			}
			continue
		}
		key := fmt.Sprintf("%s\x00%d", f.Rule, idx.line(f.Start))
		if disabled[key] {
			continue
		}
		disabled[key] = true
		if sc == nil && needsScope(r.kind) {
			scoped := format.ScopeDocument(r.kind, d.path, snap.text)
			sc = &scoped
		}
		if title, edits, ok := disableEdits(r.kind, d.path, snap.text, idx, sc, f); ok {
			disables = append(disables, finish(protocol.CodeAction{
				Title:       title,
				Kind:        kindQuickFix,
				Diagnostics: []protocol.Diagnostic{dg},
			}, findingData(actDisable, f), func() *protocol.WorkspaceEdit { return edit(edits) }))
		}
	}

	fixes := analysis.SelectFixes(snap.text, shown)
	var fixAll []byteEdit
	for _, fx := range fixes {
		fixAll = append(fixAll, byteEdit{fx.Start, fx.End, fx.Text})
	}
	if quick && fixableInRange && len(fixAll) > 0 {
		actions = append(actions, finish(protocol.CodeAction{Title: fixAllTitle, Kind: kindQuickFix}, actionData{Action: actFixAll}, func() *protocol.WorkspaceEdit { return edit(fixAll) }))
	}
	actions = append(actions, disables...)
	// Without a filter, every kind is returned (the client filters): the
	// source.fixAll twin too. Editors show it under "Source Action…", or,
	// without such a menu, as a second "Fix all".
	if len(fixAll) > 0 && kindAllowed(only, kindFixAll) {
		actions = append(actions, finish(protocol.CodeAction{Title: fixAllTitle, Kind: kindFixAll}, actionData{Action: actFixAll}, func() *protocol.WorkspaceEdit { return edit(fixAll) }))
	}
	return actions, nil
}

// workspaceEdit builds the edit for d at snap's version: documentChanges
// with a versioned identifier when the client supports them (a client then
// refuses to apply it to another version), changes otherwise.
func (s *Server) workspaceEdit(d *document, snap *snapshot, idx *lineIndex, enc string, edits []byteEdit) *protocol.WorkspaceEdit {
	tes := make([]protocol.TextEdit, len(edits))
	conv := idx.converter(enc)
	for i, e := range edits {
		tes[i] = protocol.TextEdit{Range: conv.rangeOf(e.start, e.end), NewText: e.text}
	}
	return s.textEdits(d, snap, tes)
}

func (s *Server) textEdits(d *document, snap *snapshot, tes []protocol.TextEdit) *protocol.WorkspaceEdit {
	if s.sess().caps.documentChanges {
		v := snap.version
		return &protocol.WorkspaceEdit{DocumentChanges: []protocol.TextDocumentEdit{{
			TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{
				TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: d.uri},
				Version:                &v,
			},
			Edits: tes,
		}}}
	}
	return &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{d.uri: tes}}
}

func needsScope(k format.Kind) bool {
	return k == format.KindCode || k == format.KindYAML || k == format.KindMarkdown
}

// disableEdits builds the "Disable RULE-ID for this line" edit, written
// as package format says a suppression is in this file.
func disableEdits(kind format.Kind, path string, text []byte, idx *lineIndex, sc *format.Scoped, f analysis.Finding) (string, []byteEdit, bool) {
	sup := format.SuppressionAt(kind, path, text, sc, f.Start)
	switch sup.Placement {
	case format.NoComment:
		return "", nil, false
	case format.EndOfLine:
		line := idx.line(f.Start)
		ls := idx.lineStart(line)
		pos := ls + format.AppendOffset(kind, text[ls:idx.lineEnd(line)])
		cs := sup.Syntax
		return fmt.Sprintf("Disable %s for this line", f.Rule), []byteEdit{{pos, pos, " " + cs.Open + "guardrail-disable-line " + f.Rule + cs.Close}}, true
	}
	return nextLineDisable(text, idx, sc, f, sup.Syntax, sup.YAML)
}

// nextLineDisable inserts a guardrail-disable-next-line comment above the
// finding's line, or — when that line is inside a multi-line comment or
// string, where a comment line would become part of it — a
// guardrail-disable / guardrail-enable pair around the whole comment or
// string.
func nextLineDisable(text []byte, idx *lineIndex, sc *format.Scoped, f analysis.Finding, cs format.CommentSyntax, yaml bool) (string, []byteEdit, bool) {
	line := idx.line(f.Start)
	cStart, cEnd, what := -1, -1, ""
	if sc != nil {
		inComment := false
		for _, c := range sc.Comments {
			if c.Start <= f.Start && f.Start < c.End {
				inComment = true
				if format.IsDocString(text[c.Start:c.End]) {
					// A comment between "def f():" and its doc string would
					// make it a plain string: go around both.
					if pl := prevNonBlank(text, idx, idx.line(c.Start)); pl >= 0 && bytes.HasSuffix(bytes.TrimRight(text[idx.lineStart(pl):idx.lineEnd(pl)], " \t"), []byte(":")) {
						cStart, cEnd, what = idx.lineStart(pl), c.End, "doc string"
						break
					}
				}
				if idx.line(c.Start) < line {
					cStart, cEnd, what = c.Start, c.End, "comment"
				}
				break
			}
		}
		if !inComment {
			for _, ch := range sc.Chunks {
				if len(ch.Segs) == 0 {
					continue
				}
				s, e := ch.Segs[0].Start, ch.Segs[len(ch.Segs)-1].End
				if f.Start < s || f.Start > e {
					continue
				}
				first := idx.line(s)
				if yaml && first > 0 {
					prev := bytes.TrimRight(text[idx.lineStart(first-1):idx.lineEnd(first-1)], " \t")
					if format.OpensBlockScalar(prev) {
						cStart, cEnd, what = idx.lineStart(first-1), e, "value"
						break
					}
				}
				if first < line {
					cStart, cEnd, what = s, e, "value"
					if ch.Scope == rules.ScopeStrings {
						what = "string"
					}
				}
				break
			}
		}
	}
	eol := lineBreakOf(text, idx, line)
	if cStart < 0 {
		ls := idx.lineStart(line)
		ins := indentOf(text, idx, line) + cs.Open + "guardrail-disable-next-line " + f.Rule + cs.Close + eol
		return fmt.Sprintf("Disable %s for this line", f.Rule), []byteEdit{{ls, ls, ins}}, true
	}
	l1, l2 := idx.line(cStart), idx.line(max(cStart, cEnd-1))
	indent := indentOf(text, idx, l1)
	ls, le := idx.lineStart(l1), idx.lineEnd(l2)
	return fmt.Sprintf("Disable %s for this %s", f.Rule, what), []byteEdit{
		{ls, ls, indent + cs.Open + "guardrail-disable " + f.Rule + cs.Close + eol},
		{le, le, eol + indent + cs.Open + "guardrail-enable " + f.Rule + cs.Close},
	}, true
}

// prevNonBlank is the last line before line that is not blank (-1: none).
func prevNonBlank(text []byte, idx *lineIndex, line int) int {
	for l := line - 1; l >= 0; l-- {
		if len(bytes.TrimSpace(text[idx.lineStart(l):idx.lineEnd(l)])) > 0 {
			return l
		}
	}
	return -1
}

// indentOf is the leading white space of a line.
func indentOf(text []byte, idx *lineIndex, line int) string {
	ls, le := idx.lineStart(line), idx.lineEnd(line)
	i := ls
	for i < le && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return string(text[ls:i])
}

// lineBreakOf is the line break the file uses at (or before) a line.
func lineBreakOf(text []byte, idx *lineIndex, line int) string {
	for l := line; l >= 0 && l >= line-1; l-- {
		le := idx.lineEnd(l)
		switch {
		case bytes.HasPrefix(text[le:], []byte("\r\n")):
			return "\r\n"
		case bytes.HasPrefix(text[le:], []byte("\r")):
			return "\r"
		case bytes.HasPrefix(text[le:], []byte("\n")):
			return "\n"
		}
	}
	if bytes.Contains(text, []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}

// removeSuppression deletes an unused suppression comment that names at
// most one rule (removing one id of several is left to the user): the
// whole line when the comment is alone on it.
func removeSuppression(text []byte, idx *lineIndex, f analysis.Finding) (byteEdit, bool) {
	if f.Start < 0 || f.End > len(text) || f.Start >= f.End {
		return byteEdit{}, false
	}
	c := string(text[f.Start:f.End])
	i := strings.Index(c, "guardrail-")
	if i < 0 {
		return byteEdit{}, false
	}
	body := format.CutAtCommentClose(c[i:])
	if len(strings.FieldsFunc(body, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })) > 2 {
		return byteEdit{}, false
	}
	line := idx.line(f.Start)
	ls, le := idx.lineStart(line), idx.lineEnd(line)
	if len(bytes.TrimSpace(text[ls:le])) == len(bytes.TrimSpace(text[f.Start:f.End])) && idx.line(f.End) == line {
		next := idx.lineStart(line + 1)
		return byteEdit{ls, next, ""}, true
	}
	start := f.Start
	for start > ls && (text[start-1] == ' ' || text[start-1] == '\t') {
		start--
	}
	return byteEdit{start, f.End, ""}, true
}
