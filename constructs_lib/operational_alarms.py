"""CloudWatch alarms that tell an operator when events pile up or fail, built from the constructs watched."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from constructs_lib import cdk
from constructs_lib.watched import Watched
from constructs_lib.web_acl import RATE_RULE

DEFAULT_PERIOD_SECONDS = 60
DEFAULT_OLDEST_MESSAGE_AGE_SECONDS = 900
DEFAULT_ITERATOR_AGE_SECONDS = 300
DEFAULT_ERROR_RATE_PERCENT = 1
ERROR_RATE_PERIOD_SECONDS = 300
DEFAULT_BLOCKED_REQUESTS = 100
WAF_PERIOD_SECONDS = 300  # a rate-based rule's window: WAF's blocks come in bursts


@dataclass(frozen=True)
class OperationalAlarmsProps:
    """Each alarm is named `<topic_name>-<label of what it watches>-<what>`.

    From `watched`: any message in a dead-letter queue, the oldest message of
    a work queue, any error (or the error rate) and throttle of a function,
    the iterator age of a stream consumer, any 5XX of the API, the requests
    the API's web ACL blocks (more than `blocked_requests` in 5 minutes) and
    any address it rate-limits.
    """

    topic_name: str
    watched: Watched
    oldest_message_age_seconds: int = DEFAULT_OLDEST_MESSAGE_AGE_SECONDS
    iterator_age_seconds: int = DEFAULT_ITERATOR_AGE_SECONDS
    error_rate_percent: float = DEFAULT_ERROR_RATE_PERCENT
    blocked_requests: int = DEFAULT_BLOCKED_REQUESTS
    email_subscriptions: Sequence[str] = ()


@dataclass(frozen=True)
class Alarm:
    """One metric and threshold an operator must hear about."""

    label: str
    namespace: str
    metric: str
    dimensions: Mapping[str, str]
    statistic: str
    threshold: float
    description: str
    period: int = DEFAULT_PERIOD_SECONDS
    # A metric-math expression over the metric in `dimensions` (then `metric` names its result).
    expression: str | None = None


def alarms_for(props: OperationalAlarmsProps) -> list[Alarm]:
    watched = props.watched
    alarms = [
        Alarm(f"{q.label}-messages", "AWS/SQS", "ApproximateNumberOfMessagesVisible", {"QueueName": q.queue.name},
              "Maximum", 0, f"Messages are waiting in {q.queue.name}: they were not delivered")
        for q in watched.dead_letter_queues
    ]
    alarms += [
        Alarm(f"{q.label}-oldest-message", "AWS/SQS", "ApproximateAgeOfOldestMessage", {"QueueName": q.queue.name},
              "Maximum", props.oldest_message_age_seconds, f"{q.queue.name} is not being drained")
        for q in watched.work_queues
    ]
    for fn in watched.functions:
        name = fn.function.function_name
        alarms += [
            Alarm(f"{fn.node.id}-{metric.lower()}", "AWS/Lambda", metric, {"FunctionName": name},
                  "Sum", 0, f"{name} reported {metric.lower()}")
            for metric in ("Errors", "Throttles")
        ]
    for fn in watched.error_rate_functions:
        name = fn.function.function_name
        alarms += [
            Alarm(f"{fn.node.id}-error-rate", "AWS/Lambda", "ErrorRate", {"FunctionName": name}, "Sum",
                  props.error_rate_percent, f"{name} failed more than {props.error_rate_percent:g} % of its invocations",
                  period=ERROR_RATE_PERIOD_SECONDS, expression="100 * errors / invocations"),
            Alarm(f"{fn.node.id}-throttles", "AWS/Lambda", "Throttles", {"FunctionName": name}, "Sum", 0,
                  f"{name} reported throttles"),
        ]
    for fn in watched.stream_consumers:
        name = fn.function.function_name
        alarms.append(
            Alarm(f"{fn.node.id}-iterator-age", "AWS/Lambda", "IteratorAge", {"FunctionName": name}, "Maximum",
                  props.iterator_age_seconds * 1000, f"{name} is more than {props.iterator_age_seconds} s behind its stream")
        )
    if watched.rest_api:
        name = watched.rest_api.rest_api.name
        dimensions = {"ApiName": name, "Stage": watched.rest_api.stage.stage_name}
        alarms.append(
            Alarm("api-5xx", "AWS/ApiGateway", "5XXError", dimensions, "Sum", 0, f"{name} answered 5XX")
        )
    if watched.web_acl:
        acl = watched.web_acl
        name = acl.web_acl.name
        alarms += [
            Alarm("waf-blocked", "AWS/WAFV2", "BlockedRequests", acl.metric_dimensions(), "Sum", props.blocked_requests,
                  f"{name} blocked more than {props.blocked_requests} requests in 5 minutes: an attack, or a rule "
                  "refusing a legitimate caller (docs/web-acl.md)", period=WAF_PERIOD_SECONDS),
            Alarm("waf-rate-limited", "AWS/WAFV2", "BlockedRequests", acl.metric_dimensions(RATE_RULE), "Sum", 0,
                  f"{name} refused an address that sent more than {acl.rate_limit_per_ip} requests in 5 minutes "
                  "(docs/web-acl.md)", period=WAF_PERIOD_SECONDS),
        ]
    return alarms


def _metric(alarm: Alarm) -> dict:
    """The alarm's metric settings: one metric, or metric math over Errors and Invocations."""
    if alarm.expression is None:
        return {
            "namespace": alarm.namespace,
            "metric_name": alarm.metric,
            "dimensions": dict(alarm.dimensions),
            "statistic": alarm.statistic,
            "period": alarm.period,
        }
    queries = [
        cdk.CloudwatchMetricAlarmMetricQuery(
            id=metric.lower(),
            return_data=False,
            metric=cdk.CloudwatchMetricAlarmMetricQueryMetric(
                namespace=alarm.namespace, metric_name=metric, dimensions=dict(alarm.dimensions),
                stat=alarm.statistic, period=alarm.period,
            ),
        )
        for metric in ("Errors", "Invocations")
    ]
    result = cdk.CloudwatchMetricAlarmMetricQuery(id="rate", expression=alarm.expression, label=alarm.metric, return_data=True)
    return {"metric_query": [*queries, result]}


