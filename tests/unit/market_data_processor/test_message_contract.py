"""Every row of the message contract: symbol, price and the body itself (timestamps: their own file)."""

import json
from decimal import Decimal

import pytest

from market_data.errors import MalformedMessage
from market_data.message import Tick, parse_tick

from tests.unit.market_data_processor.market_data_support import AT, AT_KEY, tick


def rejection(body: str) -> str:
    with pytest.raises(MalformedMessage) as caught:
        parse_tick(body)
    return caught.value.reason


def test_a_valid_tick_is_parsed_with_its_price_exact_and_its_timestamp_as_the_range_key():
    # GIVEN a tick with a price that a float could not hold exactly
    # WHEN it is parsed
    parsed = parse_tick(tick("AAPL", "150.0000000001", AT))
    # THEN the price is the exact decimal and the timestamp the UTC range key
    assert parsed == Tick(symbol="AAPL", price=Decimal("150.0000000001"), timestamp=AT_KEY, extras={})


@pytest.mark.parametrize("symbol", ["A", "AAPL", "BRK.B", "BRK-A", "123", "X.Y-Z9", "ABCDEFGHIJKL"])
def test_symbol_valid(symbol):
    assert parse_tick(tick(symbol=symbol)).symbol == symbol


@pytest.mark.parametrize(
    "symbol",
    ["", "ABCDEFGHIJKLM", "aapl", "AA PL", "AAPL\n", "\u00c4APL", "AAPL_", "\u0663", 123, None, ["AAPL"], True],
)
def test_symbol_invalid(symbol):
    reason = rejection(json.dumps({"symbol": symbol, "price": 151, "timestamp": AT}))
    assert reason.startswith("symbol ") and reason.endswith(" is not 1-12 characters of A-Z0-9.-")


@pytest.mark.parametrize(
    "price, exact",
    [("1", "1"), ("0.0001", "0.0001"), ("151.25", "151.25"), ("150.0000000001", "150.0000000001"),
     ("1e3", "1E+3"), ("1E-130", "1E-130"), ("9" * 38, "9" * 38)],
)
def test_price_valid(price, exact):
    assert parse_tick(tick(price=price)).price == Decimal(exact)


@pytest.mark.parametrize(
    "price, reason",
    [
        ("0", "price 0 is not greater than 0"),
        ("-0.0", "price -0.0 is not greater than 0"),
        ("-1", "price -1 is not greater than 0"),
        ('"151"', "price must be a number, not string"),
        ("true", "price must be a number, not boolean"),
        ("false", "price must be a number, not boolean"),
        ("null", "price must be a number, not null"),
        ("[151]", "price must be a number, not array"),
        ('{"value":151}', "price must be a number, not object"),
        ("NaN", "body contains NaN, which is not valid JSON"),
        ("Infinity", "body contains Infinity, which is not valid JSON"),
        ("-Infinity", "body contains -Infinity, which is not valid JSON"),
        ("1E-131", "price 1E-131 has more than 38 digits or is out of DynamoDB's range"),
        ("1E+126", "price 1E+126 has more than 38 digits or is out of DynamoDB's range"),
        ("1" * 39, f"price {'1' * 39} has more than 38 digits or is out of DynamoDB's range"),
    ],
)
def test_price_invalid(price, reason):
    assert rejection(tick(price=price)) == reason


@pytest.mark.parametrize(
    "body, reason",
    [
        ("AAPL,151,2026-11-23T10:00:00Z", "body is not valid JSON: Expecting value at position 0"),
        ('{"symbol":"AAPL",',
         "body is not valid JSON: Expecting property name enclosed in double quotes at position 17"),
        ("[]", "body must be a JSON object, not array"),
        ('"AAPL"', "body must be a JSON object, not string"),
        ("151", "body must be a JSON object, not number"),
        ("null", "body must be a JSON object, not null"),
        ("{}", "missing field(s): symbol, price, timestamp"),
        ('{"symbol":"AAPL","timestamp":"2026-11-23T10:00:00Z"}', "missing field(s): price"),
        ('{"price":151,"timestamp":"2026-11-23T10:00:00Z"}', "missing field(s): symbol"),
        ('{"symbol":"AAPL","price":151}', "missing field(s): timestamp"),
        ('{"symbol":"AAPL","price":151,"price":1,"timestamp":"x"}', "body contains duplicate key 'price'"),
        ('{"symbol":"AAPL","price":151,"timestamp":"2026-11-23T10:00:00Z","x":{"a":1,"a":2}}',
         "body contains duplicate key 'a'"),
        ("[" * 100_000, "body is nested too deeply to parse"),
    ],
)
def test_body_invalid(body, reason):
    assert rejection(body) == reason


def test_a_reason_never_copies_a_long_value_whole():
    # GIVEN a symbol of 10 000 characters
    reason = rejection(tick(symbol="X" * 10_000))
    # THEN the reason names the field with a shortened value
    assert reason == "symbol 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX... is not 1-12 characters of A-Z0-9.-"


def test_extra_fields_are_kept_as_sent():
    # GIVEN extra fields of every JSON type, one named like an alert's own field
    body = tick(venue="XNAS", volume=1200, bid=151.2, halted=False, note=None, tags=["a"], book={"depth": 2},
                status="X")
    # WHEN the tick is parsed
    extras = parse_tick(body).extras
    # THEN every extra field is there, numbers as exact decimals (own fields are the alert's concern)
    assert extras == {"venue": "XNAS", "volume": Decimal(1200), "bid": Decimal("151.2"), "halted": False,
                      "note": None, "tags": ["a"], "book": {"depth": Decimal(2)}, "status": "X"}
