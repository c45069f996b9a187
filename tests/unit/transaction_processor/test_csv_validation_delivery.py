"""Delivery guarantees on moto: redelivery, duplicates inside and across uploads, new versions.

"Nothing published" is read off the transactions table's stream: anomaly
detection only ever sees INSERT records, so a redelivery that adds no INSERT
(and no MODIFY) can publish nothing.
"""

from decimal import Decimal

import pytest

from tests.unit.transaction_processor.csv_validation_faults import CountingDynamoDB, SlowPut, stream_events
from tests.unit.transaction_processor.csv_validation_support import (  # noqa: F401 - fixtures
    csv_body,
    csv_context,
    csv_validation,
    row,
    uploads,
)

KEY, UPLOAD_ID = "uploads/u-1.csv", "u-1"
BODY = csv_body(row(transaction_id="t1"), row(transaction_id="t2", amount="0"), row(transaction_id="t3"),
                row(transaction_id="t1", amount="99.00"), row(transaction_id="t4"))
COUNTS = {"rows_total": 5, "rows_accepted": 3, "rows_rejected": 2}
ERRORS = [{"row": 3, "column": "amount", "reason": "must be greater than 0"},
          {"row": 5, "column": "transaction_id", "reason": "duplicate transaction_id"}]


def counts(result):
    return {name: result[name] for name in COUNTS}


def inserts(tp_aws):
    return sorted(tid for name, tid in stream_events(tp_aws) if name == "INSERT")


@pytest.fixture
def dynamodb_calls(csv_validation):
    from csv_ingest.aws_clients import clients

    counting = CountingDynamoDB(clients.dynamodb)
    clients.dynamodb = counting
    return counting


def test_redelivery_of_the_same_event_changes_nothing(tp_aws, csv_validation, uploads, dynamodb_calls):
    # GIVEN a processed file with a duplicate inside it
    event = uploads.put(KEY, BODY)
    first = csv_validation.handler(event, csv_context())
    result, items = uploads.result(UPLOAD_ID), uploads.transactions()
    assert counts(result) == COUNTS and result["errors"] == ERRORS
    assert dynamodb_calls.calls == {"update_item": 2, "put_item": 4}  # one write per valid row
    # WHEN the same event is delivered again
    dynamodb_calls.calls.clear()
    again = csv_validation.handler(event, csv_context())
    # THEN the same answer from the stored result, one refused claim and no write at all
    assert again["uploads"][0] == {**first["uploads"][0], "outcome": "already_processed"}
    assert dynamodb_calls.calls == {"update_item": 1}
    assert uploads.result(UPLOAD_ID) == result and uploads.transactions() == items
    assert inserts(tp_aws) == ["t1", "t3", "t4"]
    assert [name for name, _ in stream_events(tp_aws)] == ["INSERT"] * 3


def test_rerun_after_a_crash_before_the_answer_rewrites_no_item_and_keeps_flagged_ones(tp_aws, csv_validation, uploads):
    # GIVEN a processed file, one item since FLAGGED by anomaly-detection, and the result
    # put back to PROCESSING as if the first run had died before its last update
    event = uploads.put(KEY, BODY)
    csv_validation.handler(event, csv_context())
    tp_aws.dynamodb.update_item(
        TableName=tp_aws.transactions_table, Key={"transaction_id": {"S": "t3"}},
        UpdateExpression="SET #s = :f, anomaly_reasons = :r", ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":f": {"S": "FLAGGED"}, ":r": {"L": [{"S": "high_amount"}]}})
    tp_aws.dynamodb.update_item(
        TableName=tp_aws.upload_results_table, Key={"upload_id": {"S": UPLOAD_ID}},
        UpdateExpression="SET #s = :p", ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":p": {"S": "PROCESSING"}})
    items_before = uploads.transactions()
    # WHEN the event is delivered again
    csv_validation.handler(event, csv_context())
    # THEN same status and counts; the FLAGGED item and every other item untouched
    result = uploads.result(UPLOAD_ID)
    assert (result["status"], counts(result), result["errors"]) == ("PROCESSED", COUNTS, ERRORS)
    assert uploads.transactions() == items_before
    assert uploads.transaction("t3")["status"] == "FLAGGED"
    assert [name for name, _ in stream_events(tp_aws)] == ["INSERT"] * 3 + ["MODIFY"]  # only our flagging