class OperationalAlarms(cdk.Construct):
    """An SNS topic and one alarm per failure an operator must see.

    Default settings: 60 s periods, oldest-message alarm at 900 s, error-rate
    alarms above 1 % over 5 minutes, stream iterator age above 300 s, web ACL
    blocks above 100 in 5 minutes, no subscriptions (each address in
    `email_subscriptions` must confirm by mail).
    Forced: any message in a dead-letter queue alarms, any Lambda error (or
    an error rate, for `error_rate_functions`) or throttle alarms, any API
    5XX alarms, any request the web ACL's rate rule blocks alarms; missing
    data is not breaching (no invocations is no error rate), and every alarm
    notifies the topic on alarm and on recovery.
    """

    def __init__(self, scope: cdk.Construct, id_: str, props: OperationalAlarmsProps) -> None:
        super().__init__(scope, id_)
        # No KMS: CloudWatch cannot publish to a topic under the AWS-managed SNS
        # key, and alarm notifications carry no event data.
        self.topic = cdk.SnsTopic(self, "topic", name=props.topic_name)
        self.alarms = [
            cdk.CloudwatchMetricAlarm(
                self,
                alarm.label,
                alarm_name=f"{props.topic_name}-{alarm.label}",
                alarm_description=alarm.description,
                evaluation_periods=1,
                threshold=alarm.threshold,
                comparison_operator="GreaterThanThreshold",
                treat_missing_data="notBreaching",
                alarm_actions=[self.topic.arn],
                ok_actions=[self.topic.arn],
                **_metric(alarm),
            )
            for alarm in alarms_for(props)
        ]
        for index, email in enumerate(props.email_subscriptions):
            cdk.SnsTopicSubscription(self, f"email-{index}", topic_arn=self.topic.arn, protocol="email", endpoint=email)
