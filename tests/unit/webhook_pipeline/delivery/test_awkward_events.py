"""Signed, well-formed deliveries with awkward content, through validator, router and queue, on clients that
refuse what the real DynamoDB, Lambda and SQS refuse (``tests.fixtures.aws_limits``).

Each delivery ends in exactly one defined state: *routed* (200, the claim COMPLETED, the event in its type's
queue exactly once, as sent: every number with the value it was sent with, compared as decimals) or *refused*
(a 4xx naming the problem, nothing claimed, nothing routed). Never a 5xx, never a claim without its event
queued, never an event in the router's failure queue. A number that a 64-bit float would change (the router's
runtime reads every number with a fraction or an exponent as one) is refused with a 400 naming its field.

The oracle is written here from the contract: JSON text built by the test (numbers as raw text), the limits
of the services as ``aws_limits`` states them. It never calls the validator's or the router's own checks.
"""

import json
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, List, Optional, Set

import boto3
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.fixtures.aws_limits import RealLimits, problems
from tests.fixtures.raw_json import Raw, to_json
from tests.unit.webhook_pipeline.webhook_test_support import make_delivery

BASE = {"event_id": "evt_awkward", "transaction_type": "payment", "amount": 12.5,
        "timestamp": "2026-11-23T10:00:00Z"}
MAX_INVOKE_BYTES = 262_144
MAX_MESSAGE_BYTES = 262_144  # the contract: an accepted event fits the invoke and the SQS message with attributes


def nest(levels: int) -> list:
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value


# ---------------------------------------------------------------- the oracle


def depth(value: Any) -> int:
    """Levels of objects and arrays, the value itself counting as 1."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        current, level = pending.pop()
        if isinstance(current, (dict, list)):
            deepest = max(deepest, level)
            pending.extend((child, level + 1) for child in (current.values() if isinstance(current, dict)
                                                             else current))
    return deepest


def float_changes(text: str) -> bool:
    """Whether the float the router's runtime reads for this number (written ``text``) has another value."""
    value = float(text)
    try:
        return not math.isfinite(value) or Decimal(repr(value)) != Decimal(text)
    except InvalidOperation:  # an exponent beyond what Decimal reads
        return True


class Changed(float):
    """A number the oracle found a float would change."""


def fields_with_changed_numbers(raw: bytes) -> Set[str]:
    """The top-level fields holding, at any depth, a number a float would change."""
    event = json.loads(raw, parse_float=lambda text: Changed(text) if float_changes(text) else float(text))
    found = set()
    for name, value in event.items():
        pending = [value]
        while pending:
            current = pending.pop()
            if isinstance(current, (dict, list)):
                pending.extend(current.values() if isinstance(current, dict) else current)
            elif isinstance(current, Changed):
                found.add(name)
    return found


def names_a_field(error: str, fields: Set[str]) -> bool:
    """The validator names a field plainly (``Field amount ...``) or quoted and shortened (``Field 'x' ...``)."""
    return any(f"Field {name} " in error or f"Field {ascii(name)[:39]}" in error for name in fields)


def deliverable(raw: bytes) -> Optional[str]:
    """None when the contract has the event routed; else why it must be refused."""
    if len(raw) > MAX_INVOKE_BYTES:
        return "a body over 256 KiB"
    try:
        event = json.loads(raw)
    except ValueError:
        return "not JSON Python reads (an integer over 4300 digits)"
    except RecursionError:
        return "nested deeper than the parser reads"
    leaves = [event]
    while leaves:
        current = leaves.pop()
        if isinstance(current, dict):
            leaves.extend(current.values())
            leaves.extend(current.keys())
        elif isinstance(current, list):
            leaves.extend(current)
        elif isinstance(current, str) and re.search("[\ud800-\udfff]", current):
            return "a lone surrogate"
    if depth(event) > 64:
        return "nested deeper than 64 levels"
    compact = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    if len(compact.encode()) > MAX_INVOKE_BYTES:
        return "too large for the invoke"
    # the queue message: U+FFFE and U+FFFF travel as 6-byte escapes, SQS refusing the characters
    queued = len(compact.encode()) + 3 * (compact.count("\ufffe") + compact.count("\uffff"))
    attributes = len("event_id") + len("String") + len(event["event_id"].encode()) + len(
        "transaction_type") + len("String") + len(event["transaction_type"])
    if queued + attributes > MAX_MESSAGE_BYTES:
        return "too large as a queue message"
    if fields_with_changed_numbers(raw):
        return CHANGED_NUMBER
    return None


