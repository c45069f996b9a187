"""Print the market data processor's AWS calls per message by kind, and its time per batch of 25.

Not a test. Runs the handler in-process on moto (no network), loaded the way
Lambda loads it (tools/function_code.py). AWS calls are
counted with botocore's ``before-call`` event on the handler's own clients,
so retries would not be counted twice and the script's own setup calls are
not counted at all. Times are moto's, not AWS's: they compare code paths.

    pipenv run python -m tools bench market-data
"""

import argparse
import logging
import os
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any, Dict, List

from tools.function_code import load_handler

MESSAGES_PER_KIND = 100
BATCH_SIZE = 25
RUNS = 15  # batches timed per figure; the median is printed


class Context:
    """A Lambda context with the function's 60 s timeout still ahead."""

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


def tick(symbol: str, price: str, nanosecond: int) -> str:
    """A valid tick with one extra field; ``nanosecond`` makes its alert key unique."""
    return (f'{{"symbol":"{symbol}","price":{price},'
            f'"timestamp":"2026-11-23T10:00:00.{nanosecond:09d}Z","venue":"XNAS"}}')


def event(bodies: List[str]) -> Dict[str, Any]:
    return {"Records": [{"messageId": f"bench-{n}", "body": body, "attributes": {"ApproximateReceiveCount": "1"}}
                        for n, body in enumerate(bodies)]}


def create_resources(boto3: Any) -> None:
    dynamodb, sns, sqs = boto3.client("dynamodb"), boto3.client("sns"), boto3.client("sqs")
    dynamodb.create_table(
        TableName="market-alerts-bench", BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("symbol", "timestamp")],
        KeySchema=[{"AttributeName": "symbol", "KeyType": "HASH"}, {"AttributeName": "timestamp", "KeyType": "RANGE"}],
    )
    topic_arn = sns.create_topic(Name="trading-alerts-bench")["TopicArn"]
    tap_url = sqs.create_queue(QueueName="trading-alerts-tap-bench")["QueueUrl"]
    tap_arn = sqs.get_queue_attributes(QueueUrl=tap_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=tap_arn, Attributes={"RawMessageDelivery": "true"})
    os.environ.update(
        ALERTS_TABLE="market-alerts-bench", ALERTS_TOPIC_ARN=topic_arn,
        DLQ_URL=sqs.create_queue(QueueName="market-data-dlq-bench")["QueueUrl"],
        HIGH_PRICE_THRESHOLD="150", LOW_PRICE_THRESHOLD="50",
    )


def seconds_per_batch(handler: Any, bodies: List[str]) -> float:
    """Handle ``bodies`` in batches of 25; seconds per batch (median). Every message must succeed."""
    seconds = []
    for start in range(0, len(bodies), BATCH_SIZE):
        began = time.perf_counter()
        result = handler(event(bodies[start:start + BATCH_SIZE]), Context())
        seconds.append(time.perf_counter() - began)
        assert result == {"batchItemFailures": []}, result
    return statistics.median(seconds)


def configure(parser: argparse.ArgumentParser, argv: Sequence[str] = ()) -> None:
    """No options: the figures are for fixed inputs."""


def run(args: argparse.Namespace) -> int:
    os.environ.update(AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x", AWS_DEFAULT_REGION="us-east-1")
    import boto3
    from moto import mock_aws

    module = load_handler("market_data_processor")
    from market_data.aws_clients import clients

    logging.getLogger("market_data_processor").setLevel(logging.ERROR)  # one line per message otherwise
    calls: Counter = Counter()
    with mock_aws():
        create_resources(boto3)
        for service in ("dynamodb", "sns", "sqs"):
            clients.get(service).meta.events.register(
                "before-call", lambda model, **_: calls.update([f"{model.service_model.service_name}:{model.name}"]))
        n = MESSAGES_PER_KIND
        kinds = {
            "no alert (50 <= price <= 150)": [tick(f"N{i}", "100", i) for i in range(n)],
            "new alert (HIGH or LOW)": [tick(f"A{i}", "151" if i % 2 else "49", i) for i in range(n)],
            "redelivered SENT alert": [tick(f"A{i}", "151" if i % 2 else "49", i) for i in range(n)],
            "malformed (to the DLQ)": ['{"symbol":"aapl","price":151}'] * n,
        }
        print(f"AWS calls per message, {n} messages per kind, batches of {BATCH_SIZE} (moto):")
        for kind, bodies in kinds.items():
            calls.clear()
            seconds_per_batch(module.handler, bodies)
            detail = ", ".join(f"{op} {count / n:g}" for op, count in sorted(calls.items()))
            print(f"  {kind:32} {sum(calls.values()) / n:g}  ({detail or 'none'})")

        print(f"Handler time per batch of {BATCH_SIZE}, median of {RUNS} batches (moto, in-process):")
        batches = {
            "25 without alert": lambda r: [tick(f"T{i}", "100", r * 100 + i) for i in range(25)],
            "25 new alerts": lambda r: [tick(f"T{i}", "151", r * 100 + i) for i in range(25)],
            "25 malformed": lambda r: ["not json"] * 25,
            "mixed 13 no alert/6 alerts/6 bad": lambda r: [tick(f"M{i}", "100", r * 100 + i) for i in range(13)]
            + [tick(f"M{i}", "49", r * 100 + i) for i in range(6)] + ['{"symbol":"M"}'] * 6,
        }
        for name, make in batches.items():
            median = statistics.median(seconds_per_batch(module.handler, make(r)) for r in range(RUNS))
            print(f"  {name:32} {median * 1000:7.1f} ms")
    return 0
