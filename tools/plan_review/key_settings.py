"""The settings a reviewer looks at first, per resource type."""

from dataclasses import dataclass

from .attribute_paths import SENSITIVE, is_sensitive, lookup
from .stack_json import Resource, referenced_name


@dataclass(frozen=True)
class Setting:
    label: str
    path: str
    unit: str = ""
    absent: str | None = None  # what to print when unset; None leaves the setting out


SECONDS_PER_DAY = 86_400

KEY_SETTINGS: dict[str, tuple[Setting, ...]] = {
    "aws_lambda_function": (
        Setting("runtime", "runtime"),
        Setting("env KMS key", "kms_key_arn"),
        Setting("arch", "architectures", absent="x86_64"),
        Setting("memory", "memory_size", " MB", absent="128 MB"),
        Setting("timeout", "timeout", " s", absent="3 s"),
        Setting("reserved concurrency", "reserved_concurrent_executions", absent="unreserved"),
        Setting("tracing", "tracing_config.mode", absent="off"),
    ),
    "aws_lambda_function_event_invoke_config": (
        Setting("retries", "maximum_retry_attempts"),
        Setting("max event age", "maximum_event_age_in_seconds", " s"),
        Setting("on failure", "destination_config.on_failure.destination"),
    ),
    "aws_sqs_queue": (
        Setting("retention", "message_retention_seconds", " s", absent="345600 s"),
        Setting("visibility", "visibility_timeout_seconds", " s", absent="30 s"),
        Setting("SSE (SQS-managed)", "sqs_managed_sse_enabled", absent="AWS default"),
        Setting("SSE (KMS key)", "kms_master_key_id"),
        Setting("redrive to", "redrive_policy.deadLetterTargetArn"),
        Setting("max receives", "redrive_policy.maxReceiveCount"),
    ),
    "aws_dynamodb_table": (
        Setting("billing", "billing_mode", absent="PROVISIONED"),
        Setting("hash key", "hash_key"),
        Setting("range key", "range_key"),
        Setting("stream", "stream_view_type"),
        Setting("PITR", "point_in_time_recovery.enabled", absent="off"),
        Setting("TTL", "ttl.attribute_name", absent="off"),
        Setting("SSE", "server_side_encryption.enabled", absent="AWS-owned key"),
        Setting("SSE key", "server_side_encryption.kms_key_arn"),
        Setting("deletion protection", "deletion_protection_enabled", absent="off"),
    ),
    "aws_api_gateway_stage": (Setting("X-Ray", "xray_tracing_enabled", absent="off"),),
    "aws_api_gateway_method_settings": (
        Setting("throttling burst", "settings.throttling_burst_limit"),
        Setting("rate", "settings.throttling_rate_limit", "/s"),
        Setting("metrics", "settings.metrics_enabled"),
    ),
    "aws_api_gateway_method": (
        Setting("authorization", "authorization"),
        Setting("API key", "api_key_required", absent="not required"),
    ),
    "aws_cloudwatch_log_group": (Setting("retention", "retention_in_days", " days", absent="never expires"),),
    "aws_cloudwatch_metric_alarm": (
        Setting("metric", "metric_name"),
        Setting("statistic", "statistic"),
        Setting("comparison", "comparison_operator"),
        Setting("math", "metric_query.expression"),
        Setting("threshold", "threshold"),
        Setting("period", "period", " s"),
        Setting("missing data", "treat_missing_data"),
    ),
    "aws_lambda_event_source_mapping": (
        Setting("source", "event_source_arn"),
        Setting("batch", "batch_size"),
        Setting("window", "maximum_batching_window_in_seconds", " s"),
        Setting("start", "starting_position"),
        Setting("responses", "function_response_types"),
        Setting("bisect", "bisect_batch_on_function_error"),
        Setting("retries", "maximum_retry_attempts"),
        Setting("max record age", "maximum_record_age_in_seconds", " s"),
        Setting("on failure", "destination_config.on_failure.destination_arn"),
        Setting("max concurrency", "scaling_config.maximum_concurrency"),
        Setting("filter", "filter_criteria.filter.pattern"),
    ),
    "aws_kms_key": (
        Setting("rotation", "enable_key_rotation", absent="off"),
        Setting("deletion window", "deletion_window_in_days", " days", absent="30 days"),
    ),
    "aws_kms_alias": (Setting("key", "target_key_id"),),
    "aws_sns_topic": (Setting("KMS key", "kms_master_key_id", absent="none"),),
    "aws_s3_bucket": (Setting("force destroy", "force_destroy", absent="off"),),
    "aws_s3_bucket_versioning": (Setting("bucket", "bucket"), Setting("versioning", "versioning_configuration.status")),
    "aws_s3_bucket_server_side_encryption_configuration": (
        Setting("bucket", "bucket"),
        Setting("algorithm", "rule.apply_server_side_encryption_by_default.sse_algorithm"),
        Setting("key", "rule.apply_server_side_encryption_by_default.kms_master_key_id"),
        Setting("bucket key", "rule.bucket_key_enabled", absent="off"),
    ),
    "aws_s3_bucket_public_access_block": (
        Setting("bucket", "bucket"),
        Setting("block public ACLs", "block_public_acls"),
        Setting("block public policy", "block_public_policy"),
        Setting("ignore public ACLs", "ignore_public_acls"),
        Setting("restrict public buckets", "restrict_public_buckets"),
    ),
    "aws_s3_bucket_lifecycle_configuration": (Setting("bucket", "bucket"),),
    "aws_s3_bucket_notification": (
        Setting("bucket", "bucket"),
        Setting("function", "lambda_function.lambda_function_arn"),
        Setting("events", "lambda_function.events"),
        Setting("prefix", "lambda_function.filter_prefix"),
        Setting("suffix", "lambda_function.filter_suffix"),
        Setting("after", "depends_on"),
    ),
    "aws_api_gateway_usage_plan": (
        Setting("stage", "api_stages.stage"),
        Setting("rate", "throttle_settings.rate_limit", "/s"),
        Setting("burst", "throttle_settings.burst_limit"),
        Setting("quota", "quota_settings.limit"),
        Setting("per", "quota_settings.period"),
    ),
    "aws_api_gateway_api_key": (Setting("enabled", "enabled"),),
    "aws_iam_role_policy": (Setting("role", "role"),),
    "aws_sqs_queue_policy": (Setting("queue", "queue_url"),),
    "aws_lambda_permission": (Setting("principal", "principal"), Setting("source", "source_arn")),
    "aws_secretsmanager_secret": (Setting("recovery window", "recovery_window_in_days", " days", absent="30 days"),),
}


def show(value: object, all_resources: dict[str, Resource]) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list):
        return ", ".join(show(v, all_resources) for v in value)
    return referenced_name(all_resources, value) or str(value)


def in_days(value: object, setting: Setting) -> str:
    """` (7 days)` after a whole number of days given in seconds."""
    whole_days = isinstance(value, int) and value >= SECONDS_PER_DAY and value % SECONDS_PER_DAY == 0
    return f" ({value // SECONDS_PER_DAY} days)" if setting.unit == " s" and whole_days else ""


def key_settings(resource: Resource, all_resources: dict[str, Resource]) -> list[str]:
    """`label value` for each key setting of the resource's type that applies to it."""
    shown = []
    for setting in KEY_SETTINGS.get(resource.type, ()):
        value = lookup(resource.body, setting.path)
        if is_sensitive(setting.path):
            shown.append(f"{setting.label} {SENSITIVE}")
        elif value is not None:
            shown.append(f"{setting.label} {show(value, all_resources)}{setting.unit}{in_days(value, setting)}")
        elif setting.absent is not None:
            shown.append(f"{setting.label} {setting.absent}")
    return shown
