"""Fixtures for the Lambda handler tests: moto resources and the two handler modules.

No test here imports cdktf. The two ``handler.py`` files are loaded under
distinct module names (``validator_handler``, ``router_handler``). Helpers
(sample events, the reference signer, fakes) live in ``webhook_test_support``.
"""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import boto3
import pytest
from moto import mock_aws

sys.path.insert(0, str(Path(__file__).resolve().parent))

from webhook_test_support import FUNCTIONS_DIR, SIGNING_SECRET, AwsResources  # noqa: E402


def _load(module_name: str, path: Path) -> ModuleType:
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def validator() -> ModuleType:
    return _load("validator_handler", FUNCTIONS_DIR / "validator" / "handler.py")


@pytest.fixture(scope="session")
def router() -> ModuleType:
    return _load("router_handler", FUNCTIONS_DIR / "router" / "handler.py")


@pytest.fixture
def aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake credentials and region, so nothing can reach a real account."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_SECURITY_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def aws(aws_credentials: None, monkeypatch: pytest.MonkeyPatch, validator: ModuleType, router: ModuleType):
    """Table, three queues and a signing secret in moto; both functions' env set.

    The validator's real clients are rebuilt inside the mock; its Lambda client
    is a ``FakeLambdaClient`` (``aws.lambda_client``).
    """
    from webhook_validator.aws_clients import clients
    from webhook_validator.signing_secret import secret_cache

    suffix = "unittest"
    with mock_aws():
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
            transaction_type: sqs.create_queue(QueueName=f"{queue}-queue-{suffix}")["QueueUrl"]
            for transaction_type, queue in (
                ("payment", "payments"),
                ("refund", "refunds"),
                ("dispute", "disputes"),
            )
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
        monkeypatch.setenv("PAYMENTS_QUEUE_URL", queue_urls["payment"])
        monkeypatch.setenv("REFUNDS_QUEUE_URL", queue_urls["refund"])
        monkeypatch.setenv("DISPUTES_QUEUE_URL", queue_urls["dispute"])

        clients.reset()
        secret_cache.clear()
        clients.lambda_ = resources.lambda_client
        monkeypatch.setattr(router, "sqs_client", None)
        try:
            yield resources
        finally:
            clients.reset()
            secret_cache.clear()
