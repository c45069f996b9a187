"""The handler on moto, file by file: refused files, keys, the upload result's bookkeeping."""

import logging
import time

import pytest

from tests.unit.transaction_processor.csv_validation_support import (  # noqa: F401 - fixtures
    HEADER,
    csv_body,
    csv_context,
    csv_validation,
    row,
    uploads,
    with_records,
)

UPLOAD_ID = "6f1c2a3e-8d4b-4c5a-9e7f-0a1b2c3d4e5f"
KEY = f"uploads/{UPLOAD_ID}.csv"
NINETY_DAYS = 90 * 24 * 3600


def failed(reason: str, upload_id: str = UPLOAD_ID) -> dict:
    return {"upload_id": upload_id, "status": "FAILED", "object_key": f"uploads/{upload_id}.csv",
            "rows_total": 0, "rows_accepted": 0, "rows_rejected": 0, "errors": [], "failure_reason": reason}


def stable(result):
    return {k: v for k, v in result.items() if k not in ("created_at", "ttl", "object_version", "object_sequencer")}


REFUSED_FILES = [
    (b"", "file is empty"),
    (b"\xef\xbb\xbf\r\n", "file is empty"),
    (csv_body(row(), header=HEADER.replace(",card_number", "")), "missing header columns: card_number"),
    (csv_body(row(transaction_id="t2"), header=row()), "missing header columns: transaction_id, merchant_id, "
                                                      "amount, currency, card_number, timestamp"),
    (HEADER.encode("cp1252").replace(b"merchant_id", b"m\xe9rchant_id") + b"\r\n" + row().encode(),
     "not UTF-8: invalid byte sequence in the header"),
    (b"\xff\xfe" + csv_body(row()).decode().encode("utf-16-le"), "not UTF-8: the file starts with a UTF-16 byte order mark"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4, "not a CSV file: binary content (NUL bytes)"),
]


@pytest.mark.parametrize("body, reason", REFUSED_FILES)
def test_refused_file_is_failed_with_its_reason_and_nothing_is_stored(tp_aws, csv_validation, uploads, body, reason):
    # GIVEN the PENDING record of POST /upload and a refused file
    uploads.pending(UPLOAD_ID)
    # WHEN
    answer = csv_validation.handler(uploads.put(KEY, body), csv_context())
    # THEN the handler answers normally, the result is FAILED with the reason, no transaction stored
    assert answer == {"uploads": [{"upload_id": UPLOAD_ID, "outcome": "failed", "status": "FAILED",
                                   "rows_total": 0, "rows_accepted": 0, "rows_rejected": 0, "failure_reason": reason}]}
    assert stable(uploads.result(UPLOAD_ID)) == failed(reason)
    assert uploads.transactions() == []


def test_too_large_by_the_events_size_is_failed_before_reading(tp_aws, csv_validation, uploads):
    # GIVEN an event announcing 50 MiB + 1 byte for an object that S3 does not even hold
    event = uploads.event(KEY, size=52_428_801, versionId="v1", eTag="e", sequencer="01")
    # WHEN
    csv_validation.handler(event, csv_context())
    # THEN FAILED as too large (not "object not found": the object was never requested)
    assert stable(uploads.result(UPLOAD_ID)) == failed("file is larger than 52428800 bytes")


def test_max_upload_bytes_comes_from_the_environment_and_content_length_is_checked_too(
    tp_aws, csv_validation, uploads, monkeypatch
):
    # GIVEN a 100-byte limit and an event that does not carry the size
    monkeypatch.setenv("MAX_UPLOAD_BYTES", "100")
    body = csv_body(row(), row(transaction_id="t2"))
    event = uploads.put(KEY, body)
    del event["Records"][0]["s3"]["object"]["size"]
    # WHEN
    csv_validation.handler(event, csv_context())
    # THEN the object's Content-Length refuses it
    assert stable(uploads.result(UPLOAD_ID)) == failed("file is larger than 100 bytes")
    assert uploads.transactions() == []


def test_an_object_deleted_before_processing_is_failed(tp_aws, csv_validation, uploads):
    event = uploads.event(KEY, size=10, versionId="no-such-version", eTag="e", sequencer="01")
    csv_validation.handler(event, csv_context())
    assert stable(uploads.result(UPLOAD_ID)) == failed("object not found: deleted before it was processed")


def test_pending_record_keeps_its_created_at_and_ttl_is_created_plus_90_days(tp_aws, csv_validation, uploads):
    # GIVEN POST /upload's record, created at a known time
    uploads.pending(UPLOAD_ID, created_at="2026-11-24T01:00:00Z")
    # WHEN
    csv_validation.handler(uploads.put(KEY, csv_body(row())), csv_context())
    # THEN
    result = uploads.result(UPLOAD_ID)
    assert result["created_at"] == "2026-11-24T01:00:00Z"
    assert result["ttl"] == 1795482000 + NINETY_DAYS  # 2026-11-24T01:00:00Z + 90 days
    assert result["status"] == "PROCESSED"


