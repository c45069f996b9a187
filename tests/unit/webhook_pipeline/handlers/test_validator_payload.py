"""Raw body extraction, strict JSON parsing and re-serialization (pure, no AWS)."""

import base64
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webhook_validator.errors import BadRequest, HttpError, InvalidEvent, PayloadTooLarge
from webhook_validator.payload import MAX_EVENT_BYTES, parse_event, parse_json, serialize_event
from webhook_validator.request import MAX_BODY_BYTES, headers, raw_body

VALID = {"event_id": "evt_1", "transaction_type": "refund", "amount": 1, "timestamp": "2026-11-23T10:00:00Z"}


def bad_request(raw: bytes) -> str:
    with pytest.raises(BadRequest) as raised:
        parse_event(raw)
    return raised.value.message


# ---------------------------------------------------------------- raw body


@pytest.mark.parametrize("event", [{}, {"body": None}, {"body": ""}])
def test_missing_body_is_empty_bytes(event):
    # GIVEN / WHEN / THEN a missing or null body reads as no bytes
    assert raw_body(event) == b""


def test_text_body_is_its_utf8_bytes():
    # GIVEN / WHEN / THEN
    assert raw_body({"body": '{"a":"é"}', "isBase64Encoded": False}) == '{"a":"é"}'.encode()


def test_base64_body_is_decoded():
    # GIVEN a body API Gateway marked as base64
    event = {"body": base64.b64encode(b'{"a":1}').decode(), "isBase64Encoded": True}
    # WHEN / THEN the raw bytes come back
    assert raw_body(event) == b'{"a":1}'


@pytest.mark.parametrize("body", ["not base64!", "abc", "eyJh\nfQ=="])
def test_invalid_base64_is_a_bad_request(body):
    # GIVEN / WHEN / THEN
    with pytest.raises(BadRequest, match="^Request body is not valid base64$"):
        raw_body({"body": body, "isBase64Encoded": True})


def test_non_text_body_is_a_bad_request():
    # GIVEN a malformed proxy event whose body is not a string
    # WHEN / THEN
    with pytest.raises(BadRequest, match="^Request body must be text$"):
        raw_body({"body": {"a": 1}})


def test_lone_surrogate_in_body_text_is_a_bad_request():
    # GIVEN body text that has no UTF-8 form
    # WHEN / THEN
    with pytest.raises(BadRequest, match="^Request body is not valid UTF-8$"):
        raw_body({"body": "\ud800"})


@pytest.mark.parametrize("encoded", [False, True])
def test_body_of_exactly_256_kib_is_accepted_and_one_more_byte_refused(encoded):
    # GIVEN bodies of the limit and one byte over
    def event(size):
        data = b"x" * size
        return {"body": base64.b64encode(data).decode() if encoded else data.decode(), "isBase64Encoded": encoded}

    # WHEN / THEN
    assert len(raw_body(event(MAX_BODY_BYTES))) == MAX_BODY_BYTES
    with pytest.raises(PayloadTooLarge) as raised:
        raw_body(event(MAX_BODY_BYTES + 1))
    assert (raised.value.status_code, raised.value.message) == (413, "Request body exceeds 262144 bytes")


def test_headers_are_lower_cased_and_none_is_empty():
    # GIVEN / WHEN / THEN
    assert headers({"headers": {"Webhook-ID": "a", "X-Other": "b"}}) == {"webhook-id": "a", "x-other": "b"}
    assert headers({"headers": None}) == {}
    assert headers({}) == {}


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "Request body is not valid JSON"),
        (b"{not json", "Request body is not valid JSON"),
        (b'{"a": 1} trailing', "Request body is not valid JSON"),
        (b"\xff\xfe{}", "Request body is not valid UTF-8"),
        (b'{"amount": NaN}', "Request body contains NaN, which is not valid JSON"),
        (b'{"amount": Infinity}', "Request body contains Infinity, which is not valid JSON"),
        (b'{"amount": -Infinity}', "Request body contains -Infinity, which is not valid JSON"),
        (b'{"event_id": "a", "event_id": "b"}', "Request body contains duplicate key: event_id"),
        (b'{"x": {"k": 1, "k": 2}}', "Request body contains duplicate key: k"),
        (b"[" * 100_000 + b"]" * 100_000, "Request body is nested too deeply"),
        (b'{"amount": ' + b"9" * 5000 + b"}", "Request body is not valid JSON"),
    ],
)
def test_malformed_json_is_a_bad_request(raw, message):
    # GIVEN / WHEN / THEN
    assert bad_request(raw) == message


def test_huge_exponent_parses_as_infinity_and_is_refused():
    # GIVEN an amount that overflows a float
    raw = json.dumps({**VALID, "amount": 0}).replace('"amount": 0', '"amount": 1e400').encode()
    # WHEN / THEN
    assert bad_request(raw) == "Field amount must be a finite number"


CHANGED = "holds a number a 64-bit float cannot carry unchanged (too many significant digits, or out of range)"


@pytest.mark.parametrize(
    ("field", "literal"),
    [
        ("amount", "12345678901234567.89"),  # 17+ significant digits: would be queued as 1.2345678901234568e+16
        ("amount", "9007199254740993.0"),  # 2**53 + 1 with a fraction: a float has no such value
        ("amount", "1e-400"),  # underflows to 0.0
        ("x", "1e400"),  # overflows to infinity
        ("x", "4.9e-324"),  # a subnormal that reads as 5e-324
        ("x", "0.1000000000000000000001"),
        ("x", "0e99999999999999999999"),  # zero, but an exponent Decimal cannot read: not verifiable
    ],
)
def test_a_number_a_float_would_change_is_refused_naming_its_field(field, literal):
    # GIVEN a number that the router's runtime would read changed, as a field and deep in a nested extra
    for name, value in ((field, literal), ("nested", '{"y": [1, ' + literal + "]}")):
        raw = json.dumps({**VALID, name: "__X__"}).replace('"__X__"', value).encode()
        # WHEN / THEN it is an invalid event (400), naming the top-level field
        with pytest.raises(InvalidEvent) as refused:
            parse_event(raw)
        assert refused.value.message == f"Field {name!r} {CHANGED}"


