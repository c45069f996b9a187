"""transaction-api on moto: every row of the API contract the Lambda answers."""

import re
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from tests.unit.transaction_processor.transaction_api_support import (  # noqa: F401
    UPLOAD_ID,
    api,
    call,
    seed_transaction,
    status_event,
    upload_event,
)

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def test_get_status_known_serves_the_transaction_item(api, tp_aws):
    # GIVEN a stored transaction that anomaly-detection flagged
    seed_transaction(tp_aws, status={"S": "FLAGGED"}, anomaly_reasons={"L": [{"S": "high_amount"}]})
    # WHEN a merchant asks for its status
    status, body, _ = call(api, status_event("txn-0001"))
    # THEN the item comes back exactly, the amount as the exact decimal string, the row number an int
    assert status == 200
    assert body == {
        "transaction_id": "txn-0001",
        "upload_id": UPLOAD_ID,
        "merchant_id": "merchant-42",
        "amount": "1234.5",
        "currency": "EUR",
        "card_last4": "1111",
        "timestamp": "2026-01-01T10:00:00Z",
        "row_number": 2,
        "status": "FLAGGED",
        "anomaly_reasons": ["high_amount"],
    }


def test_get_status_of_an_accepted_transaction_has_no_anomaly_reasons(api, tp_aws):
    seed_transaction(tp_aws, amount={"N": "25000.00"})
    status, body, _ = call(api, status_event("txn-0001"))
    assert status == 200
    assert body["status"] == "ACCEPTED" and "anomaly_reasons" not in body
    assert body["amount"] == "25000"  # as DynamoDB returns it: trailing zeros trimmed, never 25000.0


def test_get_status_unknown_is_404(api, tp_aws):
    status, body, _ = call(api, status_event("txn-unknown"))
    assert (status, body) == (404, {"error": "no transaction with this transaction_id"})


@pytest.mark.parametrize("bad_id", ["", "a" * 65, "txn 1", "txn/1", "txn.1", "tx\u00e9", "\u0661\u0662", "t\n"])
def test_get_status_malformed_id_is_400(api, tp_aws, bad_id):
    status, body, _ = call(api, status_event(bad_id))
    assert status == 400
    expected = "missing path parameter transaction_id" if bad_id == "" else (
        "transaction_id must be 1-64 characters of A-Z, a-z, 0-9, _ and -")
    assert body == {"error": expected}


def test_get_status_accepts_the_longest_id(api, tp_aws):
    seed_transaction(tp_aws, transaction_id="A-_9" * 16)
    assert call(api, status_event("A-_9" * 16))[0] == 200


def test_get_upload_known_serves_the_upload_result_item(api, tp_aws):
    # GIVEN a processed upload with one rejected row
    tp_aws.dynamodb.put_item(TableName=tp_aws.upload_results_table, Item={
        "upload_id": {"S": UPLOAD_ID}, "status": {"S": "PROCESSED"}, "object_key": {"S": f"uploads/{UPLOAD_ID}.csv"},
        "created_at": {"S": "2026-01-01T10:00:00Z"}, "rows_total": {"N": "3"}, "rows_accepted": {"N": "2"},
        "rows_rejected": {"N": "1"}, "ttl": {"N": "1774951200"},
        "errors": {"L": [{"M": {"row": {"N": "3"}, "column": {"S": "card_number"},
                                "reason": {"S": "fails the Luhn check"}}}]},
    })
    # WHEN the merchant asks for it
    status, body, _ = call(api, upload_event(UPLOAD_ID))
    # THEN it comes back as stored, numbers as ints
    assert status == 200
    assert body == {
        "upload_id": UPLOAD_ID, "status": "PROCESSED", "object_key": f"uploads/{UPLOAD_ID}.csv",
        "created_at": "2026-01-01T10:00:00Z", "rows_total": 3, "rows_accepted": 2, "rows_rejected": 1,
        "ttl": 1774951200, "errors": [{"row": 3, "column": "card_number", "reason": "fails the Luhn check"}],
    }


def test_get_upload_unknown_is_404(api, tp_aws):
    status, body, _ = call(api, upload_event(str(uuid.uuid4())))
    assert (status, body) == (404, {"error": "no upload with this upload_id"})


@pytest.mark.parametrize("bad_id", [
    UPLOAD_ID.upper(),  # not canonical lower case
    "{" + UPLOAD_ID + "}",
    UPLOAD_ID.replace("-", ""),
    "45644fa2-e7bb-11f1-8fac-02fc00000001",  # a UUID, but version 1 (not 4); fixed, so every xdist worker collects the same ids
    "3f1c2a5e-8d4b-4c6a-7e2f-1a2b3c4d5e6f",  # variant nibble 7
    "some-upload", UPLOAD_ID + "\n",
])
def test_get_upload_malformed_id_is_400(api, tp_aws, bad_id):
    status, body, _ = call(api, upload_event(bad_id))
    assert (status, body) == (400, {"error": "upload_id must be a UUID4 in canonical lower-case form"})


