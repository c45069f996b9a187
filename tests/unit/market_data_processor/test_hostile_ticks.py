"""Well-formed ticks with awkward content: each ends in exactly one defined state, on clients that refuse
what the real DynamoDB, SNS and SQS refuse (``tests.fixtures.aws_limits``).

The states: *done* (one alert stored with the tick's own values, SENT, published once), *no alert* (the
price is within the thresholds: nothing written), *parked* (in the DLQ with a reason naming the price or
the conflict). Never reported for SQS to retry (every AWS call here succeeds), never silently nothing.

The oracle is written here from the contract: JSON text built by the test (numbers as raw text, so
``1e999999999999999999999`` and 40-digit numbers reach the parser as sent), numbers judged by their digits
and exponent, timestamps by ``datetime``. It never calls the handler's own checks.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from itertools import count
from typing import Any, Dict, List, Optional, Tuple

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.fixtures.aws_limits import RealLimits
from tests.fixtures.raw_json import Raw, to_json
from tests.unit.market_data_processor.market_data_support import AT, AT_KEY, sqs_event, sqs_record

OWN_NAMES = ("status", "ttl", "alert_type", "threshold")
MAX_EXTRAS_TEXT = 180 * 1024  # the contract's room for extra fields in the published JSON
HIGH, LOW = Decimal(150), Decimal(50)
_ids = count()


def body_of(symbol: str, price: str, timestamp: str, extras: Dict[str, Any]) -> str:
    fields = {"symbol": symbol, "price": Raw(price), "timestamp": timestamp}
    fields.update((name, value) for name, value in extras.items() if name not in fields)
    return to_json(fields, ascii_only=True)


# ---------------------------------------------------------------- the oracle

_NUMBER = re.compile(r"(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?")


def number_verdict(text: str) -> str:
    """``ok`` (or ``zero``), ``bad`` or ``unsure``: whether DynamoDB (through boto3) holds this JSON number.

    At most 38 significant digits (leading and trailing zeros trimmed), 0 or 1E-130 <= |n| < 1E+126;
    ``unsure`` just above 1E-130, where boto3's own subnormal rounding may refuse long numbers.
    """
    sign, whole, fraction, exponent = _NUMBER.fullmatch(text).groups()
    digits = (whole + (fraction or "")).lstrip("0")
    significant = digits.rstrip("0")
    if not significant:
        return "zero"  # however written: 0e999999999999999999999 too
    # adjusted exponent: the power of ten of the first significant digit
    leading = len(whole.lstrip("0")) - 1 if whole.lstrip("0") else -(len(fraction) - len(fraction.lstrip("0")) + 1)
    adjusted = int(exponent or 0) + leading
    if len(significant) > 38 or not -130 <= adjusted <= 125:
        return "bad"
    return "unsure" if adjusted < -128 else "ok"


def name_is_bad(name: str) -> bool:
    """Empty, a lone surrogate, or over DynamoDB's 65,535 bytes."""
    return name == "" or bool(re.search("[\ud800-\udfff]", name)) or len(name.encode("utf-8")) > 65_535


def value_verdict(value: Any, level: int = 2) -> str:
    """The worst verdict inside an extra field's value (the message object is level 1)."""
    if isinstance(value, Raw):
        return number_verdict(value.text).replace("zero", "ok")
    if isinstance(value, str):
        return "bad" if re.search("[\ud800-\udfff]", value) else "ok"
    if isinstance(value, (dict, list)):
        if level > 32:
            return "bad"
        if isinstance(value, dict) and any(name_is_bad(key) for key in value):
            return "bad"
        verdicts = {value_verdict(item, level + 1) for item in (value.values() if isinstance(value, dict) else value)}
        return "bad" if "bad" in verdicts else "unsure" if "unsure" in verdicts else "ok"
    return "ok"


def plain(value: Any) -> Any:
    """The value as the alert would hold it: numbers as Decimal."""
    if isinstance(value, Raw):
        return Decimal(0) if number_verdict(value.text) == "zero" else Decimal(value.text)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def range_key(timestamp: str) -> str:
    instant = datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone(timezone.utc)
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond:06d}000Z"


@dataclass
class Outcome:
    reported: bool
    alerts: List[Dict[str, Any]]
    published: List[Dict[str, Any]]
    message_texts: List[str]
    parked: List[Tuple[str, str]]  # (source message id, reason)


