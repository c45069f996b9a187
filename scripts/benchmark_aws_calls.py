"""Print AWS calls per accepted delivery, per duplicate and per routed event, and import times.

Not a test. Runs both handlers in-process on moto (no network). AWS calls are
counted by hooking botocore (``BaseClient._make_api_call``), so every call a
handler makes through a real boto3 client is seen. moto cannot run Lambdas, so
the validator's Lambda client is a real boto3 client whose ``Invoke`` is
answered 202 by a botocore ``before-send`` hook: it still goes through (and is
counted by) botocore.

    pipenv run python scripts/benchmark_aws_calls.py
"""

import base64
import importlib.util
import logging
import os
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "functions" / "validator"))
sys.path.insert(0, str(REPO / "tests" / "unit" / "handlers"))

N = 200  # deliveries per figure


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


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def answer_invoke_202(request, **kwargs):
    from botocore.awsrequest import AWSResponse

    class Raw:
        def stream(self, **_):
            yield b""

    return AWSResponse(request.url, 202, {}, Raw())


def import_seconds(statement: str, runs: int = 7) -> float:
    code = f"import sys, time; sys.path.insert(0, {str(REPO / 'functions' / 'validator')!r}); t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    return statistics.median(float(subprocess.check_output([sys.executable, "-c", code], text=True)) for _ in range(runs))


def main() -> None:
    for name, value in {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        os.environ[name] = value
    import boto3
    from moto import mock_aws

    from webhook_test_support import SIGNING_SECRET, make_delivery

    counts = count_botocore_calls()
    validator = load("validator_handler", REPO / "functions" / "validator" / "handler.py")
    router = load("router_handler", REPO / "functions" / "router" / "handler.py")
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
        for kind, queue in (("PAYMENTS", "payments"), ("REFUNDS", "refunds"), ("DISPUTES", "disputes")):
            os.environ[f"{kind}_QUEUE_URL"] = sqs.create_queue(QueueName=f"{queue}-queue-bench")["QueueUrl"]
        os.environ.update(DYNAMODB_TABLE="transaction-events-bench", ROUTER_LAMBDA_NAME="event-router-bench", WEBHOOK_SECRET_ARN=secret_arn)
        lambda_client = clients.lambda_  # a real boto3 client; Invoke answered by the hook below
        lambda_client.meta.events.register_first("before-send.lambda.Invoke", answer_invoke_202)
        context = Context()
        bodies = [
            {"event_id": f"evt_bench_{n}", "transaction_type": "payment", "amount": 1.5, "timestamp": "2026-11-23T10:00:00Z"}
            for n in range(N)
        ]

        validator.handler(make_delivery(body={**bodies[0], "event_id": "warm-up"}), context)  # fills the secret cache
        counts.clear()
        statuses = Counter(validator.handler(make_delivery(body=b), context)["statusCode"] for b in bodies)
        accepted = Counter(counts)
        counts.clear()
        statuses.update(validator.handler(make_delivery(body=b, msg_id="msg_dup"), context)["statusCode"] for b in bodies)
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
    boto3_s = import_seconds("import boto3")
    validator_s = import_seconds(
        f"import importlib.util as u; s = u.spec_from_file_location('h', {str(REPO / 'functions' / 'validator' / 'handler.py')!r}); m = u.module_from_spec(s); s.loader.exec_module(m)"
    )
    router_s = import_seconds(
        f"import importlib.util as u; s = u.spec_from_file_location('h', {str(REPO / 'functions' / 'router' / 'handler.py')!r}); m = u.module_from_spec(s); s.loader.exec_module(m)"
    )
    print(f"import time, median of 7 fresh interpreters: import boto3 {boto3_s * 1000:.0f} ms | "
          f"validator handler (incl. boto3) {validator_s * 1000:.0f} ms | router handler (incl. boto3) {router_s * 1000:.0f} ms")


if __name__ == "__main__":
    main()
