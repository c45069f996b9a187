"""The transaction processor's stack in dev and prod: every value SPEC-transaction-processor.md fixes."""

import json

import pytest

from constructs_lib.cdk import TF_RESOURCE_TYPE
from stacks.profiles import profile_for
from stacks.transaction_processor.names import TransactionProcessorNames
from tests.fixtures.tf_json import address, named, only, ref, resources

SYSTEM = "transaction-processor"


@pytest.fixture(scope="module", params=["dev", "prod"])
def env(request, synthesized) -> tuple[str, dict, TransactionProcessorNames]:
    suffix = request.param
    return suffix, json.loads(synthesized[(SYSTEM, suffix)]), TransactionProcessorNames(suffix)


def function(tf: dict, name: str) -> dict:
    return named(tf, TF_RESOURCE_TYPE.LambdaFunction, name, key="function_name")


def test_default_tags_name_the_system(env):
    suffix, tf, _ = env
    assert tf["provider"]["aws"][0]["default_tags"][0]["tags"] == {"Environment": suffix, "Project": SYSTEM, "ManagedBy": "cdktf"}


def test_the_uploads_bucket_carries_the_account_id(env):
    _, tf, names = env
    [account] = [a for a in tf["data"]["aws_caller_identity"] if a == "account"]
    bucket = only(tf, TF_RESOURCE_TYPE.S3Bucket)
    assert bucket == {"bucket": names.uploads_bucket(f"${{data.aws_caller_identity.{account}.account_id}}"), "force_destroy": True}


@pytest.mark.parametrize(("attribute", "timeout"), [("api_function", 10), ("csv_validation_function", 300), ("anomaly_detection_function", 60)])
def test_the_functions(env, attribute, timeout):
    suffix, tf, names = env
    fn = function(tf, getattr(names, attribute))
    assert (fn["runtime"], fn["architectures"], fn["tracing_config"]) == ("python3.11", ["arm64"], {"mode": "Active"})
    assert (fn["memory_size"], fn["timeout"]) == (512, timeout)
    assert fn.get("reserved_concurrent_executions") == (10 if suffix == "prod" else None)
    group = named(tf, TF_RESOURCE_TYPE.CloudwatchLogGroup, f"/aws/lambda/{getattr(names, attribute)}")
    assert group["retention_in_days"] == (90 if suffix == "prod" else 7)


def test_environment_variables(env):
    suffix, tf, names = env
    transactions = ref(address(tf, TF_RESOURCE_TYPE.DynamodbTable, names.transactions_table), "name")
    results = ref(address(tf, TF_RESOURCE_TYPE.DynamodbTable, names.upload_results_table), "name")
    bucket = ref(f"{TF_RESOURCE_TYPE.S3Bucket}.{next(iter(tf['resource'][TF_RESOURCE_TYPE.S3Bucket]))}", "bucket")
    topic = ref(address(tf, TF_RESOURCE_TYPE.SnsTopic, names.anomaly_topic), "arn")
    assert function(tf, names.api_function)["environment"]["variables"] == {
        "TRANSACTIONS_TABLE": transactions, "UPLOAD_RESULTS_TABLE": results, "UPLOADS_BUCKET": bucket}
    assert function(tf, names.csv_validation_function)["environment"]["variables"] == {
        "TRANSACTIONS_TABLE": transactions, "UPLOAD_RESULTS_TABLE": results, "MAX_UPLOAD_BYTES": "52428800",
        "METRICS_ENVIRONMENT": suffix}
    assert function(tf, names.anomaly_detection_function)["environment"]["variables"] == {
        "TRANSACTIONS_TABLE": transactions, "ANOMALY_TOPIC_ARN": topic, "HIGH_AMOUNT_THRESHOLD": "10000",
        "METRICS_ENVIRONMENT": suffix}


def test_one_notification_for_csv_uploads_after_its_permission(env):
    _, tf, names = env
    notification = only(tf, TF_RESOURCE_TYPE.S3BucketNotification)
    [target] = notification["lambda_function"]
    csv = address(tf, TF_RESOURCE_TYPE.LambdaFunction, names.csv_validation_function, key="function_name")
    assert target == {"events": ["s3:ObjectCreated:*"], "filter_prefix": "uploads/", "filter_suffix": ".csv",
                      "lambda_function_arn": ref(csv, "arn")}
    [permission] = [p for p in resources(tf, TF_RESOURCE_TYPE.LambdaPermission) if p["principal"] == "s3.amazonaws.com"]
    permission_address = address(tf, TF_RESOURCE_TYPE.LambdaPermission, "AllowS3Invoke", key="statement_id")
    assert notification["depends_on"] == [permission_address]
    assert permission["source_account"].endswith(".account_id}") and permission["source_arn"].endswith(".arn}")


def test_csv_validation_retries_twice_for_an_hour_then_parks_the_event(env):
    _, tf, names = env
    config = only(tf, TF_RESOURCE_TYPE.LambdaFunctionEventInvokeConfig)
    failures = address(tf, TF_RESOURCE_TYPE.SqsQueue, names.csv_validation_failures_queue)
    assert (config["maximum_retry_attempts"], config["maximum_event_age_in_seconds"]) == (2, 3600)
    assert config["destination_config"] == {"on_failure": {"destination": ref(failures, "arn")}}


