"""Validator -> router -> queue, in-process: the fake Lambda client calls the router."""

import json

import pytest

from tests.unit.webhook_pipeline.webhook_test_support import event_body, expect, make_delivery, parsed


@pytest.mark.parametrize(
    ("name", "transaction_type"),
    [
        ("payment_delivery.json", "payment"),
        ("refund_delivery_base64.json", "refund"),
        ("dispute_delivery.json", "dispute"),
    ],
)
def test_signed_delivery_lands_in_its_queue(aws, validator, router, lambda_context, name, transaction_type):
    # GIVEN the validator's hand-off wired to the router handler
    aws.lambda_client.forward_to = router.handler
    event = event_body(name)
    # WHEN a signed delivery arrives
    response = validator.handler(make_delivery(name), lambda_context)
    # THEN 200, and the event is in exactly its queue with body and attributes
    assert parsed(response) == expect(
        200, {"message": "Event validated and queued for processing", "event_id": event["event_id"]}
    )
    counts = {t: len(aws.messages(t)) for t in aws.queue_urls if t != transaction_type}
    assert counts == {t: 0 for t in counts}
    (message,) = aws.messages(transaction_type)
    assert json.loads(message["Body"]) == event
    assert message["MessageAttributes"] == {
        "event_id": {"DataType": "String", "StringValue": event["event_id"]},
        "transaction_type": {"DataType": "String", "StringValue": transaction_type},
    }
    # WHEN the same event is delivered again THEN 409 and no second message
    again = validator.handler(make_delivery(name, msg_id="msg_again"), lambda_context)
    assert parsed(again) == expect(409, {"error": "Duplicate event"})
    assert aws.messages(transaction_type) == []


def test_validator_clients_have_explicit_timeouts_and_bounded_retries():
    # GIVEN / WHEN / THEN the values the 29 s / 30 s budget relies on
    from webhook_validator.aws_clients import CLIENT_CONFIG

    assert (CLIENT_CONFIG.connect_timeout, CLIENT_CONFIG.read_timeout) == (1, 2)
    assert CLIENT_CONFIG.retries == {"total_max_attempts": 2, "mode": "standard"}
