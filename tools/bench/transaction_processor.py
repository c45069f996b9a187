"""Print AWS calls and in-process time per request/batch for transaction-api and anomaly-detection.

Not a test. Both handlers run in-process on moto (no network), so the times
measure the code plus moto, not AWS latency. AWS calls are counted by hooking
botocore (``BaseClient._make_api_call``). Import times are medians of fresh
interpreters.

    pipenv run python -m tools bench transaction-processor
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timezone

from tools.function_code import load_handler, zip_root_env

BATCH = 100  # the stream mapping's batch size
REQUESTS = 200


class Context:
    def __init__(self, remaining_ms: int) -> None:
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


def count_botocore_calls() -> Counter:
    from botocore.client import BaseClient

    counts: Counter = Counter()
    original = BaseClient._make_api_call

    def counted(self, operation_name, api_params):
        counts[operation_name] += 1
        return original(self, operation_name, api_params)

    BaseClient._make_api_call = counted
    return counts


def import_ms(function: str, runs: int = 5) -> float:
    code = "import time; t = time.perf_counter(); import handler; print((time.perf_counter() - t) * 1000)"
    return statistics.median(float(subprocess.check_output([sys.executable, "-c", code], text=True,
                                                           env=zip_root_env(function)))
                             for _ in range(runs))


def create_resources(boto3) -> dict:
    dynamodb, sns = boto3.client("dynamodb"), boto3.client("sns")
    for table, key, extra in (
        ("transactions-bench", "transaction_id",
         {"StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}}),
        ("upload-results-bench", "upload_id", {}),
    ):
        dynamodb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
                              KeySchema=[{"AttributeName": key, "KeyType": "HASH"}], **extra)
    boto3.client("s3").create_bucket(Bucket="transaction-uploads-bench")
    return {"TRANSACTIONS_TABLE": "transactions-bench", "UPLOAD_RESULTS_TABLE": "upload-results-bench",
            "UPLOADS_BUCKET": "transaction-uploads-bench", "HIGH_AMOUNT_THRESHOLD": "10000",
            "ANOMALY_TOPIC_ARN": sns.create_topic(Name="transaction-anomalies-bench")["TopicArn"]}


def stream_batch(dynamodb, prefix: str, amount: str) -> list:
    now = datetime.now(timezone.utc).isoformat()
    records = []
    for index in range(BATCH):
        item = {"transaction_id": {"S": f"{prefix}-{index}"}, "upload_id": {"S": "u"}, "merchant_id": {"S": "m"},
                "amount": {"N": amount}, "currency": {"S": "EUR"}, "card_last4": {"S": "1111"},
                "timestamp": {"S": now}, "row_number": {"N": str(index + 2)}, "status": {"S": "ACCEPTED"}}
        dynamodb.put_item(TableName="transactions-bench", Item=item)
        records.append({"eventName": "INSERT", "dynamodb": {"NewImage": item, "SequenceNumber": f"{prefix}{index}"}})
    return records


def timed(call, runs: int) -> float:
    started = time.perf_counter()
    for _ in range(runs):
        call()
    return (time.perf_counter() - started) * 1000 / runs


def configure(parser: argparse.ArgumentParser, argv: Sequence[str] = ()) -> None:
    """No options: the figures are for fixed inputs."""


def run(args: argparse.Namespace) -> int:
    os.environ.update({"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "us-east-1"})
    import boto3
    from moto import mock_aws

    with mock_aws():
        os.environ.update(create_resources(boto3))
        counts = count_botocore_calls()
        api, detector = load_handler("transaction_api"), load_handler("anomaly_detection")
        dynamodb = boto3.client("dynamodb")
        normal, flagged = stream_batch(dynamodb, "n", "125.5"), stream_batch(dynamodb, "f", "25000")
        counts.clear()

        post = {"httpMethod": "POST", "resource": "/upload"}
        get = {"httpMethod": "GET", "resource": "/status/{transaction_id}", "pathParameters": {"transaction_id": "n-1"}}
        for name, event in (("POST /upload", post), ("GET /status/{id}", get)):
            counts.clear()
            ms = timed(lambda: api.handler(event, Context(10_000)), REQUESTS)
            print(f"transaction-api {name:<17} {ms:6.2f} ms/request in-process, AWS calls/request: "
                  f"{dict((op, n / REQUESTS) for op, n in counts.items())}")

        for name, batch in (("all normal", normal), ("all flagged", flagged), ("flagged, redelivered", flagged)):
            counts.clear()
            started = time.perf_counter()
            result = detector.handler({"Records": batch}, Context(60_000))
            ms = (time.perf_counter() - started) * 1000
            print(f"anomaly-detection {BATCH} records, {name:<21} {ms:7.1f} ms/batch, "
                  f"failed {len(result['batchItemFailures'])}, AWS calls: {dict(counts)}")
    for function in ("transaction_api", "anomaly_detection"):
        print(f"import {function}/handler.py (cold interpreter, median of 5): {import_ms(function):.0f} ms")
    return 0
