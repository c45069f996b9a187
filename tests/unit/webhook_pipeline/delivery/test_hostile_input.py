"""Hostile API Gateway proxy events: never an exception, never a 5xx, nothing invalid claimed or routed.

Bodies are built from valid and hostile parts and are correctly signed most of
the time, so the examples reach the parser, the schema checks and the claim.
Validity is judged by an oracle written here from the SPEC's contract, not by
the validator's own code.
"""

import base64
import json
import math
import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

import hypothesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.webhook_pipeline.webhook_test_support import load_event, sign_headers

MAX_EXAMPLES = 1_000
TEMPLATE = load_event("payment_delivery.json")
TIMESTAMP_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})\Z", re.ASCII)
SQS_TEXT = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*\\Z")
MISSING = object()

# ---------------------------------------------------------------- the oracle


def _no_duplicates(pairs):
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)


def _reject(name):
    raise ValueError(name)


def _float_keeping_its_value(text):
    """The router's runtime reads a number with a fraction or exponent as a float: refused if that changes it."""
    value = float(text)
    try:
        if math.isfinite(value) and Decimal(repr(value)) == Decimal(text):
            return value
    except InvalidOperation:
        pass
    raise ValueError(f"{text} changes as a float")


def valid_event(raw: bytes):
    """The event if ``raw`` is a body the contract accepts, else None."""
    if len(raw) > 262_144:
        return None
    try:
        event = json.loads(raw.decode("utf-8"), parse_constant=_reject, object_pairs_hook=_no_duplicates,
                           parse_float=_float_keeping_its_value)
        json.dumps(event, ensure_ascii=False).encode("utf-8")  # lone surrogates
    except (ValueError, RecursionError, UnicodeError):
        return None
    if not isinstance(event, dict) or not {"event_id", "transaction_type", "amount", "timestamp"} <= set(event):
        return None
    event_id, kind, amount, stamp = (event[k] for k in ("event_id", "transaction_type", "amount", "timestamp"))
    if not (isinstance(event_id, str) and 1 <= len(event_id) <= 512 and SQS_TEXT.match(event_id)):
        return None
    if kind not in ("payment", "refund", "dispute") or not isinstance(kind, str):
        return None
    if isinstance(amount, bool) or not isinstance(amount, (int, float)) or not math.isfinite(amount):
        return None
    if not (isinstance(stamp, str) and TIMESTAMP_RE.match(stamp)):
        return None
    try:
        datetime.fromisoformat(stamp)
    except ValueError:
        return None
    compact = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    if len(compact.encode("utf-8")) > 262_144:
        return None  # Lambda's asynchronous invoke payload
    # the router's SQS message: U+FFFE/U+FFFF travel as 6-byte escapes; the attributes count too
    body = len(compact.encode("utf-8")) + 3 * (compact.count("\ufffe") + compact.count("\uffff"))
    attributes = len("event_idString" + "transaction_typeString") + len(event_id.encode("utf-8")) + len(kind)
    if body + attributes > 262_144:
        return None
    return event


# ---------------------------------------------------------------- strategies

event_ids = st.one_of(st.text(min_size=1, max_size=40), st.just(""), st.integers(), st.none(), st.text(min_size=513, max_size=600))
kinds = st.one_of(st.sampled_from(["payment", "refund", "dispute"]), st.sampled_from(["PAYMENT", "chargeback", ""]), st.integers(), st.booleans())
amounts = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False), st.integers(), st.booleans(), st.text(max_size=8),
    st.none(), st.lists(st.integers(), max_size=2),
)
stamps = st.one_of(
    st.sampled_from(["2026-11-23T10:00:00Z", "2026-11-23T10:00:00.123+01:00", "2026-11-23T10:00:00",
                     "2026-02-30T10:00:00Z", "23/11/2026", "2026-11-23T10:00:00Z\n", "2026-11-23T25:00:00Z"]),
    st.text(max_size=30), st.integers(),
)
json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10))
extras = st.dictionaries(st.text(max_size=8), st.recursive(json_leaf, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c, max_size=3), max_leaves=8), max_size=3)


@st.composite
def event_objects(draw):
    parts = {
        "event_id": draw(st.one_of(st.just(MISSING), event_ids)),
        "transaction_type": draw(st.one_of(st.just(MISSING), kinds)),
        "amount": draw(st.one_of(st.just(MISSING), amounts)),
        "timestamp": draw(st.one_of(st.just(MISSING), stamps)),
    }
    fields = {k: v for k, v in parts.items() if v is not MISSING}
    return {**draw(extras), **fields}


valid_events = st.builds(
    lambda event_id, kind, amount, stamp, extra: {**extra, "event_id": event_id, "transaction_type": kind, "amount": amount, "timestamp": stamp},
    st.text(min_size=1, max_size=40),
    st.sampled_from(["payment", "refund", "dispute"]),
    st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**30, 10**30)),
    st.sampled_from(["2026-11-23T10:00:00Z", "2026-11-23T10:00:00.5-05:30", "2000-01-01T00:00:00+00:00"]),
    extras,
)


