"""A wiring mistake fails the integration tests on the local run: the router given the payments queue for refunds.

The dev webhook stack is changed in one place (the router's
REFUNDS_QUEUE_URL refers to the payments queue), run locally, and the
unchanged webhook integration tests are run against it in a pytest of their
own: exactly the tests that expect a refund in the refunds queue fail, and
the refunds are found in the payments queue.
"""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import boto3
import pytest

from tools.local_run.process import LocalRunProcess
from tools.paths import REPO_ROOT

STACK_ID = "webhook-pipeline-dev"
REFUND_TESTS = {"test_signed_delivery_is_accepted_and_lands_in_its_queue[refund]", "test_duplicate_delivery_is_refused"}


def refunds_routed_to_payments(text: str) -> str:
    stack = json.loads(text)
    functions = stack["resource"]["aws_lambda_function"].values()
    (router,) = [function for function in functions if function["function_name"] == "event-router-dev"]
    variables = router["environment"]["variables"]
    assert variables["REFUNDS_QUEUE_URL"] != variables["PAYMENTS_QUEUE_URL"]
    variables["REFUNDS_QUEUE_URL"] = variables["PAYMENTS_QUEUE_URL"]
    return json.dumps(stack)


@pytest.fixture(scope="module")
def miswired_run(synthesized, tmp_path_factory):
    stack = refunds_routed_to_payments(synthesized[("webhook-pipeline", "dev")])
    run = LocalRunProcess(tmp_path_factory.mktemp("miswired"), "dev", {STACK_ID: stack}).start()
    yield run
    run.stop()


def run_integration_tests(run: LocalRunProcess, report: Path) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_ENDPOINT_URL")}
    env.update(OUTPUTS_FILE=str(run.outputs_path), ENVIRONMENT_SUFFIX="dev", INTEGRATION_QUEUE_WAIT_SECONDS="8")
    command = [sys.executable, "-m", "pytest", "tests/integration/test_deployed_pipeline.py", "-p", "no:cacheprovider",
               "-q", f"--junitxml={report}"]
    return subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_the_webhook_integration_tests_fail_where_refunds_are_expected(miswired_run, tmp_path):
    report = tmp_path / "report.xml"
    result = run_integration_tests(miswired_run, report)
    cases = {case.get("name"): case for case in ET.parse(report).iter("testcase")}
    failed = {name for name, case in cases.items() if any(case.find(tag) is not None for tag in ("failure", "error"))}
    assert result.returncode == 1, result.stdout[-3000:]
    assert failed == REFUND_TESTS, result.stdout[-3000:]
    assert len(cases) == 6  # the other four pass: the run itself works
    message = cases["test_signed_delivery_is_accepted_and_lands_in_its_queue[refund]"].find("failure").get("message")
    assert "did not reach the refund queue" in message
    # where the refunds went: the payments queue
    env = miswired_run.env
    sqs = boto3.client("sqs", region_name=env["AWS_REGION"], endpoint_url=env["AWS_ENDPOINT_URL"],
                       aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])
    outputs = json.loads(miswired_run.outputs_path.read_text())[STACK_ID]
    messages = sqs.receive_message(QueueUrl=outputs["payments_queue_url"], MaxNumberOfMessages=10,
                                   MessageAttributeNames=["All"]).get("Messages", [])
    types = {m["MessageAttributes"]["transaction_type"]["StringValue"] for m in messages}
    assert types == {"refund"}
