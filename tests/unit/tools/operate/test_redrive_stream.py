"""`redrive` of stream on-failure records (anomaly detection): from the stream, or re-checked from the table."""

from datetime import timedelta

import pytest

from tests.unit.tools.operate.stream_support import (
    NOW, TrimmedStream, alerted, park_stream_failure, put_upload_result, status_of, stream_records, transaction,
)
from tools.operate.sandbox.fakes import FakeLambda


@pytest.fixture
def detector(box, anomaly_function):
    return FakeLambda(functions={box.tp.anomaly_detection_function: anomaly_function})


def test_records_the_stream_holds_are_replayed_and_the_record_deleted(box, operate, detector):
    for item in (transaction("txn-1"), transaction("txn-2", amount="12.50")):
        box.dynamodb.put_item(TableName=box.tp.transactions_table, Item=item)
    box.dynamodb.update_item(TableName=box.tp.transactions_table, Key={"transaction_id": {"S": "txn-2"}},
                             UpdateExpression="SET merchant_id = :m", ExpressionAttributeValues={":m": {"S": "m-7"}})
    box.dynamodb.put_item(TableName=box.tp.transactions_table, Item=transaction("txn-3"))
    records = stream_records(box)  # INSERT, INSERT, MODIFY, INSERT
    park_stream_failure(box, records[:3])

    code, output = operate("redrive", "anomaly-detection-failures", lambda_client=detector)

    assert code == 0, output
    (call,) = detector.calls
    assert call["InvocationType"] == "RequestResponse"
    sent = [(r["eventName"], r["dynamodb"]["Keys"]["transaction_id"]["S"]) for r in call["payload"]["Records"]]
    assert sent == [("INSERT", "txn-1"), ("INSERT", "txn-2")]  # the range, INSERTs only (the mapping's filter)
    assert alerted(box) == ["txn-1"] and status_of(box, "txn-1") == "FLAGGED"
    assert status_of(box, "txn-3") == "ACCEPTED"  # outside the range
    assert box.visible("anomaly-detection-failures-ops") == 0
    assert "2 INSERT records of sequence" in output and "answered without failures for 2 records" in output


@pytest.mark.parametrize("gone", ["trimmed", "not found in the range"])
def test_a_record_the_stream_no_longer_holds_stays_parked_without_from_table(box, operate, detector, gone):
    box.dynamodb.put_item(TableName=box.tp.transactions_table, Item=transaction("txn-1"))
    records = stream_records(box)
    if gone == "trimmed":
        box.streams = TrimmedStream(box.streams)
    else:  # a range past what the shard holds: every page empty
        for record in records:
            record["dynamodb"]["SequenceNumber"] = str(int(record["dynamodb"]["SequenceNumber"]) + 1000)
    park_stream_failure(box, records)
    code, output = operate("redrive", "anomaly-detection-failures", lambda_client=detector)
    assert code == 1
    assert detector.calls == []
    assert "the stream no longer holds sequence" in output and "--from-table" in output
    assert box.visible("anomaly-detection-failures-ops") == 1 and status_of(box, "txn-1") == "ACCEPTED"


def _trimmed_with_uploads(box):
    """txn-1 (u-1, in the window), txn-2 (u-1, FLAGGED already), txn-9 (u-old, created days before)."""
    put_upload_result(box, "u-1", NOW - timedelta(minutes=20))
    put_upload_result(box, "u-old", NOW - timedelta(days=3))
    for item in (transaction("txn-1"), transaction("txn-2", status="FLAGGED"), transaction("txn-9", "u-old")):
        box.dynamodb.put_item(TableName=box.tp.transactions_table, Item=item)
    park_stream_failure(box, stream_records(box)[:1], arrived=NOW - timedelta(minutes=10))
    box.streams = TrimmedStream(box.streams)


def test_dry_run_from_table_lists_what_it_would_recheck_and_changes_nothing(box, operate, detector):
    _trimmed_with_uploads(box)
    code, output = operate("redrive", "anomaly-detection-failures", "--from-table", "--dry-run",
                           lambda_client=detector)
    assert code == 0
    assert detector.calls == []
    assert "would invoke anomaly-detection-ops with table re-check of 1 ACCEPTED items (txn-1) of 1 uploads created" \
        in output
    assert box.visible("anomaly-detection-failures-ops") == 1 and status_of(box, "txn-1") == "ACCEPTED"


def test_from_table_rechecks_the_accepted_items_of_the_uploads_in_the_window(box, operate, detector):
    _trimmed_with_uploads(box)
    code, output = operate("redrive", "anomaly-detection-failures", "--from-table", lambda_client=detector)
    assert code == 0, output
    (call,) = detector.calls
    assert [r["dynamodb"]["NewImage"]["transaction_id"]["S"] for r in call["payload"]["Records"]] == ["txn-1"]
    assert alerted(box) == ["txn-1"]  # txn-2 was FLAGGED: not sent, not alerted again; u-old outside the window
    assert status_of(box, "txn-1") == "FLAGGED" and status_of(box, "txn-9") == "ACCEPTED"
    assert box.visible("anomaly-detection-failures-ops") == 0
    assert "replayed invoke anomaly-detection-ops with table re-check of 1 ACCEPTED items (txn-1)" in output


def test_from_table_with_upload_ids_rechecks_those_uploads(box, operate, detector):
    _trimmed_with_uploads(box)
    code, _ = operate("redrive", "anomaly-detection-failures", "--from-table", "--upload-id", "u-old",
                      lambda_client=detector)
    assert code == 0
    assert alerted(box) == ["txn-9"]


def test_from_table_finding_nothing_leaves_the_record_parked(box, operate, detector):
    _trimmed_with_uploads(box)
    code, output = operate("redrive", "anomaly-detection-failures", "--from-table", "--upload-id", "u-none",
                           lambda_client=detector)
    assert code == 1 and detector.calls == []
    assert "no ACCEPTED item found" in output and box.visible("anomaly-detection-failures-ops") == 1


@pytest.mark.parametrize("answer", [
    lambda event: {"batchItemFailures": [{"itemIdentifier": event["Records"][0]["dynamodb"]["SequenceNumber"]}]},
    lambda event: 1 / 0,
])
def test_a_replay_the_function_reports_failed_stays_parked(box, operate, answer):
    box.dynamodb.put_item(TableName=box.tp.transactions_table, Item=transaction("txn-1"))
    park_stream_failure(box, stream_records(box))
    code, output = operate("redrive", "anomaly-detection-failures",
                           lambda_client=FakeLambda(functions={box.tp.anomaly_detection_function: answer}))
    assert code == 1
    assert "left parked" in output and box.visible("anomaly-detection-failures-ops") == 1
