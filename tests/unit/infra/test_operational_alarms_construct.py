"""OperationalAlarms: one alarm per watched thing, all to the topic, missing data not breaching."""

import pytest
from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
from cdktf_cdktf_provider_aws.sns_topic import SnsTopic
from tf_json import only, resources, synth_construct

from constructs_lib.operational_alarms import OperationalAlarms, OperationalAlarmsProps

PROPS = OperationalAlarmsProps(
    topic_name="alarms",
    dead_letter_queues={"a-dlq": "a-dlq-name"},
    work_queues={"a-queue": "a-queue-name"},
    functions={"fn": "fn-name"},
    rest_api_name="api",
    rest_api_stage="prod",
)


@pytest.fixture(scope="module")
def alarms() -> dict:
    tf = synth_construct(lambda stack: OperationalAlarms(stack, "alarms", PROPS))
    return {a["alarm_name"]: a for a in resources(tf, CloudwatchMetricAlarm.TF_RESOURCE_TYPE)} | {"_tf": tf}


def test_topic_is_named(alarms):
    assert only(alarms["_tf"], SnsTopic.TF_RESOURCE_TYPE)["name"] == "alarms"


def test_one_alarm_per_watched_metric(alarms):
    assert set(alarms) - {"_tf"} == {
        "alarms-a-dlq-messages",
        "alarms-a-queue-oldest-message",
        "alarms-fn-errors",
        "alarms-fn-throttles",
        "alarms-api-5xx",
    }


def test_any_dead_letter_message_alarms(alarms):
    alarm = alarms["alarms-a-dlq-messages"]
    assert alarm["metric_name"] == "ApproximateNumberOfMessagesVisible"
    assert alarm["dimensions"] == {"QueueName": "a-dlq-name"}
    assert alarm["threshold"] == 0
    assert alarm["comparison_operator"] == "GreaterThanThreshold"


def test_default_oldest_message_threshold_is_900_seconds(alarms):
    assert alarms["alarms-a-queue-oldest-message"]["threshold"] == 900


def test_default_period_is_60_seconds_and_missing_data_is_not_breaching(alarms):
    for name, alarm in alarms.items():
        if name != "_tf":
            assert alarm["period"] == 60
            assert alarm["treat_missing_data"] == "notBreaching"
            assert alarm["alarm_actions"] == alarm["ok_actions"]


def test_api_alarm_needs_a_stage():
    with pytest.raises(ValueError, match="rest_api_stage is required"):
        synth_construct(lambda s: OperationalAlarms(s, "a", OperationalAlarmsProps(topic_name="t", rest_api_name="api")))
