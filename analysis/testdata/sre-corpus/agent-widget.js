/**
 * SRE chat widget for the Bedrock console.
 *
 * Renders the session panel and streams agent output. The widget itself
 * never calls OpenAI models on the user's behalf; it only talks to the SRE
 * session API, and the runtime decides what to run.
 */

// Marketing copy shown in the empty state. Reviewed by PMM on 2026-11-20.
const EMPTY_STATE = {
  heading: "Build stateful agents",
  body: "Agents on SRE remember their work between steps.",
};

/*
 * Legacy copy from the beta, kept for the A/B test:
 * "Bring OpenAI's most capable models into your AWS workflows with one
 * click." Remove after the test ends.
 */
const LEGACY_BODY = "Bring OpenAI's most capable models into your AWS workflows.";

/**
 * Open a session.
 *
 * The session is routed to OpenAI's GPT-5 by default; pass `model` to pick
 * o3 or GPT-4.1 instead.
 *
 * @param {string} model - OpenAI model to invoke through SRE (default "gpt-5").
 * @returns {Promise<Session>}
 */
export async function openSession(model = "gpt-5") {
  // SRE sessions are limited to 4 MB of state; larger payloads are rejected.
  const res = await fetch("/sre/sessions", { method: "POST", body: JSON.stringify({ model }) });
  return res.json();
}

// Our SRE rotation watches the error rate of this endpoint; page #sre-oncall
// if it goes above 1% for five minutes.
export function reportError(err) {
  console.error("session error", err);
}

// Tooltip text. Keep it short: the panel is 240px wide.
export const TOOLTIP = "SRE is enabled by OpenAI models.";

// TODO(pmm): replace once pricing is public. Until then, the pricing link
// says "stay tuned".
export const PRICING_NOTE = "SRE is free while in preview. No credit card needed.";
