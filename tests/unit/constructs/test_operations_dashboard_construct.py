"""OperationsDashboard: one group of widgets per watched thing, laid out in two columns."""

import json

import pytest
from tests.fixtures.tf_json import address, only, synth_construct

from constructs_lib.cdk import TF_RESOURCE_TYPE
from constructs_lib.operations_dashboard import OperationsDashboard, OperationsDashboardProps
from constructs_lib.secure_queue import DeadLetter, SecureQueue, SecureQueueProps
from constructs_lib.traced_lambda import TracedLambda, TracedLambdaProps
from constructs_lib.watched import BusinessMetrics, Watched
from constructs_lib.web_acl import WebAcl, WebAclProps
from functions.business_metrics.catalogue import Catalogue, Dimension, Metric, Unit


@pytest.fixture(scope="module")
def body(tmp_path_factory) -> dict:
    source = tmp_path_factory.mktemp("fn")
    (source / "handler.py").write_text("def handler(event, context):\n    return event\n")

    def build(stack):
        queue = SecureQueue(stack, "jobs-queue", SecureQueueProps(name="jobs", retention_seconds=3600, dead_letter=DeadLetter(3)))
        fn = TracedLambda(stack, "worker", TracedLambdaProps(function_name="worker", source_dir=source, timeout_seconds=5))
        watched = Watched(dead_letter_queues=[queue.dlq], work_queues=[queue], functions=[fn], stream_consumers=[fn])
        OperationsDashboard(stack, "dashboard", OperationsDashboardProps(name="ops-dev", region="eu-west-1", watched=watched))

    dashboard = only(synth_construct(build), TF_RESOURCE_TYPE.CloudwatchDashboard)
    assert dashboard["dashboard_name"] == "ops-dev"
    return json.loads(dashboard["dashboard_body"])


def test_one_widget_group_per_watched_thing(body):
    assert [w["properties"]["title"] for w in body["widgets"]] == [
        "worker: invocations, errors, throttles",
        "worker: duration (ms)",
        "worker: stream iterator age (ms)",
        "queue depth",
        "oldest message age (s)",
        "parked: DLQ and failure-queue depth",
    ]


def test_widgets_are_metric_time_series_in_the_stacks_region_laid_out_in_two_columns(body):
    assert {(w["type"], w["properties"]["region"], w["properties"]["view"]) for w in body["widgets"]} == {
        ("metric", "eu-west-1", "timeSeries")}
    assert [(w["x"], w["y"]) for w in body["widgets"]] == [(0, 0), (12, 0), (0, 6), (12, 6), (0, 12), (12, 12)]


def test_lambda_widgets_show_invocations_errors_throttles_and_duration(body):
    counts, duration = body["widgets"][0]["properties"], body["widgets"][1]["properties"]
    assert [line[1] for line in counts["metrics"]] == ["Invocations", "Errors", "Throttles"]
    assert counts["stat"] == "Sum"
    assert [line[-1] for line in duration["metrics"]] == [{"stat": "Average"}, {"stat": "Maximum"}]


def test_a_web_acl_shows_allowed_blocked_counted_and_blocks_by_rule():
    def build(stack):
        acl = WebAcl(stack, "waf", WebAclProps(name="api-acl", region="eu-west-1", stage_arn="arn:aws:apigateway:eu-west-1::/x",
                                                rate_limit_per_ip=600, max_body_bytes=1024, log_retention_days=7))
        OperationsDashboard(stack, "dashboard", OperationsDashboardProps(name="ops", region="eu-west-1",
                                                                         watched=Watched(web_acl=acl)))

    tf = synth_construct(build)
    acl = f"${{{address(tf, TF_RESOURCE_TYPE.Wafv2WebAcl, 'api-acl')}.name}}"
    totals, by_rule = json.loads(only(tf, TF_RESOURCE_TYPE.CloudwatchDashboard)["dashboard_body"])["widgets"]
    assert totals["properties"]["metrics"] == [
        ["AWS/WAFV2", metric, "WebACL", acl, "Rule", "ALL", "Region", "eu-west-1"]
        for metric in ("AllowedRequests", "BlockedRequests", "CountedRequests")]
    assert [line[5] for line in by_rule["properties"]["metrics"]] == [
        "rate-per-ip", "body-size", "AWSManagedRulesAnonymousIpList", "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesCommonRuleSet"]
    assert {line[1] for line in by_rule["properties"]["metrics"]} == {"BlockedRequests"}


def test_the_business_row_comes_first_a_widget_per_metric_and_the_resources_start_on_a_new_row(tmp_path):
    (tmp_path / "handler.py").write_text("def handler(event, context):\n    return event\n")
    catalogue = Catalogue("Shop", (Metric("OrdersTaken", Unit.COUNT), Metric("OrdersRefused", Unit.COUNT,
                                   Dimension("Reason", ("no_stock", "bad_card"))), Metric("ItemsShipped", Unit.COUNT)))

    def build(stack):
        fn = TracedLambda(stack, "worker", TracedLambdaProps(function_name="worker", source_dir=tmp_path, timeout_seconds=5))
        watched = Watched(functions=[fn], business=BusinessMetrics(catalogue, "pr-7"))
        OperationsDashboard(stack, "dashboard", OperationsDashboardProps(name="ops", region="eu-west-1", watched=watched))

    widgets = json.loads(only(synth_construct(build), TF_RESOURCE_TYPE.CloudwatchDashboard)["dashboard_body"])["widgets"]
    assert [(w["properties"]["title"], w["x"], w["y"]) for w in widgets] == [
        ("OrdersTaken", 0, 0), ("OrdersRefused by Reason", 12, 0), ("ItemsShipped", 0, 6),
        ("worker: invocations, errors, throttles", 0, 12), ("worker: duration (ms)", 12, 12)]
    refused = widgets[1]["properties"]
    assert refused["stat"] == "Sum"
    assert refused["metrics"] == [["Shop", "OrdersRefused", "Environment", "pr-7", "Reason", "no_stock"],
                                  ["Shop", "OrdersRefused", "Environment", "pr-7", "Reason", "bad_card"]]
    assert widgets[0]["properties"]["metrics"] == [["Shop", "OrdersTaken", "Environment", "pr-7"]]
