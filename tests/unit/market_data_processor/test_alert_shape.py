"""The alert as stored and as published: own fields always win over extra fields."""

from decimal import Decimal

import pytest

from market_data import json_text
from market_data.alert import RETENTION_SECONDS, Notification, alert_item, notification
from market_data.message import parse_tick
from market_data.rules import AlertRule, AlertType

from tests.unit.market_data_processor.market_data_support import AT, AT_KEY, tick

NOW = 1_795_428_000.75
HIGH = AlertRule(AlertType.HIGH, Decimal(150))
HOSTILE_EXTRAS = {"status": "SENT", "ttl": 1, "alert_type": "LOW", "threshold": 0, "venue": "XNAS"}


def test_the_item_is_pending_with_a_90_day_ttl_and_keeps_extra_fields():
    # GIVEN a HIGH tick with extra fields named like the alert's own fields
    parsed = parse_tick(tick("AAPL", "151.25", AT, **HOSTILE_EXTRAS))
    # WHEN its alert item is built
    item = alert_item(parsed, HIGH, NOW)
    # THEN the own fields are the alert's, and only the truly extra field is kept
    assert item == {
        "venue": "XNAS",
        "symbol": "AAPL",
        "timestamp": AT_KEY,
        "price": Decimal("151.25"),
        "alert_type": "HIGH",
        "threshold": Decimal(150),
        "status": "PENDING",
        "ttl": 1_795_428_000 + 90 * 24 * 3600,
    }
    assert RETENTION_SECONDS == 7_776_000


def test_the_sns_message_has_own_fields_then_extras_and_filterable_attributes():
    # GIVEN an alert item with extra fields
    item = alert_item(parse_tick(tick("BRK.B", "150.0000000001", AT, zeta=1, alpha=[1.5], **HOSTILE_EXTRAS)), HIGH, NOW)
    # WHEN it is turned into an SNS message
    published = notification(item)
    # THEN the JSON text holds own fields (exact numbers) then extras by name, never status or ttl
    assert published == Notification(
        message='{"symbol":"BRK.B","price":150.0000000001,"timestamp":"2026-11-23T10:00:00.000000000Z",'
        '"alert_type":"HIGH","threshold":150,"alpha":[1.5],"venue":"XNAS","zeta":1}',
        attributes={
            "alert_type": {"DataType": "String", "StringValue": "HIGH"},
            "symbol": {"DataType": "String", "StringValue": "BRK.B"},
        },
    )


@pytest.mark.parametrize(
    "value, text",
    [
        ({"a": [Decimal("1.10"), Decimal("1E+5"), Decimal("-0")]}, '{"a":[1.10,1E+5,-0]}'),
        ({"s": "caf\u00e9 \U0001F600 \"q\" \n", "t": True, "n": None},
         '{"s":"caf\\u00e9 \\ud83d\\ude00 \\"q\\" \\n","t":true,"n":null}'),
        ([], "[]"),
        ({}, "{}"),
    ],
)
def test_json_text_keeps_decimals_exact_and_is_ascii(value, text):
    assert json_text.dumps(value) == text


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity")])
def test_json_text_refuses_non_finite_numbers(value):
    with pytest.raises(ValueError):
        json_text.dumps(value)
