"""The market data processor's stack in dev and prod: every value SPEC-market-data-processor.md fixes."""

import json

import pytest

from constructs_lib.cdk import TF_RESOURCE_TYPE
from stacks.market_data_processor.names import MarketDataNames
from tests.fixtures.tf_json import address, named, only, ref, resources

SYSTEM = "market-data-processor"


@pytest.fixture(scope="module", params=["dev", "prod"])
def env(request, synthesized) -> tuple[str, dict, MarketDataNames]:
    suffix = request.param
    return suffix, json.loads(synthesized[(SYSTEM, suffix)]), MarketDataNames(suffix)


def test_default_tags_name_the_system(env):
    suffix, tf, _ = env
    tags = tf["provider"]["aws"][0]["default_tags"][0]["tags"]
    assert tags == {"Environment": suffix, "Project": SYSTEM, "ManagedBy": "cdktf"}


def test_the_function(env):
    suffix, tf, names = env
    function = named(tf, TF_RESOURCE_TYPE.LambdaFunction, names.function, key="function_name")
    assert (function["runtime"], function["architectures"], function["tracing_config"]) == ("python3.11", ["arm64"], {"mode": "Active"})
    assert (function["timeout"], function["memory_size"]) == (60, 3008)
    assert function.get("reserved_concurrent_executions") == (5 if suffix == "prod" else None)
    key = address(tf, TF_RESOURCE_TYPE.KmsKey, "market-data-processor " + suffix + " data", key="description")
    assert function["kms_key_arn"] == ref(key, "arn")
    variables = function["environment"]["variables"]
    assert variables == {
        "ALERTS_TABLE": ref(address(tf, TF_RESOURCE_TYPE.DynamodbTable, names.alerts_table), "name"),
        "ALERTS_TOPIC_ARN": ref(address(tf, TF_RESOURCE_TYPE.SnsTopic, names.alerts_topic), "arn"),
        "HIGH_PRICE_THRESHOLD": "150",
        "LOW_PRICE_THRESHOLD": "50",
        "DLQ_URL": ref(address(tf, TF_RESOURCE_TYPE.SqsQueue, names.dlq), "url"),
        "METRICS_ENVIRONMENT": suffix,
    }


def test_queue_and_dlq(env):
    _, tf, names = env
    queue = named(tf, TF_RESOURCE_TYPE.SqsQueue, names.queue)
    dlq_address = address(tf, TF_RESOURCE_TYPE.SqsQueue, names.dlq)
    assert queue["message_retention_seconds"] == 1_209_600
    assert queue["visibility_timeout_seconds"] >= 6 * 60 + 1
    assert json.loads(queue["redrive_policy"]) == {"deadLetterTargetArn": ref(dlq_address, "arn"), "maxReceiveCount": 5}
    dlq = named(tf, TF_RESOURCE_TYPE.SqsQueue, names.dlq)
    assert (dlq["message_retention_seconds"], dlq["sqs_managed_sse_enabled"]) == (1_209_600, True)
    allow = json.loads(only(tf, TF_RESOURCE_TYPE.SqsQueueRedriveAllowPolicy)["redrive_allow_policy"])
    assert allow == {"redrivePermission": "byQueue", "sourceQueueArns": [ref(address(tf, TF_RESOURCE_TYPE.SqsQueue, names.queue), "arn")]}


def test_the_event_source_mapping(env):
    _, tf, names = env
    mapping = only(tf, TF_RESOURCE_TYPE.LambdaEventSourceMapping)
    assert mapping["event_source_arn"] == ref(address(tf, TF_RESOURCE_TYPE.SqsQueue, names.queue), "arn")
    assert (mapping["batch_size"], mapping["maximum_batching_window_in_seconds"]) == (25, 1)
    assert mapping["function_response_types"] == ["ReportBatchItemFailures"]
    assert mapping["scaling_config"] == {"maximum_concurrency": 5}
    policies = {f"{TF_RESOURCE_TYPE.IamRolePolicy}.{name}" for name in tf["resource"][TF_RESOURCE_TYPE.IamRolePolicy]}
    assert set(mapping["depends_on"]) == policies