def outcome_of(md_aws, result, message_id: str) -> Outcome:
    reported = result["batchItemFailures"] == [{"itemIdentifier": message_id}]
    texts = [m["Body"] for m in md_aws.published()]
    published = [json.loads(text, parse_float=Decimal, parse_int=Decimal) for text in texts]
    parked = [(m["MessageAttributes"]["source_message_id"]["StringValue"],
               m["MessageAttributes"]["error_reason"]["StringValue"]) for m in md_aws.dead_letters()]
    return Outcome(reported, md_aws.alerts(), published, texts, parked)


def assert_done(outcome: Outcome, symbol: str, price: str, timestamp: str, extras: Dict[str, Any]) -> None:
    """One alert with the tick's own values, SENT, published once; extras kept or ignored as the oracle says."""
    alert_type, threshold = ("HIGH", HIGH) if Decimal(price) > HIGH else ("LOW", LOW)
    assert not outcome.reported and outcome.parked == []
    [alert], [message] = outcome.alerts, outcome.published
    own = {"symbol": symbol, "timestamp": range_key(timestamp), "price": Decimal(price), "alert_type": alert_type,
           "threshold": threshold}
    assert {name: alert[name] for name in own} == own and alert["status"] == "SENT"
    assert {name: message[name] for name in own} == own and "status" not in message and "ttl" not in message
    over_budget = len(to_json(extras, ascii_only=True)) > MAX_EXTRAS_TEXT  # then which fields fit is the handler's choice
    for name, value in extras.items():
        if name in own or name in OWN_NAMES:
            continue
        verdict = "bad" if name_is_bad(name) else value_verdict(value)
        if verdict == "ok" and not over_budget:
            assert alert[name] == plain(value) and message[name] == plain(value), name
        elif verdict == "bad":
            assert name not in alert and name not in message, name
    kept = set(alert) - set(own) - {"status", "ttl"}
    assert kept <= set(extras) and kept == set(message) - set(own)
    assert len(outcome.message_texts[0]) <= MAX_EXTRAS_TEXT + 512  # own fields: under 512 bytes


def expected_state(price: str) -> str:
    if price.startswith("-") or number_verdict(price) in ("bad", "zero"):
        return "parked"
    if number_verdict(price) == "unsure":
        return "unsure"
    return "no alert" if LOW <= Decimal(price) <= HIGH else "done"


def check(md_aws, md_handler, md_context, limits, symbol, price, timestamp, extras) -> str:
    for item in md_aws.alerts():  # each example starts from an empty table (Hypothesis reruns failing ones)
        md_aws.dynamodb.delete_item(TableName=md_aws.table, Key={"symbol": {"S": item["symbol"]},
                                                                 "timestamp": {"S": item["timestamp"]}})
    limits.refused.clear()
    message_id = f"hostile-{next(_ids)}"
    body = body_of(symbol, price, timestamp, extras)
    result = md_handler({"Records": [sqs_record(body, message_id)]}, md_context)
    outcome = outcome_of(md_aws, result, message_id)
    assert limits.refused == []
    state = expected_state(price)
    if state == "unsure":
        state = "parked" if outcome.parked else "done"
    if state == "done":
        assert_done(outcome, symbol, price, timestamp, extras)
    elif state == "no alert":
        assert (outcome.reported, outcome.alerts, outcome.published, outcome.parked) == (False, [], [], [])
    else:
        assert (outcome.reported, outcome.alerts, outcome.published) == (False, [], [])
        [(parked_id, reason)] = outcome.parked
        assert parked_id == message_id and reason.startswith("price ")
    return state


@pytest.fixture
def limits(md_aws) -> RealLimits:
    from market_data.aws_clients import clients

    real = RealLimits({md_aws.table: ("symbol", "timestamp")})
    for service in ("dynamodb", "sns", "sqs"):
        real.enforce(clients.get(service))
    return real


# ---------------------------------------------------------------- the classes of input, one example each

def nest(levels: int) -> list:
    """Empty lists nested ``levels`` deep."""
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value