def as_json(event) -> bytes:
    return json.dumps(event, ensure_ascii=False).encode("utf-8", "surrogatepass")


bodies = st.one_of(
    valid_events.map(as_json),
    event_objects().map(as_json),
    # NaN / Infinity literals in amount
    event_objects().map(lambda e: as_json({**e, "amount": "__X__"})).flatmap(
        lambda raw: st.sampled_from([b"NaN", b"Infinity", b"-Infinity", b"1e400", b"true", b'"12.5"']).map(
            lambda literal: raw.replace(b'"__X__"', literal))),
    # numbers a float would change, or keeps, as the amount of an otherwise valid event
    valid_events.map(lambda e: as_json({**e, "amount": "__X__"})).flatmap(
        lambda raw: st.sampled_from([b"12345678901234567.89", b"1e-400", b"4.9e-324", b"10.50", b"5e-324",
                                     b"9007199254740993", b"9007199254740993.0"]).map(
            lambda literal: raw.replace(b'"__X__"', literal))),
    st.binary(max_size=200),  # includes non-UTF-8
    st.sampled_from([b"", b"null", b"[]", b"42", b'"x"', b"{", b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000]),
    st.integers(262_000, 262_300).map(lambda n: as_json({"event_id": "big", "transaction_type": "payment", "amount": 1, "timestamp": "2026-11-23T10:00:00Z", "pad": "x" * n})),
)
header_cases = st.sampled_from([str.lower, str.upper, str.title, lambda s: s.swapcase()])


@st.composite
def proxy_events(draw):
    raw = draw(bodies)
    encode = draw(st.sampled_from(["text", "base64", "none", "not-a-string"]))
    if encode == "text":
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            body = raw.decode("utf-8", "surrogateescape")  # a str that has no UTF-8 form
    api_event = {**TEMPLATE, "headers": dict(TEMPLATE["headers"]), "multiValueHeaders": {}}
    api_event["isBase64Encoded"] = encode == "base64"
    api_event["body"] = {
        "text": body if encode == "text" else None,
        "base64": base64.b64encode(raw).decode("ascii"),
        "none": None,
        "not-a-string": 42,
    }[encode]
    signing = draw(st.sampled_from(["good", "good", "good", "bad", "missing"]))
    if signing != "missing":
        headers = sign_headers(raw if encode in ("text", "base64") else b"")
        if signing == "bad":
            headers["webhook-signature"] = "v1," + base64.b64encode(b"\0" * 32).decode()
        case = draw(header_cases)
        api_event["headers"].update({case(k): v for k, v in headers.items()})
    if draw(st.booleans()) and draw(st.booleans()):
        api_event["headers"] = draw(st.sampled_from([None, {}, [], "x"]))
    return api_event, raw, encode, signing


# ---------------------------------------------------------------- the property


def item_count(aws) -> int:
    return aws.dynamodb.scan(TableName=aws.table_name, Select="COUNT")["Count"]


@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(example=proxy_events())
def test_hostile_proxy_events_never_raise_never_5xx_and_nothing_invalid_is_claimed(aws, pipeline, validator, lambda_context, example):
    # GIVEN any proxy event, signed or not
    api_event, raw, encode, signing = example
    items_before, invokes_before = item_count(aws), pipeline.invoke_calls
    # WHEN the validator handles it
    response = validator.handler(api_event, lambda_context)
    # THEN a JSON response below 500, never an exception
    assert set(response) == {"statusCode", "headers", "body"}
    assert response["headers"] == {"Content-Type": "application/json"}
    status, body = response["statusCode"], json.loads(response["body"])
    hypothesis.event(f"status {status}")
    assert status < 500, body
    # THEN only a signed, valid, new event is claimed and handed on, and it is handed on unchanged
    headers = api_event["headers"]
    # (the headers may have been replaced after signing, by {} among others: then the delivery is unsigned)
    still_signed = isinstance(headers, dict) and "webhook-signature" in {k.lower() for k in headers}
    signed_valid = signing == "good" and still_signed \
        and encode in ("text", "base64") and valid_event(raw) is not None and _utf8(api_event, encode)
    if status == 200:
        assert signed_valid
        assert pipeline.invoke_calls == invokes_before + 1
        assert pipeline.pending[-1] == valid_event(raw)
        assert aws.item(body["event_id"])["status"] == {"S": "COMPLETED"}
    else:
        assert set(body) == {"error"} and 400 <= status < 500
        assert pipeline.invoke_calls == invokes_before
        assert item_count(aws) == items_before
        if signed_valid:
            assert (status, aws.item(valid_event(raw)["event_id"])) != (409, None)
            assert status == 409


def _utf8(api_event, encode) -> bool:
    if encode == "text":
        try:
            api_event["body"].encode("utf-8")
        except UnicodeEncodeError:
            return False
    return True
