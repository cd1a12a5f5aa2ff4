package main

import (
	"strings"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

// A file with no text to check (an empty file, a Markdown file of blank
// lines or markup alone) needs no engine: compiling or reading one from
// the cache is most of what such a run would cost. The engine is left
// uncompiled only when every rule is a built-in pack's (those packs are
// compiled by the tests at build time, so compiling them reports no
// error that skipping it would hide); a user's own rules are compiled,
// and any error they give reported, as for any file.

// nothingToCheckMax is the largest document scoped before its engine is
// compiled: a larger one is scoped on another core while the engine
// compiles (engineAndScope).
const nothingToCheckMax = 16 << 10

// nothingToCheck reports whether doc has nothing a rule of cfg could
// match, in which case the rules' metadata is noted for the report and no
// engine is compiled. sc, when not nil, is doc scoped (to hand on to the
// engine).
func (c *checker) nothingToCheck(cfg *rules.Config, doc analysis.Document) (sc *analysis.Prescoped, nothing bool) {
	if c.eager || len(doc.Text) > nothingToCheckMax || !onlyBuiltinRules(cfg) {
		return nil, false
	}
	if len(doc.Text) == 0 {
		// Not even scoped: an empty file of any kind has nothing, and
		// scoping it would build the Markdown parser for nothing.
		c.entry(cfg)
		return nil, true
	}
	sc = analysis.ScopeFor(doc, analysis.ConfigOptions(cfg))
	if w := sc.Whole(); w == nil {
		// Plain text (or a kind the engine does not check): nothing only
		// when there is no text at all.
		nothing = len(doc.Text) == 0
	} else {
		// No prose and no comment (a suppression comment alone can be an
		// unused-suppression finding).
		nothing = len(w.Chunks) == 0 && len(w.Comments) == 0
	}
	if nothing {
		c.entry(cfg)
		return nil, true
	}
	return sc, false
}

// onlyBuiltinRules reports whether every rule of cfg comes from a
// built-in pack.
func onlyBuiltinRules(cfg *rules.Config) bool {
	for _, r := range cfg.Rules {
		if !strings.HasPrefix(r.Pack, rules.BuiltinPrefix) {
			return false
		}
	}
	return true
}
