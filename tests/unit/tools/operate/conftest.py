"""The operator command's tests: every parking place of every system in moto (tools/operate/demo.py's DemoSandbox).

`box` is the sandbox for the suffix `ops`; `operate(*argv, lambda_client=..., sqs=...)` runs `python -m tools operate`
on it with a fake clock (so no test sleeps) and answers (exit code, output). The `*_function` fixtures
run the systems' real handlers in-process, set up as their stacks set them up, for a `FakeLambda` to invoke.
No test here imports cdktf.
"""

import io
from typing import Any

import boto3
import pytest

from tests.fixtures.lambda_context import FakeLambdaContext
from tools.cli import main
from tools.function_code import load_handler
from tools.operate import queues
from tools.operate.demo import DemoSandbox
from tools.operate.sandbox.fakes import FakeClock, FakeLambda

SUFFIX = "ops"


@pytest.fixture
def box(mocked_aws, monkeypatch: pytest.MonkeyPatch) -> DemoSandbox:
    monkeypatch.setattr(queues, "RECEIVE_WAIT_SECONDS", 0)  # moto answers at once; long polling would only wait
    return DemoSandbox(SUFFIX)


@pytest.fixture
def operate(box):
    def run(*argv: str, lambda_client: Any = None, sqs: Any = None) -> tuple[int, str]:
        out, clock = io.StringIO(), FakeClock()
        code = main(["operate", "--suffix", SUFFIX, *argv], clients=box.clients(lambda_client or FakeLambda(), sqs), out=out,
                    options={"clock": clock, "sleep": clock.sleep})
        return code, out.getvalue()

    return run


def context(function: str, remaining_ms: int = 60_000) -> FakeLambdaContext:
    return FakeLambdaContext(function_name=function, remaining_time_ms=remaining_ms)


@pytest.fixture
def router_function(box, monkeypatch):
    """The real router, its queue URLs set as the stack sets them."""
    from functions.webhook_events.routes import TRANSACTION_TYPES, queue_url_env

    router = load_handler("router")
    for transaction_type in TRANSACTION_TYPES:
        monkeypatch.setenv(queue_url_env(transaction_type), box.urls[box.web.queue(transaction_type)])
    monkeypatch.setattr(router, "sqs_client", None)
    return lambda event: router.handler(event, context(box.web.router_function))


@pytest.fixture
def csv_function(box, monkeypatch):
    """The real csv-validation, its uploads bucket (versioned) created; `.bucket` names it."""
    handler = load_handler("csv_validation")
    from csv_ingest.aws_clients import clients

    bucket = box.tp.uploads_bucket("123456789012")
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    monkeypatch.setenv("TRANSACTIONS_TABLE", box.tp.transactions_table)
    monkeypatch.setenv("UPLOAD_RESULTS_TABLE", box.tp.upload_results_table)
    clients.reset()
    yield lambda event: handler.handler(event, context(box.tp.csv_validation_function, 300_000))
    clients.reset()


@pytest.fixture
def anomaly_function(box, monkeypatch):
    handler = load_handler("anomaly_detection")
    from anomaly_rules import aws_clients

    monkeypatch.setenv("TRANSACTIONS_TABLE", box.tp.transactions_table)
    monkeypatch.setenv("ANOMALY_TOPIC_ARN", box.topics[box.tp.anomaly_topic])
    monkeypatch.setenv("HIGH_AMOUNT_THRESHOLD", "10000")
    aws_clients.reset()
    yield lambda event: handler.handler(event, context(box.tp.anomaly_detection_function))
    aws_clients.reset()


@pytest.fixture
def market_data_function(box, monkeypatch):
    handler = load_handler("market_data_processor")
    from market_data.aws_clients import clients

    for name, value in {"ALERTS_TABLE": box.md.alerts_table, "ALERTS_TOPIC_ARN": box.topics[box.md.alerts_topic],
                        "DLQ_URL": box.urls[box.md.dlq], "HIGH_PRICE_THRESHOLD": "150",
                        "LOW_PRICE_THRESHOLD": "50"}.items():
        monkeypatch.setenv(name, value)
    clients.reset()
    yield lambda event: handler.handler(event, context(box.md.function))
    clients.reset()
