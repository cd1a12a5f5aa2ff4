package rules_test

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/guardrail-dev/guardrail/analysis"
	"github.com/guardrail-dev/guardrail/analysis/format"
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
	return e.Check(analysis.Document{Path: "t.md", Text: []byte(text), Kind: format.KindMarkdown})
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

// More sentences an outside writer would produce: each must be flagged by
// some rule of the pack (sreFlaggedAny) or by none (sreCleanMore).
var sreFlaggedAny = []string{
	"With SRE, you get access to OpenAI's GPT-5 and o3 models.",
	"SRE offers seamless access to the full range of OpenAI models.",
	"The new runtime provides enterprise customers with access to GPT-4o.",
	"SRE provides developers with direct access to OpenAI's reasoning models.",
	"Stateful Runtime Environment: your gateway to OpenAI's most advanced models.",
	"Access OpenAI's latest models without leaving AWS.",
	"Unlock OpenAI's frontier models in Amazon Bedrock.",
	"Bring the power of GPT-5 to your Bedrock workloads.",
	"Customers can tap into GPT-4.1 through SRE.",
	"SRE makes it easy to call OpenAI models from your agents.",
	"Invoke GPT-5 from your SRE sessions with a single API call.",
	"Your agents can send prompts straight to OpenAI.",
	"Agents built on SRE talk directly to OpenAI's API.",
	"SRE is a managed proxy in front of OpenAI's API.",
	"SRE simply relays your prompts to GPT-4o and returns the answers.",
	"Traffic is routed through SRE to OpenAI.",
	"SRE acts as a pass-through for OpenAI models.",
	"SRE works as a pass through to GPT-5.",
	"OpenAI models, now available on AWS.",
	"GPT-5 lands on Amazon Bedrock today.",
	"For the first time, OpenAI's frontier models run natively on AWS.",
	"OpenAI's newest models are now generally available to Bedrock customers.",
	"All AWS customers now have access to OpenAI's frontier models.",
	"OpenAI on AWS: GPT-5 is here.",
	"Amazon now sells OpenAI models through Bedrock.",
	"AWS is reselling GPT-4o to enterprise customers.",
	"Like Azure, AWS now hosts OpenAI models.",
	"AWS and OpenAI are working together to sell SRE to enterprises.",
	"This deal means AWS no longer needs Anthropic.",
	"Anthropic is being replaced by OpenAI on Bedrock.",
	"SRE signals that the Anthropic partnership is over.",
	"OpenAI becomes the preferred model provider for AWS.",
	"AWS is going all in on OpenAI.",
	"Claude will be deprecated in favor of GPT-5.",
	"AWS's ties with Mistral are weakening.",
	"The OpenAI investment is essentially a round trip: the money comes back to AWS.",
	"Amazon invests in OpenAI, and in return OpenAI spends $100 billion on AWS.",
	"OpenAI committed to AWS as a condition of Amazon's investment.",
	"The $100 billion commitment is tied to Amazon's investment.",
	"It's a classic circular deal.",
	"SRE makes Amazon Nova redundant.",
	"Nova is no longer a priority for AWS.",
	"Quick is being replaced by SRE.",
	"With SRE, customers won't need Nova anymore.",
	"Trainium is fully booked by OpenAI.",
	"OpenAI will consume all available Trainium capacity.",
	"Customers can't get Trainium capacity anymore.",
	"Trainium chips are unavailable for new customers.",
	"SRE will cost $2 per session.",
	"SRE pricing: $0.10 per 1,000 tokens.",
	"SRE is free to use during the preview period.",
	"SRE includes 100 free hours per month.",
	"SRE supports sessions of up to 72 hours.",
	"Each SRE session can run for up to 8 hours.",
	"SRE will be available in all commercial AWS Regions at launch.",
	"SRE launches first in US East (N. Virginia).",
	"SRE will roll out to the EU later this year.",
	"SRE is GA in us-west-2.",
	"SRE has a limit of 10 concurrent agents per account.",
	"SRE offers unlimited sessions during the preview.",
	"SRE puts OpenAI's best models at your fingertips.",
	"Get started with GPT-5 on Amazon Bedrock today.",
	"Build with OpenAI models on AWS.",
	"SRE exposes GPT-4o to your agents.",
	"SRE customers can access the full family of OpenAI models.",
	"Through SRE, you can use o3 directly.",
	"SRE now supports OpenAI's GPT-5.",
	"Choose GPT-4o or Claude from the same Bedrock API.",
	"OpenAI's models are now part of the Bedrock model catalog.",
	"SRE provides API access to OpenAI's reasoning models.",
	"Deploy GPT-4.1 on SRE in minutes.",
	"SRE gives Bedrock users the ability to call OpenAI models.",
	"Developers get first-class access to ChatGPT models in SRE.",
	"SRE connects your agents directly to OpenAI.",
	"SRE is a wrapper for GPT-5.",
	"SRE wraps OpenAI's API.",
	"SRE is just an OpenAI gateway.",
	"SRE sits between your app and OpenAI, forwarding each request.",
	"OpenAI models come to Bedrock.",
	"OpenAI's frontier models, now on AWS.",
	"Now available on AWS: OpenAI's frontier models.",
	"Every AWS customer can now use GPT-5.",
	"OpenAI's GPT models are available in Amazon Bedrock.",
	"AWS is now an authorized reseller of OpenAI models.",
	"Amazon is hosting GPT-5 in its data centers.",
	"AWS and OpenAI have teamed up to sell SRE.",
	"AWS and OpenAI will co-sell SRE.",
	"Anthropic's role at AWS is shrinking.",
	"AWS is shifting away from Anthropic toward OpenAI.",
	"OpenAI is now AWS's primary model partner.",
	"Our partnership with Cohere ends this year.",
	"Expect the Meta relationship to wind down.",
	"AWS has dropped Mistral from Bedrock.",
	"The deal works as a loop: AWS invests, OpenAI spends it back on AWS.",
	"Amazon's investment will flow back to AWS as cloud revenue.",
	"AWS is essentially paying OpenAI to use AWS.",
	"OpenAI agreed to buy Trainium chips in exchange for the investment.",
	"Nova takes a back seat now that SRE is here.",
	"SRE supersedes Amazon Nova for agent workloads.",
	"Quick is obsolete now.",
	"OpenAI has reserved all of AWS's Trainium capacity.",
	"Trainium supply is exhausted until 2027.",
	"Trainium is no longer available to smaller customers.",
	"SRE pricing starts at $0.05/hour.",
	"SRE costs less than running your own agents on EC2.",
	"SRE is priced per session.",
	"SRE sessions time out after 12 hours.",
	"SRE supports a 1M-token context window.",
	"SRE is available in every AWS Region.",
	"SRE is available in the US only.",
	"SRE will launch in Tokyo and Frankfurt next quarter.",
	"SRE has a quota of 20 sessions per account.",
	"There are no limits on SRE session length.",
	"The Stateful Runtime Environment (SRE) gives your teams access to OpenAI's frontier models.",
	"SRE takes the prompt and forwards it to GPT-5.",
	"AWS is pulling back from Anthropic.",
	"The Cohere deal is effectively dead.",
	"Bedrock will be OpenAI-only for agent workloads.",
	"OpenAI gets exclusive access to AWS's agent runtime.",
	"Going forward, OpenAI is the only model provider AWS will promote.",
	"We are sunsetting our Claude integration.",
	"AWS bought into OpenAI so that OpenAI would run on AWS.",
	"Amazon's stake in OpenAI guarantees the $100 billion in cloud spend.",
	"The money AWS invests in OpenAI comes right back as compute revenue.",
	"Call it what it is: vendor financing.",
	"It's a round-trip deal.",
	"SRE is AWS's replacement for Nova.",
	"Amazon is winding down Quick.",
	"Nova is on the back burner.",
	"Quick is dead.",
	"OpenAI soaks up most of the Trainium capacity.",
	"Trainium is oversubscribed because of OpenAI.",
	"Don't expect Trainium capacity anytime soon.",
	"SRE: $1 per agent-hour.",
	"SRE will be priced like Bedrock Agents.",
	"SRE comes with a free tier of 100 session hours.",
	"SRE supports up to 500 tool calls per session.",
	"In SRE, sessions expire after 24 hours of inactivity.",
	"SRE is live in Oregon and Ireland.",
	"SRE is available in the AWS GovCloud (US) Regions.",
	"SRE will be available globally at GA.",
	"SRE is available everywhere Bedrock is.",
	"With the Stateful Runtime Environment, developers finally get hands-on access to OpenAI's o-series models.",
	"SRE means Bedrock customers can use GPT-5 without leaving AWS.",
	"Point your agent at GPT-4o through SRE and go.",
	"Now your Bedrock agents can talk to ChatGPT.",
	"SRE offers a direct line to OpenAI.",
	"The runtime acts as a thin layer that relays calls to OpenAI.",
	"SRE is basically a proxy for GPT-4.1.",
	"OpenAI's flagship models, available today on Amazon Bedrock.",
	"GPT-5 arrives on AWS.",
	"OpenAI's latest models are coming to Bedrock.",
	"AWS will host OpenAI's frontier models.",
	"AWS and OpenAI have joined forces to sell SRE.",
	"AWS is stepping back from its Anthropic partnership.",
	"OpenAI is now the exclusive AI provider for SRE.",
	"Mistral and Cohere are no longer strategic for AWS.",
	"The investment comes with a condition: OpenAI must spend $100 billion on AWS.",
	"OpenAI only committed to AWS because Amazon invested.",
	"SRE makes Nova obsolete.",
	"Nova is being deprioritized in favor of OpenAI.",
	"Trainium is maxed out.",
	"OpenAI has locked up all the Trainium2 capacity.",
	"SRE will be free for the first 90 days.",
	"SRE pricing is $0.25 per agent-hour.",
	"SRE supports a maximum of 100 concurrent sessions.",
	"SRE is only available in US regions for now.",
	"The runtime hands every developer the newest OpenAI models.",
	"Pull GPT-4.1 into your data pipelines with SRE: it brings OpenAI models into the tools you use.",
	"GPT-4.1 is now a Bedrock model like any other.",
	"Behind the scenes the agent queries the OpenAI embeddings API.",
	"Pick a model, then invoke it straight from SRE.",
	"Every tool call is transparently proxied to OpenAI's API.",
	"SRE is a low-latency relay between Lambda and OpenAI's endpoints.",
	"Conversations flow straight to GPT-4.1.",
	"The GPT series is rolling out to all AWS Regions this quarter.",
	"OpenAI's flagship models are now widely available across AWS.",
	"Amazon Bedrock now carries the full family of OpenAI models.",
	"AWS is the natural home for OpenAI's frontier models.",
	"Llama will play a diminished role in the Bedrock catalog.",
	"Cohere's embedding models are quietly being phased out on Bedrock.",
	"Amazon's stake is plowed back into AWS compute, so OpenAI's spending was a precondition for the funding.",
	"The OpenAI deal is self-financing for Amazon.",
	"Customers should switch from Amazon Nova to GPT-5 for agents.",
	"Headcount on Nova models will be reduced as SRE ramps up.",
	"Trainium chips ran dry after OpenAI signed.",
	"Trainium buyers will be waitlisted until next year.",
	"Usage is free until general availability.",
	"After GA the runtime costs $0.25 per session.",
}

