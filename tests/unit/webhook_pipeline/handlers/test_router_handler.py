"""The router handler on moto: one queue per transaction type, unroutable events raise."""

import json

import pytest
from botocore.exceptions import ClientError

from functions.webhook_events.routes import TRANSACTION_TYPES
from tests.unit.webhook_pipeline.webhook_test_support import event_body

EVENTS = {
    "payment": event_body("payment_delivery.json"),
    "refund": event_body("refund_delivery_base64.json"),
    "dispute": event_body("dispute_delivery.json"),
}


def all_messages(aws):
    return {transaction_type: aws.messages(transaction_type) for transaction_type in aws.queue_urls}


@pytest.mark.parametrize("transaction_type", TRANSACTION_TYPES)
def test_each_type_lands_in_its_own_queue_with_attributes(aws, router, lambda_context, transaction_type):
    # GIVEN a validated event
    event = EVENTS[transaction_type]
    # WHEN the router handles it
    result = router.handler(event, lambda_context)
    # THEN exactly one message is in that type's queue and none elsewhere
    messages = all_messages(aws)
    assert {t: len(m) for t, m in messages.items()} == {
        t: (1 if t == transaction_type else 0) for t in aws.queue_urls
    }
    message = messages[transaction_type][0]
    # THEN its body is the event JSON (compact, UTF-8) and it carries both attributes
    assert message["Body"] == json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    assert json.loads(message["Body"]) == event
    assert message["MessageAttributes"] == {
        "event_id": {"DataType": "String", "StringValue": event["event_id"]},
        "transaction_type": {"DataType": "String", "StringValue": transaction_type},
    }
    assert result == {"queue_url": aws.queue_urls[transaction_type], "message_id": message["MessageId"]}


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        ({**EVENTS["payment"], "transaction_type": "chargeback"}, "unknown transaction_type: 'chargeback'"),
        ({**EVENTS["payment"], "transaction_type": None}, "unknown transaction_type: None"),
        ({k: v for k, v in EVENTS["payment"].items() if k != "transaction_type"}, "has no transaction_type"),
        ({k: v for k, v in EVENTS["payment"].items() if k != "event_id"}, "Event has no event_id string"),
        ({**EVENTS["payment"], "event_id": 7}, "Event has no event_id string"),
        ({**EVENTS["payment"], "event_id": ""}, "Event has no event_id string"),
        ([EVENTS["payment"]], "Event must be a JSON object, got list"),
        ("payment", "Event must be a JSON object, got str"),
        (None, "Event must be a JSON object, got NoneType"),
    ],
)
def test_unroutable_event_raises_and_sends_nothing(aws, router, lambda_context, event, reason):
    # GIVEN an event the router cannot route
    # WHEN / THEN it raises (so Lambda sends it to the on-failure destination)
    with pytest.raises(ValueError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        router.handler(event, lambda_context)
    # THEN no queue received anything
    assert all_messages(aws) == {t: [] for t in aws.queue_urls}


class FailingSqs:
    def __init__(self):
        self.calls = []

    def send_message(self, **kwargs):
        self.calls.append(kwargs)
        raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "x"}}, "SendMessage")


def test_sqs_failure_propagates_so_lambda_retries(aws, router, lambda_context, monkeypatch):
    # GIVEN SQS failing
    fake = FailingSqs()
    monkeypatch.setattr(router, "sqs_client", fake)
    # WHEN / THEN the error propagates
    with pytest.raises(ClientError, match="ServiceUnavailable"):
        router.handler(EVENTS["refund"], lambda_context)
    assert [call["QueueUrl"] for call in fake.calls] == [aws.queue_urls["refund"]]


def test_missing_queue_url_raises(aws, router, lambda_context, monkeypatch):
    # GIVEN a deployment without the disputes queue URL
    monkeypatch.delenv("DISPUTES_QUEUE_URL")
    # WHEN / THEN
    with pytest.raises(RuntimeError, match="^DISPUTES_QUEUE_URL is not set$"):
        router.handler(EVENTS["dispute"], lambda_context)


def test_sqs_client_has_explicit_timeouts_and_bounded_retries(router):
    # GIVEN / WHEN / THEN
    config = router.CLIENT_CONFIG
    assert (config.connect_timeout, config.read_timeout) == (2, 5)
    assert config.retries == {"total_max_attempts": 3, "mode": "standard"}
