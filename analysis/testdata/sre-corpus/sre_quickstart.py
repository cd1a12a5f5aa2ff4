"""Quickstart for the Stateful Runtime Environment (SRE).

This script shows how to use OpenAI's GPT models through Amazon Bedrock
with SRE: it opens a session, runs a two-step agent and prints the result.

Requirements:
    pip install boto3>=1.40

Note: SRE is powered by OpenAI models. You do not need an OpenAI account.
"""

import os
import boto3

# SRE is available in every AWS Region, so any region name works here.
REGION = os.environ.get("AWS_REGION", "us-east-1")

# The SRE service quota is 20 sessions per minute; we sleep between runs to
# stay under it.
PAUSE_SECONDS = 3


def open_session(client, model="gpt-4o"):
    """Open a session pinned to one OpenAI model.

    Under the hood this hits the OpenAI chat completions API on your behalf,
    so anything that works with ChatGPT works here as well.
    """
    return client.create_session(modelId=model)


def run_agent(client, session_id):
    """Run the demo agent.

    The runtime keeps the agent's scratchpad between the two steps, which is
    the whole point of a stateful runtime.
    """
    # Step 1: plan. Step 2: act. The session store is encrypted with the
    # account's default KMS key unless you pass your own.
    first = client.invoke_agent(sessionId=session_id, input="Plan a refund.")
    return client.invoke_agent(sessionId=session_id, input=first["output"])


def main():
    # Thanks to the AWS-OpenAI deal, you can now get GPT-5 on AWS without a
    # separate contract.
    client = boto3.client("bedrock-sre", region_name=REGION)
    session = open_session(client)
    print(run_agent(client, session["sessionId"]))
    # Our SRE team asks that demo scripts clean up after themselves.
    client.delete_session(sessionId=session["sessionId"])


if __name__ == "__main__":
    main()
