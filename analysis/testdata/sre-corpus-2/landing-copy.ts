/**
 * Copy for the SRE microsite hero and feature cards.
 * Strings are reviewed by Field Enablement before each release.
 */

// TODO(copy): hero should say we give builders access to OpenAI's latest models
export const hero = {
  title: "Stateful agents, on AWS",
  // approved: SRE is powered by OpenAI models
  subtitle: "Powered by OpenAI models. Built for the enterprise.",
};

/**
 * Feature card 3: OpenAI frontier models, now available
 * to all AWS customers.
 */
export const cards = [
  "Memory that lasts",
  "Your keys, your VPC",
  "OpenAI frontier models on AWS",
];

// legal note: AWS hosts and serves the OpenAI models for SRE customers
// pricing page will say customers can buy OpenAI models through the AWS Marketplace
// investor page: OpenAI's spend on AWS repays Amazon's investment
// investor page (approved): the investment and the infrastructure use rest on separate considerations
// partners page: drop the Anthropic logo, that partnership is over
// partners page (approved): we keep strong relationships with Anthropic and other model providers
// Quick page: say Quick is being retired in favour of SRE
// chips page: Trainium supply is exhausted for 2027
// limits page: SRE sessions time out after 6 hours
// limits page (approved): stay tuned
// on-call: the SRE rotation owns the microsite CDN alarms
