"""`inspect QUEUE`: ids, reasons, ages and receive counts of what is parked; nothing consumed, nothing leaked."""

import pytest

from tools.operate.sandbox.fakes import lambda_failure_record, stream_failure_record

CARD = "4111111111111111"
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def parked_examples(box) -> dict[str, tuple[dict, list[str]]]:
    """label -> (what to park: body and attributes, what inspect must say about it)."""
    s3_event = {"Records": [{"eventSource": "aws:s3", "s3": {"bucket": {"name": "b"}, "object": {
        "key": "uploads/u-1.csv", "versionId": "v-7"}}}]}
    arn = "arn:aws:dynamodb:us-east-1:123456789012:table/transactions-ops/stream/2026-11-24T00:00:00.000"
    return {
        "payments-dlq": ({"body": {"event_id": "evt-1", "transaction_type": "payment"},
                          "event_id": "evt-1", "transaction_type": "payment"},
                         ["event_id evt-1 transaction_type payment", "why: its consumer gave up (receive count)"]),
        "refunds-dlq": ({"body": {"event_id": "evt-2"}, "event_id": "evt-2"}, ["event_id evt-2"]),
        "disputes-dlq": ({"body": {"event_id": "evt-3"}}, ["event_id evt-3"]),
        "router-failures": ({"body": lambda_failure_record(box.web.router_function, {
            "event_id": "evt-9", "transaction_type": "refund"}, "ValueError", "Event evt-9 has no route")},
            ["event_id evt-9 (refund)", "why: RetriesExhausted after 3 invokes, ValueError: Event evt-9 has no route"]),
        "csv-validation-failures": ({"body": lambda_failure_record(box.tp.csv_validation_function, s3_event,
                                                                   "OutOfTime", "too little time left")},
                                    ["object uploads/u-1.csv version v-7", "OutOfTime: too little time left"]),
        "anomaly-detection-failures": ({"body": stream_failure_record(
            box.tp.anomaly_detection_function, arn, "shardId-1", "1100000000000000000001", "1100000000000000000009",
            9, "2026-11-24T02:59:00Z")}, [
            "shard shardId-1 sequence 1100000000000000000001..1100000000000000000009 (9 records, arrived "
            "2026-11-24T02:59:00Z)", "why: RetryAttemptsExhausted after 4 invokes, Unhandled"]),
        "market-data-dlq": ({"body": '{"symbol":"ACME","timestamp":"2026-11-24T02:58:00Z"}',
                             "error_reason": "price is missing", "source_message_id": "m-1"},
                            ["source_message_id m-1 symbol ACME timestamp 2026-11-24T02:58:00Z",
                             "why: malformed: price is missing"]),
    }


@pytest.mark.parametrize("label", ["payments-dlq", "refunds-dlq", "disputes-dlq", "router-failures",
                                   "csv-validation-failures", "anomaly-detection-failures", "market-data-dlq"])
def test_inspect_says_what_is_parked_and_consumes_nothing(box, operate, label):
    parked, expected = parked_examples(box)[label]
    body = parked.pop("body")
    message_id = box.park(label, body, age_seconds=125, **parked)
    box.park(label, body, **parked)
    queue = box.places[label].queue
    calls: list[str] = []
    box.sqs.meta.events.register("before-call.sqs.*", lambda model, **_: calls.append(model.name))

    code, output = operate("inspect", queue)

    assert code == 0
    assert output.splitlines()[0].startswith(f"{queue} (") and ": 2 parked, 0 in flight" in output
    assert f"{message_id}  age 2m  receives 1" in output
    for text in expected:
        assert text in output
    assert "showed 2 of ~2 parked; none consumed" in output
    assert "DeleteMessage" not in calls and "DeleteMessageBatch" not in calls
    attributes = box.sqs.get_queue_attributes(QueueUrl=box.urls[queue], AttributeNames=["All"])["Attributes"]
    visible, in_flight = attributes["ApproximateNumberOfMessages"], attributes["ApproximateNumberOfMessagesNotVisible"]
    assert (visible, in_flight) == ("2", "0")


def test_inspect_never_shows_a_card_number_or_a_secret(box, operate):
    event = {"event_id": "evt-5", "transaction_type": "payment", "card_number": CARD, "note": f"card {CARD}",
             "signing": SECRET}
    box.park("router-failures", lambda_failure_record(box.web.router_function, event, "ValueError",
                                                      f"bad card {CARD} with {SECRET}"))
    _, plain = operate("inspect", "router-failures")
    _, shown = operate("inspect", "router-failures", "--show-payload")
    for output in (plain, shown):
        assert CARD not in output and SECRET not in output and "whsec_" not in output
        assert "bad card ************1111 with <redacted>" in output
    assert "evt-5" in plain and "note" not in plain and "payload" not in plain  # no payload unless asked
    assert '"note": "card ************1111"' in shown and '"card_number": "<redacted>"' in shown


def test_a_message_attribute_named_like_a_secret_is_redacted(box, operate):
    box.park("market-data-dlq", "{}", api_token="tok-123", source_message_id="m-1")
    _, output = operate("inspect", "market-data-dlq")
    assert "api_token <redacted>" in output and "tok-123" not in output and "source_message_id m-1" in output


def test_inspect_shows_at_most_max_and_hands_every_message_back(box, operate):
    for n in range(5):
        box.park("payments-dlq", {"event_id": f"evt-{n}"})
    _, output = operate("inspect", "payments-dlq", "--max", "2")
    assert output.count("event_id evt-") == 2 and "showed 2 of ~5 parked" in output
    assert box.visible("payments-dlq-ops") == 5
    received = box.drain("payments-dlq-ops")  # every message is visible again at once
    assert len(received) == 5


def test_a_body_that_is_no_record_is_said_to_be_unreplayable(box, operate):
    box.park("router-failures", "not json")
    _, output = operate("inspect", "router-failures")
    assert "why: not replayable: body is not JSON" in output
