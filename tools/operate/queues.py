"""SQS reads the commands share: a queue's URL, ARN and depth, and looking at messages without consuming them.

Peeking: a receive with VisibilityTimeout=0 is not safe to page with (the same messages come back at once, and
under concurrency another reader's view flickers), so `peek` holds what it received for PEEK_VISIBILITY_SECONDS,
pages until it has `limit` messages or SQS has nothing more, and then hands every message back at once
(ChangeMessageVisibility to 0), also when it fails. It never deletes. Each look adds one to a message's
ApproximateReceiveCount; the parking places have no redrive policy of their own, so that count moves nothing.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

PEEK_VISIBILITY_SECONDS = 30
RECEIVE_WAIT_SECONDS = 1  # long polling: a short poll may answer empty from a sampled subset of SQS's hosts
MAX_BATCH = 10
DEPTH_ATTRIBUTES = ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                    "ApproximateNumberOfMessagesDelayed")


def queue_url(sqs: Any, name: str) -> str:
    return sqs.get_queue_url(QueueName=name)["QueueUrl"]


def queue_arn(sqs: Any, url: str) -> str:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def depth(sqs: Any, url: str) -> dict[str, int]:
    """visible, in_flight (received by someone, not deleted) and delayed messages: SQS's approximate counts."""
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=list(DEPTH_ATTRIBUTES))["Attributes"]
    visible, in_flight, delayed = (int(attributes.get(name, 0)) for name in DEPTH_ATTRIBUTES)
    return {"visible": visible, "in_flight": in_flight, "delayed": delayed}


def receive(sqs: Any, url: str, count: int, visibility: int) -> list[dict[str, Any]]:
    return sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=max(1, min(MAX_BATCH, count)), VisibilityTimeout=visibility,
        WaitTimeSeconds=RECEIVE_WAIT_SECONDS, AttributeNames=["All"], MessageAttributeNames=["All"],
    ).get("Messages", [])


def release(sqs: Any, url: str, messages: list[dict[str, Any]]) -> None:
    """Hand messages back at once (visibility 0), ten at a time; a handle that expired meanwhile is already back."""
    for start in range(0, len(messages), MAX_BATCH):
        batch = messages[start:start + MAX_BATCH]
        sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
            {"Id": str(n), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0} for n, m in enumerate(batch)
        ])


@contextmanager
def peek(sqs: Any, url: str, limit: int) -> Iterator[list[dict[str, Any]]]:
    """Up to `limit` distinct messages, held invisible while the caller reads them, then handed back."""
    held: list[dict[str, Any]] = []
    seen: set[str] = set()
    try:
        while len(seen) < limit:
            batch = receive(sqs, url, limit - len(seen), PEEK_VISIBILITY_SECONDS)
            held += batch
            fresh = [m for m in batch if m["MessageId"] not in seen]
            if not fresh:
                break
            seen.update(m["MessageId"] for m in fresh)
        unique = {m["MessageId"]: m for m in held}
        yield list(unique.values())[:limit]
    finally:
        release(sqs, url, held)


def age_seconds(message: dict[str, Any], now: float | None = None) -> float | None:
    """Seconds since SQS first took the message (SentTimestamp; a DLQ keeps the source queue's)."""
    sent = message.get("Attributes", {}).get("SentTimestamp")
    if sent is None:
        return None
    return max(0.0, (time.time() if now is None else now) - int(sent) / 1000)


def receive_count(message: dict[str, Any]) -> int:
    return int(message.get("Attributes", {}).get("ApproximateReceiveCount", 0))


def attribute(message: dict[str, Any], name: str) -> str | None:
    return message.get("MessageAttributes", {}).get(name, {}).get("StringValue")


def duration(seconds: float | None) -> str:
    """`42s`, `5m`, `3h05m`, `2d04h`; `-` when unknown."""
    if seconds is None:
        return "-"
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 86400}d{seconds % 86400 // 3600:02d}h"
