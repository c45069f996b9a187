"""CloudWatch alarms that tell an operator when events pile up or fail."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
from cdktf_cdktf_provider_aws.sns_topic import SnsTopic
from cdktf_cdktf_provider_aws.sns_topic_subscription import SnsTopicSubscription
from constructs import Construct

DEFAULT_PERIOD_SECONDS = 60
DEFAULT_OLDEST_MESSAGE_AGE_SECONDS = 900


@dataclass(frozen=True)
class OperationalAlarmsProps:
    """Names of what to watch, keyed by a short label used in alarm names."""

    topic_name: str
    dead_letter_queues: Mapping[str, str] = field(default_factory=dict)
    work_queues: Mapping[str, str] = field(default_factory=dict)
    functions: Mapping[str, str] = field(default_factory=dict)
    rest_api_name: str | None = None
    rest_api_stage: str | None = None
    oldest_message_age_seconds: int = DEFAULT_OLDEST_MESSAGE_AGE_SECONDS
    email_subscriptions: Sequence[str] = ()


@dataclass(frozen=True)
class _Alarm:
    label: str
    namespace: str
    metric: str
    dimensions: Mapping[str, str]
    statistic: str
    threshold: float
    description: str


def _alarms(props: OperationalAlarmsProps) -> list[_Alarm]:
    alarms = [
        _Alarm(f"{label}-messages", "AWS/SQS", "ApproximateNumberOfMessagesVisible",
               {"QueueName": name}, "Maximum", 0, f"Messages are waiting in {name}: they were not delivered")
        for label, name in props.dead_letter_queues.items()
    ]
    alarms += [
        _Alarm(f"{label}-oldest-message", "AWS/SQS", "ApproximateAgeOfOldestMessage",
               {"QueueName": name}, "Maximum", props.oldest_message_age_seconds,
               f"{name} is not being drained")
        for label, name in props.work_queues.items()
    ]
    for label, name in props.functions.items():
        alarms += [
            _Alarm(f"{label}-{metric.lower()}", "AWS/Lambda", metric, {"FunctionName": name}, "Sum", 0,
                   f"{name} reported {metric.lower()}")
            for metric in ("Errors", "Throttles")
        ]
    if props.rest_api_name:
        alarms.append(
            _Alarm("api-5xx", "AWS/ApiGateway", "5XXError",
                   {"ApiName": props.rest_api_name, "Stage": props.rest_api_stage or ""}, "Sum", 0,
                   f"{props.rest_api_name} answered 5XX")
        )
    return alarms


class OperationalAlarms(Construct):
    """An SNS topic and one alarm per failure an operator must see.

    Default settings: 60 s periods, oldest-message alarm at 900 s, no
    subscriptions (each address in `email_subscriptions` must confirm by mail).
    Forced: any message in a dead-letter queue alarms, any Lambda error or
    throttle alarms, any API 5XX alarms; missing data is not breaching, and
    every alarm notifies the topic on alarm and on recovery.
    """

    def __init__(self, scope: Construct, id_: str, props: OperationalAlarmsProps) -> None:
        super().__init__(scope, id_)
        if props.rest_api_name and not props.rest_api_stage:
            raise ValueError("OperationalAlarmsProps: rest_api_stage is required with rest_api_name")
        # No KMS: CloudWatch cannot publish to a topic under the AWS-managed SNS
        # key, and alarm notifications carry no event data.
        self.topic = SnsTopic(self, "topic", name=props.topic_name)
        self.alarms = [
            CloudwatchMetricAlarm(
                self,
                alarm.label,
                alarm_name=f"{props.topic_name}-{alarm.label}",
                alarm_description=alarm.description,
                namespace=alarm.namespace,
                metric_name=alarm.metric,
                dimensions=dict(alarm.dimensions),
                statistic=alarm.statistic,
                period=DEFAULT_PERIOD_SECONDS,
                evaluation_periods=1,
                threshold=alarm.threshold,
                comparison_operator="GreaterThanThreshold",
                treat_missing_data="notBreaching",
                alarm_actions=[self.topic.arn],
                ok_actions=[self.topic.arn],
            )
            for alarm in _alarms(props)
        ]
        for index, email in enumerate(props.email_subscriptions):
            SnsTopicSubscription(
                self, f"email-{index}", topic_arn=self.topic.arn, protocol="email", endpoint=email
            )
