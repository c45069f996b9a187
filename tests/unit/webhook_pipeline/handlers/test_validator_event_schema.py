"""Schema-derived field checks (pure, no AWS)."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webhook_validator.errors import BadRequest
from webhook_validator.event_schema import (
    SCHEMA,
    SCHEMA_PATH,
    ecma_pattern_to_python,
    load_schema,
    validate_event,
)

VALID_EVENT = {
    "event_id": "evt_0001",
    "transaction_type": "payment",
    "amount": 12.5,
    "timestamp": "2026-11-23T10:00:00Z",
}


def rejection(event) -> str:
    with pytest.raises(BadRequest) as raised:
        validate_event(event)
    assert raised.value.status_code == 400
    return raised.value.message


def test_checks_are_exactly_what_event_schema_json_says():
    # GIVEN the schema file API Gateway uses as its request model
    document = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    # WHEN the validator has loaded its rules
    rules = {rule.name: rule for rule in SCHEMA.rules}
    # THEN required fields (in order), types, enums, lengths and patterns match it
    assert SCHEMA.required == tuple(document["required"])
    assert set(rules) == set(document["properties"])
    for name, spec in document["properties"].items():
        assert rules[name].type == spec.get("type")
        assert rules[name].enum == (tuple(spec["enum"]) if "enum" in spec else None)
        assert rules[name].min_length == spec.get("minLength")
        assert rules[name].max_length == spec.get("maxLength")
        assert rules[name].pattern == spec.get("pattern")


def test_contract_fields_are_the_four_in_the_spec():
    # GIVEN / WHEN the loaded schema
    # THEN it requires the SPEC's four fields and the three transaction types
    assert SCHEMA.required == ("event_id", "transaction_type", "amount", "timestamp")
    assert SCHEMA.rule("transaction_type").enum == ("payment", "refund", "dispute")


@pytest.mark.parametrize(
    "document",
    [
        {"type": "object", "required": [], "properties": {"a": {"type": "string", "format": "date-time"}}},
        {"type": "object", "required": [], "properties": {}, "additionalProperties": False},
        {"type": "object", "required": [], "properties": {"a": {"type": ["string", "null"]}}},
        {"type": "array"},
    ],
)
def test_schema_keywords_the_validator_cannot_enforce_fail_loading(tmp_path, document):
    # GIVEN a schema using a keyword the validator does not implement
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(document))
    # WHEN / THEN loading it fails instead of silently ignoring the rule
    with pytest.raises(ValueError):
        load_schema(path)


def test_valid_event_is_returned_with_extra_fields_kept():
    # GIVEN a valid event with extra fields
    event = {**VALID_EVENT, "currency": "EUR", "meta": {"k": [1, 2]}}
    # WHEN / THEN it is returned unchanged
    assert validate_event(dict(event)) == event


@pytest.mark.parametrize("field", ["event_id", "transaction_type", "amount", "timestamp"])
def test_each_missing_field_is_named(field):
    # GIVEN a valid event without one field
    event = {k: v for k, v in VALID_EVENT.items() if k != field}
    # WHEN / THEN the message names it
    assert rejection(event) == f"Missing required field: {field}"


def test_missing_fields_are_reported_in_the_schemas_required_order():
    # GIVEN an event missing amount and timestamp but with a wrong event_id type
    event = {"event_id": 5, "transaction_type": "payment"}
    # WHEN / THEN the first missing required field wins over type errors
    assert rejection(event) == "Missing required field: amount"


@pytest.mark.parametrize("body", [[], [VALID_EVENT], "text", 42, 1.5, None, True])
def test_non_object_is_refused(body):
    # GIVEN / WHEN / THEN a JSON value that is not an object
    assert rejection(body) == "Request body must be a JSON object"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("event_id", "", "Field event_id must not be empty"),
        ("event_id", 123, "Field event_id must be a string"),
        ("event_id", None, "Field event_id must be a string"),
        ("event_id", "x" * 513, "Field event_id must be at most 512 characters long"),
        ("transaction_type", "chargeback", "Field transaction_type must be one of: payment, refund, dispute"),
        ("transaction_type", "Payment", "Field transaction_type must be one of: payment, refund, dispute"),
        ("transaction_type", 1, "Field transaction_type must be a string"),
        ("amount", True, "Field amount must be a number"),
        ("amount", False, "Field amount must be a number"),
        ("amount", "12.50", "Field amount must be a number"),
        ("amount", None, "Field amount must be a number"),
        ("amount", float("nan"), "Field amount must be a finite number"),
        ("amount", float("inf"), "Field amount must be a finite number"),
        ("amount", float("-inf"), "Field amount must be a finite number"),
        ("timestamp", 1795428000, "Field timestamp must be a string"),
        ("timestamp", "2026-11-23T10:00:00", "Field timestamp does not match the required format"),
        ("timestamp", "2026-11-23 10:00:00Z", "Field timestamp does not match the required format"),
        ("timestamp", "2026-11-23", "Field timestamp does not match the required format"),
        ("timestamp", "yesterday", "Field timestamp does not match the required format"),
        ("timestamp", "2026-11-23T10:00:00Z\n", "Field timestamp does not match the required format"),
        ("timestamp", "2026-11-23T10:00:00+0100", "Field timestamp does not match the required format"),
        ("timestamp", "2026-13-23T10:00:00Z", "Field timestamp must be a valid ISO 8601 date-time"),
        ("timestamp", "2026-02-30T10:00:00Z", "Field timestamp must be a valid ISO 8601 date-time"),
        ("timestamp", "2026-11-23T25:00:00Z", "Field timestamp must be a valid ISO 8601 date-time"),
        ("timestamp", "2026-11-23T10:00:00+24:00", "Field timestamp must be a valid ISO 8601 date-time"),
    ],
)
def test_wrong_type_or_value_names_the_field(field, value, message):
    # GIVEN a valid event with one bad field
    event = {**VALID_EVENT, field: value}
    # WHEN / THEN the message names the field and the problem
    assert rejection(event) == message


@pytest.mark.parametrize("amount", [0, -3, 10**30, 0.01, -1e308])
def test_finite_numbers_of_any_size_are_amounts(amount):
    # GIVEN / WHEN / THEN ints (even huge) and finite floats are accepted
    assert validate_event({**VALID_EVENT, "amount": amount})["amount"] == amount


@pytest.mark.parametrize(
    "timestamp",
    ["2026-11-23T10:00:00Z", "2026-11-23T10:00:00.5+01:00", "2026-11-23T10:00:00.123456789-05:30", "2026-11-23T10:00:00+00:00"],
)
def test_iso_timestamps_with_offset_are_accepted(timestamp):
    # GIVEN / WHEN / THEN
    assert validate_event({**VALID_EVENT, "timestamp": timestamp})["timestamp"] == timestamp


def test_event_id_at_the_maximum_length_is_accepted():
    # GIVEN / WHEN / THEN 512 characters (the schema's maxLength) pass
    assert validate_event({**VALID_EVENT, "event_id": "é" * 512})["event_id"] == "é" * 512


@pytest.mark.parametrize(
    ("ecma", "python"),
    [("^a$", r"^a\Z"), ("^a\\$$", r"^a\$\Z"), ("^[$]$", r"^[$]\Z"), ("^[\\]$]x", r"^[\]$]x")],
)
def test_ecma_end_anchor_is_translated_outside_character_classes(ecma, python):
    # GIVEN / WHEN / THEN only a bare $ becomes \Z
    assert ecma_pattern_to_python(ecma) == python


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@given(
    st.dictionaries(
        st.sampled_from(["event_id", "transaction_type", "amount", "timestamp", "other"]),
        json_values,
    )
    | json_values
)
def test_any_json_value_is_accepted_or_refused_with_a_bad_request(value):
    # GIVEN any JSON-like value
    # WHEN it is validated
    try:
        result = validate_event(value)
    except BadRequest as error:
        # THEN a refusal is a 400 with a message
        assert error.status_code == 400 and error.message
    else:
        # THEN an accepted value is an object with all four fields
        assert set(SCHEMA.required) <= set(result)
