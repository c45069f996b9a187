"""A CloudWatch dashboard of one stack, built from what its operator watches."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from constructs_lib import cdk
from constructs_lib.watched import Watched
from constructs_lib.web_acl import ALL_RULES
from functions.business_metrics.catalogue import ENVIRONMENT

WIDTH, HEIGHT, COLUMNS = 12, 6, 2
PERIOD_SECONDS = 60


@dataclass(frozen=True)
class OperationsDashboardProps:
    name: str
    region: str
    watched: Watched


@dataclass(frozen=True)
class Widget:
    title: str
    metrics: list[list]  # CloudWatch's [namespace, metric, dimension name, value, ..., {options}]
    stat: str = "Sum"


def _business_widgets(watched: Watched) -> list[Widget]:
    """One widget per metric of the catalogue: a line per value of its business dimension, in this environment."""
    business = watched.business
    if business is None:
        return []
    widgets = []
    for metric in business.catalogue.metrics:
        line = [business.catalogue.namespace, metric.name, ENVIRONMENT, business.environment]
        if metric.dimension is None:
            widgets.append(Widget(metric.name, [line]))
        else:
            widgets.append(Widget(f"{metric.name} by {metric.dimension.name}",
                                  [[*line, metric.dimension.name, value] for value in metric.dimension.values]))
    return widgets


def _api_widgets(watched: Watched) -> list[Widget]:
    if watched.rest_api is None:
        return []
    api = ["ApiName", watched.rest_api.rest_api.name, "Stage", watched.rest_api.stage.stage_name]
    return [
        Widget("API requests and errors", [["AWS/ApiGateway", m, *api] for m in ("Count", "4XXError", "5XXError")]),
        Widget("API latency (ms)", [["AWS/ApiGateway", "Latency", *api, {"stat": s}] for s in ("Average", "p99")], "Average"),
    ]


def _web_acl_widgets(watched: Watched) -> list[Widget]:
    acl = watched.web_acl
    if acl is None:
        return []

    def line(metric: str, rule: str) -> list:
        return ["AWS/WAFV2", metric, *(part for item in acl.metric_dimensions(rule).items() for part in item)]

    return [
        Widget("web ACL: allowed, blocked, counted", [line(m, ALL_RULES) for m in ("AllowedRequests", "BlockedRequests",
                                                                                    "CountedRequests")]),
        Widget("web ACL: blocked by rule", [line("BlockedRequests", rule) for rule in acl.rule_metrics]),
    ]


def _function_widgets(watched: Watched) -> list[Widget]:
    widgets = []
    for fn in watched.all_functions:
        name = ["FunctionName", fn.function.function_name]
        widgets += [
            Widget(f"{fn.node.id}: invocations, errors, throttles",
                   [["AWS/Lambda", m, *name] for m in ("Invocations", "Errors", "Throttles")]),
            Widget(f"{fn.node.id}: duration (ms)", [["AWS/Lambda", "Duration", *name, {"stat": s}] for s in ("Average", "Maximum")],
                   "Average"),
        ]
    widgets += [
        Widget(f"{fn.node.id}: stream iterator age (ms)", [["AWS/Lambda", "IteratorAge", "FunctionName", fn.function.function_name]],
               "Maximum")
        for fn in watched.stream_consumers
    ]
    return widgets


def _queue_widgets(watched: Watched) -> list[Widget]:
    def depth(queues) -> list[list]:
        return [["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q.queue.name] for q in queues]

    widgets = []
    if watched.work_queues:
        widgets.append(Widget("queue depth", depth(watched.work_queues), "Maximum"))
        widgets.append(Widget("oldest message age (s)", [
            ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", q.queue.name] for q in watched.work_queues], "Maximum"))
    if watched.dead_letter_queues:
        widgets.append(Widget("parked: DLQ and failure-queue depth", depth(watched.dead_letter_queues), "Maximum"))
    return widgets


def widgets_for(watched: Watched) -> list[list[Widget]]:
    """The dashboard's groups: the business row first, then how the stack's resources are doing."""
    return [
        _business_widgets(watched),
        [*_api_widgets(watched), *_web_acl_widgets(watched), *_function_widgets(watched), *_queue_widgets(watched)],
    ]


def dashboard_body(groups: list[list[Widget]], region: str) -> str:
    """Each group's widgets in rows of two; each group starts on a new row."""
    laid_out, row = [], 0
    for widgets in groups:
        for index, w in enumerate(widgets):
            laid_out.append({
                "type": "metric",
                "x": (index % COLUMNS) * WIDTH,
                "y": (row + index // COLUMNS) * HEIGHT,
                "width": WIDTH,
                "height": HEIGHT,
                "properties": {"title": w.title, "region": region, "stat": w.stat, "period": PERIOD_SECONDS,
                               "view": "timeSeries", "metrics": w.metrics},
            })
        row += math.ceil(len(widgets) / COLUMNS)
    return json.dumps({"widgets": laid_out})


class OperationsDashboard(cdk.Construct):
    """`.dashboard`: one widget group per watched thing, in the stack's region.

    Forced: first a business row, one widget per metric of the system's
    catalogue (its sum per value of its business dimension, in the stack's
    environment); then, from a new row, the API's requests, 4XX/5XX and
    latency; its web ACL's allowed, blocked and counted requests, and blocks
    by rule; each function's invocations, errors, throttles and duration;
    each stream consumer's iterator age; work-queue depth and oldest-message
    age; DLQ and failure-queue depth. Every resource's metric names a
    resource of this stack by reference, so the dashboard follows renames.
    """

    def __init__(self, scope: cdk.Construct, id_: str, props: OperationsDashboardProps) -> None:
        super().__init__(scope, id_)
        self.dashboard = cdk.CloudwatchDashboard(
            self, "dashboard", dashboard_name=props.name, dashboard_body=dashboard_body(widgets_for(props.watched), props.region)
        )
