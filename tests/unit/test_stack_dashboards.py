"""Every stack's dashboard shows only its own resources, every metric an alarm watches, and every business metric.

The business metrics are collected by running each system's handlers
through every outcome (the ``*_metrics_tour`` modules beside their tests)
with the stack's own suffix as METRICS_ENVIRONMENT, and reading what
CloudWatch would extract from their log lines.
"""

import json
import re

import pytest

from constructs_lib.cdk import TF_RESOURCE_TYPE
from stacks.registry import SYSTEMS
from tests.fixtures.synth import SYNTHESIZED_SUFFIXES
from tests.fixtures.tf_json import only, resources
from tests.unit.market_data_processor import md_metrics_tour
from tests.unit.transaction_processor import tp_metrics_tour
from tests.unit.webhook_pipeline import webhook_metrics_tour

STACKS = [(system.name, suffix) for system in SYSTEMS for suffix in SYNTHESIZED_SUFFIXES]
REFERENCE = re.compile(r"\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}")
TOURS = {"webhook-pipeline": webhook_metrics_tour.tour, "transaction-processor": tp_metrics_tour.tour,
         "market-data-processor": md_metrics_tour.tour}


@pytest.fixture(scope="module", params=STACKS, ids=lambda s: f"{s[0]}-{s[1]}")
def stack(request, synthesized) -> dict:
    return json.loads(synthesized[request.param])


def widget_metrics(tf: dict) -> list[tuple[str, str, tuple]]:
    """(namespace, metric, dimensions) of every metric line of the dashboard."""
    body = json.loads(only(tf, TF_RESOURCE_TYPE.CloudwatchDashboard)["dashboard_body"])
    found = []
    for widget in body["widgets"]:
        for line in widget["properties"]["metrics"]:
            namespace, metric, *rest = [part for part in line if not isinstance(part, dict)]
            found.append((namespace, metric, tuple(zip(rest[0::2], rest[1::2]))))
    return found


def alarm_metrics(tf: dict) -> list[tuple[str, str, tuple]]:
    found = []
    for alarm in resources(tf, TF_RESOURCE_TYPE.CloudwatchMetricAlarm):
        queries = [q["metric"] for q in alarm.get("metric_query", []) if "metric" in q]
        metrics = queries or [alarm]
        found += [(m["namespace"], m["metric_name"], tuple(sorted(m["dimensions"].items()))) for m in metrics]
    return found


def web_acl_rule_metrics(tf: dict) -> set[str]:
    """`ALL` and the metric name of each rule of the stack's web ACLs: what a `Rule` dimension may name."""
    return {"ALL"} | {rule["visibility_config"]["metric_name"]
                      for acl in resources(tf, TF_RESOURCE_TYPE.Wafv2WebAcl) for rule in acl["rule"]}


def metrics_environments(tf: dict) -> set[str]:
    """The METRICS_ENVIRONMENT the stack gives its functions."""
    return {fn.get("environment", {}).get("variables", {}).get("METRICS_ENVIRONMENT")
            for fn in resources(tf, TF_RESOURCE_TYPE.LambdaFunction)} - {None}


def test_every_widget_names_only_this_stacks_resources(stack):
    metrics = widget_metrics(stack)
    assert metrics
    (provider,) = stack["provider"]["aws"]
    for namespace, _, dimensions in metrics:
        if not namespace.startswith("AWS/"):  # a business metric: of the environment the functions emit in
            assert dict(dimensions)["Environment"] in metrics_environments(stack), dimensions
            continue
        for name, value in dimensions:
            # WAF's metrics name a region and a rule besides the web ACL: the stack's own.
            if name == "Region":
                assert value == provider["region"], value
                continue
            if name == "Rule":
                assert value in web_acl_rule_metrics(stack), value
                continue
            match = REFERENCE.fullmatch(value)
            assert match, f"{value!r} is not a reference to a resource"
            assert match.group(2) in stack["resource"][match.group(1)], value


def test_every_alarm_metric_has_a_widget(stack):
    shown = {(ns, metric, tuple(sorted(dims))) for ns, metric, dims in widget_metrics(stack)}
    missing = [m for m in alarm_metrics(stack) if m not in shown]
    assert not missing, missing


def test_every_function_queue_and_web_acl_of_the_stack_is_on_the_dashboard(stack):
    shown = {value for _, _, dims in widget_metrics(stack) for _, value in dims}
    for function in stack["resource"]["aws_lambda_function"]:
        assert f"${{aws_lambda_function.{function}.function_name}}" in shown, function
    for queue in stack["resource"]["aws_sqs_queue"]:
        assert f"${{aws_sqs_queue.{queue}.name}}" in shown, queue
    for acl in stack["resource"].get(TF_RESOURCE_TYPE.Wafv2WebAcl, {}):
        assert f"${{{TF_RESOURCE_TYPE.Wafv2WebAcl}.{acl}.name}}" in shown, acl


@pytest.mark.parametrize("system, suffix", STACKS, ids=lambda value: value)
def test_every_business_metric_a_handler_emits_has_a_widget_and_every_business_widget_is_emitted(
        synthesized, system, suffix):
    # GIVEN what CloudWatch extracts from the lines of every outcome of the system's handlers, in this environment
    emitted = {(d.namespace, d.name, tuple(sorted(d.dimensions))) for d in TOURS[system](suffix).data()}
    assert emitted
    # THEN the stack's dashboard draws exactly those: same namespace, metric name and dimensions
    shown = {(ns, metric, tuple(sorted(dims))) for ns, metric, dims in widget_metrics(json.loads(synthesized[(system, suffix)]))
             if not ns.startswith("AWS/")}
    assert emitted - shown == set(), "emitted without a widget"
    assert shown - emitted == set(), "drawn but never emitted"
