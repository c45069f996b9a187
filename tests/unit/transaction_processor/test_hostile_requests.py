"""transaction-api with awkward query strings, path parameters, headers and bodies, in the generated proxy
event's shape, on clients that refuse what the real DynamoDB refuses (``tests.fixtures.aws_limits``).

Each request ends in exactly one defined state: *answered* (200: POST /upload recorded exactly one PENDING
upload; a GET read what is stored, the contract's fields only) or *refused* (a 4xx naming the problem,
nothing written). Never a 5xx, never a write from a GET. The oracle is the API contract written out here.
"""

import json
import re
from typing import Any, Dict, List, Optional

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.fixtures.aws_limits import RealLimits
from tests.unit.transaction_processor.transaction_api_support import (  # noqa: F401 - fixture
    UPLOAD_ID,
    api,
    api_event,
    call,
    seed_transaction,
)

TRANSACTION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
UPLOAD_ID_RULE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
CONTRACT_FIELDS = {"transaction_id", "upload_id", "merchant_id", "amount", "currency", "card_last4", "timestamp",
                   "row_number", "status", "anomaly_reasons"}
# Stored next to the contract's fields: what another writer could leave, never to be served
AWKWARD_ATTRIBUTES = {
    "card_number": {"S": "4111 1111"}, "huge": {"N": "9.9999999999999999999999999999999999999E+125"},
    "tiny": {"N": "1E-130"}, "deep": {"L": [{"L": [{"M": {"k": {"N": "1"}}}]}]}, "big": {"S": "b" * 20_000},
    "flags": {"SS": ["\ufffe", "\U0001F600"]}, "nothing": {"NULL": True},
}


@pytest.fixture
def limits(api, tp_aws) -> RealLimits:
    from upload_api import aws_clients

    real = RealLimits({tp_aws.transactions_table: ("transaction_id",), tp_aws.upload_results_table: ("upload_id",)})
    real.enforce(aws_clients.client("dynamodb"))
    return real


def items(tp_aws) -> List[Dict[str, Any]]:
    return [item for table in (tp_aws.transactions_table, tp_aws.upload_results_table)
            for item in tp_aws.dynamodb.scan(TableName=table)["Items"]]


def item_count(tp_aws) -> int:
    return sum(tp_aws.dynamodb.scan(TableName=table, Select="COUNT")["Count"]
               for table in (tp_aws.transactions_table, tp_aws.upload_results_table))


def expected_status(route: str, parameter: Any, stored: bool) -> int:
    if route == "post":
        return 200
    rule = TRANSACTION_ID if route == "status" else UPLOAD_ID_RULE
    if not isinstance(parameter, str) or not rule.fullmatch(parameter):
        return 400
    return 200 if stored else 404


def request(api, tp_aws, limits, route: str, parameter: Any, query: Optional[Dict[str, Any]], body: Any,
            base64_body: bool, headers: Dict[str, str]) -> int:
    """One request; asserts its end state against the contract; its status."""
    name = {"post": "post_upload", "status": "get_status", "upload": "get_upload"}[route]
    event = api_event(name)
    if route != "post":
        event["pathParameters"] = {"transaction_id" if route == "status" else "upload_id": parameter}
    event["queryStringParameters"] = query
    event["multiValueQueryStringParameters"] = None if query is None else {k: [v] for k, v in query.items()}
    event.update(body=body, isBase64Encoded=base64_body)
    event["headers"].update(headers)
    event["multiValueHeaders"].update({k: [v] for k, v in headers.items()})
    before = item_count(tp_aws)  # the seeded items themselves are compared once, at the end (``unchanged``)
    status, answer, _headers = call(api, event)
    after = item_count(tp_aws)
    assert limits.refused == []
    stored = parameter == {"status": "txn-0001", "upload": UPLOAD_ID}.get(route)
    assert status == expected_status(route, parameter, stored), (route, parameter, answer)
    if status != 200:
        assert set(answer) == {"error"} and answer["error"] and after == before
    elif route == "post":
        new = tp_aws.dynamodb.get_item(TableName=tp_aws.upload_results_table,
                                       Key={"upload_id": {"S": answer["upload_id"]}})["Item"]
        assert after == before + 1 and new["status"] == {"S": "PENDING"}
        assert answer["object_key"] == f"uploads/{answer['upload_id']}.csv" and UPLOAD_ID_RULE.fullmatch(
            answer["upload_id"])
    else:
        assert after == before and set(answer) <= (CONTRACT_FIELDS if route == "status" else set(answer))
        assert not set(answer) & set(AWKWARD_ATTRIBUTES)
    return status