def test_duplicate_inside_a_file_rejects_every_later_occurrence(tp_aws, csv_validation, uploads):
    # GIVEN an id on records 2, 4 and 7 among many other rows (the writes run concurrently),
    # the first occurrence's write held back 0.3 s, so a later one would overtake it if it could
    from csv_ingest.aws_clients import clients

    clients.dynamodb.meta.events.register_first("before-send.dynamodb.PutItem", SlowPut("dup", 2, 0.3))
    lines = [row(transaction_id=f"x{i}") for i in range(40)]
    lines[0], lines[2], lines[5] = (row(transaction_id="dup", amount=a) for a in ("1.00", "2.00", "3.00"))
    csv_validation.handler(uploads.put(KEY, csv_body(*lines)), csv_context())
    # THEN the first occurrence is stored, the later ones rejected
    result = uploads.result(UPLOAD_ID)
    assert result["errors"] == [{"row": n, "column": "transaction_id", "reason": "duplicate transaction_id"}
                                for n in (4, 7)]
    stored = uploads.transaction("dup")
    assert (stored["row_number"], stored["amount"]) == (2, Decimal("1.00"))
    assert counts(result) == {"rows_total": 40, "rows_accepted": 38, "rows_rejected": 2}


def test_duplicate_across_uploads_is_rejected_and_the_stored_item_kept(tp_aws, csv_validation, uploads):
    # GIVEN t1 stored by upload A, then upload B with t1 (same values) and t9
    csv_validation.handler(uploads.put("uploads/A.csv", csv_body(row(transaction_id="t1"))), csv_context())
    original = uploads.transaction("t1")
    body = csv_body(row(transaction_id="t1"), row(transaction_id="t9"))
    # WHEN B is processed
    csv_validation.handler(uploads.put("uploads/B.csv", body), csv_context())
    # THEN B's t1 is rejected, A's item unchanged
    result = uploads.result("B")
    assert counts(result) == {"rows_total": 2, "rows_accepted": 1, "rows_rejected": 1}
    assert result["errors"] == [{"row": 2, "column": "transaction_id", "reason": "duplicate transaction_id"}]
    assert uploads.transaction("t1") == original and original["upload_id"] == "A"


def test_new_version_of_the_key_is_processed_without_overwriting_and_a_stale_event_is_ignored(
    tp_aws, csv_validation, uploads
):
    # GIVEN version 1 processed
    v1 = uploads.put(KEY, csv_body(row(transaction_id="t1"), row(transaction_id="old-only")))
    csv_validation.handler(v1, csv_context())
    # WHEN version 2 changes t1's amount and adds t2
    v2 = uploads.put(KEY, csv_body(row(transaction_id="t1", amount="5.00"), row(transaction_id="t2")))
    answer = csv_validation.handler(v2, csv_context())
    # THEN t1 keeps version 1's amount and is reported, t2 is stored, the result is version 2's
    assert answer["uploads"][0]["outcome"] == "processed"
    result = uploads.result("u-1")
    assert result["object_version"] == v2["Records"][0]["s3"]["object"]["versionId"]
    assert counts(result) == {"rows_total": 2, "rows_accepted": 1, "rows_rejected": 1}
    assert uploads.transaction("t1")["amount"] == Decimal("12.50")
    # WHEN version 1's event arrives again, late
    late = csv_validation.handler(v1, csv_context())
    # THEN it is stale: nothing changes
    assert late["uploads"][0]["outcome"] == "superseded"
    assert uploads.result("u-1") == result


def test_identical_new_version_keeps_the_same_counts(tp_aws, csv_validation, uploads):
    csv_validation.handler(uploads.put(KEY, BODY), csv_context())
    first = uploads.result(UPLOAD_ID)
    csv_validation.handler(uploads.put(KEY, BODY), csv_context())  # the merchant PUTs the same file again
    second = uploads.result(UPLOAD_ID)
    assert (counts(second), second["errors"], second["status"]) == (COUNTS, ERRORS, "PROCESSED")
    assert second["object_version"] != first["object_version"]
    assert inserts(tp_aws) == ["t1", "t3", "t4"]
