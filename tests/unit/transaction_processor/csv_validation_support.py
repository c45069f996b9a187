"""Helpers for the csv-validation tests: CSV builders, S3 events from the sample files, table reads.

``CsvUploads`` puts a file into the moto bucket of ``tp_aws`` and builds the
ObjectCreated event S3 would send for it, from
``tests/events/transaction_processor/*.json`` (key URL-encoded as S3 does,
real size, ETag and version id, a sequencer that grows with each put).
Fixtures are imported by the test files that use them.
"""

import copy
import json
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional
from urllib.parse import quote_plus

import pytest
from boto3.dynamodb.types import TypeDeserializer

from tests.fixtures.lambda_context import FakeLambdaContext
from tools.function_code import load_handler

EVENTS_DIR = Path(__file__).resolve().parents[2] / "events" / "transaction_processor"
HEADER = "transaction_id,merchant_id,amount,currency,card_number,timestamp"
# Test card numbers (Luhn-valid, published by the card schemes for testing).
VISA = "4111111111111111"
MASTERCARD = "5555555555554444"
AMEX = "378282246310005"
VALID = {
    "transaction_id": "txn-0001",
    "merchant_id": "merchant-42",
    "amount": "12.50",
    "currency": "USD",
    "card_number": VISA,
    "timestamp": "2026-11-20T10:15:00Z",
}
_deserialize = TypeDeserializer().deserialize


def csv_line(values: Iterable[str]) -> str:
    """One CSV record, quoting a value only when RFC 4180 requires it."""
    def quoted(value: str) -> str:
        if any(c in value for c in ',"\r\n'):
            return '"' + value.replace('"', '""') + '"'
        return value

    return ",".join(quoted(v) for v in values)


def row(**changes: str) -> str:
    """A data line in HEADER's order: the valid sample with ``changes``."""
    values = {**VALID, **changes}
    return csv_line(values[name] for name in HEADER.split(","))


def csv_body(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join((header,) + rows) + "\r\n").encode()


def plain(item: Dict[str, Any]) -> Dict[str, Any]:
    """A DynamoDB item as plain Python values (numbers as Decimal)."""
    return {key: _deserialize(value) for key, value in item.items()}


def csv_context(remaining_ms: int = 300_000) -> FakeLambdaContext:
    return FakeLambdaContext(function_name="csv-validation-unittest", remaining_time_ms=remaining_ms,
                             memory_limit_in_mb=512)


class CsvUploads:
    def __init__(self, aws: Any) -> None:
        self.aws = aws
        self._sequence = 0x55AED6DCD90281E5

    def event(self, key: str, template: str = "s3_object_created.json", **object_fields: Any) -> Dict[str, Any]:
        event = json.loads((EVENTS_DIR / template).read_text())
        record = event["Records"][0]
        record["s3"]["bucket"]["name"] = self.aws.bucket
        record["s3"]["object"].update({"key": quote_plus(key, safe="/"), **object_fields})
        return event

    def put(self, key: str, body: bytes, template: str = "s3_object_created.json") -> Dict[str, Any]:
        """Put ``body`` under ``key`` (decoded) and return the event S3 sends for it."""
        response = self.aws.s3.put_object(Bucket=self.aws.bucket, Key=key, Body=body)
        self._sequence += 1
        return self.event(
            key,
            template,
            size=len(body),
            eTag=response["ETag"].strip('"'),
            versionId=response["VersionId"],
            sequencer=f"{self._sequence:018X}",
        )

    def pending(self, upload_id: str, created_at: str = "2026-11-24T01:59:00Z") -> None:
        """The PENDING record POST /upload writes."""
        self.aws.dynamodb.put_item(TableName=self.aws.upload_results_table, Item={
            "upload_id": {"S": upload_id},
            "status": {"S": "PENDING"},
            "object_key": {"S": f"uploads/{upload_id}.csv"},
            "created_at": {"S": created_at},
            "ttl": {"N": "1800000000"},
        })

    def result(self, upload_id: str) -> Optional[Dict[str, Any]]:
        item = self.aws.dynamodb.get_item(TableName=self.aws.upload_results_table,
                                          Key={"upload_id": {"S": upload_id}}, ConsistentRead=True)
        return plain(item["Item"]) if "Item" in item else None

    def transactions(self) -> List[Dict[str, Any]]:
        items: List[Dict[str, Any]] = []
        kwargs: Dict[str, Any] = {"TableName": self.aws.transactions_table}
        while True:
            page = self.aws.dynamodb.scan(**kwargs)
            items += [plain(item) for item in page["Items"]]
            if "LastEvaluatedKey" not in page:
                return sorted(items, key=lambda i: i["transaction_id"])
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def transaction(self, transaction_id: str) -> Optional[Dict[str, Any]]:
        item = self.aws.dynamodb.get_item(TableName=self.aws.transactions_table,
                                          Key={"transaction_id": {"S": transaction_id}})
        return plain(item["Item"]) if "Item" in item else None


def with_records(*events: Dict[str, Any]) -> Dict[str, Any]:
    """One event carrying the records of several."""
    merged = copy.deepcopy(events[0])
    merged["Records"] = [record for event in events for record in event["Records"]]
    return merged


@pytest.fixture
def csv_validation():
    """The csv_validation handler module, with its AWS clients rebuilt inside this test's moto."""
    module = load_handler("csv_validation")
    from csv_ingest.aws_clients import clients

    clients.reset()
    yield module
    clients.reset()


@pytest.fixture
def uploads(tp_aws) -> CsvUploads:
    return CsvUploads(tp_aws)