@pytest.mark.parametrize(
    "key, upload_id",
    [("uploads/march batch+1.csv", "march batch+1"), ("uploads/a/b c.csv", "a/b c"), ("uploads/é+%.csv", "é+%")],
)
def test_url_encoded_keys_are_decoded_and_objects_without_pending_record_are_processed(
    tp_aws, csv_validation, uploads, key, upload_id
):
    # GIVEN an object put by other means (no PENDING record), its key URL-encoded in the event
    event = uploads.put(key, csv_body(row()))
    assert event["Records"][0]["s3"]["object"]["key"] != key  # really encoded (+, %2B, %25, %C3%A9)
    # WHEN
    before = int(time.time())
    answer = csv_validation.handler(event, csv_context())
    # THEN recorded under its decoded name, with its own created_at and ttl
    assert answer["uploads"][0]["upload_id"] == upload_id
    result = uploads.result(upload_id)
    assert stable(result) == {"upload_id": upload_id, "status": "PROCESSED", "object_key": key, "rows_total": 1,
                              "rows_accepted": 1, "rows_rejected": 0, "errors": []}
    assert before - 1 <= result["ttl"] - NINETY_DAYS <= int(time.time()) + 1
    assert uploads.transaction("txn-0001")["upload_id"] == upload_id


def test_the_sample_event_with_an_encoded_key(tp_aws, csv_validation, uploads):
    # GIVEN the sample event's key "uploads/march+batch%2B1.csv" (a space and a plus)
    uploads.put("uploads/march batch+1.csv", csv_body(row()))
    event = uploads.event("uploads/march batch+1.csv", template="s3_object_created_encoded_key.json")
    event["Records"][0]["s3"]["object"].update(versionId=None, size=None)  # read the current version
    assert event["Records"][0]["s3"]["object"]["key"] == "uploads/march+batch%2B1.csv"
    # WHEN
    answer = csv_validation.handler(event, csv_context())
    # THEN
    assert answer["uploads"][0]["upload_id"] == "march batch+1"
    assert uploads.result("march batch+1")["status"] == "PROCESSED"


def test_several_records_in_one_event_are_each_processed(tp_aws, csv_validation, uploads):
    first = uploads.put("uploads/one.csv", csv_body(row(transaction_id="a")))
    second = uploads.put("uploads/two.csv", b"")
    answer = csv_validation.handler(with_records(first, second), csv_context())
    assert [(u["upload_id"], u["status"]) for u in answer["uploads"]] == [("one", "PROCESSED"), ("two", "FAILED")]


@pytest.mark.parametrize(
    "record, reason",
    [
        ({"eventSource": "aws:sqs"}, "not an S3 event record"),
        ({"eventSource": "aws:s3", "eventName": "ObjectRemoved:Delete"}, "not an ObjectCreated event"),
        ({"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {"object": {"key": "other/x.csv"}}},
         "key is not uploads/*.csv"),
        ("not a record", "not an S3 event record"),
    ],
)
def test_records_that_are_not_uploads_are_logged_and_skipped(tp_aws, csv_validation, caplog, record, reason):
    caplog.set_level(logging.INFO, logger="csv_validation")
    answer = csv_validation.handler({"Records": [record]}, csv_context())
    assert answer == {"uploads": []}
    assert [r.getMessage() for r in caplog.records if r.name == "csv_validation"] == [
        f'{{"outcome": "record_skipped", "reason": "{reason}"}}']


def test_an_upload_key_without_an_upload_id_fails_the_invocation_after_the_others(
        tp_aws, csv_validation, uploads, caplog):
    # GIVEN an event with a good upload and a record for "uploads/.csv" (the notification's filter sends it)
    unnamed = {"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {"object": {"key": "uploads/.csv"}}}
    event = uploads.put("uploads/one.csv", csv_body(row(transaction_id="a")))
    event["Records"].append(unnamed)
    # WHEN handled, THEN the good one is processed and the invocation fails naming the other (retried, then parked)
    with pytest.raises(ValueError, match="^1 upload record\\(s\\) cannot be processed: key names no upload id$"):
        csv_validation.handler(event, csv_context())
    assert uploads.result("one")["status"] == "PROCESSED"
    assert '{"outcome": "record_unprocessable", "reason": "key names no upload id"}' in caplog.text


def test_an_event_without_records_is_logged_and_skipped(tp_aws, csv_validation, caplog):
    assert csv_validation.handler({"hello": "world"}, csv_context()) == {"uploads": []}
    assert "event has no Records list" in caplog.text