def test_the_alerts_table(env):
    _, tf, names = env
    table = named(tf, TF_RESOURCE_TYPE.DynamodbTable, names.alerts_table)
    assert (table["hash_key"], table["range_key"], table["billing_mode"]) == ("symbol", "timestamp", "PAY_PER_REQUEST")
    assert table["attribute"] == [{"name": "symbol", "type": "S"}, {"name": "timestamp", "type": "S"}]
    assert table["point_in_time_recovery"] == {"enabled": True}
    assert table["ttl"] == {"attribute_name": "ttl", "enabled": True}
    assert table["server_side_encryption"]["kms_key_arn"].startswith("${aws_kms_key.")
    assert table["deletion_protection_enabled"] is False


def test_the_key_rotates_and_only_the_account_root_administers_it(env):
    _, tf, names = env
    key = only(tf, TF_RESOURCE_TYPE.KmsKey)
    assert (key["enable_key_rotation"], key["deletion_window_in_days"]) == (True, 7)
    assert only(tf, TF_RESOURCE_TYPE.KmsAlias)["name"] == names.kms_alias
    [statement] = json.loads(key["policy"])["Statement"]
    assert statement["Principal"]["AWS"].endswith(":root") and statement["Action"] == "kms:*"


def test_only_the_function_may_publish_alerts(env):
    _, tf, names = env
    topic = named(tf, TF_RESOURCE_TYPE.SnsTopic, names.alerts_topic)
    assert topic["kms_master_key_id"].startswith("${aws_kms_key.")
    statements = json.loads(only(tf, TF_RESOURCE_TYPE.SnsTopicPolicy)["policy"])["Statement"]
    role = ref(address(tf, "aws_iam_role", f"{names.function}-role"), "arn")
    assert statements[1]["Condition"] == {"ArnNotEquals": {"aws:PrincipalArn": [role]}}
    assert statements[0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_the_role_decrypts_only_its_own_environment_and_for_sns(env):
    _, tf, names = env
    by_name = {p["name"]: json.loads(p["policy"])["Statement"] for p in resources(tf, TF_RESOURCE_TYPE.IamRolePolicy)}
    [decrypt] = by_name["decrypt-environment"]
    function = address(tf, TF_RESOURCE_TYPE.LambdaFunction, names.function, key="function_name")
    assert decrypt["Condition"] == {"StringEquals": {"kms:EncryptionContext:aws:lambda:FunctionArn": ref(function, "arn")}}
    _, publish_key = by_name["publish-trading-alerts"]
    assert publish_key["Action"] == ["kms:GenerateDataKey", "kms:Decrypt"]
    assert publish_key["Condition"] == {"StringLike": {"kms:ViaService": "sns.*.amazonaws.com"}}
    assert set(by_name) == {"logs", "xray", "decrypt-environment", "write-alerts", "publish-trading-alerts",
                            "send-market-data-dlq", "consume-market-data-queue"}


def test_alarms(env):
    _, tf, names = env
    alarms = {a["alarm_name"].removeprefix(f"{names.alarm_topic}-"): a for a in resources(tf, TF_RESOURCE_TYPE.CloudwatchMetricAlarm)}
    assert set(alarms) == {"data-processor-error-rate", "data-processor-throttles", "market-data-dlq-messages",
                           "market-data-queue-oldest-message"}
    rate = alarms["data-processor-error-rate"]
    assert [q.get("expression") for q in rate["metric_query"]] == [None, None, "100 * errors / invocations"]
    assert (rate["threshold"], rate["metric_query"][0]["metric"]["period"]) == (1, 300)
    assert alarms["market-data-queue-oldest-message"]["threshold"] == 300
    assert {a["treat_missing_data"] for a in alarms.values()} == {"notBreaching"}


def test_outputs(env):
    _, tf, _ = env
    assert set(tf["output"]) == {"queue_url", "dlq_url", "data_processor_lambda_arn", "alerts_table_name",
                                 "alerts_topic_arn", "kms_key_arn"}
