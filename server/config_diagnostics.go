package server

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"unicode/utf8"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// note records config problems of epoch ep and the files of cfg, and
// publishes the problems of files that gained some.
func (c *configState) note(ep uint64, errs []*rules.Error, cfg *rules.Config) {
	if len(errs) == 0 && cfg == nil {
		return
	}
	var changed []string
	var loose []*rules.Error
	c.mu.Lock()
	if ep != c.ep.Load() {
		c.mu.Unlock()
		return
	}
	newFiles := false
	if cfg != nil {
		for _, f := range cfg.Files {
			if !c.known[f] {
				c.known[f] = true
				newFiles = true
			}
		}
	}
	for _, e := range errs {
		f := e.Pos.File
		if f == "" || !filepath.IsAbs(f) {
			loose = append(loose, e)
			continue
		}
		if !c.known[f] {
			c.known[f] = true
			newFiles = true
		}
		seen := c.errSeen[f]
		if seen == nil {
			seen = map[errKey]bool{}
			c.errSeen[f] = seen
		}
		if k := keyOf(e); !seen[k] && len(seen) <= maxConfigProblems {
			// One more than shown: errorDiagnostics notes the rest.
			seen[k] = true
			c.errs[f] = append(c.errs[f], e)
			if len(changed) == 0 || changed[len(changed)-1] != f {
				changed = append(changed, f)
			}
		}
	}
	c.mu.Unlock()
	for _, e := range loose {
		c.s.log.Warn("config problem", zap.String("problem", e.Error()))
	}
	for _, f := range dedupe(changed) {
		c.publishConfigFile(f)
	}
	if newFiles && c.s.initialized.Load() {
		c.s.bg.run(c.updateWatchers)
		c.requestExamples()
	}
}

