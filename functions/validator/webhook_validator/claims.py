"""The dedup claim in DynamoDB: one conditional write, never a read then a write.

An item is ``IN_PROGRESS`` from the claim until the hand-off succeeds, then
``COMPLETED``. A claim carries ``claim_expires_at``: the claiming invocation's
own deadline (+1 s). If that validator died before the hand-off, the next
delivery after the deadline takes the claim over in the same conditional
write, so a dead claim blocks retries for at most one function timeout
(+1 s) after it was written. DynamoDB TTL (``ttl``, 30 days) only cleans up;
it is never relied on for expiry.

The claim write asks for the existing item on a failed condition
(``ReturnValuesOnConditionCheckFailure=ALL_OLD``, no extra read): when
botocore retried a write whose first attempt did succeed, the item carries our
own token and the claim is ours, not a duplicate. A claim write that failed
otherwise may still have been applied, so its token is released before 503.
"""

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from webhook_validator.errors import DuplicateEvent, ServiceUnavailable, aws_error_code
from webhook_validator.outcome_log import log_outcome

IN_PROGRESS = "IN_PROGRESS"
COMPLETED = "COMPLETED"
RETENTION_SECONDS = 30 * 24 * 60 * 60
CLAIM_GRACE_MS = 1_000

CLAIM_CONDITION = (
    "attribute_not_exists(event_id) OR (#status = :in_progress AND claim_expires_at < :now_ms)"
)


@dataclass(frozen=True)
class Claim:
    event_id: str
    token: str
    expires_at_ms: int


def claim_event(client: Any, table: str, event_id: str, now_ms: int, remaining_ms: int) -> Claim:
    """Claim ``event_id`` or raise ``DuplicateEvent`` (409) / ``ServiceUnavailable`` (503)."""
    claim = Claim(
        event_id=event_id,
        token=uuid.uuid4().hex,
        expires_at_ms=now_ms + remaining_ms + CLAIM_GRACE_MS,
    )
    try:
        client.put_item(
            TableName=table,
            Item={
                "event_id": {"S": event_id},
                "status": {"S": IN_PROGRESS},
                "claim_token": {"S": claim.token},
                "claim_expires_at": {"N": str(claim.expires_at_ms)},
                "ttl": {"N": str(now_ms // 1000 + RETENTION_SECONDS)},
            },
            ConditionExpression=CLAIM_CONDITION,
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={
                ":in_progress": {"S": IN_PROGRESS},
                ":now_ms": {"N": str(now_ms)},
            },
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as error:
        code = aws_error_code(error)
        if code == "ConditionalCheckFailedException":
            existing = error.response.get("Item") or {}
            if existing.get("claim_token") == {"S": claim.token}:
                return claim  # an earlier attempt of this same write succeeded
            raise DuplicateEvent(existing.get("status", {}).get("S")) from None
        release_claim(client, table, claim)
        raise ServiceUnavailable("Event could not be recorded; retry", code) from None
    except BotoCoreError as error:
        release_claim(client, table, claim)
        raise ServiceUnavailable("Event could not be recorded; retry", aws_error_code(error)) from None
    return claim


def release_claim(client: Any, table: str, claim: Claim) -> bool:
    """Delete our own claim so the sender's retry is accepted. Never raises.

    Conditional on our token, so it never removes a claim another delivery
    took over; a failed condition means there is no claim of ours left, which
    counts as released. If this fails the claim still expires at
    ``claim.expires_at_ms``.
    """
    try:
        client.delete_item(
            TableName=table,
            Key={"event_id": {"S": claim.event_id}},
            ConditionExpression="claim_token = :token",
            ExpressionAttributeValues={":token": {"S": claim.token}},
        )
        return True
    except Exception as error:  # noqa: BLE001 - the caller's answer must not change
        if aws_error_code(error) == "ConditionalCheckFailedException":
            return True
        log_outcome(
            logging.ERROR,
            "claim_release_failed",
            event_id=claim.event_id,
            error=aws_error_code(error),
            claim_expires_at=claim.expires_at_ms,
        )
        return False


def complete_claim(client: Any, table: str, claim: Claim) -> bool:
    """Mark the event handed on. Never raises: the hand-off already happened."""
    try:
        client.update_item(
            TableName=table,
            Key={"event_id": {"S": claim.event_id}},
            UpdateExpression="SET #status = :completed REMOVE claim_expires_at",
            ConditionExpression="claim_token = :token",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={
                ":completed": {"S": COMPLETED},
                ":token": {"S": claim.token},
            },
        )
        return True
    except Exception as error:  # noqa: BLE001 - the event is handed on: still a 200
        log_outcome(
            logging.ERROR,
            "claim_complete_failed",
            event_id=claim.event_id,
            error=aws_error_code(error),
        )
        return False
