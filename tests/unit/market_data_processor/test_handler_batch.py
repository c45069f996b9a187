"""A batch of 25 mixing every kind of message: exact answer, table, topic, DLQ and log."""

import json
import logging
from collections import Counter
from decimal import Decimal

from tests.unit.market_data_processor.market_data_support import AT_KEY, failures, load_event, published_bodies

NOT_ISO = "timestamp is not ISO 8601 date and time with a time zone (e.g. 2026-11-23T10:00:00Z)"
AT_2S = "2026-11-23T10:00:02.000000000Z"
# (symbol, timestamp, price, alert_type, threshold, extra fields) for every alert of the batch
ALERTS = [
    ("AAPL", AT_2S, Decimal("150.01"), "HIGH", 150, {}),
    ("BRK-A", AT_KEY, Decimal(1000), "HIGH", 150, {}),
    ("GOOG", AT_KEY, Decimal("150.0000000001"), "HIGH", 150, {}),
    ("NVDA", "2026-11-23T10:00:03.000000000Z", Decimal("420.5"), "HIGH", 150, {"venue": "XNAS"}),
    ("PENNY", AT_KEY, Decimal("0.0001"), "LOW", 50, {}),
    ("TSLA", AT_2S, Decimal("49.99"), "LOW", 50, {}),
]
DEAD_LETTERS = {
    "mixed-08-malformed-not-json": "body is not valid JSON: Expecting value at position 0",
    "mixed-09-malformed-array": "body must be a JSON object, not array",
    "mixed-10-malformed-missing-price": "missing field(s): price",
    "mixed-11-malformed-price-string": "price must be a number, not string",
    "mixed-12-malformed-price-boolean": "price must be a number, not boolean",
    "mixed-13-malformed-price-zero": "price 0 is not greater than 0",
    "mixed-14-malformed-price-negative": "price -151 is not greater than 0",
    "mixed-15-malformed-symbol-lowercase": "symbol 'aapl' is not 1-12 characters of A-Z0-9.-",
    "mixed-16-malformed-symbol-13-chars": "symbol 'ABCDEFGHIJKLM' is not 1-12 characters of A-Z0-9.-",
    "mixed-17-malformed-timestamp-no-zone": NOT_ISO,
    "mixed-18-malformed-price-nan": "body contains NaN, which is not valid JSON",
    "mixed-19-malformed-duplicate-key": "body contains duplicate key 'price'",
}


def attribute(message: dict, name: str) -> str:
    return message["MessageAttributes"][name]["StringValue"]


def outcome_of(message_id: str) -> str:
    if "malformed" in message_id:
        return "moved_to_dlq"
    if "duplicate" in message_id:
        return "alert_already_sent"
    return "no_alert" if "no-alert" in message_id else "alert_sent"


def test_a_mixed_batch_of_25(md_aws, md_calls, md_handler, md_context, caplog):
    # GIVEN 25 messages: 7 without alert (two exactly at a threshold), 4 HIGH, 2 LOW, a duplicate
    # of one HIGH in another time zone, and 12 malformed in different ways
    event = load_event("mixed_batch_25.json")
    bodies = {record["messageId"]: record["body"] for record in event["Records"]}
    assert len(bodies) == 25
    # WHEN the handler runs
    with caplog.at_level(logging.INFO, logger="market_data_processor"):
        result = md_handler(event, md_context)
    # THEN nothing is reported: every message was handled
    assert result == failures()
    # AND the table holds the six alerts, all SENT, with the extra field of the NVDA tick
    assert [{k: v for k, v in item.items() if k != "ttl"} for item in md_aws.alerts()] == [
        {"symbol": s, "timestamp": t, "price": p, "alert_type": a, "threshold": th, "status": "SENT", **x}
        for s, t, p, a, th, x in ALERTS
    ]
    # AND each was published once (the duplicate was not)
    published = sorted(published_bodies(md_aws.published()), key=lambda m: m["symbol"])
    assert published == [
        {"symbol": s, "price": p, "timestamp": t, "alert_type": a, "threshold": th, **x}
        for s, t, p, a, th, x in ALERTS
    ]
    # AND the DLQ holds the twelve malformed messages, unchanged, each with its reason
    dead = {attribute(m, "source_message_id"): (m["Body"], attribute(m, "error_reason")) for m in md_aws.dead_letters()}
    assert dead == {message_id: (bodies[message_id], reason) for message_id, reason in DEAD_LETTERS.items()}
    # AND the calls were 3 per new alert, 1 for the duplicate, 1 per malformed message
    assert Counter(md_calls) == {
        "dynamodb:PutItem": 7, "sns:Publish": 6, "dynamodb:UpdateItem": 6, "sqs:SendMessage": 12}
    # AND one JSON log line per message names its outcome, without copying any body
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "market_data_processor"]
    assert [(line["message_id"], line["outcome"]) for line in lines] == [(m, outcome_of(m)) for m in bodies]
    assert not [body for body in bodies.values() if body in caplog.text]
