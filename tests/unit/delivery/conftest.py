"""Fixtures for the delivery-guarantee tests.

Reuses the handler tests' fixtures (moto table, queues, secret; the two
handler modules loaded as ``validator_handler`` / ``router_handler``) and adds
the router's failure queue and an in-test stand-in for Lambda's asynchronous
invocation of the router (``delivery_support.AsyncRouterRuntime``).
"""

import importlib.util
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
HANDLERS_DIR = HERE.parent / "handlers"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HANDLERS_DIR))


def _handlers_fixtures():
    spec = importlib.util.spec_from_file_location("handlers_conftest_for_delivery", HANDLERS_DIR / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_handlers = _handlers_fixtures()
aws_credentials = _handlers.aws_credentials
aws = _handlers.aws
validator = _handlers.validator
router = _handlers.router

from delivery_support import AsyncRouterRuntime  # noqa: E402


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
        function_arn=f"arn:aws:lambda:us-east-1:123456789012:function:{aws.router_name}",
        context=lambda_context,
    )
    clients.lambda_ = runtime
    return runtime
