"""Helpers and fixtures for anomaly-detection's tests (imported by the test modules that use them).

``detector`` runs the handler with its clients rebuilt inside moto and its
clock fixed at ``NOW``; ``detector.calls`` lists every AWS operation its
clients made (counted with botocore's before-call hook). Stream records come
either from moto's real stream of the transactions table (``inserted_records``)
or are built here (``stream_record``) for shapes the table never produces.
"""

import copy
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, List

import boto3
import pytest

from tests.fixtures.lambda_context import FakeLambdaContext
from tools.function_code import load_handler

EVENTS_DIR = Path(__file__).resolve().parents[2] / "events" / "transaction_processor"
NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
UPLOAD_ID = "3f1c2a5e-8d4b-4c6a-9e2f-1a2b3c4d5e6f"
TEST_CARDS = ("4111111111111111", "4242424242424242", "5555555555554444")


def stream_context(remaining_ms: int = 60_000) -> FakeLambdaContext:
    """anomaly-detection's context: a 60 s timeout, as the stack sets it."""
    return FakeLambdaContext(function_name="anomaly-detection-unittest", remaining_time_ms=remaining_ms)


def image(transaction_id: str, amount: str = "1234.5", timestamp: str = "2026-03-01T11:00:00Z",
          **extra: Dict[str, str]) -> Dict[str, Dict[str, str]]:
    """A transaction item in DynamoDB JSON, as csv-validation writes it."""
    return {
        "transaction_id": {"S": transaction_id}, "upload_id": {"S": UPLOAD_ID}, "merchant_id": {"S": "merchant-42"},
        "amount": {"N": amount}, "currency": {"S": "EUR"}, "card_last4": {"S": "1111"},
        "timestamp": {"S": timestamp}, "row_number": {"N": "2"}, "status": {"S": "ACCEPTED"}, **extra,
    }


_SAMPLE_INSERT = json.loads((EVENTS_DIR / "anomaly_detection_stream_inserts.json").read_text())["Records"][0]


def stream_record(sequence_number: str, new_image: Any, event_name: str = "INSERT") -> Dict[str, Any]:
    """A record in the generated sample's shape (``tests/events/generate_events.sh``) with these values."""
    record = copy.deepcopy(_SAMPLE_INSERT)
    record.update(eventID=f"e-{sequence_number}", eventName=event_name)
    record["dynamodb"].update(Keys={"transaction_id": {"S": "?"}}, NewImage=copy.deepcopy(new_image),
                              SequenceNumber=sequence_number)
    return record


def failures(result: Dict[str, Any]) -> List[str]:
    return [failure["itemIdentifier"] for failure in result["batchItemFailures"]]


@dataclass
class Stream:
    """moto's stream of the transactions table, read from the start once per call."""

    tp_aws: Any

    def records(self) -> List[Dict[str, Any]]:
        # The account-scoped endpoint botocore picks for a StreamArn is unknown to moto.
        streams = boto3.client("dynamodbstreams", endpoint_url="https://streams.dynamodb.us-east-1.amazonaws.com")
        arn = self.tp_aws.stream_arn()
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
        records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
        for record in records:  # as Lambda passes them: JSON, not datetimes
            record["dynamodb"].pop("ApproximateCreationDateTime", None)
        return records

    def insert(self, *items: Dict[str, Any]) -> List[Dict[str, Any]]:
        """Put ``items`` into the table; the INSERT records they produced."""
        seen = {record["eventID"] for record in self.records()}
        for item in items:
            self.tp_aws.dynamodb.put_item(TableName=self.tp_aws.transactions_table, Item=item)
        return [r for r in self.records() if r["eventID"] not in seen and r["eventName"] == "INSERT"]


def stored_item(tp_aws: Any, transaction_id: str) -> Dict[str, Any]:
    return tp_aws.dynamodb.get_item(TableName=tp_aws.transactions_table,
                                    Key={"transaction_id": {"S": transaction_id}}).get("Item", {})


@pytest.fixture
def stream(tp_aws) -> Stream:
    return Stream(tp_aws)


@dataclass
class Detector:
    module: ModuleType  # the handler module
    calls: List[str]  # every AWS operation its clients made, in order

    def __call__(self, records: List[Any], context: Any = None) -> Dict[str, Any]:
        return self.module.handler({"Records": records}, context or stream_context())


@pytest.fixture
def detector(tp_aws, monkeypatch) -> Detector:
    module = load_handler("anomaly_detection")
    from anomaly_rules import aws_clients

    aws_clients.reset()
    monkeypatch.setattr(module, "utc_now", lambda: NOW)
    calls: List[str] = []
    for service in ("dynamodb", "sns"):
        aws_clients.client(service).meta.events.register(
            "before-call.*.*", lambda model, **_: calls.append(model.name))
    yield Detector(module, calls)
    aws_clients.reset()


class FailingWhen:
    """Wraps a real client: ``operation`` raises ``error`` for calls whose kwargs match ``when``."""

    def __init__(self, real: Any, operation: str, when: Any, error: Exception) -> None:
        self._real, self._operation, self._when, self._error = real, operation, when, error

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._real, name)
        if name != self._operation:
            return method

        def maybe_fail(**kwargs: Any) -> Any:
            if self._when(kwargs):
                raise self._error
            return method(**kwargs)

        return maybe_fail


def _mentions(kwargs: Dict[str, Any], transaction_id: str) -> bool:
    """The call is about ``transaction_id``: in a DynamoDB key (repr) or an SNS message (JSON)."""
    text = str(kwargs)
    return f"'{transaction_id}'" in text or f'"{transaction_id}"' in text


def fail_for(service: str, operation: str, transaction_id: str, code: str = "InternalError") -> None:
    """Make ``operation`` of the detector's ``service`` client fail for one transaction."""
    from botocore.exceptions import ClientError

    from anomaly_rules import aws_clients

    error = ClientError({"Error": {"Code": code, "Message": "injected"}}, operation)
    aws_clients.use(service, FailingWhen(aws_clients.client(service), operation,
                                         lambda kwargs: _mentions(kwargs, transaction_id), error))
