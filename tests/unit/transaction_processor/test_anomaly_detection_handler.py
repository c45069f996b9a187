"""anomaly-detection on moto, fed from the transactions table's real stream: alert once, mark after."""

import json
from datetime import timedelta

import pytest

from tests.unit.transaction_processor.anomaly_detection_support import (  # noqa: F401
    EVENTS_DIR, NOW, UPLOAD_ID, detector, failures, image, stored_item, stream, stream_context, stream_record,
)
ALERT = ["GetItem", "Publish", "UpdateItem"]


def test_a_high_amount_is_published_then_marked_flagged(detector, stream, tp_aws):
    # GIVEN a high-amount transaction inserted into the table
    records = stream.insert(image("t-high", amount="25000.10"))
    # WHEN its INSERT record is processed
    result = detector(records)
    # THEN exactly this alert is published, with its reasons attribute
    assert failures(result) == []
    [message] = tp_aws.published()
    assert json.loads(message["Body"]) == {
        "transaction_id": "t-high", "upload_id": UPLOAD_ID, "merchant_id": "merchant-42", "amount": "25000.1",
        "currency": "EUR", "card_last4": "1111", "timestamp": "2026-03-01T11:00:00Z", "reasons": ["high_amount"],
    }
    assert message["MessageAttributes"] == {"reasons": {"StringValue": "high_amount", "DataType": "String"}}
    # THEN the item is FLAGGED with its reasons, the publish having come before the mark
    item = stored_item(tp_aws, "t-high")
    assert item["status"] == {"S": "FLAGGED"}
    assert item["anomaly_reasons"] == {"L": [{"S": "high_amount"}]}
    assert item["amount"] == {"N": "25000.10"}  # nothing else of the item changed
    assert detector.calls == ALERT


def test_both_rules_fire_into_one_alert(detector, stream, tp_aws):
    records = stream.insert(image("t-both", amount="10000.01", timestamp="2026-03-01T12:05:01Z"))
    detector(records)
    [message] = tp_aws.published()
    assert json.loads(message["Body"])["reasons"] == ["high_amount", "timestamp_out_of_range"]
    assert message["MessageAttributes"]["reasons"]["StringValue"] == "high_amount,timestamp_out_of_range"
    assert stored_item(tp_aws, "t-both")["anomaly_reasons"] == {
        "L": [{"S": "high_amount"}, {"S": "timestamp_out_of_range"}]}


def test_a_redelivered_record_of_a_flagged_item_is_not_alerted_again(detector, stream, tp_aws):
    # GIVEN a record already alerted on and marked
    records = stream.insert(image("t-high", amount="50000"))
    detector(records)
    assert len(tp_aws.published()) == 1
    detector.calls.clear()
    # WHEN the same record is delivered again
    result = detector(records)
    # THEN it succeeds with one read and no second alert
    assert failures(result) == []
    assert tp_aws.published() == []
    assert detector.calls == ["GetItem"]


@pytest.mark.parametrize(("amount", "timestamp"), [
    ("10000", "2026-03-01T11:00:00Z"),  # exactly the threshold
    ("10000.00", "2026-03-01T11:00:00Z"),
    ("1", (NOW + timedelta(minutes=5)).isoformat()),  # exactly 5 minutes ahead
    ("1", (NOW - timedelta(days=90)).isoformat()),  # exactly 90 days old
    ("9999.99", "2025-12-01T12:00:00Z"),
])
def test_normal_transactions_cost_no_aws_call(detector, stream, tp_aws, amount, timestamp):
    # GIVEN a transaction on the inner side of every bound
    records = stream.insert(image("t-ok", amount=amount, timestamp=timestamp))
    # WHEN it is processed
    result = detector(records)
    # THEN nothing is reported, published or changed, and no AWS call was made
    assert failures(result) == []
    assert detector.calls == []
    assert tp_aws.published() == []
    assert stored_item(tp_aws, "t-ok")["status"] == {"S": "ACCEPTED"}


def test_modify_and_remove_records_are_ignored_without_aws_calls(detector, stream, tp_aws):
    # GIVEN the stream's MODIFY and REMOVE records of a high-amount item (if the filter ever let them through)
    stream.insert(image("t-high", amount="50000"))
    tp_aws.dynamodb.put_item(TableName=tp_aws.transactions_table, Item=image("t-high", amount="60000"))
    tp_aws.dynamodb.delete_item(TableName=tp_aws.transactions_table, Key={"transaction_id": {"S": "t-high"}})
    others = [r for r in stream.records() if r["eventName"] != "INSERT"]
    assert [r["eventName"] for r in others] == ["MODIFY", "REMOVE"]
    # WHEN they are processed / THEN nothing happens
    assert failures(detector(others)) == []
    assert detector.calls == [] and tp_aws.published() == []


def test_the_threshold_comes_from_the_environment(detector, stream, tp_aws, monkeypatch):
    monkeypatch.setenv("HIGH_AMOUNT_THRESHOLD", "1000")
    detector(stream.insert(image("t-1", amount="1000.01"), image("t-2", amount="1000")))
    assert [json.loads(m["Body"])["transaction_id"] for m in tp_aws.published()] == ["t-1"]


def test_the_sample_stream_event_flags_only_its_high_amount(detector, tp_aws, monkeypatch):
    # GIVEN the sample event's items in the table, and a clock just after they happened
    sample = json.loads((EVENTS_DIR / "anomaly_detection_stream_inserts.json").read_text())
    for record in sample["Records"]:
        if record["eventName"] == "INSERT":  # the MODIFY after it is the FLAGGED mark of an earlier run
            tp_aws.dynamodb.put_item(TableName=tp_aws.transactions_table, Item=record["dynamodb"]["NewImage"])
    monkeypatch.setattr(detector.module, "utc_now", lambda: NOW.replace(year=2026, month=1, day=1, hour=10))
    # WHEN it is processed
    result = detector.module.handler(sample, stream_context())
    # THEN only txn-0002 (25000.00) is alerted on and flagged
    assert failures(result) == []
    assert [json.loads(m["Body"])["transaction_id"] for m in tp_aws.published()] == ["txn-0002"]
    assert stored_item(tp_aws, "txn-0001")["status"] == {"S": "ACCEPTED"}
    assert stored_item(tp_aws, "txn-0002")["status"] == {"S": "FLAGGED"}
