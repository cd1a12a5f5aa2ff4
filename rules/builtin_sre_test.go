package rules_test

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/rules"
)

// The sre-messaging pack on sentences written from the guidance: which
// rules fire, and what the automatic fix makes of the sentence. These are
// the pack's own regression cases (precision traps included), next to the
// examples in the TOML that `guardrail rules test` runs.

var (
	sreOnce   sync.Once
	sreEngine *analysis.Engine
	sreErr    error
)

func srePack(t *testing.T) *analysis.Engine {
	t.Helper()
	sreOnce.Do(func() {
		p, err := rules.Builtin("sre-messaging")
		if err != nil {
			sreErr = err
			return
		}
		sreEngine, sreErr = analysis.Compile(p.Rules)
	})
	if sreErr != nil {
		t.Fatal(sreErr)
	}
	return sreEngine
}

func sreCheck(e *analysis.Engine, text string) []analysis.Finding {
	return e.Check(analysis.Document{Path: "t.md", Text: []byte(text), Kind: analysis.KindMarkdown})
}

// sreFlagged lists sentences that must be flagged, with the rule expected
// to flag them.
var sreFlagged = []struct{ rule, text string }{
	// access claims with a subject the fix keeps
	{"sre.access-claim", "SRE gives you access to OpenAI models."},
	{"sre.access-claim", "SRE provides access to OpenAI's latest models."},
	{"sre.access-claim", "The Stateful Runtime Environment enables access to GPT-5."},
	{"sre.access-claim", "SRE now offers customers direct access to GPT-4o."},
	{"sre.access-claim", "It unlocks access to OpenAI's most capable models for every agent."},
	{"sre.access-claim", "SRE opens up access to o3 and o4-mini."},
	{"sre.call-models", "SRE lets developers call GPT-4.1 from any agent."},
	{"sre.direct-access", "SRE allows your teams to use OpenAI's frontier models."},
	{"sre.access-claim", "SRE delivers access to ChatGPT inside Bedrock."},
	{"sre.access-claim", "A runtime that grants builders access to the OpenAI API."},
	{"sre.access-claim", "SRE brings your developers access to OpenAI."},
	// access claims with another subject or form: flag only
	{"sre.direct-access", "AWS gives customers access to OpenAI models through SRE."},
	{"sre.direct-access", "Bedrock customers get access to GPT-5 on day one."},
	{"sre.direct-access", "With SRE, your team gains instant access to OpenAI's newest models."},
	{"sre.direct-access", "Customers can access GPT-4o through Amazon Bedrock."},
	{"sre.direct-access", "Use OpenAI models directly from your Bedrock agents."},
	{"sre.direct-access", "Developers use GPT-5 via SRE to plan long tasks."},
	{"sre.direct-access", "Access to GPT-4.1 through the Bedrock API is now open."},
	{"sre.direct-access", "We provided early access to o3 for preview customers."},
	{"sre.direct-access", "Enabling access to OpenAI models is what SRE is for."},
	{"sre.direct-access", "Customers can now use GPT-5 in their agents."},
	{"sre.direct-access", "OpenAI models are now reachable through SRE."},
	// calling the models
	{"sre.call-models", "Your agents call OpenAI models through SRE."},
	{"sre.call-models", "Agents invoke GPT-4o from within the runtime."},
	{"sre.call-models", "SRE agents can query the latest OpenAI models at any step."},
	{"sre.call-models", "Each step makes API calls to GPT-5."},
	{"sre.call-models", "Calling OpenAI's models from SRE is one line of code."},
	{"sre.call-models", "Hit the OpenAI API from your Bedrock agent."},
	// passthrough
	{"sre.passthrough", "SRE is a passthrough to GPT models."},
	{"sre.passthrough", "SRE is a thin wrapper around OpenAI."},
	{"sre.passthrough", "Think of SRE as a gateway to OpenAI's frontier models."},
	{"sre.passthrough", "SRE acts as a proxy for GPT-4o."},
	{"sre.passthrough-routing", "SRE is essentially an OpenAI proxy."},
	{"sre.passthrough-routing", "SRE routes your requests straight to OpenAI."},
	{"sre.passthrough-routing", "SRE forwards every prompt to GPT-5."},
	{"sre.passthrough-routing", "Requests are sent directly to OpenAI's API."},
	{"sre.passthrough-routing", "SRE passes your calls through to OpenAI."},
	{"sre.passthrough-routing", "SRE is basically a pass-through layer on Bedrock."},
	// availability on AWS
	{"sre.frontier-availability", "OpenAI's frontier models are now available on AWS."},
	{"sre.frontier-availability", "GPT-5 is now generally available in Amazon Bedrock."},
	{"sre.frontier-availability", "OpenAI models are available to all AWS customers."},
	{"sre.frontier-availability", "OpenAI's latest models are broadly available."},
	{"sre.frontier-availability", "GPT-4o is now on AWS."},
	{"sre.frontier-availability", "Run OpenAI's frontier models on Bedrock."},
	{"sre.frontier-availability", "SRE brings OpenAI's newest models to every AWS customer."},
	{"sre.frontier-availability", "OpenAI's most capable models come to AWS."},
	// hosting and reselling
	{"sre.hosting-reselling", "AWS now hosts OpenAI models."},
	{"sre.hosting-reselling", "Bedrock resells GPT-4o through SRE."},
	{"sre.hosting-reselling", "AWS is an OpenAI reseller now."},
	{"sre.hosting-reselling", "GPT-5, hosted on AWS, powers your agents."},
	// the relationship
	{"sre.joint-offering", "AWS and OpenAI are partnering to sell SRE."},
	{"sre.resale-framing", "AWS and OpenAI are co-selling SRE."},
	{"sre.resale-framing", "AWS partnered with OpenAI to resell the Stateful Runtime Environment."},
	// other model providers
	{"sre.partner-relationships", "AWS is ending its partnership with Anthropic."},
	{"sre.partner-relationships", "Our relationship with Cohere is winding down."},
	{"sre.partner-relationships", "AWS is moving away from Mistral."},
	{"sre.partner-relationships", "GPT-5 replaces Claude in Bedrock agents."},
	{"sre.partner-relationships", "OpenAI is now AWS's exclusive model partner."},
	{"sre.partner-relationships", "The Meta partnership is being sunset."},
	{"sre.partner-relationships", "SRE is built on an exclusive partnership with OpenAI."},
	{"sre.partner-no-longer", "AWS no longer works with Anthropic."},
	{"sre.partner-no-longer", "Customers won't need Cohere anymore."},
	// the investment
	{"sre.circular-financing", "It's circular financing, plain and simple."},
	{"sre.circular-financing", "The deal is a quid pro quo."},
	{"sre.investment-exchange", "AWS invested in OpenAI in exchange for a $100 billion commitment."},
	{"sre.investment-exchange", "OpenAI spends on AWS because Amazon invested in it."},
	{"sre.investment-exchange", "The investment buys OpenAI's cloud commitment."},
	// own products
	{"sre.own-models", "SRE replaces Nova."},
	{"sre.own-models", "Amazon Nova is now redundant."},
	{"sre.own-models", "AWS is deprioritizing Quick."},
	{"sre.own-models", "Nova models are being phased out."},
	// Trainium
	{"sre.trainium-capacity", "Trainium capacity is exhausted."},
	{"sre.trainium-capacity", "Trainium is sold out through 2027."},
	{"sre.trainium-capacity", "All Trainium capacity goes to OpenAI."},
	{"sre.trainium-capacity", "There is no Trainium capacity left for other customers."},
	// pricing, limits and regions
	{"sre.pricing-limits-regions", "SRE costs $0.08 per hour."},
	{"sre.pricing-limits-regions", "SRE is free during the preview."},
	{"sre.pricing-limits-regions", "SRE is billed per token."},
	{"sre.pricing-limits-regions", "SRE sessions can last up to 8 hours."},
	{"sre.pricing-limits-regions", "The maximum session length in SRE is 24 hours."},
	{"sre.pricing-limits-regions", "SRE has a default quota of 50 concurrent sessions."},
	{"sre.pricing-limits-regions", "SRE is available in all AWS Regions."},
	{"sre.pricing-limits-regions", "SRE launches in us-east-1 and us-west-2."},
	{"sre.pricing-limits-regions", "The Stateful Runtime Environment is available in Europe at launch."},
	{"sre.pricing-limits-regions", "SRE has no rate limits during the preview."},
}

