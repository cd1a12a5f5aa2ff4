package analysis

import (
	"strings"
	"testing"
)

// negatedIn normalizes text as the engine does and reports whether the
// claim at the first occurrence of match is negated or quoted as the thing
// not to say.
func negatedIn(t *testing.T, text, match string) bool {
	t.Helper()
	norm := normalizeString(text, true)
	m := normalizeString(match, true)
	s := strings.Index(norm, m)
	if s < 0 {
		t.Fatalf("%q not in %q", m, norm)
	}
	var g segmentation
	g.segment([]byte(norm), 0, len(norm))
	return g.negated(s, s+len(m))
}

func TestNegation(t *testing.T) {
	tests := []struct {
		text, match string
		negated     bool
	}{
		// Negated or quoted as the thing not to say: not flagged.
		{"SRE is not a passthrough to GPT models.", "passthrough to GPT models", true},
		{"SRE never calls OpenAI models on your behalf.", "calls OpenAI models", true},
		{"Rather than giving access to OpenAI models, SRE is powered by them.", "giving access to OpenAI models", true},
		{"Don't say 'SRE enables access to OpenAI models'.", "enables access to OpenAI models", true},
		{"Avoid “passthrough”.", "passthrough", true},
		{"Instead of saying SRE provides access to GPT models, say it is powered by them.", "provides access to GPT models", true},
		{"SRE doesn't give you access to OpenAI models.", "give you access to OpenAI models", true},
		{"SRE doesnt give you access to OpenAI models.", "give you access to OpenAI models", true},
		{"SRE does not, as of today, give access to OpenAI models.", "give access to OpenAI models", true},
		{"SRE is not a gateway, a proxy, or a passthrough to OpenAI.", "passthrough to OpenAI", true},
		{"SRE does not use, resell, or host OpenAI models.", "host OpenAI models", true},
		{"SRE cannot be used as a proxy for OpenAI.", "proxy for OpenAI", true},
		{"Neither Nova nor Quick is replaced by OpenAI models.", "replaced by OpenAI models", true},
		{"SRE works without calling OpenAI models directly.", "calling OpenAI models directly", true},
		{"Unlike a gateway to OpenAI, SRE runs your agents.", "gateway to OpenAI", true},
		{"There is no way SRE gives customers access to GPT-5.", "gives customers access to GPT-5", true},
		{"SRE offers no direct access to OpenAI models.", "direct access to OpenAI models", true},
		{"SRE is no longer a passthrough to OpenAI.", "passthrough to OpenAI", true},
		{"SRE is far from a passthrough to OpenAI.", "passthrough to OpenAI", true},
		{"Please refrain from calling SRE a passthrough.", "passthrough", true},
		{"Avoid saying that SRE gives access to OpenAI models.", "gives access to OpenAI models", true},
		{"Don't say: SRE gives access to OpenAI models.", "gives access to OpenAI models", true},
		{"Words to avoid: passthrough, gateway, proxy.", "gateway", true},
		{"Bad: SRE gives you access to GPT-4o.", "gives you access to GPT-4o", true},
		{`"Passthrough" is banned in launch copy.`, "passthrough", true},
		{"Replace 'passthrough' with 'integration'.", "passthrough", true},
		{"The old line — “SRE is a gateway to OpenAI” — is retired.", "gateway to OpenAI", true},
		{"The tagline (“SRE is a gateway to OpenAI”) is off-limits.", "gateway to OpenAI", true},
		{"The new tagline — “SRE is a gateway to OpenAI” — ships today.", "gateway to OpenAI", false},
		{"Avoid `passthrough, proxy` in docs.", "proxy", true},
		{"Say \"is powered by\", not \"gives access to\".", "gives access to", true},
		{"- \"SRE is a gateway to OpenAI\": not true, and not ours to say.", "gateway to OpenAI", true},
		{"“SRE is a gateway to OpenAI”: legal says no.", "gateway to OpenAI", true},
		{"“SRE is a gateway to OpenAI”: that is our new tagline.", "gateway to OpenAI", false},
		{"Our tagline: “SRE is a gateway to OpenAI” is not true.", "gateway to OpenAI", true},
		{"Never write \"SRE is a gateway to OpenAI.\" in a post.", "gateway to OpenAI", true},
		{"If you don't need a GPU you won't get access to OpenAI models.", "get access to OpenAI models", true},
		{"SRE isn't a proxy (or a passthrough to OpenAI).", "passthrough to OpenAI", true},
		{"SRE doesn't (and won't) call OpenAI models.", "call OpenAI models", true},
		{"SRE doesn't — and never will — call OpenAI models.", "call OpenAI models", true},
		{"SRE does not - today or ever - act as a passthrough to OpenAI.", "passthrough to OpenAI", true},
		{"We never resell OpenAI models: SRE is powered by them.", "resell OpenAI models", true},

		{"So SRE does not simply forward requests to OpenAI.", "forward requests to OpenAI", true},
		{"SRE isn't merely a passthrough to GPT models; it keeps state.", "passthrough to GPT models", true},
		{"SRE doesn't simply act as a proxy for OpenAI, as the slide claims.", "proxy for OpenAI", true},

		// Asserted: flagged.
		{"SRE doesn't simply forward requests to OpenAI, it also keeps state.", "forward requests to OpenAI", false},
		{"SRE does not merely give you access to GPT-5 but runs your agents too.", "give you access to GPT-5", false},
		{"It doesn't simply relay prompts to OpenAI models as well as others.", "relay prompts to OpenAI models", false},
		{"SRE doesn't only give you access to GPT-5.", "give you access to GPT-5", false},
		{"No setup needed: SRE gives you access to GPT-4o.", "gives you access to GPT-4o", false},
		{"SRE doesn't just give access to OpenAI models, it runs them.", "give access to OpenAI models", false},
		{"There are no limits; SRE calls OpenAI models directly.", "calls OpenAI models directly", false},
		{"Not only does SRE provide access to GPT models, it hosts them.", "provide access to GPT models", false},
		{"We can't wait: SRE unlocks GPT-5 for everyone.", "unlocks GPT-5", false},
		{"We can't wait to give you access to GPT-5.", "give you access to GPT-5", false},
		{"SRE is not merely a runtime, it gives access to OpenAI models.", "gives access to OpenAI models", false},
		{"SRE is not slow, and it gives access to OpenAI models.", "gives access to OpenAI models", false},
		{"SRE is not a wrapper but a gateway to OpenAI.", "gateway to OpenAI", false},
		{"SRE is not a wrapper; it is a gateway to OpenAI.", "gateway to OpenAI", false},
		{"SRE isn't slow - it calls OpenAI models directly.", "calls OpenAI models directly", false},
		{"SRE isn't slow — it calls OpenAI models directly.", "calls OpenAI models directly", false},
		{"While SRE doesn't host models, it gives access to OpenAI models.", "gives access to OpenAI models", false},
		{"If you don't have an account, SRE gives you access to GPT-4o.", "gives you access to GPT-4o", false},
		{"Unlike other services, SRE gives access to OpenAI models.", "gives access to OpenAI models", false},
		{"Without any setup, SRE gives you access to GPT-4o.", "gives you access to GPT-4o", false},
		{"No matter the region, SRE gives access to OpenAI models.", "gives access to OpenAI models", false},
		{"Teams with no ML expertise at all can now get access to OpenAI models.", "get access to OpenAI models", false},
		{"SRE gives access to many, if not all, OpenAI models.", "OpenAI models", false},
		{"Why not access GPT-5 directly through SRE?", "access GPT-5 directly", false},
		{"Never before could teams call OpenAI models this easily.", "call OpenAI models", false},
		{"It has never been easier to call OpenAI models.", "call OpenAI models", false},
		{"Don't miss out on direct access to GPT-5.", "direct access to GPT-5", false},
		{"SRE is a no-code gateway to OpenAI.", "gateway to OpenAI", false},
		{"Our CEO said: 'SRE gives you access to OpenAI models.'", "gives you access to OpenAI models", false},
		{"SRE gives access to OpenAI models? No.", "gives access to OpenAI models", false},
		{"SRE is a passthrough to OpenAI, not a replacement for Bedrock.", "passthrough to OpenAI", false},
		{"Not to mention, SRE gives you access to GPT-5.", "gives you access to GPT-5", false},
		{"SRE is not only fast; it gives you access to GPT-5.", "gives you access to GPT-5", false},
		{"The customer's team gets access to OpenAI models.", "gets access to OpenAI models", false},
		{"Customers won't believe it. SRE gives access to OpenAI models.", "gives access to OpenAI models", false},
		{"SRE requires no setup, so it gives access to OpenAI models at once.", "gives access to OpenAI models", false},
		{"SRE is not slow, which gives access to OpenAI models.", "gives access to OpenAI models", false},
		{"SRE (not a proxy) gives access to OpenAI models.", "gives access to OpenAI models", false},
		{"You don't need an OpenAI account to access GPT-5 through SRE.", "access GPT-5", false},
		{"You don't need an OpenAI account for direct access to GPT-5.", "direct access to GPT-5", true},
		{"SRE doesn't require a proxy to OpenAI.", "proxy to OpenAI", true},
		{"SRE has no passthrough, proxy, or gateway to OpenAI.", "gateway to OpenAI", true},
		{"SRE works without a proxy, a relay, or a gateway to OpenAI.", "gateway to OpenAI", true},
		{"SRE is not, however, a passthrough to OpenAI.", "passthrough to OpenAI", true},
		{"SRE is not, though, a passthrough to OpenAI.", "passthrough to OpenAI", true},
		{"SRE doesn't host models, though it gives access to OpenAI models.", "gives access to OpenAI models", false},
		{"SRE isn't, and never was, a passthrough to OpenAI.", "passthrough to OpenAI", true},
		{"At no point does SRE give access to OpenAI models.", "give access to OpenAI models", true},
		{"Nobody should call SRE a passthrough.", "passthrough", true},
		{"No customer of any size ever gets a passthrough.", "passthrough", false}, // beyond the reach of "no"
		{"SRE never, under any circumstances, calls OpenAI models.", "calls OpenAI models", true},
		{"Because SRE doesn't give direct access to OpenAI models, teams use it.", "direct access to OpenAI models", true},
		{"No more waiting, SRE gives access to GPT-5.", "gives access to GPT-5", false},
		{"Don't wait — SRE gives you access to GPT-5 today.", "gives you access to GPT-5", false},
		{"Customers don't need new contracts: \"SRE gives you access to GPT-5,\" said the VP.", "gives you access to GPT-5", false},
		{"Customers can’t get direct access to OpenAI models.", "direct access to OpenAI models", true},
		{"It's wrong to say AWS hosts OpenAI models.", "hosts OpenAI models", true},
		{"It is misleading to claim that, today, SRE gives access to OpenAI models.", "gives access to OpenAI models", true},
		{"Stop saying SRE is a passthrough.", "passthrough", true},
		{"Stop calling OpenAI models directly; use SRE.", "calling OpenAI models directly", false},
		{"Don't panic: Trainium capacity is exhausted for now.", "exhausted", false},
		{"Do not: SRE is a passthrough.", "passthrough", true},
		{"Not this: SRE is a passthrough.", "passthrough", true},
		{"Nova won't matter much now that OpenAI models are available on AWS.", "available on AWS", false},
		{"You don't pay anything when SRE calls OpenAI models.", "calls OpenAI models", false},
		{"SRE does not call OpenAI models when idle.", "call OpenAI models", true},
		{"SRE is not slow, it calls OpenAI models directly.", "calls OpenAI models directly", false},
		{"No, it doesn't give access to OpenAI models.", "give access to OpenAI models", true},
		{"Don't settle for less, we give you access to GPT-5.", "give you access to GPT-5", false},
		{"SRE (without any setup) gives access to OpenAI models.", "gives access to OpenAI models", false},
		{"SRE — never slow — calls OpenAI models directly.", "calls OpenAI models directly", false},
	}
	for _, tt := range tests {
		if got := negatedIn(t, tt.text, tt.match); got != tt.negated {
			t.Errorf("negated(%q in %q) = %v, want %v", tt.match, tt.text, got, tt.negated)
		}
	}
}
