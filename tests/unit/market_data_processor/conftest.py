"""moto resources for the market data processor's tests, named as the stack names them.

``md_aws`` creates the alerts table (symbol + timestamp), the alerts topic
with an SQS tap queue subscribed to it (raw delivery, so tests read exactly
what was published) and the DLQ; it sets the function's environment and
gives the handler fresh clients. ``md_calls`` records every AWS call the
handler makes, through botocore's ``before-call`` event on its own clients.
"""

from dataclasses import dataclass
from typing import Any, Dict, Iterator, List

import boto3
import pytest
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

from tests.fixtures.lambda_context import FakeLambdaContext
from tools.function_code import load_handler

SUFFIX = "unittest"
ALERTS_TABLE = f"market-alerts-{SUFFIX}"
ALERTS_TOPIC = f"trading-alerts-{SUFFIX}"
DLQ_NAME = f"market-data-dlq-{SUFFIX}"
TAP_QUEUE = f"trading-alerts-tap-{SUFFIX}"
FUNCTION_TIMEOUT_MS = 60_000  # the spec's (seed's) timeout: a fresh invocation's time left

HANDLER = load_handler("market_data_processor")  # also puts the zip's root on sys.path

from market_data.aws_clients import clients  # noqa: E402 - importable once the handler is loaded


@dataclass
class MarketDataAws:
    table: str
    topic_arn: str
    dlq_url: str
    tap_url: str
    dynamodb: Any
    sqs: Any

    def alerts(self) -> List[Dict[str, Any]]:
        """Every stored alert, as Python values, by (symbol, timestamp)."""
        items = self.dynamodb.scan(TableName=self.table)["Items"]
        found = [{k: TypeDeserializer().deserialize(v) for k, v in item.items()} for item in items]
        return sorted(found, key=lambda item: (item["symbol"], item["timestamp"]))

    def put_alert(self, item: Dict[str, Any]) -> None:
        """Store an alert as an earlier delivery would have left it."""
        self.dynamodb.put_item(TableName=self.table, Item={k: TypeSerializer().serialize(v) for k, v in item.items()})

    def _drain(self, url: str) -> List[Dict[str, Any]]:
        found = []
        while True:
            batch = self.sqs.receive_message(
                QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]
            ).get("Messages", [])
            if not batch:
                return found
            found += batch
            for message in batch:
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])

    def published(self) -> List[Dict[str, Any]]:
        """Every message published to the alerts topic so far (read from the tap queue, then deleted)."""
        return self._drain(self.tap_url)

    def dead_letters(self) -> List[Dict[str, Any]]:
        """Every message in the DLQ so far (read, then deleted)."""
        return self._drain(self.dlq_url)


@pytest.fixture
def md_aws(mocked_aws, monkeypatch: pytest.MonkeyPatch) -> Iterator[MarketDataAws]:
    dynamodb, sns, sqs = (boto3.client(service) for service in ("dynamodb", "sns", "sqs"))
    dynamodb.create_table(
        TableName=ALERTS_TABLE,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": "symbol", "AttributeType": "S"},
            {"AttributeName": "timestamp", "AttributeType": "S"},
        ],
        KeySchema=[{"AttributeName": "symbol", "KeyType": "HASH"}, {"AttributeName": "timestamp", "KeyType": "RANGE"}],
    )
    topic_arn = sns.create_topic(Name=ALERTS_TOPIC)["TopicArn"]
    tap_url = sqs.create_queue(QueueName=TAP_QUEUE)["QueueUrl"]
    tap_arn = sqs.get_queue_attributes(QueueUrl=tap_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=tap_arn, Attributes={"RawMessageDelivery": "true"})
    dlq_url = sqs.create_queue(QueueName=DLQ_NAME)["QueueUrl"]
    for name, value in {
        "ALERTS_TABLE": ALERTS_TABLE,
        "ALERTS_TOPIC_ARN": topic_arn,
        "DLQ_URL": dlq_url,
        "HIGH_PRICE_THRESHOLD": "150",
        "LOW_PRICE_THRESHOLD": "50",
    }.items():
        monkeypatch.setenv(name, value)
    clients.reset()  # the handler builds its clients inside this test's mock
    yield MarketDataAws(ALERTS_TABLE, topic_arn, dlq_url, tap_url, dynamodb, sqs)
    clients.reset()


@pytest.fixture
def md_calls(md_aws) -> List[str]:
    """``service:Operation`` for each AWS call the handler makes, in order."""
    calls: List[str] = []

    def record(model, **_kwargs) -> None:
        calls.append(f"{model.service_model.service_name}:{model.name}")

    for service in ("dynamodb", "sns", "sqs"):
        clients.get(service).meta.events.register("before-call", record)
    return calls


@pytest.fixture
def md_context() -> FakeLambdaContext:
    return FakeLambdaContext(function_name=f"data-processor-{SUFFIX}", remaining_time_ms=FUNCTION_TIMEOUT_MS)


@pytest.fixture
def md_handler():
    return HANDLER.handler
