"""moto resources for the transaction processor's handler tests, named as the stack names them.

``tp_aws`` creates the uploads bucket (versioned), the transactions table
(stream NEW_AND_OLD_IMAGES), the upload-results table and the anomaly topic
with an SQS queue subscribed to it (raw delivery), so tests read what was
published; it sets every function's environment variables.

``card_numbers_never_leave_their_row`` audits every test here: every log
record the functions emit and every message published to SNS, and ``tp_aws``
at its teardown every item stored in both tables, must carry no full test
card number (``card_audit``). A test that seeds a full number on
purpose (to prove it is never read) says so with ``seeds_card_numbers``.
"""

import json
import logging
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from botocore.client import BaseClient

from tests.fixtures.lambda_context import ACCOUNT_ID
from tests.unit.transaction_processor.card_audit import card_runs

SUFFIX = "unittest"
HIGH_AMOUNT_THRESHOLD = "10000"
MAX_UPLOAD_BYTES = "52428800"


@dataclass
class TransactionProcessorAws:
    bucket: str
    transactions_table: str
    upload_results_table: str
    topic_arn: str
    alerts_queue_url: str
    s3: Any
    dynamodb: Any
    sns: Any
    sqs: Any

    def stream_arn(self) -> str:
        return self.dynamodb.describe_table(TableName=self.transactions_table)["Table"]["LatestStreamArn"]

    def published(self) -> list[dict]:
        """Every message published to the anomaly topic so far (read and deleted from the tap queue)."""
        found = []
        while True:
            batch = self.sqs.receive_message(
                QueueUrl=self.alerts_queue_url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]
            ).get("Messages", [])
            if not batch:
                return found
            found += batch
            for message in batch:
                self.sqs.delete_message(QueueUrl=self.alerts_queue_url, ReceiptHandle=message["ReceiptHandle"])


def _table(dynamodb, name: str, key: str, **extra) -> None:
    dynamodb.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
        KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
        **extra,
    )


@pytest.fixture
def tp_aws(mocked_aws, monkeypatch: pytest.MonkeyPatch, request) -> TransactionProcessorAws:
    s3, dynamodb, sns, sqs = (boto3.client(s) for s in ("s3", "dynamodb", "sns", "sqs"))
    bucket = f"transaction-uploads-{SUFFIX}-{ACCOUNT_ID}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    transactions, results = f"transactions-{SUFFIX}", f"upload-results-{SUFFIX}"
    _table(
        dynamodb,
        transactions,
        "transaction_id",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    _table(dynamodb, results, "upload_id")
    topic_arn = sns.create_topic(Name=f"transaction-anomalies-{SUFFIX}")["TopicArn"]
    tap_url = sqs.create_queue(QueueName=f"anomaly-tap-{SUFFIX}")["QueueUrl"]
    tap_arn = sqs.get_queue_attributes(QueueUrl=tap_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=tap_arn, Attributes={"RawMessageDelivery": "true"})
    for name, value in {
        "TRANSACTIONS_TABLE": transactions,
        "UPLOAD_RESULTS_TABLE": results,
        "UPLOADS_BUCKET": bucket,
        "ANOMALY_TOPIC_ARN": topic_arn,
        "HIGH_AMOUNT_THRESHOLD": HIGH_AMOUNT_THRESHOLD,
        "MAX_UPLOAD_BYTES": MAX_UPLOAD_BYTES,
    }.items():
        monkeypatch.setenv(name, value)
    yield TransactionProcessorAws(bucket, transactions, results, topic_arn, tap_url, s3, dynamodb, sns, sqs)
    if request.node.get_closest_marker("seeds_card_numbers") is None:
        stored = [json.dumps(item) for table in (transactions, results) for item in dynamodb.scan(TableName=table)["Items"]]
        leaks = [run for text in stored for run in card_runs(text)]
        assert not leaks, f"full card numbers stored in a table: {leaks[:5]}"


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage() + (self.format(record) if record.exc_info else ""))


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "seeds_card_numbers: the test stores full card numbers on purpose")


@pytest.fixture(autouse=True)
def card_numbers_never_leave_their_row(monkeypatch: pytest.MonkeyPatch):
    """Log records and published messages; stored items are audited when ``tp_aws`` is torn down."""
    records = _Records()
    logging.getLogger().addHandler(records)
    published: list[str] = []
    make_api_call = BaseClient._make_api_call

    def recording(client, operation, params):
        if operation == "Publish":
            published.append(json.dumps(params, default=str))
        return make_api_call(client, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", recording)
    try:
        yield
    finally:
        logging.getLogger().removeHandler(records)
    texts = [("log record", m) for m in records.messages] + [("published message", p) for p in published]
    leaks = [(where, run) for where, text in texts for run in card_runs(text)]
    assert not leaks, f"full card numbers left their row: {leaks[:5]}"