@pytest.mark.parametrize("literal", ["0.1", "10.50", "1e308", "-1.5E+3", "5e-324", "-0.0", "0.30000000000000004",
                                     "9007199254740993", "9" * 4300])
def test_a_number_that_keeps_its_value_is_read_as_the_router_will_read_it(literal):
    # GIVEN a number whose float (or int) has its value
    raw = json.dumps({**VALID, "x": "__X__"}).replace('"__X__"', literal).encode()
    # WHEN parsed and serialized THEN the router's json.loads reads the same value back
    handed_on = json.loads(serialize_event(parse_event(raw)), parse_float=Decimal)["x"]
    assert handed_on == Decimal(literal)


def test_parse_json_returns_any_json_value():
    # GIVEN / WHEN / THEN non-object values parse; the schema check refuses them later
    assert parse_json(b"[1, 2]") == [1, 2]
    assert bad_request(b"null") == "Request body must be a JSON object"


# ---------------------------------------------------------------- serialization


def test_serialized_event_is_compact_utf8_json_with_extras():
    # GIVEN an event with extra and non-ASCII fields
    event = {**VALID, "note": "Café", "nested": {"a": [1, 2.5]}}
    # WHEN it is serialized
    payload = serialize_event(event)
    # THEN it is compact, not ASCII-escaped, and round-trips
    assert payload == json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()
    assert "Café".encode() in payload
    assert json.loads(payload) == event


def test_event_that_grows_past_the_limit_when_serialized_is_refused():
    # GIVEN an event whose compact form exceeds 256 KiB, Lambda's asynchronous invoke limit
    event = {**VALID, "pad": "x" * MAX_BODY_BYTES}
    # WHEN / THEN
    assert MAX_EVENT_BYTES == 262_144
    with pytest.raises(PayloadTooLarge, match="^Event exceeds 262144 bytes$"):
        serialize_event(event)


@pytest.mark.parametrize("event_id", ["evt_1", "\U0001f600" * 512])  # the largest event_id: 512 4-byte characters
def test_an_event_is_handed_on_exactly_when_its_queue_message_with_attributes_fits(event_id):
    # GIVEN events whose queue message (body, and attributes counted as SQS counts them: names, types
    # and values in UTF-8) takes exactly 262,144 bytes, and one byte more
    attributes = len("event_id") + len("String") + len(event_id.encode()) + len("transaction_type") + len(
        "String") + len(VALID["transaction_type"])
    at_limit = {**VALID, "event_id": event_id, "pad": ""}
    at_limit["pad"] = "x" * (262_144 - attributes - len(serialize_event(at_limit)))
    over = {**at_limit, "pad": at_limit["pad"] + "x"}
    # WHEN / THEN the first is handed on (no reserve beyond the exact count), the second refused
    assert len(serialize_event(at_limit)) + attributes == 262_144
    with pytest.raises(PayloadTooLarge, match="^Event exceeds 262144 bytes as a queue message$"):
        serialize_event(over)


def test_an_event_whose_escapes_outgrow_the_queue_message_is_refused():
    # GIVEN an event whose invoke payload fits, but whose U+FFFE characters (3 bytes each) travel
    # to SQS as 6-byte escapes
    event = {**VALID, "note": "\ufffe" * 60_000}
    assert len(json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()) <= MAX_EVENT_BYTES
    # WHEN / THEN
    with pytest.raises(PayloadTooLarge, match="^Event exceeds 262144 bytes as a queue message$"):
        serialize_event(event)


def test_unpaired_surrogate_escape_is_a_bad_request():
    # GIVEN a body whose JSON escape decodes to a lone surrogate (in an extra field)
    event = parse_event(json.dumps({**VALID, "note": "n"}).replace('"n"', '"n\\ud800"').encode())
    # WHEN / THEN it can't be handed on as UTF-8, so it is a 400
    with pytest.raises(BadRequest, match="^Request body contains an unpaired Unicode surrogate$"):
        serialize_event(event)


def test_unpaired_surrogate_in_the_event_id_is_refused_naming_the_field():
    # GIVEN / WHEN / THEN the event_id check (what an SQS attribute can carry) refuses it first
    raw = json.dumps(VALID).replace('"evt_1"', '"evt_\\ud800"').encode()
    with pytest.raises(InvalidEvent, match="^Field event_id contains characters a queue message cannot carry$"):
        parse_event(raw)


@given(st.binary(max_size=300))
def test_arbitrary_bytes_end_as_an_event_or_an_http_error(raw):
    # GIVEN any bytes WHEN parsed and serialized
    try:
        serialize_event(parse_event(raw))
    except HttpError as error:
        # THEN refusals are 4xx only
        assert error.status_code in (400, 413)


@given(st.text(max_size=200))
def test_arbitrary_text_ends_as_an_event_or_a_4xx(text):
    # GIVEN any text, also wrapped in a valid event WHEN parsed and serialized
    for raw in (text, json.dumps({**VALID, "extra": text}, ensure_ascii=False)):
        try:
            serialize_event(parse_event(raw.encode("utf-8", "surrogatepass")))
        except HttpError as error:
            # THEN refusals are 4xx only
            assert error.status_code in (400, 413)
