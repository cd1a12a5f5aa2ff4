package main

import "github.com/guardrail-dev/guardrail/rules"

// rulesCache is the on-disk cache of parsed rule files for this binary,
// or nil when off (--no-cache, GUARDRAIL_NO_CACHE) or unavailable.
func rulesCache(off bool) *rules.PackCache {
	if off {
		return nil
	}
	return rules.OpenPackCache(versionString())
}
