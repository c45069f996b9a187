"""A fault at each step: what the sender sees, what its retry gets, where the event ends.

Every test ends with the event routed exactly once (or, for the at-least-once
case, with every copy carrying the same event_id) or in the router's failure
destination with its reason: zero events lost.
"""

import json
import time
from types import SimpleNamespace

import pytest
from botocore.exceptions import ConnectTimeoutError, ReadTimeoutError

from tests.unit.webhook_pipeline.delivery_support import (
    FaultyClient,
    LambdaSandboxKilled,
    client_error,
    routed_event_ids,
)
from tests.unit.webhook_pipeline.webhook_test_support import event_body, expect, make_delivery, parsed

PAYMENT = event_body("payment_delivery.json")
EVENT_ID = PAYMENT["event_id"]
ACCEPTED = expect(200, {"message": "Event validated and queued for processing", "event_id": EVENT_ID})
DUPLICATE = expect(409, {"error": "Duplicate event"})
NOT_RECORDED = expect(503, {"error": "Event could not be recorded; retry"})
NOT_HANDED_ON = expect(502, {"error": "Event could not be handed to the router; retry"})
ROUTED_ONCE = {"payment": [EVENT_ID], "refund": [], "dispute": []}


def deliver(validator, context, attempt: int = 0, **kwargs):
    return parsed(validator.handler(make_delivery(msg_id=f"msg_attempt_{attempt}", **kwargs), context))


def use_dynamodb(client) -> None:
    from webhook_validator.aws_clients import clients

    clients.dynamodb = client


def fail_before(code):
    def fault(operation, kwargs):
        raise client_error(code, "PutItem")

    return fault


def fail_after_applying(operation, kwargs):
    operation(**kwargs)  # DynamoDB applied the write; the answer never arrived
    raise ReadTimeoutError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com")


def botocore_retry_after_applying(operation, kwargs):
    operation(**kwargs)  # attempt 1 applied, its answer lost; botocore's attempt 2:
    return operation(**kwargs)


# ---------------------------------------------------------------- claim write


@pytest.mark.parametrize(
    "fault",
    [fail_before("ProvisionedThroughputExceededException"), fail_before("InternalServerError"), fail_after_applying],
    ids=["throttled", "server-error", "applied-but-answer-lost"],
)
def test_claim_write_fails_503_then_retry_is_accepted_and_routed_once(aws, pipeline, validator, lambda_context, fault):
    # GIVEN the claim write fails (for the last case: it was applied, the answer timed out)
    use_dynamodb(FaultyClient(aws.dynamodb, put_item=fault))
    # WHEN the sender delivers
    first = deliver(validator, lambda_context)
    # THEN 503, nothing handed on, and no claim of ours left to block the retry
    assert first == NOT_RECORDED
    assert pipeline.invoke_calls == 0
    assert aws.item(EVENT_ID) is None
    # WHEN the sender retries THEN it is accepted and the event routed once
    assert deliver(validator, lambda_context, attempt=1) == ACCEPTED
    pipeline.run()
    assert routed_event_ids(pipeline.routed()) == ROUTED_ONCE
    assert pipeline.failures() == []


def test_claim_write_retried_by_botocore_after_it_applied_is_ours_not_a_duplicate(aws, pipeline, validator, lambda_context):
    # GIVEN botocore's second attempt of a claim write whose first attempt was applied
    faulty = FaultyClient(aws.dynamodb, put_item=botocore_retry_after_applying)
    use_dynamodb(faulty)
    # WHEN the sender delivers
    first = deliver(validator, lambda_context)
    # THEN the failed condition is recognised as our own claim (ALL_OLD, no extra read): 200, routed once
    assert first == ACCEPTED
    assert faulty.calls == ["put_item", "update_item"]
    pipeline.run()
    assert routed_event_ids(pipeline.routed()) == ROUTED_ONCE
    assert aws.item(EVENT_ID)["status"] == {"S": "COMPLETED"}


# ---------------------------------------------------------------- hand-off