CHANGED_NUMBER = "a number a 64-bit float would change"


@pytest.fixture
def real_limits(aws, pipeline):
    """Every client the validator and router build from now on refuses what the real services refuse;
    the router's invoke payload is checked against Lambda's asynchronous limit."""
    limits = RealLimits({aws.table_name: ("event_id",)})
    events = boto3.DEFAULT_SESSION.events
    events.register("before-parameter-build", limits.check)
    invoke = pipeline.invoke

    def checked_invoke(**kwargs):
        found = problems("lambda", "Invoke", kwargs)
        if found:
            limits.refused.append(("lambda:Invoke", found))
        return invoke(**kwargs)

    pipeline.invoke = checked_invoke
    yield limits
    events.unregister("before-parameter-build", limits.check)


def deliver(aws, pipeline, validator, context, limits, event_text: str) -> str:
    """Deliver one signed body; assert it ended in exactly one defined state; that state."""
    raw = event_text.encode("utf-8", "surrogatepass")
    response = validator.handler(make_delivery(body=raw, base64_encoded=True), context)
    pipeline.run()
    status, answer = response["statusCode"], json.loads(response["body"])
    routed = {kind: [json.loads(m["Body"], parse_float=Decimal) for m in messages]
              for kind, messages in pipeline.routed().items()}
    failures = pipeline.failures()
    claims = aws.dynamodb.scan(TableName=aws.table_name)["Items"]
    for claim in claims:  # the next delivery starts from an empty table
        aws.dynamodb.delete_item(TableName=aws.table_name, Key={"event_id": claim["event_id"]})
    for kind in pipeline.received:
        pipeline.received[kind].clear()
    assert (limits.refused, failures) == ([], []), "a request the real services refuse, or a lost event"
    expected = deliverable(raw)
    if expected is None:
        event = json.loads(raw, parse_float=Decimal)
        assert (status, answer["event_id"]) == (200, event["event_id"])
        assert routed == {kind: ([event] if kind == event["transaction_type"] else []) for kind in routed}
        assert [(c["event_id"]["S"], c["status"]["S"]) for c in claims] == [(event["event_id"], "COMPLETED")]
        return "routed"
    assert 400 <= status < 500 and set(answer) == {"error"} and answer["error"], (expected, status, answer)
    if expected == CHANGED_NUMBER:
        assert status == 400 and names_a_field(answer["error"], fields_with_changed_numbers(raw)), answer
    assert (claims, routed) == ([], {kind: [] for kind in routed}), expected
    return "refused"


# ---------------------------------------------------------------- the classes of input, one example each

