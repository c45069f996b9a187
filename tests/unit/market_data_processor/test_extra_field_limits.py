"""Extra fields DynamoDB or SNS could never take are ignored: left out of the alert, named with the reason."""

import json

import pytest

from market_data.limits import MAX_EXTRA_FIELDS_BYTES, MAX_NESTING
from market_data.message import parse_tick

from tests.unit.market_data_processor.market_data_support import AT


def body_with(extra_json: str) -> str:
    """A valid tick plus the raw JSON text ``extra_json`` as its extra field ``x``."""
    return f'{{"symbol":"AAPL","price":151,"timestamp":"{AT}","x":{extra_json}}}'


def ignored(body: str, name: str = "x") -> str:
    """The reason ``name`` is ignored: the tick is valid, the field not kept."""
    parsed = parse_tick(body)
    assert name not in parsed.extras
    return parsed.ignored[name]


def nested(levels: int) -> str:
    """JSON arrays nested ``levels`` deep."""
    return "[" * levels + "]" * levels


def test_the_body_may_nest_32_levels_deep():
    # GIVEN an extra field nesting 31 levels inside the body object (32 in all)
    parsed = parse_tick(body_with(nested(MAX_NESTING - 1)))
    # THEN it is kept
    assert "x" in parsed.extras and parsed.ignored == {}


def test_nesting_deeper_than_dynamodb_allows_is_ignored():
    assert ignored(body_with(nested(MAX_NESTING))) == "nests deeper than 32 levels"


@pytest.mark.parametrize(
    "extra, reason",
    [
        ('{"":1}', "a key is empty"),
        ('[{"a":{"":1}}]', "a key is empty"),
        ('"\\ud800"', "string is not valid UTF-8 (a lone surrogate escape)"),
        ('{"\\udfff":1}', "a key is not valid UTF-8 (a lone surrogate escape)"),
        ("1" * 39, f"number {'1' * 39} has more than 38 digits or is out of DynamoDB's range"),
        ("[1e-131]", "number 1E-131 has more than 38 digits or is out of DynamoDB's range"),
        ('{"a":1e126}', "number 1E+126 has more than 38 digits or is out of DynamoDB's range"),
    ],
)
def test_values_dynamodb_refuses_are_ignored_with_the_reason(extra, reason):
    assert ignored(body_with(extra)) == reason


@pytest.mark.parametrize("name_json, name", [('""', ""), ('"\\ud800"', "\ud800")])
def test_extra_field_names_dynamodb_refuses_are_ignored(name_json, name):
    reason = ignored(f'{{"symbol":"AAPL","price":151,"timestamp":"{AT}",{name_json}:1}}', name)
    assert reason.startswith("the name is ")


def test_extra_fields_larger_than_an_alert_can_carry_are_ignored():
    # GIVEN extra fields whose JSON text is one byte over the limit ({"x":"..."} is 8 bytes of syntax)
    text = "a" * (MAX_EXTRA_FIELDS_BYTES - 8 + 1)
    # THEN the field is ignored, with the size named
    assert ignored(body_with(json.dumps(text))) == (
        f"does not fit in the {MAX_EXTRA_FIELDS_BYTES} bytes an alert keeps for extra fields"
    )
    # AND one byte less is kept
    assert parse_tick(body_with(json.dumps(text[1:]))).extras == {"x": text[1:]}


def test_non_ascii_counts_at_its_escaped_size():
    # GIVEN emoji, 4 bytes each in the body (about 68 KB) but published as 12-byte \ud83d\ude00 escapes
    count = MAX_EXTRA_FIELDS_BYTES // 12 + 1
    body = body_with(json.dumps("\U0001F600" * count, ensure_ascii=False))
    # THEN the escaped size is what is measured
    assert len(body.encode()) < MAX_EXTRA_FIELDS_BYTES / 2
    assert ignored(body).startswith("does not fit in the ")