@pytest.mark.parametrize(
    "break_invoke",
    [
        lambda runtime: setattr(runtime, "raise_before_queueing", client_error("TooManyRequestsException", "Invoke")),
        lambda runtime: setattr(runtime, "raise_before_queueing", client_error("ServiceException", "Invoke")),
        lambda runtime: setattr(runtime, "status_code", 500),
        lambda runtime: setattr(runtime, "raise_before_queueing", ConnectTimeoutError(endpoint_url="https://lambda")),
        lambda runtime: setattr(runtime, "raise_before_queueing", ReadTimeoutError(endpoint_url="https://lambda")),
    ],
    ids=["throttled", "service-error", "non-202", "connect-timeout", "read-timeout-not-queued"],
)
def test_invoke_fails_502_claim_released_retry_accepted_routed_once(aws, pipeline, validator, lambda_context, break_invoke):
    # GIVEN the asynchronous invoke fails without Lambda queueing the event
    break_invoke(pipeline)
    # WHEN the sender delivers THEN 502 and the claim is gone
    assert deliver(validator, lambda_context) == NOT_HANDED_ON
    assert aws.item(EVENT_ID) is None
    # WHEN the invoke works again and the sender retries THEN 200, routed once
    pipeline.status_code = 202
    assert deliver(validator, lambda_context, attempt=1) == ACCEPTED
    pipeline.run()
    assert routed_event_ids(pipeline.routed()) == ROUTED_ONCE
    assert pipeline.failures() == []


def test_invoke_timeout_after_lambda_queued_the_event_is_routed_at_least_once(aws, pipeline, validator, lambda_context):
    # GIVEN Lambda queued the event but the invoke's answer timed out (an ambiguous outcome)
    pipeline.raise_after_queueing = ReadTimeoutError(endpoint_url="https://lambda")
    # WHEN the sender delivers THEN 502: the validator cannot know, so it releases the claim
    assert deliver(validator, lambda_context) == NOT_HANDED_ON
    assert aws.item(EVENT_ID) is None
    # WHEN the sender retries THEN 200
    assert deliver(validator, lambda_context, attempt=1) == ACCEPTED
    pipeline.run()
    # THEN the event is routed twice, both copies with its event_id: at-least-once, never lost
    routed = pipeline.routed()
    assert routed_event_ids(routed) == {"payment": [EVENT_ID, EVENT_ID], "refund": [], "dispute": []}
    assert [json.loads(m["Body"]) for m in routed["payment"]] == [PAYMENT, PAYMENT]


# ---------------------------------------------------------------- router


class FlakySqs:
    """The router's SQS client; the first ``failures`` sends raise."""

    def __init__(self, sqs, failures):
        self._sqs = sqs
        self.failures = failures
        self.sends = 0

    def send_message(self, **kwargs):
        self.sends += 1
        if self.sends <= self.failures:
            raise client_error("ServiceUnavailable", "SendMessage")
        return self._sqs.send_message(**kwargs)


def test_router_send_fails_once_lambda_retry_routes_it_once(aws, pipeline, validator, router, lambda_context, monkeypatch):
    # GIVEN SQS refuses the router's first send
    sqs = FlakySqs(aws.sqs, failures=1)
    monkeypatch.setattr(router, "sqs_client", sqs)
    # WHEN the sender delivers THEN 200 (the hand-off succeeded)
    assert deliver(validator, lambda_context) == ACCEPTED
    # WHEN Lambda runs the router THEN the error propagates, Lambda retries, the event is routed once
    pipeline.run()
    assert (sqs.sends, pipeline.router_attempts) == (2, 2)
    assert routed_event_ids(pipeline.routed()) == ROUTED_ONCE
    assert pipeline.failures() == []


def test_router_send_keeps_failing_event_lands_in_failure_destination(aws, pipeline, validator, router, lambda_context, monkeypatch):
    # GIVEN SQS refuses every send
    monkeypatch.setattr(router, "sqs_client", FlakySqs(aws.sqs, failures=99))
    # WHEN the sender delivers THEN 200, and a retry is a duplicate
    assert deliver(validator, lambda_context) == ACCEPTED
    assert deliver(validator, lambda_context, attempt=1) == DUPLICATE
    pipeline.run()
    # THEN after 1 + 2 attempts the event is in the failure destination, with the reason
    assert pipeline.router_attempts == 3
    assert routed_event_ids(pipeline.routed()) == {"payment": [], "refund": [], "dispute": []}
    (record,) = pipeline.failures()
    assert record["requestPayload"] == PAYMENT
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert record["responsePayload"]["errorType"] == "ClientError"
    assert "ServiceUnavailable" in record["responsePayload"]["errorMessage"]


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({**PAYMENT, "transaction_type": "chargeback"}, f"Event {EVENT_ID} has unknown transaction_type: 'chargeback'"),
        ({k: v for k, v in PAYMENT.items() if k != "transaction_type"}, f"Event {EVENT_ID} has no transaction_type"),
        ([PAYMENT], "Event must be a JSON object, got list"),
        ("payment", "Event must be a JSON object, got str"),
    ],
    ids=["unknown-type", "missing-type", "array", "string"],
)
def test_invalid_router_payload_ends_in_failure_destination_with_its_reason(pipeline, payload, reason):
    # GIVEN the router is invoked with something it cannot route
    pipeline.queue_raw(payload)
    # WHEN Lambda runs it (1 + 2 attempts)
    pipeline.run()
    # THEN no queue got it, and the failure destination holds it with the reason
    assert routed_event_ids(pipeline.routed()) == {"payment": [], "refund": [], "dispute": []}
    (record,) = pipeline.failures()
    assert (record["requestPayload"], record["responsePayload"]) == (
        payload,
        {"errorMessage": reason, "errorType": "ValueError"},
    )


