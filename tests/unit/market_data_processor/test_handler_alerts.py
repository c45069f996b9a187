"""The handler on moto, one kind of message at a time: what is stored, published and dead-lettered."""

import time
from decimal import Decimal

import pytest

from market_data.errors import Misconfigured
from market_data.limits import MAX_EXTRA_FIELDS_BYTES

from tests.unit.market_data_processor.market_data_support import (
    AT,
    AT_KEY,
    failures,
    load_event,
    published_bodies,
    sqs_event,
    tick,
)

RETENTION = 90 * 24 * 3600


def stored_alert(item, started):
    """``item`` with its ttl checked (now + 90 days at the time of the write) and dropped."""
    assert started + RETENTION <= item["ttl"] <= time.time() + RETENTION
    return {name: value for name, value in item.items() if name != "ttl"}


def test_a_high_tick_is_stored_published_and_marked_sent(md_aws, md_handler, md_context):
    # GIVEN the sample HIGH tick (151.25, with an extra field)
    started = int(time.time())
    # WHEN the handler runs
    result = md_handler(load_event("high_alert.json"), md_context)
    # THEN nothing failed, one SENT alert is stored, and one message was published
    assert result == failures()
    [item] = md_aws.alerts()
    assert stored_alert(item, started) == {
        "symbol": "AAPL", "timestamp": AT_KEY, "price": Decimal("151.25"), "alert_type": "HIGH",
        "threshold": Decimal(150), "status": "SENT", "venue": "XNAS",
    }
    [message] = md_aws.published()
    assert published_bodies([message]) == [{
        "symbol": "AAPL", "price": Decimal("151.25"), "timestamp": AT_KEY, "alert_type": "HIGH",
        "threshold": 150, "venue": "XNAS",
    }]
    assert message["MessageAttributes"] == {
        "alert_type": {"DataType": "String", "StringValue": "HIGH"},
        "symbol": {"DataType": "String", "StringValue": "AAPL"},
    }
    assert md_aws.dead_letters() == []


def test_a_low_tick_is_keyed_by_its_instant_in_utc(md_aws, md_handler, md_context):
    # GIVEN the sample LOW tick, 49.99 at 11:30:00.250+01:00
    result = md_handler(load_event("low_alert.json"), md_context)
    # THEN its alert is LOW, against the low threshold, at 10:30:00.25 UTC
    assert result == failures()
    [item] = md_aws.alerts()
    assert (item["symbol"], item["timestamp"], item["alert_type"], item["threshold"], item["status"]) == (
        "TSLA", "2026-11-23T10:30:00.250000000Z", "LOW", Decimal(50), "SENT")
    assert [(m["symbol"], m["price"], m["alert_type"]) for m in published_bodies(md_aws.published())] == [
        ("TSLA", Decimal("49.99"), "LOW")]


def test_a_price_within_the_thresholds_leaves_no_trace(md_aws, md_handler, md_context):
    assert md_handler(load_event("no_alert.json"), md_context) == failures()
    assert (md_aws.alerts(), md_aws.published(), md_aws.dead_letters()) == ([], [], [])


def test_a_malformed_message_is_moved_to_the_dlq_with_its_reason(md_aws, md_handler, md_context):
    # GIVEN the sample malformed message (a lowercase symbol)
    event = load_event("malformed.json")
    # WHEN the handler runs
    result = md_handler(event, md_context)
    # THEN it is not reported (Lambda deletes it), and the DLQ holds its original body and reason
    assert result == failures()
    [dead] = md_aws.dead_letters()
    assert dead["Body"] == event["Records"][0]["body"]
    assert dead["MessageAttributes"] == {
        "error_reason": {"DataType": "String", "StringValue": "symbol 'aapl' is not 1-12 characters of A-Z0-9.-"},
        "source_message_id": {"DataType": "String", "StringValue": event["Records"][0]["messageId"]},
    }
    assert (md_aws.alerts(), md_aws.published()) == ([], [])