@pytest.fixture
def seeded(tp_aws):
    """The two items the GETs find, with awkward attributes; unchanged by every request of the test."""
    seed_transaction(tp_aws, **AWKWARD_ATTRIBUTES)
    tp_aws.dynamodb.put_item(TableName=tp_aws.upload_results_table, Item={
        "upload_id": {"S": UPLOAD_ID}, "status": {"S": "PROCESSED"}, "object_key": {"S": f"uploads/{UPLOAD_ID}.csv"},
        "created_at": {"S": "2026-01-01T00:00:00Z"}, "rows_total": {"N": "1"}, "rows_accepted": {"N": "1"},
        "rows_rejected": {"N": "0"}, "errors": {"L": []}, "ttl": {"N": "1775001600"}, **AWKWARD_ATTRIBUTES})
    before = items(tp_aws)
    yield
    assert [item for item in items(tp_aws) if item["status"] != {"S": "PENDING"}] == before


# ---------------------------------------------------------------- the classes of input

AWKWARD_IDS = ["txn-0001", UPLOAD_ID, "a" * 64, "a" * 65, "t" * 5000, "", "txn 1", "txn%2F1", "../txn", "\u0661\u0662",
               "txn-\ud800", "txn\n", UPLOAD_ID.upper(), "00000000-0000-0000-0000-000000000000",
               "{" + UPLOAD_ID + "}", None, 12345, ["txn-0001"]]
AWKWARD_QUERIES = [None, {}, {"x": "y" * 10_000}, {"": ""}, {"\ud800": "1e400"}, {"transaction_id": "other"}]
AWKWARD_BODIES = [(None, False), ("", False), ('{"a":' * 60 + "1" + "}" * 60, False), ("[" * 5000, False),
                  ('{"x": 1e400, "y": "\\ud800"}', False), ("x" * 1_000_000, False), ("////", True),
                  ("not base64!", True)]


def test_every_awkward_parameter_query_and_body_ends_answered_or_refused(api, tp_aws, seeded, limits):
    failed = {}
    for route in ("post", "status", "upload"):
        for n, parameter in enumerate(AWKWARD_IDS):
            query = AWKWARD_QUERIES[n % len(AWKWARD_QUERIES)]
            body, base64_body = AWKWARD_BODIES[n % len(AWKWARD_BODIES)]
            try:
                request(api, tp_aws, limits, route, parameter, query, body, base64_body,
                        {"X-Weird": "\u2028" * (n % 3), "x-api-key": "k" * n})
            except Exception as error:  # noqa: BLE001 - collected, so one run names every failing class
                failed[f"{route} {str(parameter)[:20]!r}"] = f"{type(error).__name__}: {str(error)[:160]}"
                limits.refused.clear()
    assert failed == {}


# ---------------------------------------------------------------- generated requests

texts = st.text(max_size=12) | st.integers(70, 3_000).map(lambda n: "x" * n) | st.sampled_from(
    ["\ud800", "\ufffe", "1e400", "%00", "../../etc"])
parameters = st.one_of(texts, st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True), st.uuids(version=4).map(str),
                       st.uuids().map(str), st.sampled_from(["txn-0001", UPLOAD_ID]), st.none(), st.integers())
queries = st.none() | st.dictionaries(texts, texts, max_size=3)
bodies = st.tuples(st.none() | texts | st.recursive(st.none() | st.floats() | texts, lambda inner: st.lists(
    inner, max_size=2), max_leaves=4).map(lambda value: json.dumps(value, allow_nan=True)), st.booleans())


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(["post", "status", "upload"]), parameter=parameters, query=queries, body=bodies,
       headers=st.dictionaries(st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,20}", fullmatch=True), texts, max_size=3))
@example(route="status", parameter="txn-\ud800", query={"\ud800": "x"}, body=("x" * 100_000, False), headers={})
def test_every_request_ends_answered_or_refused(api, tp_aws, seeded, limits, route, parameter, query, body, headers):
    request(api, tp_aws, limits, route, parameter, query, body[0], body[1], headers)
