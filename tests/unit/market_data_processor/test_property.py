"""Random bodies: the handler never raises, never alerts on an invalid message, never drops one.

"Invalid" is judged by a plain oracle independent of the parser (standard
json, ``datetime.fromisoformat``): every body it calls invalid must reach the
DLQ or be reported, and cause no write and no publish. A body that is neither
dead-lettered nor reported must be one the oracle calls valid.
"""

import json
import math
import re
from datetime import datetime, timezone
from decimal import Decimal
from itertools import count

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.unit.market_data_processor.market_data_support import sqs_record

FIELDS = ("symbol", "price", "timestamp")
_ids = count()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)
instants = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1))
# Valid values (as JSON text), prices around and at the thresholds...
VALID = {
    "symbol": st.from_regex(r"[A-Z0-9.\-]{1,12}", fullmatch=True).map(json.dumps),
    "price": st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(300), places=4).map(str)
    | st.sampled_from(["150", "50", "150.0000000001", "49.99", "1e2"]),
    "timestamp": instants.map(lambda d: json.dumps(d.replace(tzinfo=timezone.utc).isoformat())),
}
# ...and near misses or anything at all in their place.
ANY = {
    "symbol": st.from_regex(r"[a-z]{1,5}|[A-Z]{13,15}|[A-Z]{1,4}[ _][A-Z]|", fullmatch=True).map(json.dumps)
    | (st.text(max_size=14) | json_values).map(json.dumps),
    "price": st.sampled_from(["0", "-0.0", "0E-7", "-151", "NaN", "Infinity", "1e999", "1" * 40, "true", "false",
                              "null", '"151"', "[151]"])
    | st.decimals(allow_nan=False, allow_infinity=False).map(str)
    | json_values.map(json.dumps),
    "timestamp": (
        instants.map(datetime.isoformat)
        | instants.map(lambda d: d.date().isoformat())
        | instants.map(lambda d: d.replace(tzinfo=timezone.utc).isoformat(sep=" "))
        | st.text(max_size=30)
        | json_values
    ).map(json.dumps),
}


@st.composite
def bodies(draw) -> str:
    """Ticks with each field valid, wrong, missing or duplicated, plus extra fields; or any text."""
    # Hypothesis favours the smallest draw (0): 0 picks the common case here.
    if draw(st.integers(0, 7)) == 7:
        return draw(st.text(max_size=40))
    pairs = [
        (name, draw(ANY[name] if draw(st.integers(0, 4)) == 4 else VALID[name]))
        for name in FIELDS
        if draw(st.integers(0, 19)) < 19
    ]
    extras = draw(st.dictionaries(st.text(max_size=6), json_values, max_size=3))
    pairs += [(name, json.dumps(value)) for name, value in extras.items() if name not in FIELDS]
    if pairs and draw(st.integers(0, 9)) == 9:
        pairs.append(pairs[0])  # a duplicate key
    return "{" + ",".join(f"{json.dumps(name)}:{value}" for name, value in pairs) + "}"


def _unique(pairs):
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)


def _refuse(name):
    raise ValueError(name)


def plainly_invalid(body: str) -> bool:
    try:
        document = json.loads(body, object_pairs_hook=_unique, parse_constant=_refuse)
    except (ValueError, RecursionError):
        return True
    if not isinstance(document, dict) or any(name not in document for name in FIELDS):
        return True
    symbol, price, timestamp = (document[name] for name in FIELDS)
    if not isinstance(symbol, str) or not re.fullmatch(r"[A-Z0-9.\-]{1,12}", symbol):
        return True
    if isinstance(price, bool) or not isinstance(price, (int, float)) or not math.isfinite(price) or price <= 0:
        return True
    if not isinstance(timestamp, str):
        return True
    try:
        return datetime.fromisoformat(timestamp).tzinfo is None
    except ValueError:
        return True


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies())
def test_random_bodies(md_aws, md_calls, md_handler, md_context, body):
    # GIVEN any body, in its own message
    message_id = f"prop-{next(_ids)}"
    md_calls.clear()
    # WHEN the handler runs (it must not raise)
    result = md_handler({"Records": [sqs_record(body, message_id)]}, md_context)
    # THEN the message is reported, dead-lettered, or valid
    reported = result["batchItemFailures"] == [{"itemIdentifier": message_id}]
    dead = [m["MessageAttributes"]["source_message_id"]["StringValue"] for m in md_aws.dead_letters()]
    assert result["batchItemFailures"] in ([], [{"itemIdentifier": message_id}])
    assert dead in ([], [message_id]) and not (reported and dead)
    if plainly_invalid(body):
        assert reported or dead
        assert "dynamodb:PutItem" not in md_calls and "sns:Publish" not in md_calls
    if not reported and not dead:
        assert not plainly_invalid(body)
    event("oracle: invalid" if plainly_invalid(body) else "oracle: valid")
    event("reported" if reported else "dead-lettered" if dead else "alert" if "sns:Publish" in md_calls else "no alert")
    md_aws.published()  # drain the tap queue for the next example