def test_threshold_boundaries_through_the_handler(md_aws, md_handler, md_context):
    # GIVEN exactly 150, exactly 50, 150.01 and 49.99
    bodies = [tick("EQH", "150"), tick("EQL", "50"), tick("UP", "150.01"), tick("DOWN", "49.99")]
    # WHEN one batch is handled
    assert md_handler(sqs_event(bodies), md_context) == failures()
    # THEN only 150.01 (HIGH) and 49.99 (LOW) alerted
    assert [(a["symbol"], a["alert_type"], a["price"]) for a in md_aws.alerts()] == [
        ("DOWN", "LOW", Decimal("49.99")), ("UP", "HIGH", Decimal("150.01"))]
    assert sorted(m["symbol"] for m in published_bodies(md_aws.published())) == ["DOWN", "UP"]


def test_extra_fields_never_overwrite_the_alerts_own_fields(md_aws, md_handler, md_context):
    # GIVEN a HIGH tick whose extra fields reuse every own field name that is not in the contract
    body = tick("NVDA", "420.5", AT, status="SENT", ttl=1, alert_type="LOW", threshold=0, desk="eq")
    # WHEN it is handled
    assert md_handler(sqs_event([body]), md_context) == failures()
    # THEN the alert's own values are stored and published; only "desk" is extra
    [item] = md_aws.alerts()
    assert (item["status"], item["alert_type"], item["threshold"], item["desk"]) == ("SENT", "HIGH", 150, "eq")
    assert item["ttl"] > time.time() + RETENTION - 60
    assert published_bodies(md_aws.published()) == [{
        "symbol": "NVDA", "price": Decimal("420.5"), "timestamp": AT_KEY, "alert_type": "HIGH",
        "threshold": 150, "desk": "eq",
    }]


def test_thresholds_follow_the_environment(md_aws, md_handler, md_context, monkeypatch):
    # GIVEN thresholds 200 / 100
    monkeypatch.setenv("HIGH_PRICE_THRESHOLD", "200")
    monkeypatch.setenv("LOW_PRICE_THRESHOLD", "100")
    # WHEN 150.01 and 99.99 are handled
    md_handler(sqs_event([tick("A", "150.01"), tick("B", "99.99")]), md_context)
    # THEN only 99.99 alerts, as LOW against 100
    assert [(a["symbol"], a["alert_type"], a["threshold"]) for a in md_aws.alerts()] == [("B", "LOW", 100)]


@pytest.mark.parametrize("name, value", [("HIGH_PRICE_THRESHOLD", "one fifty"), ("LOW_PRICE_THRESHOLD", "150")])
def test_a_bad_threshold_fails_the_invocation_before_any_message(md_aws, md_calls, md_handler, md_context,
                                                                  monkeypatch, name, value):
    # GIVEN a deployment error in the thresholds
    monkeypatch.setenv(name, value)
    # WHEN a batch arrives, THEN the invocation raises naming the variable (SQS retries every message)
    with pytest.raises(Misconfigured, match=name):
        md_handler(sqs_event([tick("AAPL", "151"), "not json"]), md_context)
    # AND nothing was called, stored or dead-lettered
    assert (md_calls, md_aws.alerts(), md_aws.dead_letters()) == ([], [], [])


def test_an_event_without_records_is_refused(md_aws, md_handler, md_context):
    with pytest.raises(ValueError, match="no Records list"):
        md_handler({"detail": "not an SQS batch"}, md_context)


def test_the_largest_extra_fields_accepted_are_stored_and_published(md_aws, md_handler, md_context):
    # GIVEN a HIGH tick whose extra field is as large as the limit allows ({"big":"..."} is 10 bytes of syntax)
    big = "x" * (MAX_EXTRA_FIELDS_BYTES - 10)
    # WHEN it is handled
    assert md_handler(sqs_event([tick("BIG", "151", big=big)]), md_context) == failures()
    # THEN SNS and DynamoDB took it whole
    assert [m["big"] == big for m in published_bodies(md_aws.published())] == [True]
    assert [(a["big"] == big, a["status"]) for a in md_aws.alerts()] == [(True, "SENT")]