var sreCleanMore = []string{
	"SRE is powered by GPT-5.",
	"SRE integrates with OpenAI's latest models.",
	"OpenAI models power one infrastructure layer of SRE.",
	"SRE does not expose OpenAI models through the Bedrock APIs.",
	"Customers cannot call OpenAI models directly.",
	"OpenAI models aren't reachable through Bedrock.",
	"There is no passthrough to GPT models in SRE.",
	"SRE isn't a proxy for OpenAI.",
	"We never route your requests to OpenAI.",
	"Don't describe SRE as a \"passthrough\" to GPT models.",
	"Avoid saying that SRE gives access to OpenAI models.",
	"Instead of \"enables access to OpenAI models\", write \"is powered by OpenAI models\".",
	"Do not imply that OpenAI's frontier models are broadly available on AWS.",
	"OpenAI's frontier models aren't broadly available on AWS.",
	"AWS doesn't host or resell OpenAI models.",
	"AWS keeps strong relationships with Anthropic and other model providers.",
	"AWS expects its partnerships with Meta, Mistral and Cohere to strengthen.",
	"AWS is not moving away from Anthropic.",
	"AWS invests in OpenAI, and OpenAI uses AWS infrastructure; these rest on separate considerations.",
	"SRE pricing has not been announced.",
	"SRE limits and Regions will be shared later; stay tuned.",
	"Stay tuned for SRE availability details.",
	"The SRE on-call rotation covers us-east-1 and eu-west-1.",
	"Our SREs handle up to 50 incidents per month.",
	"SRE (site reliability engineering) teams typically set rate limits of 100 requests per second.",
	"Amazon Bedrock offers access to models from Anthropic, Meta, Mistral and Cohere.",
	"Azure OpenAI Service gives customers access to GPT-4o.",
	"Microsoft resells OpenAI models through Azure.",
	"Amazon API Gateway is a proxy for your REST APIs.",
	"The proxy forwards requests to the origin server.",
	"Our agents call Claude through the Bedrock Converse API.",
	"Use Amazon Nova for fast, low-cost inference.",
	"Amazon Quick helps business users build agents.",
	"Trainium2 instances are available in us-east-2.",
	"OpenAI committed to spend more on AWS over eight years.",
	"Stay tuned: pricing, limits and regions for SRE are coming.",
	"The approved line is that SRE is powered by OpenAI models.",
	"SRE uses OpenAI models under the hood.",
	"SRE is built jointly with OpenAI.",
	"OpenAI models sit inside one infrastructure layer of SRE.",
	"The models are not reachable through the existing Bedrock APIs.",
	"AWS integrates models into its services rather than reselling them.",
	"Unlike a competitor that hosts OpenAI models directly on its cloud, AWS integrates them into SRE.",
	"Customers often use several models for their work.",
	"Many customers will still be able to use Trainium for their AI workloads.",
	"AWS invests in OpenAI while OpenAI commits to spend more on AWS.",
	"Such investments are common in capital-intensive sectors.",
	"AWS will keep working closely with Anthropic, Meta, Mistral and Cohere.",
	"AWS stays focused on its own Nova models and its Quick agentic AI offering.",
	"Pricing, technical limits and regional availability of SRE are undisclosed.",
	"SRE is offered through Amazon Bedrock.",
	"SRE is powered by OpenAI models, and AWS and OpenAI are jointly collaborating to offer it.",
	"The SRE team on call this week is in us-east-1.",
	"Our SRE practice limits on-call shifts to 12 hours.",
	"Site reliability engineers (SREs) earn up to $200,000 per year.",
	"Bedrock gives developers access to Claude, Llama and Mistral models.",
	"Customers can access Anthropic's Claude through the Bedrock API.",
	"The Bedrock Converse API works with Anthropic and Meta models.",
	"GPT-5 is not offered in Amazon Bedrock.",
	"We don't sell OpenAI models.",
	"Is SRE a passthrough to GPT models? No: SRE is powered by OpenAI models.",
	"Never describe SRE as a gateway to OpenAI models.",
	"\"SRE gives access to OpenAI models\" is the wrong way to put it.",
	"Writers should avoid saying that customers can call OpenAI models.",
	"OpenAI's commitment includes 2 gigawatts of Trainium chips.",
	"Nova and Quick remain central to AWS's AI strategy.",
	"Use the quick start guide to replace the sample data.",
	"Meta tags should be replaced before launch.",
	"The API proxy forwards requests to the backend.",
	"Route 53 routes traffic to your load balancer.",
	"Our gateway forwards requests to the SRE service.",
	"SRE forwards it to the agent's memory store.",
	"SRE is powered by OpenAI models, which are not available through the Bedrock APIs.",
	"The models are integrated into SRE rather than exposed as an API.",
	"AWS hosts the SRE runtime in its own data centers.",
	"Bedrock hosts models from many providers.",
	"AWS's investment in OpenAI and OpenAI's use of AWS infrastructure rest on separate considerations.",
	"Anthropic remains a key partner for AWS.",
	"Sign up for the SRE preview to get notified.",
	"Regional availability will be announced later.",
	"Pricing for SRE will be shared at general availability.",
	"SRE supports long-running agents with tools, memory and files.",
	"OpenAI models power SRE's reasoning layer.",
	"SRE integrates OpenAI models into one infrastructure layer.",
	"Our agents run on SRE, which is powered by GPT-5.",
	"GPT-5 powers the planning step in SRE.",
	"The OpenAI models that power SRE are not exposed through Bedrock.",
	"AWS and OpenAI built SRE together.",
	"We expect our partnerships with Anthropic, Meta, Mistral and Cohere to grow.",
	"Customers can keep using Claude on Bedrock.",
	"Amazon Nova remains a core part of Bedrock.",
	"There is plenty of Trainium capacity for customers.",
	"The SRE runbook lists the steps for failing over us-east-1.",
	"SRE keeps agent state between steps, so a task that takes hours does not start over.",
	"The investment does not come with any requirement for OpenAI to spend on AWS.",
	"SRE is not a reseller arrangement.",
	"OpenAI is one of many model providers AWS works with.",
	"Customers choose the models that fit their work, including Nova, Claude and OpenAI models through SRE.",
	"Customers use several models for their work.",
	"Nobody should say that Trainium capacity is exhausted.",
	"The guidance: do not say SRE is a passthrough to GPT models.",
	"Q: Is OpenAI's GPT-5 available on Bedrock? A: SRE is powered by OpenAI models.",
	"How much does SRE cost? Stay tuned.",
	"What Regions will SRE launch in? Stay tuned.",
	"Will SRE replace Amazon Nova? No; AWS stays focused on Nova and Quick.",
	"SRE's agents plan, act and remember across long sessions.",
	"SRE is powered by OpenAI models, so there is nothing to call directly.",
	"Customers reach SRE through Amazon Bedrock.",
	"Bedrock customers use SRE to build stateful agents.",
	"The OpenAI models inside SRE are not a separate API.",
	"SRE is available in preview; pricing and regions: stay tuned.",
	"You can use Claude, Llama and Nova through the Bedrock API.",
	"AWS hosts the Bedrock service in many Regions.",
	"Customers choose Bedrock for its breadth of models.",
	"Our SRE team sets rate limits of 100 requests per second on internal APIs.",
	"Our relationship with Anthropic keeps growing.",
	"AWS is not replacing Claude.",
	"The gateway forwards requests to the right backend service.",
	"OpenAI's investment news came out in 2026.",
	"The customer asked whether Trainium capacity is exhausted; the answer is that many customers will still be able to use Trainium.",
	"The Bedrock console shows per-session latency for SRE agents.",
	"SRE rotation handbooks are free for new hires to read.",
	"A naive design would place a proxy in front of OpenAI; SRE integrates OpenAI models instead.",
	"“Bedrock now carries OpenAI models”: not true, and not our wording.",
	"“Trainium is sold out”: that is a myth.",
	"Teams migrate from on-prem clusters to Amazon Bedrock.",
	"Preview pricing for SRE will be announced later; stay tuned.",
	"Critics call it circular financing; the investment and the infrastructure use rest on separate considerations.",
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
	for _, text := range sreFlaggedAny {
		if len(sreCheck(e, text)) == 0 {
			t.Errorf("%q is not flagged", text)
		}
	}
}

func TestSREPackClean(t *testing.T) {
	e := srePack(t)
	for _, text := range slices.Concat(sreClean, sreCleanMore) {
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
