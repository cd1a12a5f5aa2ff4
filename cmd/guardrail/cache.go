package main

import (
	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

// rulesCache is the on-disk cache of parsed rule files for this binary,
// or nil when off (--no-cache, GUARDRAIL_NO_CACHE) or unavailable.
func rulesCache(off bool) *rules.PackCache {
	if off {
		return nil
	}
	return rules.OpenPackCache(versionString())
}

// compileEngine compiles cfg's rules, through the engine cache kept
// beside the rules cache when there is one (analysis.CompileCached).
// pre is the entry prefetched for it, if any (engine_prefetch.go).
func compileEngine(cache *rules.PackCache, cfg *rules.Config, pre *analysis.PrefetchedEngine) (*analysis.Engine, error) {
	var store analysis.EngineStore
	if cache != nil {
		store = cache
	}
	return analysis.CompileCachedFrom(cfg.Rules, analysis.ConfigOptions(cfg), store, cfg.Fingerprint(), pre)
}