# ---------------------------------------------------------------- validator dies


def clock_at(monkeypatch, validator, epoch_seconds: float) -> None:
    monkeypatch.setattr(validator, "time", SimpleNamespace(time=lambda: epoch_seconds))


def test_validator_dies_after_claim_stale_claim_stops_blocking_after_its_expiry(
    aws, pipeline, validator, lambda_context, monkeypatch
):
    # GIVEN a validator (30 s left) whose sandbox is killed during the hand-off, before Lambda queued it
    pipeline.raise_before_queueing = LambdaSandboxKilled()
    claimed_at = time.time()
    clock_at(monkeypatch, validator, claimed_at)
    with pytest.raises(LambdaSandboxKilled):
        validator.handler(make_delivery(timestamp=int(claimed_at)), lambda_context)
    # THEN the claim is left IN_PROGRESS, expiring within 30 s + 1 s of the claim: under 2 x the 30 s timeout
    item = aws.item(EVENT_ID)
    expires_at_ms = int(item["claim_expires_at"]["N"])
    assert item["status"] == {"S": "IN_PROGRESS"}
    assert expires_at_ms - int(claimed_at * 1000) == 30_000 + 1_000 <= 2 * 30_000
    # WHEN the sender retries at the expiry instant THEN still a duplicate, nothing handed on
    clock_at(monkeypatch, validator, expires_at_ms / 1000)
    assert deliver(validator, lambda_context, attempt=1, timestamp=int(expires_at_ms / 1000)) == DUPLICATE
    # WHEN it retries 1 ms after the expiry THEN the claim is taken over: 200, routed once
    clock_at(monkeypatch, validator, (expires_at_ms + 1) / 1000)
    assert deliver(validator, lambda_context, attempt=2, timestamp=int(expires_at_ms / 1000)) == ACCEPTED
    pipeline.run()
    assert routed_event_ids(pipeline.routed()) == ROUTED_ONCE
    assert pipeline.failures() == []
    assert aws.item(EVENT_ID)["status"] == {"S": "COMPLETED"}


def test_failed_release_blocks_retries_only_until_the_claim_expires(aws, pipeline, validator, lambda_context, monkeypatch):
    # GIVEN a failing hand-off and a failing release (a double fault)
    use_dynamodb(FaultyClient(aws.dynamodb, delete_item=fail_before("InternalServerError")))
    pipeline.status_code = 500
    now = time.time()
    clock_at(monkeypatch, validator, now)
    # WHEN the sender delivers THEN a JSON 5xx; the claim stays IN_PROGRESS with its expiry
    assert deliver(validator, lambda_context, timestamp=int(now)) == NOT_HANDED_ON
    expires_at_ms = int(aws.item(EVENT_ID)["claim_expires_at"]["N"])
    # WHEN it retries before the expiry THEN 409 (the residual risk: the claim blocks for <= 31 s)
    pipeline.status_code = 202
    assert deliver(validator, lambda_context, attempt=1, timestamp=int(now)) == DUPLICATE
    # WHEN it retries after the expiry THEN 200, routed once
    clock_at(monkeypatch, validator, (expires_at_ms + 1) / 1000)
    assert deliver(validator, lambda_context, attempt=2, timestamp=int(now)) == ACCEPTED
    pipeline.run()
    assert routed_event_ids(pipeline.routed()) == ROUTED_ONCE
