"""OperationalAlarms: one alarm per watched construct, all to the topic, missing data not breaching."""

import pytest
from tests.fixtures.tf_json import address, only, resources, synth_construct

from constructs_lib.cdk import TF_RESOURCE_TYPE
from constructs_lib.operational_alarms import OperationalAlarms, OperationalAlarmsProps
from constructs_lib.rest_api import LambdaRoute, RestApi, RestApiProps
from constructs_lib.secure_queue import DeadLetter, SecureQueue, SecureQueueProps
from constructs_lib.traced_lambda import TracedLambda, TracedLambdaProps
from constructs_lib.watched import Watched
from constructs_lib.web_acl import WebAcl, WebAclProps


@pytest.fixture(scope="module")
def source_dir(tmp_path_factory):
    source = tmp_path_factory.mktemp("fn")
    (source / "handler.py").write_text("def handler(event, context):\n    return event\n")
    return source


def watched(stack, source_dir, **overrides) -> OperationalAlarms:
    queue = SecureQueue(
        stack, "a-queue", SecureQueueProps(name="a-queue-name", retention_seconds=3600, dead_letter=DeadLetter(3, "a-dlq-name"))
    )
    fn = TracedLambda(stack, "fn", TracedLambdaProps(function_name="fn-name", source_dir=source_dir, timeout_seconds=5))
    api = RestApi(
        stack,
        "api",
        RestApiProps(api_name="api-name", routes=[LambdaRoute("GET", "/x", fn)], stage_name="v1",
                     throttling_burst_limit=1, throttling_rate_limit=1),
    )
    watched = Watched(dead_letter_queues=[queue.dlq], work_queues=[queue], functions=[fn], rest_api=api)
    props = OperationalAlarmsProps(topic_name="alarms", watched=watched, **overrides)
    return OperationalAlarms(stack, "alarms", props)


@pytest.fixture(scope="module")
def tf(source_dir) -> dict:
    return synth_construct(lambda stack: watched(stack, source_dir))


@pytest.fixture(scope="module")
def alarms(tf) -> dict:
    return {a["alarm_name"]: a for a in resources(tf, TF_RESOURCE_TYPE.CloudwatchMetricAlarm)}


def test_topic_is_named_and_has_no_subscription_by_default(tf):
    assert only(tf, TF_RESOURCE_TYPE.SnsTopic)["name"] == "alarms"
    assert resources(tf, TF_RESOURCE_TYPE.SnsTopicSubscription) == []


def test_one_alarm_per_watched_metric_named_by_construct_labels(alarms):
    assert set(alarms) == {
        "alarms-a-dlq-messages",
        "alarms-a-queue-oldest-message",
        "alarms-fn-errors",
        "alarms-fn-throttles",
        "alarms-api-5xx",
    }


def test_any_dead_letter_message_alarms_on_the_dlq_itself(tf, alarms):
    alarm = alarms["alarms-a-dlq-messages"]
    dlq = address(tf, "aws_sqs_queue", "a-dlq-name")
    assert alarm["metric_name"] == "ApproximateNumberOfMessagesVisible"
    assert alarm["dimensions"] == {"QueueName": f"${{{dlq}.name}}"}
    assert (alarm["threshold"], alarm["comparison_operator"]) == (0, "GreaterThanThreshold")


def test_function_and_api_alarms_name_the_watched_resources(tf, alarms):
    function = address(tf, "aws_lambda_function", "fn-name", key="function_name")
    assert alarms["alarms-fn-errors"]["dimensions"] == {"FunctionName": f"${{{function}.function_name}}"}
    api = address(tf, "aws_api_gateway_rest_api", "api-name")
    stage = address(tf, "aws_api_gateway_stage", "v1", key="stage_name")
    assert alarms["alarms-api-5xx"]["dimensions"] == {"ApiName": f"${{{api}.name}}", "Stage": f"${{{stage}.stage_name}}"}


def test_default_oldest_message_threshold_is_900_seconds(alarms):
    assert alarms["alarms-a-queue-oldest-message"]["threshold"] == 900


def test_default_period_is_60_seconds_and_missing_data_is_not_breaching(alarms):
    for alarm in alarms.values():
        assert alarm["period"] == 60
        assert alarm["treat_missing_data"] == "notBreaching"
        assert alarm["alarm_actions"] == alarm["ok_actions"]


def test_email_subscriptions(source_dir):
    tf = synth_construct(lambda stack: watched(stack, source_dir, email_subscriptions=("ops@example.com",)))
    assert only(tf, TF_RESOURCE_TYPE.SnsTopicSubscription)["endpoint"] == "ops@example.com"


# --- Error-rate functions and stream consumers --------------------------------------


def rate_watched(stack, source_dir, **overrides) -> OperationalAlarms:
    pricer, consumer = (
        TracedLambda(stack, name, TracedLambdaProps(function_name=f"{name}-name", source_dir=source_dir,
                                                    timeout_seconds=5))
        for name in ("pricer", "consumer")
    )
    props = OperationalAlarmsProps(topic_name="ops", watched=Watched(error_rate_functions=[pricer], stream_consumers=[consumer]),
                                   **overrides)
    return OperationalAlarms(stack, "alarms", props)


@pytest.fixture(scope="module")
def rate_tf(source_dir) -> dict:
    return synth_construct(lambda stack: rate_watched(stack, source_dir))


def alarms_by_name(tf: dict) -> dict[str, dict]:
    return {a["alarm_name"]: a for a in resources(tf, TF_RESOURCE_TYPE.CloudwatchMetricAlarm)}


