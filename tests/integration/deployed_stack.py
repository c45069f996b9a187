"""Talking to a deployed webhook pipeline: its outputs, signed POSTs, its queues.

HTTP goes through the standard library's urllib only; deliveries are signed
by the reference `standardwebhooks` library, not by the project's own code,
so these tests check the deployed validator against the specification.
"""

import json
import os
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest

from standardwebhooks.webhooks import Webhook

from functions.webhook_events.routes import TRANSACTION_TYPES, queue_url_output
from tools import stack_outputs
from tools.options import environment_region

HTTP_TIMEOUT_SECONDS = 35  # API Gateway gives up after 29 s
# How long to look for a routed message; a local run routes in well under a second.
QUEUE_WAIT_SECONDS = float(os.environ.get("INTEGRATION_QUEUE_WAIT_SECONDS") or 60)


def outputs_of(outputs_path: Path, system, suffix: str, required: Sequence[str]) -> dict[str, str]:
    """A system's stack outputs in the deployment's outputs file; skips, saying how to write it, without the stack."""
    stack_id = system.stack_id(suffix)
    if stack_id not in json.loads(outputs_path.read_text()):
        pytest.skip(f"no {system.name} to test: {outputs_path} has no stack {stack_id!r} (write it with "
                    f"`{stack_outputs.write_command(stack_id, outputs_path)}`, or set OUTPUTS_FILE and ENVIRONMENT_SUFFIX)")
    return stack_outputs.load_outputs(outputs_path, stack_id, required=required)  # a stack missing an output fails


def poll_seconds() -> float:
    """How long one poll waits: 5 s against AWS, less against a local run (INTEGRATION_POLL_SECONDS)."""
    return float(os.environ.get("INTEGRATION_POLL_SECONDS") or 5)
# transaction_type -> the output holding its queue's URL
QUEUE_OUTPUT_BY_TYPE = {t: queue_url_output(t) for t in TRANSACTION_TYPES}


def region_of(endpoint: str) -> str:
    """The endpoint's region, else AWS_REGION's."""
    return stack_outputs.region_of(endpoint) or environment_region()


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: dict

    def __str__(self) -> str:
        return f"{self.status} {self.body}"


def new_event(transaction_type: str = "payment", amount: float = 10.5) -> dict:
    return {
        "event_id": f"it-{uuid.uuid4()}",
        "transaction_type": transaction_type,
        "amount": amount,
        "timestamp": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"),
    }


@dataclass(frozen=True)
class Delivery:
    """One signed delivery; POST it again to simulate the sender's retry."""

    body: bytes
    headers: dict[str, str]

    @classmethod
    def signed(cls, event: dict, secret: str) -> "Delivery":
        body = json.dumps(event).encode()
        msg_id = f"msg_{uuid.uuid4().hex}"
        now = datetime.now(timezone.utc)
        signature = Webhook(secret).sign(msg_id, now, body.decode())
        headers = {
            "Content-Type": "application/json",
            "webhook-id": msg_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": signature,
        }
        return cls(body, headers)

    def post(self, endpoint: str) -> Response:
        request = urllib.request.Request(endpoint, data=self.body, headers=self.headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as answer:
                status, headers, raw = answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            status, headers, raw = error.code, dict(error.headers), error.read()
        return Response(status, {k.lower(): v for k, v in headers.items()}, json.loads(raw))


def take_message(sqs, queue_url: str, event_id: str, wait_seconds: float = QUEUE_WAIT_SECONDS) -> dict | None:
    """Receive until the message for `event_id` shows up; delete it and return it.

    Other messages (a consumer's, another test's) are handed back at once.
    """
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        received = sqs.receive_message(
            QueueUrl=queue_url,
            MaxNumberOfMessages=10,
            WaitTimeSeconds=max(1, round(poll_seconds())),
            VisibilityTimeout=30,
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        for message in received:
            attribute = message.get("MessageAttributes", {}).get("event_id", {}).get("StringValue")
            if attribute == event_id:
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
                return message
            sqs.change_message_visibility(
                QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
            )
    return None