AWKWARD = {
    "1e400 as an extra field": ({"x": Raw("1e400")}, "refused"),
    "-1e400 in a nested extra": ({"x": {"y": [Raw("-1e400")]}}, "refused"),
    "U+FFFE 60000 times": ({"note": "\ufffe" * 60_000}, "refused"),
    "U+FFFF 40000 times": ({"note": "\uffff" * 40_000}, "routed"),
    "1e308": ({"x": Raw("1e308")}, "routed"),
    "1e-300": ({"x": Raw("1e-300")}, "routed"),
    "10**40": ({"x": Raw(str(10**40))}, "routed"),
    "40 significant digits": ({"x": Raw("0." + "1" * 40)}, "refused"),
    "0.1": ({"x": Raw("0.1")}, "routed"),
    "10.50": ({"x": Raw("10.50")}, "routed"),
    "1E+2": ({"x": Raw("1E+2")}, "routed"),
    "-0.0": ({"x": Raw("-0.0")}, "routed"),
    "5e-324 (the smallest subnormal's repr)": ({"x": Raw("5e-324")}, "routed"),
    "4.9e-324 (rounds to 5e-324)": ({"x": Raw("4.9e-324")}, "refused"),
    "1e-400 (underflows to 0.0)": ({"x": Raw("1e-400")}, "refused"),
    "0e99999999999999999999 (an exponent Decimal cannot read)": ({"x": Raw("0e99999999999999999999")}, "refused"),
    "17 digits that change": ({"x": Raw("9007199254740993.0")}, "refused"),
    "17 digits as an integer": ({"x": Raw("9007199254740993")}, "routed"),
    "17 digits that survive": ({"x": Raw("0.30000000000000004")}, "routed"),
    "amount 12345678901234567.89": ({"amount": Raw("12345678901234567.89")}, "refused"),
    "amount 1e-400": ({"amount": Raw("1e-400")}, "refused"),
    "a changed number deep in a list": ({"x": {"y": [1, [Raw("1.00000000000000000001")]]}}, "refused"),
    "4300-digit integer": ({"x": Raw("9" * 4300)}, "routed"),
    "4301-digit integer": ({"x": Raw("9" * 4301)}, "refused"),
    "60 levels of lists": ({"deep": nest(60)}, "routed"),
    "64 levels in all": ({"deep": nest(63)}, "routed"),
    "65 levels in all": ({"deep": nest(64)}, "refused"),
    "900 levels": ({"deep": Raw("[" * 900 + "]" * 900)}, "refused"),
    "lone surrogate value": ({"note": Raw('"\\ud800"')}, "refused"),
    "lone surrogate key": ({"x": Raw('{"\\udfff":1}')}, "refused"),
    "empty key": ({"": 1, "x": {"": 2}}, "routed"),
    "internal names": ({"status": "COMPLETED", "ttl": 1, "claim_token": "x", "claim_expires_at": 0}, "routed"),
    "long string": ({"note": "n" * 200_000}, "routed"),
    "string that fits the queue message": ({"note": "n" * 261_000}, "routed"),
    "string past the limit": ({"note": "n" * 262_100}, "refused"),
}


def test_awkward_deliveries_end_routed_or_refused_with_a_reason(aws, pipeline, validator, lambda_context,
                                                               real_limits):
    failed = {}
    for name, (extras, state) in AWKWARD.items():
        try:
            text = to_json({**BASE, "event_id": f"evt_{len(failed)}_{abs(hash(name))}", **extras})
            assert deliver(aws, pipeline, validator, lambda_context, real_limits, text) == state
        except Exception as error:  # noqa: BLE001 - collected, so one run names every failing class
            failed[name] = f"{type(error).__name__}: {str(error).splitlines()[0][:160] if str(error) else ''}"
            real_limits.refused.clear()
    assert failed == {}


def test_an_event_whose_queue_message_takes_exactly_the_limit_is_routed_and_one_byte_more_refused(
        aws, pipeline, validator, lambda_context, real_limits):
    # GIVEN bodies under 256 KiB whose U+FFFE characters grow by 3 bytes each into the queue message's escapes
    attributes = len("event_id") + len("String") + len("evt_exact") + len("transaction_type") + len("String") + len(
        "payment")
    event = {**BASE, "event_id": "evt_exact", "note": "\ufffe" * 1_000}
    body = len(to_json(event).encode()) + 3 * 1_000  # the message body: the event's JSON, escapes grown
    event["pad"] = ""
    event["pad"] = "x" * (MAX_MESSAGE_BYTES - attributes - body - len(',"pad":""'))
    over = {**event, "pad": event["pad"] + "x"}
    assert deliverable(to_json(event).encode()) is None and deliverable(to_json(over).encode()) is not None
    # WHEN / THEN the first is routed (and the real SQS limit, enforced on the router's client, takes it),
    # the second refused with 413
    assert deliver(aws, pipeline, validator, lambda_context, real_limits, to_json(event)) == "routed"
    response = validator.handler(make_delivery(body=to_json(over).encode()), lambda_context)
    assert (response["statusCode"], json.loads(response["body"])) == (
        413, {"error": "Event exceeds 262144 bytes as a queue message"})


