"""Redelivered messages: a SENT alert costs one write and publishes nothing; a PENDING one is published."""

from decimal import Decimal

from tests.unit.market_data_processor.market_data_support import (
    AT,
    AT_KEY,
    failures,
    load_event,
    published_bodies,
    sqs_event,
    tick,
)

PENDING_ALERT = {
    "symbol": "AAPL", "timestamp": AT_KEY, "price": Decimal("151.25"), "alert_type": "HIGH",
    "threshold": Decimal(150), "status": "PENDING", "ttl": 1_803_204_000, "venue": "XNAS",
}


def test_a_redelivered_sent_alert_costs_one_write_and_publishes_nothing(md_aws, md_calls, md_handler, md_context):
    # GIVEN the HIGH sample handled once (stored, published, SENT)
    event = load_event("high_alert.json")
    md_handler(event, md_context)
    first_items, first_published = md_aws.alerts(), md_aws.published()
    md_calls.clear()
    # WHEN SQS delivers the same message again
    result = md_handler(event, md_context)
    # THEN it succeeds with a single write attempt, nothing is published and the alert is unchanged
    assert result == failures()
    assert md_calls == ["dynamodb:PutItem"]
    assert (len(first_published), md_aws.published()) == (1, [])
    assert md_aws.alerts() == first_items


def test_two_spellings_of_one_instant_are_one_alert(md_aws, md_handler, md_context):
    # GIVEN the same tick written in UTC, then in UTC+2, in two invocations
    md_handler(sqs_event([tick("AAPL", "151", "2026-11-23T10:00:00Z")], "first"), md_context)
    md_handler(sqs_event([tick("AAPL", "151", "2026-11-23T12:00:00.000000+02:00")], "second"), md_context)
    # THEN one alert is stored and published once
    assert [(a["symbol"], a["timestamp"]) for a in md_aws.alerts()] == [("AAPL", AT_KEY)]
    assert len(md_aws.published()) == 1


def test_a_redelivered_pending_alert_is_published_again_then_marked_sent(md_aws, md_calls, md_handler, md_context):
    # GIVEN an alert left PENDING by a delivery that failed after its write
    md_aws.put_alert(PENDING_ALERT)
    # WHEN its message is delivered again
    result = md_handler(load_event("high_alert.json"), md_context)
    # THEN it is written (refused), published, and marked SENT: three calls
    assert result == failures()
    assert md_calls == ["dynamodb:PutItem", "sns:Publish", "dynamodb:UpdateItem"]
    assert published_bodies(md_aws.published()) == [{
        "symbol": "AAPL", "price": Decimal("151.25"), "timestamp": AT_KEY, "alert_type": "HIGH",
        "threshold": 150, "venue": "XNAS",
    }]
    assert md_aws.alerts() == [{**PENDING_ALERT, "status": "SENT"}]


def test_a_pending_alert_is_published_as_stored(md_aws, md_handler, md_context):
    # GIVEN a PENDING alert at 151.25, and another tick for the same symbol and instant at 152
    md_aws.put_alert(PENDING_ALERT)
    md_handler(sqs_event([tick("AAPL", "152", AT, venue="XNYS")]), md_context)
    # THEN what is published is what the table holds (151.25, XNAS), and the table is unchanged but for SENT
    [message] = published_bodies(md_aws.published())
    assert (message["price"], message["venue"]) == (Decimal("151.25"), "XNAS")
    assert md_aws.alerts() == [{**PENDING_ALERT, "status": "SENT"}]


def test_an_incomplete_pending_alert_is_published_from_the_message(md_aws, md_handler, md_context):
    # GIVEN a PENDING row that lacks the alert's fields (not written by this function)
    md_aws.put_alert({"symbol": "AAPL", "timestamp": AT_KEY, "status": "PENDING"})
    # WHEN a tick for that key arrives
    assert md_handler(sqs_event([tick("AAPL", "151")]), md_context) == failures()
    # THEN the alert built from the message is published (at least once), and the row marked SENT
    assert [(m["price"], m["alert_type"]) for m in published_bodies(md_aws.published())] == [(151, "HIGH")]
    assert md_aws.alerts() == [{"symbol": "AAPL", "timestamp": AT_KEY, "status": "SENT"}]
