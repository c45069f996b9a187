"""Every business outcome of the market data processor, played once, with the metrics its log lines must carry.

``harness(environment)`` sets up what ``md_aws`` does (moto alerts table,
topic and DLQ, the function's environment) on its own, plus
``METRICS_ENVIRONMENT``, so the dashboards test can run it per stack.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from types import ModuleType
from typing import Any

import boto3
from boto3.dynamodb.types import TypeSerializer

from functions.market_data_processor.market_data.metrics import ParkReason
from tests.fixtures.aws import fake_account
from tests.fixtures.emf import Scenario, Tour
from tools.function_code import load_handler
from tests.fixtures.lambda_context import FakeLambdaContext
from tests.unit.market_data_processor.market_data_support import AT, AT_KEY, sqs_event, tick

TABLE = "market-alerts-metrics"


@dataclass
class Harness:
    processor: ModuleType
    dynamodb: Any

    def process(self, *bodies: str) -> dict:
        return self.processor.handler(sqs_event(bodies), FakeLambdaContext(function_name="data-processor-metrics",
                                                                           remaining_time_ms=60_000))

    def stored_alert(self, status: str) -> None:
        """An alert for AAPL at ``AT`` (151.25, HIGH) as an earlier tick left it."""
        item = {"symbol": "AAPL", "timestamp": AT_KEY, "price": Decimal("151.25"), "alert_type": "HIGH",
                "threshold": Decimal("150"), "status": status, "ttl": 1_900_000_000}
        self.dynamodb.put_item(TableName=TABLE, Item={k: TypeSerializer().serialize(v) for k, v in item.items()})


@contextmanager
def harness(environment: str = "unittest") -> Iterator[Harness]:
    processor = load_handler("market_data_processor")
    from market_data.aws_clients import clients  # noqa: PLC0415 - importable once the handler is loaded

    with fake_account() as env:
        dynamodb, sns, sqs = (boto3.client(s) for s in ("dynamodb", "sns", "sqs"))
        dynamodb.create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "symbol", "AttributeType": "S"},
                                  {"AttributeName": "timestamp", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "symbol", "KeyType": "HASH"}, {"AttributeName": "timestamp", "KeyType": "RANGE"}])
        for name, value in {"ALERTS_TABLE": TABLE,
                            "ALERTS_TOPIC_ARN": sns.create_topic(Name="trading-alerts-metrics")["TopicArn"],
                            "DLQ_URL": sqs.create_queue(QueueName="market-data-dlq-metrics")["QueueUrl"],
                            "HIGH_PRICE_THRESHOLD": "150", "LOW_PRICE_THRESHOLD": "50",
                            "METRICS_ENVIRONMENT": environment}.items():
            env.setenv(name, value)
        clients.reset()
        try:
            yield Harness(processor, dynamodb)
        finally:
            clients.reset()


def _processed(*bodies: str) -> Callable[[Harness], None]:
    def run(h: Harness) -> None:
        assert h.process(*bodies) == {"batchItemFailures": []}

    return run


def _conflict(status: str) -> Callable[[Harness], None]:
    def run(h: Harness) -> None:
        h.stored_alert(status)
        assert h.process(tick("AAPL", "152", AT)) == {"batchItemFailures": []}

    return run


MALFORMED = {
    ParkReason.INVALID_JSON: "{not json",
    ParkReason.MISSING_FIELD: '{"symbol": "AAPL", "price": 151}',
    ParkReason.INVALID_SYMBOL: tick(symbol="aapl"),
    ParkReason.INVALID_PRICE: tick(price="-1"),
    ParkReason.INVALID_TIMESTAMP: tick(timestamp="yesterday"),
}


def _sent(alert_type: str) -> tuple:
    return ("AlertsSent", (("AlertType", alert_type),))


def _parked(code: str) -> tuple:
    return ("TicksParked", (("Reason", code),))


SCENARIOS = (
    Scenario("high", _processed(tick(price="151.25")), {_sent("HIGH"): 1}),
    Scenario("low", _processed(tick(price="49.99")), {_sent("LOW"): 1}),
    Scenario("no_alert", _processed(tick(price="100")), {}),
    Scenario("redelivered", _processed(tick(price="151.25"), tick(price="151.25")), {_sent("HIGH"): 1}),
    *(Scenario(f"parked_{code.value}", _processed(body), {_parked(code.value): 1}) for code, body in MALFORMED.items()),
    Scenario("conflict_with_a_sent_alert", _conflict("SENT"), {_parked("alert_conflict"): 1}),
    # the other tick's PENDING alert is published (and counted) before this tick is parked
    Scenario("conflict_with_a_pending_alert", _conflict("PENDING"), {_parked("alert_conflict"): 1, _sent("HIGH"): 1}),
)

TOUR = Tour(harness, SCENARIOS)
play, tour = TOUR.play, TOUR.every
