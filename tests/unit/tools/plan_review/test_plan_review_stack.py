"""The plan review on the real synthesized stacks (session fixtures)."""

import json

import pytest

from tests.fixtures.tf_json import address, resources

from tools.plan_review.diff_markdown import render_diff
from tools.plan_review.stack_diff import diff_stacks
from tools.plan_review.stack_summary import render_summary

from constructs_lib.cdk import TF_RESOURCE_TYPE


@pytest.fixture(scope="module")
def dev(synthesized) -> dict:
    return json.loads(synthesized[("webhook-pipeline", "dev")])


def test_summary_of_dev_names_every_resource_and_the_lambda_settings(dev):
    summary = render_summary(dev)
    total = sum(len(by_id) for by_id in dev["resource"].values())
    assert f"### Resources: {total} in {len(dev['resource'])} types" in summary
    assert (
        "- `webhook-validator-dev`: runtime python3.11, arch arm64, memory 256 MB, timeout 30 s, "
        "reserved concurrency unreserved, tracing Active"
    ) in summary
    assert "- `payments-queue-dev`: retention 604800 s (7 days), visibility 300 s, " in summary
    assert "redrive to payments-dlq-dev, max receives 3" in summary
    assert "- `transaction-events-dev`: billing PAY_PER_REQUEST, hash key event_id, PITR on, TTL ttl" in summary


def test_diff_from_dev_to_prod_shows_the_reserved_concurrency_per_function(synthesized):
    dev, prod = (json.loads(synthesized[("webhook-pipeline", suffix)]) for suffix in ("dev", "prod"))
    report = render_diff(diff_stacks(dev, prod))
    for function in ("webhook-validator", "event-router"):
        function_address = address(prod, TF_RESOURCE_TYPE.LambdaFunction, f"{function}-prod", "function_name")
        assert f"- `{function_address}` (`{function}-prod`)\n" in report
    assert report.count("  - `reserved_concurrent_executions`: (absent) -> `10`") == 2
    assert len(resources(prod, TF_RESOURCE_TYPE.LambdaFunction)) == 2


def test_diff_of_a_stack_with_itself_has_no_changes(dev):
    assert "No changes (" in render_diff(diff_stacks(dev, dev))