AWKWARD_EXTRAS = {
    "internal names": {"status": "SENT", "ttl": Raw("1"), "alert_type": "LOW", "threshold": Raw("0")},
    "empty key": {"": "x", "venue": "XNAS"},
    "empty nested key": {"book": {"": Raw("1")}, "venue": "XNAS"},
    "long string": {"note": "n" * 5_000},
    "long name": {"n" * 5_000: "x"},
    "name over 64 KB": {"n" * 70_000: "x", "venue": "XNAS"},
    "60 levels of lists": {"deep": nest(60), "venue": "XNAS"},
    "32 levels in all": {"deep": nest(31)},
    "33 levels in all": {"deep": nest(32), "venue": "XNAS"},
    "lone surrogate value": {"note": "\ud800", "venue": "XNAS"},
    "lone surrogate name": {"\udfff": "x", "venue": "XNAS"},
    "U+FFFF": {"note": "\uffff\ufffe"},
    "1e308": {"x": Raw("1e308"), "venue": "XNAS"},
    "1e-300": {"x": Raw("1e-300"), "venue": "XNAS"},
    "10**40": {"x": Raw(str(10**40))},
    "39 significant digits": {"x": Raw("1" * 39), "venue": "XNAS"},
    "above 9.99..E+125": {"x": Raw("1E+126"), "venue": "XNAS"},
    "below 1E-130": {"x": Raw("9.9E-131"), "venue": "XNAS"},
    "exponent past Decimal": {"x": Raw("1e999999999999999999999"), "venue": "XNAS"},
    "extras past 180 KiB": {"a": "a" * 150_000, "b": "b" * 50_000},
}


def failed_cases(cases: Dict[str, Any], run) -> Dict[str, str]:
    """``run(case)`` for every case (one moto set-up for all): the failing ones, with their error."""
    failed = {}
    for name, case in cases.items():
        try:
            run(case)
        except Exception as error:  # noqa: BLE001 - collected, so one run names every failing class
            failed[name] = f"{type(error).__name__}: {str(error).splitlines()[0][:160] if str(error) else ''}"
    return failed


def test_awkward_extra_fields_never_stop_the_alert(md_aws, md_handler, md_context, limits):
    # GIVEN a HIGH tick carrying awkward extra fields, one class at a time
    def run(extras):
        # WHEN it is handled, THEN its alert is done, each extra field kept or ignored as the oracle says
        assert check(md_aws, md_handler, md_context, limits, "AAPL", "151.25", AT, extras) == "done"

    assert failed_cases(AWKWARD_EXTRAS, run) == {}


PRICES = {
    "1e308": "parked", "1e-300": "parked", "1E+126": "parked", "9.9E-131": "parked", "1" * 39: "parked",
    "1e999999999999999999999": "parked", "-1e999999999999999999999": "parked", "0e-200": "parked",
    str(10**40): "done", "9.9999999999999999999999999999999999999E+125": "done", "1E-130": "done",
    "150.0000000000000000000000000000000001": "done", "49.999999999999999999999999999999999999": "done",
    "150.00000000000000000000000000000000000000000": "no alert",
}


def test_prices_across_the_whole_decimal_range(md_aws, md_handler, md_context, limits):
    # GIVEN prices at and beyond DynamoDB's range and precision; THEN stored exactly, or parked naming the price
    def run(price):
        assert check(md_aws, md_handler, md_context, limits, "AAPL", price, AT, {"venue": "XNAS"}) == PRICES[price]

    assert failed_cases({price: price for price in PRICES}, run) == {}


def test_extras_that_cannot_be_stored_are_named_in_the_log(md_aws, md_handler, md_context, caplog):
    body = body_of("AAPL", "151", AT, {"": 1, "x": Raw("1e308"), "venue": "XNAS"})
    md_handler(sqs_event([body]), md_context)
    [line] = [json.loads(r.getMessage()) for r in caplog.records if r.name == "market_data_processor"]
    assert line["outcome"] == "alert_sent"
    assert line["ignored_fields"] == {
        "''": "the name is empty",
        "'x'": "number 1E+308 has more than 38 digits or is out of DynamoDB's range",
    }


# ---------------------------------------------------------------- two ticks, one key


def test_a_second_tick_at_another_price_for_the_same_instant_is_parked(md_aws, md_handler, md_context, limits):
    # GIVEN a HIGH tick alerted, then a LOW tick for the same symbol at the same instant, written in UTC+2
    md_handler(sqs_event([body_of("AAPL", "151", AT, {})], "first"), md_context)
    md_aws.published()
    result = md_handler(sqs_event([body_of("AAPL", "49", "2026-11-23T12:00:00+02:00", {})], "second"), md_context)
    # THEN the first alert stands, and the second tick is parked with the reason, not dropped
    assert result == {"batchItemFailures": []}
    assert [(a["price"], a["status"]) for a in md_aws.alerts()] == [(151, "SENT")]
    assert md_aws.published() == []
    [parked] = md_aws.dead_letters()
    assert parked["MessageAttributes"]["error_reason"]["StringValue"] == (
        f"another tick's alert for AAPL at {AT_KEY} is stored (price 151): one alert per symbol and instant")


