"""Print AWS calls per accepted delivery, per duplicate and per routed event, and import times.

Not a test. Runs both handlers in-process on moto (no network). AWS calls are
counted by hooking botocore (``BaseClient._make_api_call``), so every call a
handler makes through a real boto3 client is seen. moto cannot run Lambdas, so
the validator's Lambda client is a real boto3 client whose ``Invoke`` is
answered 202 by a botocore ``before-send`` hook: it still goes through (and is
counted by) botocore.

    pipenv run python -m tools bench aws-calls
"""

import argparse
import base64
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence

from functions.webhook_events.routes import TRANSACTION_TYPES, queue_url_env, route
from tools.function_code import load_handler, zip_root_env
from tools.smoke.webhook_pipeline import sign

N = 200  # deliveries per figure
SIGNING_SECRET = "whsec_" + base64.b64encode(bytes(range(32))).decode()


class Context:
    """A Lambda context with 30 s left."""

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def count_botocore_calls() -> Counter:
    from botocore.client import BaseClient

    counts: Counter = Counter()
    original = BaseClient._make_api_call

    def counted(self, operation_name, api_params):
        counts[f"{self.meta.service_model.service_name}:{operation_name}"] += 1
        return original(self, operation_name, api_params)

    BaseClient._make_api_call = counted
    return counts


def answer_invoke_202(request, **kwargs):
    from botocore.awsrequest import AWSResponse

    class Raw:
        def stream(self, **_):
            yield b""

    return AWSResponse(request.url, 202, {}, Raw())


def signed_delivery(event: dict, msg_id: str) -> dict:
    """An API Gateway proxy event carrying `event`, signed now per Standard Webhooks."""
    body = json.dumps(event).encode()
    now = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(now),
        "webhook-signature": sign(SIGNING_SECRET, msg_id, now, body),
    }
    return {"httpMethod": "POST", "path": "/webhook", "headers": headers, "body": body.decode(), "isBase64Encoded": False}


def import_seconds(statement: str, *functions: str, runs: int = 7) -> float:
    """Median seconds of `statement` in fresh interpreters that import as these functions' zips do."""
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    return statistics.median(float(subprocess.check_output([sys.executable, "-c", code], text=True,
                                                           env=zip_root_env(*functions)))
                             for _ in range(runs))


def configure(parser: argparse.ArgumentParser, argv: Sequence[str] = ()) -> None:
    """No options: the figures are for fixed inputs."""


def run(args: argparse.Namespace) -> int:
    for name, value in {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        os.environ[name] = value
    import boto3
    from moto import mock_aws

    counts = count_botocore_calls()
    validator, router = load_handler("validator"), load_handler("router")
    from webhook_validator.aws_clients import clients

    logging.getLogger("webhook_validator").setLevel(logging.ERROR)  # one line per 409 otherwise

    with mock_aws():
        ddb, sqs = boto3.client("dynamodb"), boto3.client("sqs")
        ddb.create_table(
            TableName="transaction-events-bench", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "event_id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "event_id", "KeyType": "HASH"}],
        )
        secret_arn = boto3.client("secretsmanager").create_secret(Name="webhook-signing-secret-bench", SecretString=SIGNING_SECRET)["ARN"]
        for transaction_type in TRANSACTION_TYPES:
            queue_name = f"{route(transaction_type)}-queue-bench"
            os.environ[queue_url_env(transaction_type)] = sqs.create_queue(QueueName=queue_name)["QueueUrl"]
        os.environ.update(DYNAMODB_TABLE="transaction-events-bench", ROUTER_LAMBDA_NAME="event-router-bench", WEBHOOK_SECRET_ARN=secret_arn)
        lambda_client = clients.lambda_  # a real boto3 client; Invoke answered by the hook below
        lambda_client.meta.events.register_first("before-send.lambda.Invoke", answer_invoke_202)
        context = Context()
        bodies = [
            {"event_id": f"evt_bench_{n}", "transaction_type": "payment", "amount": 1.5, "timestamp": "2026-11-23T10:00:00Z"}
            for n in range(N)
        ]

        validator.handler(signed_delivery({**bodies[0], "event_id": "warm-up"}, "msg_warm"), context)  # fills the secret cache
        counts.clear()
        statuses = Counter(validator.handler(signed_delivery(b, f"msg_{n}"), context)["statusCode"] for n, b in enumerate(bodies))
        accepted = Counter(counts)
        counts.clear()
        statuses.update(validator.handler(signed_delivery(b, "msg_dup"), context)["statusCode"] for b in bodies)
        duplicate = Counter(counts)
        counts.clear()
        for body in bodies:
            router.handler(body, None)
        routed = Counter(counts)
        assert statuses == {200: N, 409: N}, statuses

    def per(calls: Counter) -> str:
        detail = ", ".join(f"{op} {n / N:g}" for op, n in sorted(calls.items()))
        return f"{sum(calls.values()) / N:g}  ({detail})"

    print(f"AWS calls per accepted delivery (secret cached): {per(accepted)}")
    print(f"AWS calls per duplicate delivery:                {per(duplicate)}")
    print(f"AWS calls per routed event (router):             {per(routed)}")
    print("Secrets Manager: 1 GetSecretValue per container per 5 minutes (cache), not per delivery")
    boto3_s = import_seconds("import boto3", "validator", "router")
    validator_s = import_seconds("import handler", "validator")
    router_s = import_seconds("import handler", "router")
    print(f"import time, median of 7 fresh interpreters: import boto3 {boto3_s * 1000:.0f} ms | "
          f"validator handler (incl. boto3) {validator_s * 1000:.0f} ms | router handler (incl. boto3) {router_s * 1000:.0f} ms")
    return 0