// sreClean lists sentences no rule of the pack may flag.
var sreClean = []string{
	// approved wording
	"SRE is powered by OpenAI models.",
	"SRE is enabled by OpenAI models.",
	"SRE integrates with OpenAI models.",
	"AWS and OpenAI are jointly collaborating to offer SRE.",
	"SRE is powered by OpenAI models through a dedicated infrastructure layer.",
	"SRE pricing will be announced — stay tuned.",
	"Pricing, limits and regional availability for SRE: stay tuned.",
	// negated and quoted
	"SRE does not give customers access to OpenAI models.",
	"SRE is not a passthrough to GPT models.",
	"SRE never calls OpenAI models on your behalf.",
	"Rather than giving access to OpenAI models, SRE is powered by them.",
	"Don't say SRE gives you access to OpenAI models.",
	"Avoid “passthrough” when you describe SRE.",
	"OpenAI's frontier models are not available on AWS.",
	"AWS is not ending its partnership with Anthropic.",
	"The investment is not a quid pro quo.",
	// same words, other meaning
	"Bedrock gives you access to Anthropic models.",
	"Azure hosts OpenAI models.",
	"Unlike Azure, which hosts OpenAI models directly, AWS integrates them into SRE.",
	"Our SRE team is on call 24 hours a day.",
	"Site Reliability Engineering teams cap pages at 2 per shift.",
	"The SRE team keeps error budgets under 0.1% per month.",
	"Amazon Bedrock is available in us-east-1.",
	"Enable PCIe passthrough on the host.",
	"Replace meta descriptions before launch.",
	"Customers get committed-use discounts in return for a one-year term.",
	"Amazon API Gateway routes requests to your Lambda functions.",
	"Many customers will still be able to use Trainium for AI workloads.",
	"AWS keeps working closely with Anthropic, Meta, Mistral and Cohere.",
	"AWS stays focused on Nova and Quick.",
	"Add a quick replace step to the build.",
	"The investment and the infrastructure use rest on separate considerations.",
	"Such investments are common in capital-intensive sectors.",
	"SRE enables customers to build agents that keep state.",
	"Agents built on SRE keep their memory between steps.",
}

