"""A whole operator session against moto, printed as a transcript: list, inspect, redrive with a failure injected.

    pipenv run python -m tools operate demo

Builds every parking place of every system for the suffix `demo` in moto (sandbox/sandbox.py), parks what each
system parks, and runs `operate list`, `inspect` and `redrive` as an operator would at 3 a.m. The functions are
stand-ins that accept every replay (tests/unit/tools/operate runs the real handlers), the third invoke of the
router's replay is refused (throttled), and moto's missing message move task is stood in for (MoveTaskSqs).
Exits 0 when every command exited as the session expects.
"""

import io
import os
import sys
from typing import TextIO

from stacks.market_data_processor.names import MarketDataNames
from stacks.transaction_processor.names import TransactionProcessorNames
from stacks.webhook_pipeline.names import WebhookNames
from tools.cli import main as tools_main
from tools.operate import queues
from tools.operate.sandbox.fakes import (
    FakeClock, FakeLambda, MoveTaskSqs, lambda_failure_record, stream_failure_record,
)
from tools.operate.sandbox.sandbox import Sandbox

SUFFIX = "demo"
CARD = "4111 1111 1111 1111"  # a test card number a sender put in an extra field: never shown whole


class DemoSandbox(Sandbox):
    """The sandbox, and what the shipped systems' handlers use besides their parking places.

    Named here, since this session is theirs: the webhook dedup table, the transactions table with its stream,
    the upload results, the alerts table and both alert topics.
    """

    def __init__(self, suffix: str) -> None:
        super().__init__(suffix)
        self.web, self.tp, self.md = WebhookNames(suffix), TransactionProcessorNames(suffix), MarketDataNames(suffix)
        self.table(self.web.dedup_table, ("event_id",))
        self.table(self.tp.transactions_table, ("transaction_id",), stream=True)
        self.table(self.tp.upload_results_table, ("upload_id",))
        self.table(self.md.alerts_table, ("symbol", "timestamp"))
        for topic in (self.tp.anomaly_topic, self.md.alerts_topic):
            self.tapped_topic(topic)


def park_everything(box: DemoSandbox) -> None:
    for n in range(1, 6):
        event = {"event_id": f"evt-{n}", "transaction_type": "payment", "amount": 10 * n,
                 "timestamp": "2026-11-24T03:00:00Z", "note": f"card {CARD}"}
        box.park("router-failures", lambda_failure_record(
            box.web.router_function, event, "ClientError", "An error occurred (AccessDenied) when calling SendMessage"),
            age_seconds=7500 - 60 * n)
    for n in (1, 2):
        box.park("payments-dlq", {"event_id": f"evt-p{n}", "transaction_type": "payment", "amount": 5},
                 age_seconds=3 * 86400, event_id=f"evt-p{n}", transaction_type="payment")
    s3_event = {"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {
        "bucket": {"name": box.tp.uploads_bucket("123456789012")},
        "object": {"key": "uploads/6f1c2a3e-8d4b-4c5a-9e7f-0a1b2c3d4e5f.csv", "versionId": "v1", "size": 226}}}]}
    box.park("csv-validation-failures", lambda_failure_record(
        box.tp.csv_validation_function, s3_event, "OutOfTime", "too little time left to finish"), age_seconds=1800)
    box.dynamodb.put_item(TableName=box.tp.transactions_table, Item={
        "transaction_id": {"S": "txn-0002"}, "upload_id": {"S": "u-1"}, "status": {"S": "ACCEPTED"}})
    stream_arn = box.dynamodb.describe_table(TableName=box.tp.transactions_table)["Table"]["LatestStreamArn"]
    shard = box.streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]
    start = shard["SequenceNumberRange"]["StartingSequenceNumber"]
    box.park("anomaly-detection-failures", stream_failure_record(
        box.tp.anomaly_detection_function, stream_arn, shard["ShardId"], start, start, 1, "2026-11-24T02:59:00Z"),
        age_seconds=900)
    box.park("market-data-dlq", '{"symbol":"ACME","price":151.25,"timestamp":"2026-11-24T02:58:00Z"}', age_seconds=420)
    box.park("market-data-dlq", '{"symbol":"ACME","timestamp":"2026-11-24T02:58:01Z"}',
             age_seconds=400, error_reason="price is missing", source_message_id="9b2f4c1e-7d3a-4e8b-a6f1-3c5d7e9a1b2c")


def session(box: DemoSandbox, out: TextIO) -> list[tuple[str, int, int]]:
    """Each command, its exit code and the one the session expects."""
    clock, router_lambda = FakeClock(), FakeLambda(fail_on={3})
    moving_sqs = MoveTaskSqs(box.sqs)
    steps = [
        ("list", router_lambda, box.sqs, 0),
        (f"inspect event-router-failures-{SUFFIX} --max 2 --show-payload", router_lambda, box.sqs, 0),
        (f"inspect market-data-dlq-{SUFFIX}", router_lambda, box.sqs, 0),
        (f"redrive event-router-failures-{SUFFIX} --dry-run --max 2", router_lambda, box.sqs, 0),
        (f"redrive event-router-failures-{SUFFIX}", router_lambda, box.sqs, 1),
        (f"redrive event-router-failures-{SUFFIX}", router_lambda, box.sqs, 0),
        (f"redrive payments-dlq-{SUFFIX} --rate 5", router_lambda, moving_sqs, 0),
        (f"redrive market-data-dlq-{SUFFIX}", router_lambda, box.sqs, 0),
        (f"redrive csv-validation-failures-{SUFFIX}", router_lambda, box.sqs, 0),
        (f"redrive anomaly-detection-failures-{SUFFIX}", router_lambda, box.sqs, 0),
        ("list", router_lambda, box.sqs, 0),
    ]
    results = []
    for command, lambda_client, sqs, expected in steps:
        print(f"\n$ ENVIRONMENT_SUFFIX={SUFFIX} pipenv run python -m tools operate {command}", file=out)
        if command == "list":
            box.publish_metrics()
        code = tools_main(["operate", "--suffix", SUFFIX, *command.split()], clients=box.clients(lambda_client, sqs),
                          out=out, options={"clock": clock, "sleep": clock.sleep})
        print(f"(exit {code})", file=out)
        results.append((command, code, expected))
    return results


def run(out: TextIO = sys.stdout) -> int:
    from moto import mock_aws  # noqa: PLC0415 - a development dependency

    fake = {name: "testing" for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")}
    saved = {name: os.environ.get(name) for name in fake}
    os.environ.update(fake)  # moto's, so nothing can reach a real account
    wait, queues.RECEIVE_WAIT_SECONDS = queues.RECEIVE_WAIT_SECONDS, 0  # moto answers at once
    transcript = io.StringIO()
    try:
        with mock_aws():
            box = DemoSandbox(SUFFIX)
            park_everything(box)
            results = session(box, transcript)
    finally:
        queues.RECEIVE_WAIT_SECONDS = wait
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    print(transcript.getvalue().lstrip("\n"), file=out)
    unexpected = [(command, code, expected) for command, code, expected in results if code != expected]
    for command, code, expected in unexpected:
        print(f"unexpected: `{command}` exited {code}, not {expected}", file=sys.stderr)
    return 1 if unexpected else 0
