"""Every business outcome of the transaction processor, played once, with the metrics its log lines must carry.

``harness(environment)`` sets up what ``tp_aws`` does (moto bucket, both
tables with the stream, the topic, every function's environment) on its own,
plus ``METRICS_ENVIRONMENT``, so the dashboards test can run it per stack.
Each ``Scenario`` drives csv-validation or anomaly-detection to one outcome;
``expected`` is the total per (metric, business dimensions) of its lines.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import boto3
import pytest

from functions.transaction_metrics.metrics import FileFailure, RowRejection
from tests.fixtures.aws import fake_account
from tests.fixtures.emf import Scenario, Tour
from tools.function_code import load_handler
from tests.unit.transaction_processor.anomaly_detection_support import NOW, image, stream_context, stream_record
from tests.unit.transaction_processor.csv_validation_support import CsvUploads, csv_body, csv_context, row

SUFFIX = "metrics"


@dataclass
class Resources:  # the attributes CsvUploads reads
    bucket: str
    transactions_table: str
    upload_results_table: str
    s3: Any
    dynamodb: Any


@dataclass
class Harness:
    csv_validation: ModuleType
    anomaly_detection: ModuleType
    uploads: CsvUploads
    env: pytest.MonkeyPatch

    def validate(self, event: dict) -> dict:
        return self.csv_validation.handler(event, csv_context())

    def detect(self, records: list) -> dict:
        return self.anomaly_detection.handler({"Records": records}, stream_context())


def _table(dynamodb: Any, name: str, key: str, **extra: Any) -> None:
    dynamodb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                          AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
                          KeySchema=[{"AttributeName": key, "KeyType": "HASH"}], **extra)


@contextmanager
def harness(environment: str = "unittest") -> Iterator[Harness]:
    csv_validation, anomaly_detection = load_handler("csv_validation"), load_handler("anomaly_detection")
    from anomaly_rules import aws_clients as anomaly_clients  # noqa: PLC0415 - importable once the handler is loaded
    from csv_ingest.aws_clients import clients as csv_clients  # noqa: PLC0415

    with fake_account() as env:
        s3, dynamodb, sns = (boto3.client(s) for s in ("s3", "dynamodb", "sns"))
        bucket = f"transaction-uploads-{SUFFIX}"
        s3.create_bucket(Bucket=bucket)
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        resources = Resources(bucket, f"transactions-{SUFFIX}", f"upload-results-{SUFFIX}", s3, dynamodb)
        _table(dynamodb, resources.transactions_table, "transaction_id",
               StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        _table(dynamodb, resources.upload_results_table, "upload_id")
        for name, value in {"TRANSACTIONS_TABLE": resources.transactions_table,
                            "UPLOAD_RESULTS_TABLE": resources.upload_results_table,
                            "ANOMALY_TOPIC_ARN": sns.create_topic(Name=f"transaction-anomalies-{SUFFIX}")["TopicArn"],
                            "HIGH_AMOUNT_THRESHOLD": "10000", "MAX_UPLOAD_BYTES": "52428800",
                            "METRICS_ENVIRONMENT": environment}.items():
            env.setenv(name, value)
        env.setattr(anomaly_detection, "utc_now", lambda: NOW)
        csv_clients.reset()
        anomaly_clients.reset()
        try:
            yield Harness(csv_validation, anomaly_detection, CsvUploads(resources), env)
        finally:
            csv_clients.reset()
            anomaly_clients.reset()


# One row per rejection code, after a valid one; the last repeats the first id with other values.
REJECTED_ROWS = {
    RowRejection.INVALID_TRANSACTION_ID: row(transaction_id="not an id!").encode(),
    RowRejection.INVALID_MERCHANT_ID: row(transaction_id="t-merchant", merchant_id="").encode(),
    RowRejection.INVALID_AMOUNT: row(transaction_id="t-amount", amount="-1").encode(),
    RowRejection.INVALID_CURRENCY: row(transaction_id="t-currency", currency="usd").encode(),
    RowRejection.INVALID_CARD_NUMBER: row(transaction_id="t-card", card_number="4111111111111112").encode(),
    RowRejection.INVALID_TIMESTAMP: row(transaction_id="t-time", timestamp="yesterday").encode(),
    RowRejection.WRONG_FIELD_COUNT: row(transaction_id="t-fields").encode() + b",extra",
    RowRejection.MALFORMED_RECORD: b'"t-quote"x' + row().encode()[len("txn-0001"):],
    RowRejection.NOT_UTF8: row(transaction_id="t-utf8", merchant_id="m\udcff").encode("utf-8", "surrogateescape"),
    RowRejection.DUPLICATE_TRANSACTION_ID: row(amount="99.99").encode(),
}


def _processed(h: Harness) -> None:
    body = csv_body(row(), row(transaction_id="txn-0002")).rstrip(b"\r\n") + b"\r\n" + b"\r\n".join(REJECTED_ROWS.values())
    answer = h.validate(h.uploads.put("uploads/mixed.csv", body + b"\r\n"))
    assert [(u["status"], u["rows_accepted"], u["rows_rejected"]) for u in answer["uploads"]] == [
        ("PROCESSED", 2, len(REJECTED_ROWS))]


def _redelivered(h: Harness) -> None:
    event = h.uploads.put("uploads/twice.csv", csv_body(row(), row(transaction_id="t-bad", amount="0")))
    assert [u["outcome"] for u in (*h.validate(event)["uploads"], *h.validate(event)["uploads"])] == [
        "processed", "already_processed"]


def _gone(h: Harness) -> dict:
    event = h.uploads.put("uploads/gone.csv", csv_body(row()))
    version = event["Records"][0]["s3"]["object"]["versionId"]
    h.uploads.aws.s3.delete_object(Bucket=h.uploads.aws.bucket, Key="uploads/gone.csv", VersionId=version)
    return event


def _too_large(h: Harness) -> dict:
    h.env.setenv("MAX_UPLOAD_BYTES", "100")
    return h.uploads.put("uploads/large.csv", csv_body(row(), row(transaction_id="t-2")))


FAILED_FILES: dict[FileFailure, Callable[[Harness], dict]] = {
    FileFailure.EMPTY: lambda h: h.uploads.put("uploads/empty.csv", b""),
    FileFailure.TOO_LARGE: _too_large,
    FileFailure.NOT_UTF8: lambda h: h.uploads.put("uploads/utf16.csv", csv_body(row()).decode().encode("utf-16")),
    FileFailure.NOT_CSV: lambda h: h.uploads.put("uploads/zip.csv", b"PK\x03\x04\x00\x00binary"),
    FileFailure.BAD_HEADER: lambda h: h.uploads.put("uploads/header.csv", csv_body(header="transaction_id,amount")),
    FileFailure.NO_ROWS: lambda h: h.uploads.put("uploads/header-only.csv", csv_body()),
    FileFailure.OBJECT_GONE: _gone,
}


def _failed(code: FileFailure) -> Callable[[Harness], None]:
    def run(h: Harness) -> None:
        answer = h.validate(FAILED_FILES[code](h))
        assert [u["status"] for u in answer["uploads"]] == ["FAILED"], answer

    return run


def _flagged(h: Harness) -> None:
    # a high amount 100 days old: both rules fire; the redelivered record alerts (and counts) nothing more
    item = image("txn-flagged", amount="25000.00", timestamp="2025-11-21T12:00:00Z")
    h.uploads.aws.dynamodb.put_item(TableName=h.uploads.aws.transactions_table, Item=item)
    record = stream_record("100", item)
    assert [h.detect([record]), h.detect([record])] == [{"batchItemFailures": []}] * 2


SCENARIOS = (
    Scenario("processed", _processed, {
        ("FilesProcessed", ()): 1, ("RowsStored", ()): 2,
        **{("RowsRejected", (("Reason", code.value),)): 1 for code in REJECTED_ROWS}}),
    Scenario("redelivered", _redelivered, {
        ("FilesProcessed", ()): 1, ("RowsStored", ()): 1, ("RowsRejected", (("Reason", "invalid_amount"),)): 1}),
    *(Scenario(f"failed_{code.value}", _failed(code), {("FilesFailed", (("Reason", code.value),)): 1})
      for code in FAILED_FILES),
    Scenario("flagged", _flagged, {("AnomaliesFlagged", (("Rule", "high_amount"),)): 1,
                                   ("AnomaliesFlagged", (("Rule", "timestamp_out_of_range"),)): 1}),
)

TOUR = Tour(harness, SCENARIOS)
play, tour = TOUR.play, TOUR.every