func TestSREPackFlags(t *testing.T) {
	e := srePack(t)
	for _, c := range sreFlagged {
		fs := sreCheck(e, c.text)
		var ids []string
		for _, f := range fs {
			ids = append(ids, f.Rule)
		}
		if !slices.Contains(ids, c.rule) {
			t.Errorf("%q: rules %v, want %s", c.text, ids, c.rule)
		}
	}
}

func TestSREPackClean(t *testing.T) {
	e := srePack(t)
	for _, text := range sreClean {
		for _, f := range sreCheck(e, text) {
			t.Errorf("%q: flagged by %s (%q)", text, f.Rule, f.Match)
		}
	}
}

// The automatic fix keeps the writer's model name and the sentence's
// grammar, and no finding is reported twice.
func TestSREPackFixes(t *testing.T) {
	e := srePack(t)
	cases := []struct{ in, want string }{
		{"SRE gives you access to GPT-4o.", "SRE is powered by GPT-4o."},
		{"SRE provides access to OpenAI's latest models.", "SRE is powered by OpenAI's latest models."},
		{"It unlocks access to OpenAI for every agent.", "It is powered by OpenAI models for every agent."},
		{"A runtime that gives teams access to o3.", "A runtime that is powered by o3."},
		{"SRE is a passthrough to GPT-5.", "SRE is a runtime powered by GPT-5."},
		{"SRE is a thin wrapper around OpenAI.", "SRE is a runtime powered by OpenAI models."},
		{"AWS and OpenAI are teaming up to sell SRE.", "AWS and OpenAI are jointly collaborating to offer SRE."},
		// no fix: another subject, a verb form, a negation
		{"AWS gives customers access to GPT-4o.", "AWS gives customers access to GPT-4o."},
		{"SRE will give you access to GPT-4o.", "SRE will give you access to GPT-4o."},
		{"SRE lets developers call GPT-4.1 from any agent.", "SRE lets developers call GPT-4.1 from any agent."},
		{"SRE does not give you access to GPT-4o.", "SRE does not give you access to GPT-4o."},
		{"AWS and OpenAI partnered to sell SRE.", "AWS and OpenAI partnered to sell SRE."},
	}
	for _, c := range cases {
		fs := sreCheck(e, c.in)
		got := string(analysis.ApplyFixes([]byte(c.in), fs))
		if got != c.want {
			t.Errorf("fix %q = %q, want %q", c.in, got, c.want)
		}
		seen := map[[2]int]string{}
		for _, f := range fs {
			k := [2]int{f.Start, f.End}
			if r, dup := seen[k]; dup {
				t.Errorf("%q: %q reported by %s and %s", c.in, f.Match, r, f.Rule)
			}
			seen[k] = f.Rule
		}
	}
	// One claim, one finding: the fixable rule and its flag-only companion
	// never both report the same sentence.
	for _, text := range []string{
		"SRE gives your teams instant access to GPT-4o.",
		"SRE lets customers call OpenAI models.",
		"SRE is a passthrough to GPT models.",
	} {
		if fs := sreCheck(e, text); len(fs) != 1 {
			var ids []string
			for _, f := range fs {
				ids = append(ids, f.Rule+":"+f.Match)
			}
			t.Errorf("%q: %d findings (%s), want 1", text, len(fs), strings.Join(ids, ", "))
		}
	}
}