func dedupe(list []string) []string {
	sort.Strings(list)
	out := list[:0]
	for i, s := range list {
		if i == 0 || s != list[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// isConfigFile reports whether path is a config or pack file the server
// knows of.
func (c *configState) isConfigFile(path string) bool {
	if filepath.Base(path) == rules.ConfigFileName {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.known[path]
}

// publishConfigFile publishes a config file's problems: through the open
// document when it is open, else on its URI without a version.
func (c *configState) publishConfigFile(path string) {
	if d := c.s.docs.getPath(path); d != nil {
		c.s.schedule(d)
		return
	}
	c.publishFileDiagnostics(path, c.fileDiagnostics(path))
}

// fileDiagnostics are the problems of a config file that is not open: those
// found loading it and its failing rule examples.
func (c *configState) fileDiagnostics(path string) []protocol.Diagnostic {
	c.mu.Lock()
	errs := append([]*rules.Error(nil), c.errs[path]...)
	c.mu.Unlock()
	text := c.fileText(path)
	diags := errorDiagnostics(errs, path, text, c.s.sess().enc)
	pack, _ := rules.ParsePack(path, text)
	return append(diags, c.exampleDiagnostics(path, pack, text)...)
}

// publishFileDiagnostics publishes a config file's diagnostics on its URI
// (not open) and notes whether any are out.
func (c *configState) publishFileDiagnostics(path string, diags []protocol.Diagnostic) {
	if c.s.publishFile(path, diags) {
		c.mu.Lock()
		c.published[path] = len(diags) > 0
		c.mu.Unlock()
	}
}

// tomlDiagnostics checks an open TOML document from its unsaved text: if
// it is a config or a pack, its parse and schema problems, its rules'
// failing examples, and (when the Loader read this very text) the
// problems found while loading configs, such as bad extends.
func (c *configState) tomlDiagnostics(d *document, snap *snapshot) []protocol.Diagnostic {
	path := d.path
	if !(c.isConfigFile(path) || bytes.Contains(snap.text, []byte("[[rule]]"))) {
		return []protocol.Diagnostic{}
	}
	pack, perrs := rules.ParsePack(path, snap.text)
	var list []*rules.Error
	for _, e := range perrs {
		if e.Pos.File == path || e.Pos.File == "" {
			list = append(list, e)
		}
	}
	if loaded, ok := c.loadedText(path); ok && bytes.Equal(loaded, snap.text) {
		c.mu.Lock()
		list = mergeErrs(list, c.errs[path])
		c.mu.Unlock()
	} else if filepath.Base(path) == rules.ConfigFileName {
		// Unsaved text: load the config from it with a Loader of its own,
		// for the problems only loading finds (extends that do not exist,
		// cycles, unknown rule ids in [severity]).
		list = mergeErrs(list, c.draftLoadErrors(path, snap.text))
	}
	diags := errorDiagnostics(list, path, snap.text, c.s.sess().enc)
	return append(diags, c.exampleDiagnostics(path, pack, snap.text)...)
}

// draftLoadErrors loads the config of path's folder as if path held text,
// without touching the server's Loader, and returns the problems located
// in path.
func (c *configState) draftLoadErrors(path string, text []byte) []*rules.Error {
	read := func(p string) ([]byte, error) {
		if p == path {
			return text, nil
		}
		if d := c.s.docs.getPath(p); d != nil {
			return d.current().text, nil
		}
		return rules.ReadConfigFile(p)
	}
	c.mu.Lock()
	loader := c.makeLoaderWith(read)
	c.mu.Unlock()
	cfg, errs := loader.ConfigForDir(filepath.Dir(path))
	if cfg != nil {
		errs = cfg.Warnings
	}
	var out []*rules.Error
	for _, e := range errs {
		if e.Pos.File == path {
			out = append(out, e)
		}
	}
	return out
}

// errorDiagnostics converts config problems of one file. A problem points
// at a line and a column in code points; its range runs to the end of the
// word there.
func errorDiagnostics(errs []*rules.Error, path string, text []byte, enc string) []protocol.Diagnostic {
	out := []protocol.Diagnostic{}
	idx := newLineIndex(text)
	more := len(errs) > maxConfigProblems
	if more {
		errs = errs[:maxConfigProblems]
	}
	for _, e := range errs {
		sev := protocol.DiagnosticSeverityError
		if e.Warning {
			sev = protocol.DiagnosticSeverityWarning
		}
		var rng protocol.Range
		if e.Pos.Line > 0 && e.Pos.Line <= idx.lines() {
			l := e.Pos.Line - 1
			ls, le := idx.lineStart(l), idx.lineEnd(l)
			off := ls
			for n := 1; n < e.Pos.Column && off < le; n++ {
				_, size := utf8.DecodeRune(text[off:le])
				off += size
			}
			end := off
			for end < le && text[end] != ' ' && text[end] != '\t' {
				end++
			}
			rng = idx.rangeOf(off, end, enc)
		}
		out = append(out, protocol.Diagnostic{Range: rng, Severity: sev, Source: "guardrail", Message: e.Msg})
	}
	if more {
		out = append(out, moreProblems())
	}
	return out
}

// publishExamples runs the rule examples of the config and pack files not
// open in the editor and not yet run this epoch, and publishes the files
// whose examples fail (or failed before): a config's problems are
// published whether or not it is open. Built-in packs are not files.
func (c *configState) publishExamples() {
	c.mu.Lock()
	var files []string
	for f := range c.known {
		if !c.examplesRun[f] && filepath.IsAbs(f) {
			c.examplesRun[f] = true
			files = append(files, f)
		}
	}
	c.mu.Unlock()
	sort.Strings(files)
	for _, f := range files {
		if c.s.ctx.Err() != nil {
			return
		}
		if c.s.docs.getPath(f) != nil {
			continue // open: checked as you type
		}
		c.mu.Lock()
		was := c.published[f]
		c.mu.Unlock()
		if diags := c.fileDiagnostics(f); was || len(diags) > 0 {
			c.publishFileDiagnostics(f, diags)
		}
	}
}

// fileText is a config file's text as the Loader read it, else from disk.
func (c *configState) fileText(path string) []byte {
	text, ok := c.loadedText(path)
	if !ok {
		text, _ = rules.ReadConfigFile(path)
	}
	return text
}

// exampleDiagnostics are the failing rule examples of pack, parsed from
// text at path (code "rule-example", warnings at the example).
func (c *configState) exampleDiagnostics(path string, pack *rules.Pack, text []byte) []protocol.Diagnostic {
	if pack == nil {
		return nil
	}
	var errs []*rules.Error
	for _, r := range pack.Rules {
		for _, f := range analysis.TestExamples(r) {
			pos := f.Pos
			pos.File = path
			errs = append(errs, &rules.Error{Pos: pos, Msg: fmt.Sprintf("rule %s: %s", r.ID, f.Msg), Warning: true})
		}
	}
	diags := errorDiagnostics(errs, path, text, c.s.sess().enc)
	for i := range diags {
		diags[i].Code = "rule-example"
	}
	return diags
}