def function_name(tf: dict, name: str) -> str:
    return f"${{{address(tf, TF_RESOURCE_TYPE.LambdaFunction, name, key='function_name')}.function_name}}"


def test_an_error_rate_function_has_rate_and_throttles_alarms_and_no_plain_errors_alarm(rate_tf):
    assert set(alarms_by_name(rate_tf)) == {"ops-pricer-error-rate", "ops-pricer-throttles", "ops-consumer-iterator-age"}
    throttles = alarms_by_name(rate_tf)["ops-pricer-throttles"]
    assert (throttles["metric_name"], throttles["statistic"], throttles["threshold"]) == ("Throttles", "Sum", 0)
    assert throttles["dimensions"] == {"FunctionName": function_name(rate_tf, "pricer-name")}


def test_the_error_rate_is_metric_math_over_errors_and_invocations_in_5_minutes(rate_tf):
    alarm = alarms_by_name(rate_tf)["ops-pricer-error-rate"]
    dimensions = {"FunctionName": function_name(rate_tf, "pricer-name")}
    assert alarm["metric_query"] == [
        {"id": metric.lower(), "return_data": False,
         "metric": {"namespace": "AWS/Lambda", "metric_name": metric, "dimensions": dimensions, "stat": "Sum",
                    "period": 300}}
        for metric in ("Errors", "Invocations")
    ] + [{"id": "rate", "expression": "100 * errors / invocations", "label": "ErrorRate", "return_data": True}]
    assert "metric_name" not in alarm and "period" not in alarm  # metric math carries its own


def test_the_default_error_rate_threshold_is_1_percent_and_no_invocations_is_not_breaching(rate_tf):
    alarm = alarms_by_name(rate_tf)["ops-pricer-error-rate"]
    assert (alarm["threshold"], alarm["comparison_operator"]) == (1, "GreaterThanThreshold")
    assert alarm["treat_missing_data"] == "notBreaching"
    topic = f"${{{address(rate_tf, TF_RESOURCE_TYPE.SnsTopic, 'ops')}.arn}}"
    assert alarm["alarm_actions"] == alarm["ok_actions"] == [topic]


def test_a_stream_consumer_alarms_on_its_maximum_iterator_age_above_300_s(rate_tf):
    alarm = alarms_by_name(rate_tf)["ops-consumer-iterator-age"]
    assert (alarm["namespace"], alarm["metric_name"], alarm["statistic"]) == ("AWS/Lambda", "IteratorAge", "Maximum")
    assert alarm["dimensions"] == {"FunctionName": function_name(rate_tf, "consumer-name")}
    assert (alarm["threshold"], alarm["period"]) == (300_000, 60)  # IteratorAge is in milliseconds


def test_error_rate_and_iterator_age_overrides_apply(source_dir):
    tf = synth_construct(lambda stack: rate_watched(stack, source_dir, error_rate_percent=2.5, iterator_age_seconds=60))
    alarms = alarms_by_name(tf)
    assert alarms["ops-pricer-error-rate"]["threshold"] == 2.5
    assert alarms["ops-consumer-iterator-age"]["threshold"] == 60_000


def test_a_function_alarms_on_its_errors_one_way_only(source_dir):
    def build(stack):
        fn = TracedLambda(stack, "fn", TracedLambdaProps(function_name="fn-name", source_dir=source_dir, timeout_seconds=5))
        Watched(functions=[fn], error_rate_functions=[fn])

    with pytest.raises(ValueError, match="in both functions and error_rate_functions"):
        synth_construct(build)


# --- A web ACL in front of the API -------------------------------------------------------


def waf_watched(stack, **overrides) -> OperationalAlarms:
    acl = WebAcl(stack, "waf", WebAclProps(name="api-acl", region="eu-west-1", stage_arn="arn:aws:apigateway:eu-west-1::/x",
                                            rate_limit_per_ip=600, max_body_bytes=1024, log_retention_days=7))
    return OperationalAlarms(stack, "alarms", OperationalAlarmsProps(topic_name="ops", watched=Watched(web_acl=acl), **overrides))


@pytest.fixture(scope="module")
def waf_tf() -> dict:
    return synth_construct(waf_watched)


def test_a_web_acl_alarms_on_its_blocked_requests_above_100_in_5_minutes(waf_tf):
    alarm = alarms_by_name(waf_tf)["ops-waf-blocked"]
    acl = address(waf_tf, TF_RESOURCE_TYPE.Wafv2WebAcl, "api-acl")
    assert (alarm["namespace"], alarm["metric_name"], alarm["statistic"]) == ("AWS/WAFV2", "BlockedRequests", "Sum")
    assert alarm["dimensions"] == {"WebACL": f"${{{acl}.name}}", "Rule": "ALL", "Region": "eu-west-1"}
    assert (alarm["threshold"], alarm["period"], alarm["comparison_operator"]) == (100, 300, "GreaterThanThreshold")


def test_any_address_the_rate_rule_blocks_alarms(waf_tf):
    alarm = alarms_by_name(waf_tf)["ops-waf-rate-limited"]
    assert (alarm["metric_name"], alarm["dimensions"]["Rule"], alarm["threshold"]) == ("BlockedRequests", "rate-per-ip", 0)
    assert "more than 600 requests in 5 minutes" in alarm["alarm_description"]


def test_the_blocked_requests_threshold_can_be_raised():
    alarm = alarms_by_name(synth_construct(lambda stack: waf_watched(stack, blocked_requests=1000)))["ops-waf-blocked"]
    assert alarm["threshold"] == 1000
