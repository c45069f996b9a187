"""Fixtures for the webhook pipeline's handler and delivery-guarantee tests.

No test here imports cdktf. The two ``handler.py`` files are loaded the way
their zips see them (``tools.function_code.load_handler``) under
distinct module names (``validator_handler``, ``router_handler``). Helpers
(sample events, the reference signer, fakes) live in ``webhook_test_support``;
the in-test stand-in for Lambda's asynchronous invocation of the router in
``delivery_support``.
"""

import json
from types import ModuleType

import boto3
import pytest

from functions.webhook_events.routes import TRANSACTION_TYPES, queue_url_env, route
from tests.fixtures.aws import fresh_aws
from tests.fixtures.lambda_context import ACCOUNT_ID, REGION
from tests.unit.webhook_pipeline.delivery_support import AsyncRouterRuntime
from tests.unit.webhook_pipeline.webhook_test_support import SIGNING_SECRET, AwsResources
from tools.function_code import load_handler, use_zip_root

# Test modules import the validator's package directly, before any fixture runs.
use_zip_root("validator")
use_zip_root("router")


@pytest.fixture(scope="session")
def dev_json(synthesized) -> str:
    """The webhook pipeline's dev stack, as synthesized."""
    return synthesized[("webhook-pipeline", "dev")]


@pytest.fixture(scope="session")
def dev(dev_json) -> dict:
    return json.loads(dev_json)


@pytest.fixture(scope="session")
def validator() -> ModuleType:
    return load_handler("validator")


@pytest.fixture(scope="session")
def router() -> ModuleType:
    return load_handler("router")


@pytest.fixture
def aws(aws_credentials: None, monkeypatch: pytest.MonkeyPatch, validator: ModuleType, router: ModuleType):
    """Table, three queues and a signing secret in moto; both functions' env set.

    The validator's real clients are rebuilt inside the mock; its Lambda client
    is a ``FakeLambdaClient`` (``aws.lambda_client``).
    """
    from webhook_validator.aws_clients import clients
    from webhook_validator.signing_secret import secret_cache

    suffix = "unittest"
    with fresh_aws():
        dynamodb = boto3.client("dynamodb")
        sqs = boto3.client("sqs")
        secretsmanager = boto3.client("secretsmanager")
        table_name = f"transaction-events-{suffix}"
        dynamodb.create_table(
            TableName=table_name,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "event_id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "event_id", "KeyType": "HASH"}],
        )
        queue_urls = {
            transaction_type: sqs.create_queue(QueueName=f"{route(transaction_type)}-queue-{suffix}")["QueueUrl"]
            for transaction_type in TRANSACTION_TYPES
        }
        secret_arn = secretsmanager.create_secret(
            Name=f"webhook-signing-secret-{suffix}", SecretString=SIGNING_SECRET
        )["ARN"]
        resources = AwsResources(
            table_name=table_name,
            router_name=f"event-router-{suffix}",
            secret_arn=secret_arn,
            queue_urls=queue_urls,
            dynamodb=dynamodb,
            sqs=sqs,
            secretsmanager=secretsmanager,
        )
        monkeypatch.setenv("DYNAMODB_TABLE", table_name)
        monkeypatch.setenv("ROUTER_LAMBDA_NAME", resources.router_name)
        monkeypatch.setenv("WEBHOOK_SECRET_ARN", secret_arn)
        for transaction_type, url in queue_urls.items():
            monkeypatch.setenv(queue_url_env(transaction_type), url)

        clients.reset()
        secret_cache.clear()
        clients.lambda_ = resources.lambda_client
        monkeypatch.setattr(router, "sqs_client", None)
        try:
            yield resources
        finally:
            clients.reset()
            secret_cache.clear()


@pytest.fixture
def pipeline(aws, router, lambda_context):
    """The validator's Lambda client is an ``AsyncRouterRuntime`` feeding the router.

    ``pipeline.run()`` plays Lambda's async queue: router attempts, 2 retries,
    and the on-failure destination (a moto queue ``event-router-failures-unittest``).
    """
    from webhook_validator.aws_clients import clients

    failure_queue_url = aws.sqs.create_queue(QueueName="event-router-failures-unittest")["QueueUrl"]
    runtime = AsyncRouterRuntime(
        router=router,
        sqs=aws.sqs,
        queue_urls=aws.queue_urls,
        failure_queue_url=failure_queue_url,
        function_arn=f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{aws.router_name}",
        context=lambda_context,
    )
    clients.lambda_ = runtime
    return runtime
