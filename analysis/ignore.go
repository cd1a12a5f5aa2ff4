package analysis

import (
	"regexp"

	"github.com/guardrail-dev/guardrail/analysis/format"
	"github.com/guardrail-dev/guardrail/rules"
)

// A config's [ignore] patterns (rules/scoping.go), applied after scoping,
// in every file type: each match of a `tokens` pattern is inline code (one
// Opaque segment: no match enters it or joins across it), each match of a
// `blocks` pattern is skipped like a block (the chunk ends before it and
// starts again after it). Patterns are RE2, matched against the source as
// written, case-sensitive unless they say (?i); each is one linear pass
// over the document, and a config may have at most
// rules.MaxIgnorePatterns of them.

// ConfigOptions are the engine options a config sets.
func ConfigOptions(cfg *rules.Config) Options {
	o := Options{UnusedSuppression: cfg.UnusedSuppression, FrontMatter: cfg.FrontMatter}
	for _, ip := range cfg.IgnoreTokens {
		o.IgnoreTokens = append(o.IgnoreTokens, ip.Re)
	}
	for _, ip := range cfg.IgnoreBlocks {
		o.IgnoreBlocks = append(o.IgnoreBlocks, ip.Re)
	}
	return o
}

// HasIgnorePatterns reports whether the engine has [ignore] patterns,
// whose matches may span blank lines (a document split at blank lines
// must then be checked whole).
func (e *Engine) HasIgnorePatterns() bool { return e.opts.hasIgnores() }

func (o *Options) hasIgnores() bool { return len(o.IgnoreTokens)+len(o.IgnoreBlocks) > 0 }

// scope scopes a document with the engine's front-matter keys and
// ignore patterns.
func (e *Engine) scope(kind format.Kind, path string, src []byte) format.Scoped {
	sc := format.ScopeWithFrontMatter(kind, path, src, e.opts.FrontMatter)
	if e.opts.hasIgnores() {
		format.ApplyCuts(&sc, src, e.opts.ignoreCuts(src))
	}
	return sc
}

// ignoreCuts lists the matches of the ignore patterns in src.
func (o *Options) ignoreCuts(src []byte) []format.Cut {
	var cuts []format.Cut
	for k, list := range [2][]*regexp.Regexp{o.IgnoreTokens, o.IgnoreBlocks} {
		for _, re := range list {
			for _, m := range re.FindAllIndex(src, -1) {
				if m[1] > m[0] {
					cuts = append(cuts, format.Cut{Start: m[0], End: m[1], Split: k == 1})
				}
			}
		}
	}
	return cuts
}