def test_tables(env):
    _, tf, names = env
    transactions = named(tf, TF_RESOURCE_TYPE.DynamodbTable, names.transactions_table)
    assert (transactions["hash_key"], transactions["stream_view_type"]) == ("transaction_id", "NEW_AND_OLD_IMAGES")
    results = named(tf, TF_RESOURCE_TYPE.DynamodbTable, names.upload_results_table)
    assert (results["hash_key"], results["ttl"]) == ("upload_id", {"attribute_name": "ttl", "enabled": True})
    key = f"{TF_RESOURCE_TYPE.KmsKey}.{next(iter(tf['resource'][TF_RESOURCE_TYPE.KmsKey]))}"
    for table in (transactions, results):
        assert table["billing_mode"] == "PAY_PER_REQUEST" and table["point_in_time_recovery"] == {"enabled": True}
        assert table["server_side_encryption"] == {"enabled": True, "kms_key_arn": ref(key, "arn")}
        assert table["deletion_protection_enabled"] is False


def test_the_stream_feeds_anomaly_detection_inserts_with_finite_retries(env):
    _, tf, names = env
    mapping = only(tf, TF_RESOURCE_TYPE.LambdaEventSourceMapping)
    failures = address(tf, TF_RESOURCE_TYPE.SqsQueue, names.anomaly_detection_failures_queue)
    assert {k: mapping[k] for k in ("starting_position", "batch_size", "bisect_batch_on_function_error",
                                    "maximum_retry_attempts", "maximum_record_age_in_seconds", "function_response_types")} == {
        "starting_position": "TRIM_HORIZON", "batch_size": 100, "bisect_batch_on_function_error": True,
        "maximum_retry_attempts": 3, "maximum_record_age_in_seconds": 3600, "function_response_types": ["ReportBatchItemFailures"]}
    assert mapping["destination_config"] == {"on_failure": {"destination_arn": ref(failures, "arn")}}
    assert [json.loads(f["pattern"]) for f in mapping["filter_criteria"]["filter"]] == [{"eventName": ["INSERT"]}]
    role_policies = [f"aws_iam_role_policy.{name}" for name in tf["resource"]["aws_iam_role_policy"] if name.startswith("anomaly-detection_")]
    assert sorted(mapping["depends_on"]) == sorted(role_policies)


def test_the_key_and_topic(env):
    suffix, tf, names = env
    alias = named(tf, TF_RESOURCE_TYPE.KmsAlias, names.kms_alias)
    key_address = alias["target_key_id"].removeprefix("${").removesuffix(".key_id}")
    key = tf["resource"][TF_RESOURCE_TYPE.KmsKey][key_address.removeprefix("aws_kms_key.")]
    assert (key["enable_key_rotation"], key["deletion_window_in_days"]) == (True, 7)
    # the data key, and in prod the WAF log's own key (docs/web-acl.md)
    assert len(resources(tf, TF_RESOURCE_TYPE.KmsKey)) == (2 if profile_for(suffix).web_acl else 1)
    assert named(tf, TF_RESOURCE_TYPE.SnsTopic, names.anomaly_topic)["kms_master_key_id"] == ref(key_address, "arn")


def test_the_api_routes_need_a_key_and_the_usage_plan_follows_the_profile(env):
    suffix, tf, names = env
    assert {m["http_method"]: m["api_key_required"] for m in resources(tf, TF_RESOURCE_TYPE.ApiGatewayMethod)} == {"GET": True, "POST": True}
    assert len(resources(tf, TF_RESOURCE_TYPE.ApiGatewayMethod)) == 3
    assert only(tf, TF_RESOURCE_TYPE.ApiGatewayStage)["stage_name"] == "v1"
    plan = only(tf, TF_RESOURCE_TYPE.ApiGatewayUsagePlan)
    assert plan["name"] == names.usage_plan
    assert plan["quota_settings"] == {"limit": 1_000_000 if suffix == "prod" else 10_000, "period": "DAY"}
    assert plan["throttle_settings"] == ({"rate_limit": 100, "burst_limit": 10} if suffix == "prod" else {"rate_limit": 1000, "burst_limit": 1000})


def test_alarms(env):
    suffix, tf, names = env
    alarms = {a["alarm_name"].removeprefix(f"{names.alarm_topic}-") for a in resources(tf, TF_RESOURCE_TYPE.CloudwatchMetricAlarm)}
    web_acl = {"waf-blocked", "waf-rate-limited"} if profile_for(suffix).web_acl else set()
    assert alarms == {
        "csv-validation-failures-messages", "anomaly-detection-failures-messages",
        *(f"{fn}-{what}" for fn in ("transaction-api", "csv-validation", "anomaly-detection") for what in ("errors", "throttles")),
        "anomaly-detection-iterator-age", "api-5xx", *web_acl,
    }


def test_outputs_never_carry_the_api_key_value(env):
    _, tf, _ = env
    assert set(tf["output"]) == {"api_endpoint", "api_key_id", "uploads_bucket_name", "transactions_table_name",
                                 "upload_results_table_name", "anomaly_topic_arn", "csv_validation_lambda_arn",
                                 "anomaly_detection_lambda_arn", "transaction_api_lambda_arn"}
    assert tf["output"]["api_key_id"]["value"].endswith(".id}")
    assert tf["output"]["api_endpoint"]["value"].endswith(".invoke_url}")
