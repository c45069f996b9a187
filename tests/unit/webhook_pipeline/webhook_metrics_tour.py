"""Every business outcome of the webhook pipeline, played once, with the metric its log line must carry.

``harness(environment)`` sets up what the ``aws`` fixture does (moto table,
queues and secret, both functions' environment) on its own, plus
``METRICS_ENVIRONMENT``, so the dashboards test can run it per stack too.
Each ``Scenario`` drives the handlers to one outcome; ``expected`` is the
total per (metric, business dimensions) its lines must carry.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from functions.webhook_events.routes import TRANSACTION_TYPES, queue_url_env, route
from tests.fixtures.aws import fake_account
from tests.fixtures.emf import Scenario, Tour
from tools.function_code import load_handler
from tests.fixtures.lambda_context import FakeLambdaContext
from tests.unit.webhook_pipeline.webhook_test_support import (
    OTHER_SECRET,
    SIGNING_SECRET,
    AwsResources,
    event_body,
    make_delivery,
)

SAMPLES = {"payment": "payment_delivery.json", "refund": "refund_delivery_base64.json", "dispute": "dispute_delivery.json"}


@dataclass
class Harness:
    validator: ModuleType
    router: ModuleType
    aws: AwsResources
    env: pytest.MonkeyPatch

    def deliver(self, delivery: dict, remaining_ms: int = 30_000) -> int:
        return self.validator.handler(delivery, FakeLambdaContext(remaining_time_ms=remaining_ms))["statusCode"]

    def route(self, transaction_type: str) -> None:
        self.router.handler(event_body(SAMPLES[transaction_type]), FakeLambdaContext(function_name="event-router"))


@contextmanager
def harness(environment: str = "unittest") -> Iterator[Harness]:
    validator, router = load_handler("validator"), load_handler("router")
    from webhook_validator.aws_clients import clients  # noqa: PLC0415 - importable once the handler is loaded
    from webhook_validator.signing_secret import secret_cache  # noqa: PLC0415

    with fake_account() as env:
        dynamodb, sqs, secretsmanager = (boto3.client(s) for s in ("dynamodb", "sqs", "secretsmanager"))
        table = "transaction-events-metrics"
        dynamodb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=[{"AttributeName": "event_id", "AttributeType": "S"}],
                              KeySchema=[{"AttributeName": "event_id", "KeyType": "HASH"}])
        queue_urls = {t: sqs.create_queue(QueueName=f"{route(t)}-queue-metrics")["QueueUrl"] for t in TRANSACTION_TYPES}
        secret_arn = secretsmanager.create_secret(Name="webhook-signing-secret-metrics", SecretString=SIGNING_SECRET)["ARN"]
        aws = AwsResources(table, "event-router-metrics", secret_arn, queue_urls, dynamodb, sqs, secretsmanager)
        for name, value in {"DYNAMODB_TABLE": table, "ROUTER_LAMBDA_NAME": aws.router_name,
                            "WEBHOOK_SECRET_ARN": secret_arn, "METRICS_ENVIRONMENT": environment,
                            **{queue_url_env(t): url for t, url in queue_urls.items()}}.items():
            env.setenv(name, value)
        clients.reset()
        secret_cache.clear()
        clients.lambda_ = aws.lambda_client
        env.setattr(router, "sqs_client", None)
        try:
            yield Harness(validator, router, aws, env)
        finally:
            clients.reset()
            secret_cache.clear()


def _accepted(h: Harness) -> None:
    assert h.deliver(make_delivery()) == 200


def _duplicate(h: Harness) -> None:
    delivery = make_delivery()
    assert [h.deliver(delivery), h.deliver(delivery)] == [200, 409]


def _bad_signature(h: Harness) -> None:
    assert h.deliver(make_delivery(secret=OTHER_SECRET)) == 401


def _malformed_body(h: Harness) -> None:
    assert h.deliver(make_delivery(body="{not json")) == 400


def _invalid_event(h: Harness) -> None:
    event = {k: v for k, v in event_body("payment_delivery.json").items() if k != "amount"}
    assert h.deliver(make_delivery(body=event)) == 400


def _too_large(h: Harness) -> None:
    assert h.deliver(make_delivery(body="x" * (256 * 1024 + 1))) == 413


def _claim_failed(h: Harness) -> None:
    h.env.setenv("DYNAMODB_TABLE", "no-such-table")
    assert h.deliver(make_delivery()) == 503


def _out_of_time(h: Harness) -> None:
    assert h.deliver(make_delivery(), remaining_ms=1_000) == 503


def _secret_unavailable(h: Harness) -> None:
    from webhook_validator.signing_secret import secret_cache  # noqa: PLC0415

    secret_cache.clear()
    h.env.setenv("WEBHOOK_SECRET_ARN", h.aws.secret_arn + "-gone")
    assert h.deliver(make_delivery()) == 503


def _hand_off_failed(h: Harness) -> None:
    h.aws.lambda_client.error = ClientError({"Error": {"Code": "TooManyRequestsException"}}, "Invoke")
    assert h.deliver(make_delivery()) == 502


def _misconfigured(h: Harness) -> None:
    h.env.delenv("ROUTER_LAMBDA_NAME")
    assert h.deliver(make_delivery()) == 500


def _internal_error(h: Harness) -> None:
    h.aws.lambda_client.error = RuntimeError("a bug in the hand-off")
    assert h.deliver(make_delivery()) == 500


def _rejected(reason: str) -> dict:
    return {("DeliveriesRejected", (("Reason", reason),)): 1}


SCENARIOS = (
    Scenario("accepted", _accepted, {("DeliveriesAccepted", ()): 1}),
    Scenario("duplicate", _duplicate, {("DeliveriesAccepted", ()): 1, ("DeliveriesDuplicate", ()): 1}),
    Scenario("bad_signature", _bad_signature, _rejected("bad_signature")),
    Scenario("malformed_body", _malformed_body, _rejected("malformed_body")),
    Scenario("invalid_event", _invalid_event, _rejected("invalid_event")),
    Scenario("too_large", _too_large, _rejected("too_large")),
    Scenario("claim_failed", _claim_failed, _rejected("claim_failed")),
    Scenario("out_of_time", _out_of_time, _rejected("out_of_time")),
    Scenario("secret_unavailable", _secret_unavailable, _rejected("secret_unavailable")),
    Scenario("hand_off_failed", _hand_off_failed, _rejected("hand_off_failed")),
    Scenario("misconfigured", _misconfigured, _rejected("misconfigured")),
    Scenario("internal_error", _internal_error, _rejected("internal_error")),
    *(Scenario(f"routed_{t}", lambda h, t=t: h.route(t), {("EventsRouted", (("TransactionType", t),)): 1})
      for t in TRANSACTION_TYPES),
)

TOUR = Tour(harness, SCENARIOS)
play, tour = TOUR.play, TOUR.every