def test_a_second_tick_with_other_extra_fields_is_parked(md_aws, md_handler, md_context, limits):
    md_handler(sqs_event([body_of("AAPL", "151", AT, {"venue": "XNAS"})], "first"), md_context)
    md_handler(sqs_event([body_of("AAPL", "151.0", AT, {"venue": "XNYS"})], "second"), md_context)
    assert [a["venue"] for a in md_aws.alerts()] == ["XNAS"]
    assert [m["MessageAttributes"]["source_message_id"]["StringValue"] for m in md_aws.dead_letters()] == [
        "second-0"]


def test_a_redelivery_and_the_same_tick_spelled_otherwise_are_one_alert(md_aws, md_handler, md_context, limits):
    # GIVEN one tick, then the same values with numbers and the instant written otherwise
    first = body_of("AAPL", "151.50", AT, {"size": Raw("100"), "book": [Raw("1.0")]})
    md_handler(sqs_event([first, first], "first"), md_context)
    md_handler(sqs_event([body_of("AAPL", "1.515e2", "2026-11-23T10:00:00.000Z", {"size": Raw("1E+2"),
                                                                                    "book": [Raw("1")]})]),
               md_context)
    # THEN one alert, published once, nothing parked
    assert len(md_aws.alerts()) == 1 and len(md_aws.published()) == 1 and md_aws.dead_letters() == []


# ---------------------------------------------------------------- generated ticks


def decimal_texts() -> st.SearchStrategy[str]:
    """JSON numbers across the whole decimal range: 1 to 45 digits, exponents from -400 to 400, and beyond."""
    mantissa = st.builds(
        lambda whole, fraction: whole + ("." + fraction if fraction else ""),
        st.from_regex(r"[1-9][0-9]{0,24}|0", fullmatch=True), st.from_regex(r"[0-9]{0,20}", fullmatch=True))
    exponent = st.one_of(st.just(""), st.integers(-400, 400).map(lambda e: f"e{e}"),
                         st.sampled_from(["e999999999999999999999", "e-999999999999999999999"]))
    return st.one_of(
        st.builds(lambda m, e: m + e, mantissa, exponent),
        st.floats(min_value=0, exclude_min=True, allow_infinity=False).map(repr),
        st.sampled_from(["1e308", "1e-300", str(10**40), "9.9999999999999999999999999999999999999E+125",
                         "1E-130", "150", "50", "150.0000000001", "49.99"]),
    )


names = st.one_of(st.sampled_from(OWN_NAMES + ("", "\ud800", "venue")), st.text(max_size=6),
                  st.integers(300, 3_000).map(lambda n: "k" * n))
leaves = st.one_of(
    st.none(), st.booleans(), st.text(max_size=6), decimal_texts().map(Raw),
    st.integers(1_000, 5_000).map(lambda n: "s" * n), st.sampled_from(["\ud800", "\uffff"]),
    st.integers(30, 60).map(nest),
)
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(names, inner, max_size=3),
                      max_leaves=6)
timestamps = st.builds(
    lambda moment, zone: moment.replace(tzinfo=timezone(timedelta(minutes=zone))).isoformat().replace("+00:00", "Z"),
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31)), st.integers(-23 * 60, 23 * 60))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(symbol=st.from_regex(r"[A-Z0-9.\-]{1,12}", fullmatch=True), price=decimal_texts(), timestamp=timestamps,
       extras=st.dictionaries(names, values, max_size=4))
@example(symbol="AAPL", price="151.25", timestamp=AT, extras={"n" * 70_000: "x"})
@example(symbol="AAPL", price="151.25", timestamp=AT, extras={"x": Raw("1e308")})
@example(symbol="AAPL", price="1e999999999999999999999", timestamp=AT, extras={})
@example(symbol="AAPL", price=str(10**40), timestamp=AT, extras={})
def test_every_well_formed_tick_ends_in_one_defined_state(md_aws, md_handler, md_context, limits, symbol, price,
                                                          timestamp, extras):
    check(md_aws, md_handler, md_context, limits, symbol, price, timestamp, extras)
