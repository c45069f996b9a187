"""One SQS message from start to end, with one JSON log line for its outcome.

Outcomes (the ``outcome`` of the log line):

- ``no_alert``: the price is within the thresholds; no AWS call.
- ``alert_sent``: the alert was written PENDING (or found PENDING from an
  earlier delivery), published, and marked SENT; at most 3 calls.
- ``alert_already_sent``: the write found the alert SENT; 1 call.
- ``alert_conflict``: the write found another tick's alert for the symbol and
  instant (another price or other extra fields). That alert is published and
  marked SENT if it was PENDING; this message, whose alert cannot be stored,
  goes to the DLQ with the reason; at most 4 calls.
- ``moved_to_dlq``: the message is malformed and was sent to the DLQ with its
  reason; 1 call. The message then counts as handled and Lambda deletes it.
- ``failed``: an AWS step failed or could not finish before the deadline; the
  exception reaches ``lambda_kit.batch``, which reports the message for SQS to
  redeliver. A PENDING alert left behind is published on redelivery.

Time: a step starts only if it can finish before the deadline with every
retry (``lambda_kit.deadline``); the publish only if the SENT mark after it
can finish too, so running out of time never causes a second copy.
"""

import logging
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, Mapping, TypeVar

from lambda_kit.deadline import Deadline
from lambda_kit.logs import log_json

from market_data.alert import STATUS_SENT, alert_item, can_publish, conflict_reason, conflicts, notification
from market_data.alert_store import mark_sent, put_pending
from market_data.aws_clients import clients
from market_data.dead_letter import send_to_dead_letter_queue
from market_data.errors import MalformedMessage, StepFailed, aws_error_code
from market_data.limits import describe_ignored
from market_data.message import parse_tick
from market_data.publisher import publish
from market_data.rules import classify
from market_data.settings import Settings

logger = logging.getLogger("market_data_processor")
logger.setLevel(logging.INFO)

T = TypeVar("T")
CALLS_FOR_PUBLISH = 2  # the publish and the SENT mark after it


@dataclass(frozen=True)
class Invocation:
    """What every message of one invocation shares."""

    settings: Settings
    deadline: Deadline
    clock: Callable[[], float] = time.time  # epoch seconds, for the alert's ttl


def _aws_step(deadline: Deadline, step: str, calls: int, action: Callable[[], T]) -> T:
    """``action()`` if ``calls`` calls still fit before the deadline; ``StepFailed`` otherwise."""
    try:
        deadline.require(calls)
        return action()
    except Exception as error:  # noqa: BLE001 - named in the log, reported to SQS
        raise StepFailed(step, aws_error_code(error)) from error


def _message_id(record: Mapping[str, Any]) -> str:
    message_id = record.get("messageId")
    if not isinstance(message_id, str) or not message_id:
        raise ValueError("record has no messageId")
    return message_id


def process_message(record: Dict[str, Any], invocation: Invocation) -> None:
    """Handle one SQS record; raises (after logging ``failed``) when SQS must redeliver it."""
    fields: Dict[str, Any] = {"message_id": record.get("messageId")}
    attributes = record.get("attributes")
    if isinstance(attributes, dict):
        fields["receive_count"] = attributes.get("ApproximateReceiveCount")
    try:
        _process(record, invocation, fields)
    except Exception as error:
        step = error.step if isinstance(error, StepFailed) else "record"
        code = error.error_code if isinstance(error, StepFailed) else type(error).__name__
        log_json(logger, logging.WARNING, "failed", step=step, error=code, **fields)
        raise


def _process(record: Dict[str, Any], invocation: Invocation, fields: Dict[str, Any]) -> None:
    message_id = _message_id(record)
    body = record.get("body")
    if not isinstance(body, str) or not body:
        raise ValueError("record has no body")  # not from SQS: reported, never dropped
    settings, deadline = invocation.settings, invocation.deadline
    try:
        tick = parse_tick(body)
    except MalformedMessage as malformed:
        _dead_letter(invocation, body, malformed.reason, message_id)
        log_json(logger, logging.WARNING, "moved_to_dlq", reason=malformed.reason, **fields)
        return
    fields.update(symbol=tick.symbol, price=str(tick.price), timestamp=tick.timestamp,
                  ignored_fields=describe_ignored(tick.ignored) or None)
    rule = classify(tick.price, settings.thresholds)
    if rule is None:
        log_json(logger, logging.INFO, "no_alert", **fields)
        return
    fields["alert_type"] = rule.alert_type.value
    dynamodb, table = clients.get("dynamodb"), settings.alerts_table
    item = alert_item(tick, rule, invocation.clock())
    stored = _aws_step(deadline, "put", 1, lambda: put_pending(dynamodb, table, item))
    if stored is None or stored.get("status") != STATUS_SENT:
        # New, or PENDING from a delivery that failed after its write: publish what is stored.
        alert = stored if stored and can_publish(stored) else item
        sns = clients.get("sns")
        _aws_step(deadline, "publish", CALLS_FOR_PUBLISH,
                  lambda: publish(sns, settings.topic_arn, notification(alert)))
        _aws_step(deadline, "mark", 1, lambda: mark_sent(dynamodb, table, alert))
    if stored is not None and conflicts(stored, item):
        reason = conflict_reason(stored, item)
        _dead_letter(invocation, body, reason, message_id)
        log_json(logger, logging.WARNING, "alert_conflict", reason=reason, **fields)
        return
    if stored is not None and stored.get("status") == STATUS_SENT:
        log_json(logger, logging.INFO, "alert_already_sent", **fields)
        return
    log_json(logger, logging.INFO, "alert_sent", found_pending=stored is not None, **fields)


def _dead_letter(invocation: Invocation, body: str, reason: str, message_id: str) -> None:
    """Park the message in the DLQ with ``reason``: it can never succeed."""
    sqs, dlq_url = clients.get("sqs"), invocation.settings.dlq_url
    _aws_step(invocation.deadline, "dead_letter", 1,
              lambda: send_to_dead_letter_queue(sqs, dlq_url, body, reason, message_id))
