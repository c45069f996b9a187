"""anomaly-detection's pure parts: the rules and their bounds, reading a stream record, the alert."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest

from tests.unit.transaction_processor.anomaly_detection_support import NOW, UPLOAD_ID, image, stream_record
from tools.function_code import load_handler

load_handler("anomaly_detection")  # puts the function's zip root on sys.path

from anomaly_rules.alert import alert_attributes, alert_body  # noqa: E402
from anomaly_rules.rules import high_amount, reasons, timestamp_out_of_range  # noqa: E402
from anomaly_rules.transaction import MalformedRecord, inserted_transaction  # noqa: E402

THRESHOLD = Decimal("10000")


@pytest.mark.parametrize(("amount", "fires"), [
    ("10000", False), ("10000.00", False), ("9999.99", False), ("10000.01", True), ("1000000000", True),
])
def test_high_amount_is_strictly_above_the_threshold_exactly(amount, fires):
    assert high_amount(Decimal(amount), THRESHOLD) is fires


def test_high_amount_compares_exactly_where_a_float_would_not():
    # 10000.000000000000001 == 10000.0 as floats
    assert high_amount(Decimal("10000.000000000000001"), THRESHOLD) is True


@pytest.mark.parametrize(("offset", "fires"), [
    (timedelta(minutes=5), False),
    (timedelta(minutes=5, microseconds=1), True),
    (timedelta(0), False),
    (-timedelta(days=90), False),
    (-timedelta(days=90, microseconds=1), True),
    (-timedelta(days=89, hours=23), False),
])
def test_timestamp_out_of_range_bounds(offset, fires):
    assert timestamp_out_of_range(NOW + offset, NOW) is fires


def transaction(amount="1234.5", timestamp="2026-03-01T11:00:00Z", **extra):
    return inserted_transaction(stream_record("1", image("t-1", amount, timestamp, **extra)))


@pytest.mark.parametrize(("amount", "timestamp", "expected"), [
    ("1234.5", "2026-03-01T11:00:00Z", []),
    ("10000.5", "2026-03-01T11:00:00Z", ["high_amount"]),
    ("1", "2026-03-01T13:05:00+01:00", []),  # exactly 5 minutes ahead, written in another zone
    ("1", "2026-03-01T12:05:01Z", ["timestamp_out_of_range"]),
    ("20000", "2025-01-01T00:00:00Z", ["high_amount", "timestamp_out_of_range"]),
])
def test_reasons_list_the_rules_that_fire_in_order(amount, timestamp, expected):
    assert reasons(transaction(amount, timestamp), THRESHOLD, NOW) == expected


@pytest.mark.parametrize("event_name", ["MODIFY", "REMOVE", None, "insert"])
def test_anything_but_an_insert_is_ignored(event_name):
    assert inserted_transaction(stream_record("1", image("t-1"), event_name)) is None


@pytest.mark.parametrize(("record", "problem"), [
    ("not a record", "record is not an object"),
    ({"eventName": "INSERT"}, "INSERT record has no dynamodb.NewImage"),
    ({"eventName": "INSERT", "dynamodb": {"NewImage": []}}, "INSERT record has no dynamodb.NewImage"),
    (stream_record("1", {**image("t-1"), "merchant_id": {"N": "42"}}),
     "NewImage.merchant_id is not a non-empty string"),
    (stream_record("1", {k: v for k, v in image("t-1").items() if k != "upload_id"}), "NewImage.upload_id is not"),
    (stream_record("1", image("t-1", amount="ten")), "NewImage.amount is not a number"),
    (stream_record("1", {**image("t-1"), "amount": {"S": "10"}}), "NewImage.amount is not a number"),
    (stream_record("1", image("t-1", amount="NaN")), "NewImage.amount is not a number"),
    (stream_record("1", image("t-1", amount="1E+999999")), "NewImage.amount is outside DynamoDB's number range"),
    (stream_record("1", image("t-1", timestamp="2026-03-01T11:00:00")), "NewImage.timestamp is not ISO 8601"),
    (stream_record("1", image("t-1", timestamp="yesterday")), "NewImage.timestamp is not ISO 8601"),
    (stream_record("1", image("t-1", timestamp="0001-01-01T00:00:00+01:00")), "NewImage.timestamp is not ISO 8601"),
    (stream_record("1", {**image("t-1"), "card_last4": {"S": "4111111111111111"}}), "card_last4 is not four digits"),
])
def test_a_malformed_insert_raises_naming_the_attribute_not_its_value(record, problem):
    with pytest.raises(MalformedRecord, match=problem) as raised:
        inserted_transaction(record)
    assert "4111" not in str(raised.value) and "ten" not in str(raised.value)


def test_the_alert_body_and_attribute():
    # GIVEN a flagged transaction whose stored amount has trailing zeros, and a stray card attribute
    txn = transaction("25000.50", "2025-01-01T00:00:00+02:00", card_number={"S": "4111111111111111"})
    # WHEN the alert is built
    body, attributes = alert_body(txn, ["high_amount", "timestamp_out_of_range"]), alert_attributes(
        ["high_amount", "timestamp_out_of_range"])
    # THEN the body carries exactly the contract's fields, the amount as the exact decimal string
    assert json.loads(body) == {
        "transaction_id": "t-1", "upload_id": UPLOAD_ID, "merchant_id": "merchant-42", "amount": "25000.5",
        "currency": "EUR", "card_last4": "1111", "timestamp": "2025-01-01T00:00:00+02:00",
        "reasons": ["high_amount", "timestamp_out_of_range"],
    }
    assert attributes == {"reasons": {"DataType": "String", "StringValue": "high_amount,timestamp_out_of_range"}}