# ---------------------------------------------------------------- generated deliveries

numbers = st.one_of(
    st.integers(-(10**60), 10**60).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.builds(lambda m, e: f"{m}e{e}", st.from_regex(r"-?[1-9][0-9]{0,40}(\.[0-9]{1,10})?", fullmatch=True),
              st.integers(-400, 400)),
    st.sampled_from(["1e400", "-1e400", "1e-400", str(10**40), "9" * 4301]),
)
leaves = st.one_of(
    st.none(), st.booleans(), numbers.map(Raw), st.text(max_size=8),
    st.sampled_from([Raw('"\\ud800"'), "\ufffe\uffff", "\u2028", "\x00"]),
    st.integers(1_000, 8_000).map(lambda n: "s" * n), st.integers(55, 70).map(nest),
)
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event_id=st.text(min_size=1, max_size=20).filter(lambda s: re.fullmatch("[\t\n\r -\ud7ff\ue000-\ufffd"
                                                                              "\U00010000-\U0010ffff]+", s)),
       kind=st.sampled_from(["payment", "refund", "dispute"]), amount=numbers,
       extras=st.dictionaries(st.text(max_size=6), values, max_size=4))
@example(event_id="e1", kind="refund", amount="1", extras={"x": Raw("1e400")})
@example(event_id="e2", kind="dispute", amount="1", extras={"note": "\ufffe" * 60_000})
@example(event_id="e3", kind="payment", amount="12345678901234567.89", extras={})
@example(event_id="e4", kind="payment", amount="10.50", extras={"x": [Raw("1e-400")]})
@example(event_id="e5", kind="refund", amount="10.50", extras={"x": {"y": Raw("0.1")}})
def test_every_signed_delivery_ends_routed_or_refused(aws, pipeline, validator, lambda_context, real_limits,
                                                      event_id, kind, amount, extras):
    fields = {"event_id": event_id, "transaction_type": kind, "amount": Raw(amount),
              "timestamp": "2026-11-23T10:00:00.5+05:30"}
    deliver(aws, pipeline, validator, lambda_context, real_limits,
            to_json({**{k: v for k, v in extras.items() if k not in fields}, **fields}))


# ---------------------------------------------------------------- the router, invoked directly


def test_the_router_refuses_before_sending_what_sqs_would_refuse(aws, router, lambda_context):
    limits = RealLimits()
    limits.enforce(router.get_sqs_client())  # the client is this test's own (``aws`` resets it)
    for event in ({**BASE, "note": "\ufffe" * 60_000}, {**BASE, "event_id": "evt_\x01"},
                  {**BASE, "note": "n" * 262_144}):
        with pytest.raises(ValueError, match="cannot be queued: message"):
            router.handler(event, lambda_context)
    assert limits.refused == [] and all(aws.messages(kind) == [] for kind in aws.queue_urls)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=st.fixed_dictionaries({"event_id": st.text(min_size=1, max_size=8),
                                    "transaction_type": st.sampled_from(["payment", "refund", "dispute"])},
                                   optional={"note": st.text(max_size=20) | st.integers(0, 70_000).map(
                                       lambda n: "\uffff" * n)}))
def test_the_router_queues_an_event_once_or_raises_with_the_reason(aws, router, lambda_context, event):
    limits = RealLimits()
    client = limits.enforce(router.get_sqs_client())
    try:
        router.handler(event, lambda_context)
        raised = None
    except ValueError as error:
        raised = str(error)
    finally:
        limits.release(client)
    queued = {}
    for kind, url in aws.queue_urls.items():
        messages = aws.messages(kind)
        queued[kind] = [json.loads(m["Body"]) for m in messages]
        for message in messages:
            aws.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    assert limits.refused == []
    if raised is None:
        assert queued == {kind: ([event] if kind == event["transaction_type"] else []) for kind in queued}
    else:
        assert "cannot be queued" in raised and queued == {kind: [] for kind in queued}
