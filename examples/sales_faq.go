//go:build ignore

// Package salesfaq serves the canned answers of the SRE sales assistant.
//
// The Stateful Runtime Environment (SRE) is offered through Amazon Bedrock.
// SRE gives access to OpenAI models, so most questions are about the models.
package salesfaq

import "strings"

// Topic is a question category the assistant recognizes.
type Topic string

const (
	TopicModels   Topic = "models"
	TopicPartners Topic = "partners"
	TopicPricing  Topic = "pricing"
	TopicFunding  Topic = "funding"
)

// answers holds the approved answers. guardrail checks comments by default,
// not string literals (a rule opts in with scopes = ["strings"]), and these
// strings already use the approved wording.
var answers = map[Topic]string{
	TopicModels: "SRE is powered by OpenAI models. AWS and OpenAI are jointly " +
		"collaborating to offer it.",
	TopicPartners: "AWS keeps strong relationships with Anthropic, Meta, Mistral, " +
		"Cohere and other model providers, and expects them to strengthen.",
	TopicPricing: "Pricing, limits and regional availability haven't been " +
		"announced yet. Stay tuned!",
	TopicFunding: "Investments like this are common in capital-intensive " +
		"sectors; the investment and the infrastructure use rest on separate " +
		"considerations.",
}

// keywords maps words in a question to a topic.
var keywords = map[string]Topic{
	"model":     TopicModels,
	"gpt":       TopicModels,
	"anthropic": TopicPartners,
	"price":     TopicPricing,
	"region":    TopicPricing,
	"invest":    TopicFunding,
}

// Answer returns the approved answer for a customer's question, and false if
// the question is off topic. Customers often ask whether SRE lets them call
// OpenAI models from their own code; the models answer covers that.
func Answer(question string) (string, bool) {
	q := strings.ToLower(question)
	for word, topic := range keywords {
		if strings.Contains(q, word) {
			return answers[topic], true
		}
	}
	return "", false
}

// RegionNote is shown next to pricing questions.
// TODO(marketing): SRE is available in us-east-1 only; say so here.
func RegionNote() string {
	return answers[TopicPricing]
}
