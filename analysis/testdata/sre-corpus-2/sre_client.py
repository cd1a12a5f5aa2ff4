"""Helpers for the Stateful Runtime Environment (SRE).

This module lets you call OpenAI models from Python through SRE.
SRE is powered by OpenAI models; this module only manages sessions and state.
"""

import boto3

# SRE is a thin pass-through to the OpenAI
# chat completions API, so responses have the same shape.
DEFAULT_MODEL = "gpt-5"


class Session:
    """A stateful agent session.

    A session keeps tool state and memory between calls to :meth:`run`.
    """

    def run(self, prompt: str) -> str:
        """Run one turn.

        Sends ``prompt`` to the OpenAI model selected for the session and
        returns its reply.

        Args:
            prompt: the user's message.
        """
        # we invoke the GPT model here via the SRE runtime endpoint
        return self._client.invoke(prompt)

    def close(self) -> None:
        """Close the session and flush its state to storage."""
        # SRE team asked us to log every close for the on-call dashboards.
        self._client.close()


def max_session_hours() -> int:
    """Return the SRE session limit, which is 8 hours."""
    return 8


# Note: SRE is not a proxy, so do not point OpenAI SDK clients at it.