def test_post_upload_answers_the_documented_shape_and_writes_the_pending_record(api, tp_aws, monkeypatch):
    # GIVEN a fixed clock
    now = datetime(2026, 3, 1, 12, 30, 15, 987654, tzinfo=timezone.utc)
    monkeypatch.setattr(api, "utc_now", lambda: now)
    # WHEN a merchant asks to upload
    status, body, _ = call(api, {"httpMethod": "POST", "resource": "/upload", "path": "/upload"})
    # THEN it gets an upload id, a PUT URL for its key, valid 15 minutes
    assert status == 200
    upload_id = body["upload_id"]
    assert UUID4.fullmatch(upload_id)
    assert body == {
        "upload_id": upload_id,
        "upload_url": body["upload_url"],
        "method": "PUT",
        "object_key": f"uploads/{upload_id}.csv",
        "expires_in": 900,
        "expires_at": "2026-03-01T12:45:15Z",
    }
    # THEN the PENDING record is stored, expiring 90 days after its creation
    item = tp_aws.dynamodb.get_item(TableName=tp_aws.upload_results_table, Key={"upload_id": {"S": upload_id}})["Item"]
    assert item == {
        "upload_id": {"S": upload_id},
        "status": {"S": "PENDING"},
        "object_key": {"S": f"uploads/{upload_id}.csv"},
        "created_at": {"S": "2026-03-01T12:30:15Z"},
        "ttl": {"N": str(int((now.replace(microsecond=0) + timedelta(days=90)).timestamp()))},
    }
    # THEN GET /uploads/{upload_id} serves it right away
    assert call(api, upload_event(upload_id))[1]["status"] == "PENDING"


def test_each_post_upload_gets_its_own_id(api, tp_aws):
    ids = {call(api, {"httpMethod": "POST", "resource": "/upload"})[1]["upload_id"] for _ in range(3)}
    assert len(ids) == 3


@pytest.mark.parametrize(("method", "resource", "status", "error"), [
    ("GET", "/transactions", 404, "no route for GET /transactions"),
    ("GET", "/", 404, "no route for GET /"),
    ("GET", "/upload", 405, "method GET not allowed here; use POST"),
    ("DELETE", "/status/{transaction_id}", 405, "method DELETE not allowed here; use GET"),
    ("POST", "/uploads/{upload_id}", 405, "method POST not allowed here; use GET"),
])
def test_unknown_routes_and_methods(api, tp_aws, method, resource, status, error):
    answer = call(api, {"httpMethod": method, "resource": resource, "pathParameters": None})
    assert answer[:2] == (status, {"error": error})
    if status == 405:
        assert answer[2]["Allow"] == error.rsplit(" ", 1)[-1]


@pytest.mark.parametrize(("event", "error"), [
    (None, "request is not an API Gateway proxy event"),
    ([], "request is not an API Gateway proxy event"),
    ("GET /upload", "request is not an API Gateway proxy event"),
    ({}, "request has no httpMethod"),
    ({"httpMethod": 7, "resource": "/upload"}, "request has no httpMethod"),
    ({"httpMethod": "POST"}, "request has no resource"),
    ({"httpMethod": "GET", "resource": "/status/{transaction_id}"}, "missing path parameter transaction_id"),
    ({"httpMethod": "GET", "resource": "/status/{transaction_id}", "pathParameters": "x"},
     "missing path parameter transaction_id"),
    ({"httpMethod": "GET", "resource": "/uploads/{upload_id}", "pathParameters": {"upload_id": 42}},
     "missing path parameter upload_id"),
    ({"httpMethod": "GET", "resource": "/uploads/{upload_id}", "pathParameters": {"transaction_id": UPLOAD_ID}},
     "missing path parameter upload_id"),
])
def test_odd_event_shapes_are_400_naming_the_problem(api, tp_aws, event, error):
    assert call(api, event)[:2] == (400, {"error": error})


@pytest.mark.parametrize("missing", ["TRANSACTIONS_TABLE", "UPLOAD_RESULTS_TABLE", "UPLOADS_BUCKET"])
def test_missing_environment_is_500_misconfigured_and_logged(api, tp_aws, monkeypatch, caplog, missing):
    monkeypatch.delenv(missing)
    with caplog.at_level("ERROR", logger="transaction_api"):
        answer = call(api, status_event("txn-0001"))
    assert answer[:2] == (500, {"error": "transaction-api is misconfigured"})
    assert f"missing environment variables: {missing}" in caplog.text
