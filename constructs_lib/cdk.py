"""The one door to the CDK framework and the AWS provider bindings: every construct, stack and test imports them here.

The engine is chosen by one setting, read once per process:

    CDK_ENGINE=cdktf   (the default) cdktf 0.21 + cdktf-cdktf-provider-aws (AWS provider 6.25.0)
    CDK_ENGINE=cdktn   CDK Terrain 0.24 + cdktn-aws (AWS provider 6.62.0, one module per service)

Names are cdktf's (`LambdaFunction`, `S3BucketVersioningA`, ...) whichever engine
runs; AWS_RESOURCES and AWS_BLOCKS say where each engine keeps them. Importing this module loads
nothing heavy: a name is loaded on first use (`cdk.LambdaFunction`), so a process
that never synthesizes never pays for the bindings. `TF_RESOURCE_TYPE.<name>` is
a resource's Terraform type without loading anything (a test checks it against
the bindings of each engine). See docs/engines.md.
"""

import functools
import importlib
import importlib.util
import os
from collections.abc import Mapping
from types import SimpleNamespace

ENGINE_VARIABLE = "CDK_ENGINE"
DEFAULT_ENGINE = "cdktf"
# Each engine: its framework module and the provider package its AWS classes come from.
ENGINES = {
    "cdktf": ("cdktf", "cdktf_cdktf_provider_aws"),
    "cdktn": ("cdktn", "cdktn_aws"),
}
INSTALL_HINT = "python3 -m pipenv sync --dev (or --categories \"packages cdktn\")"
# What each engine's bindings write in `terraform.required_providers.aws`, pinned with the
# packages in the Pipfile: the only part of a stack's JSON that differs between engines
# (tests/unit/engines/ checks both; the benchmark prints them).
REQUIRED_AWS_PROVIDER = {
    "cdktf": {"source": "aws", "version": "6.25.0"},
    "cdktn": {"source": "hashicorp/aws", "version": "6.62.0"},
}

FRAMEWORK_NAMES = (
    "App",
    "AssetType",
    "Fn",
    "LocalBackend",
    "S3Backend",
    "TerraformAsset",
    "TerraformOutput",
    "TerraformResource",
    "TerraformResourceLifecycle",
    "TerraformStack",
    "Testing",
)

# Our name (cdktf's): (Terraform type, cdktf_cdktf_provider_aws module, cdktn_aws module, class there).
AWS_RESOURCES = {
    "AwsProvider": ("aws", "provider", "provider", "AwsProvider"),
    "ApiGatewayAccount": ("aws_api_gateway_account", "api_gateway_account", "api_gateway", "AwsAccount"),
    "ApiGatewayApiKey": ("aws_api_gateway_api_key", "api_gateway_api_key", "api_gateway", "AwsApiKey"),
    "ApiGatewayDeployment": ("aws_api_gateway_deployment", "api_gateway_deployment", "api_gateway", "AwsDeployment"),
    "ApiGatewayGatewayResponse": (
        "aws_api_gateway_gateway_response", "api_gateway_gateway_response", "api_gateway", "AwsGatewayResponse"
    ),
    "ApiGatewayIntegration": ("aws_api_gateway_integration", "api_gateway_integration", "api_gateway", "AwsIntegration"),
    "ApiGatewayMethod": ("aws_api_gateway_method", "api_gateway_method", "api_gateway", "AwsMethod"),
    "ApiGatewayMethodSettings": (
        "aws_api_gateway_method_settings", "api_gateway_method_settings", "api_gateway", "AwsMethodSettings"
    ),
    "ApiGatewayModel": ("aws_api_gateway_model", "api_gateway_model", "api_gateway", "AwsModel"),
    "ApiGatewayRequestValidator": (
        "aws_api_gateway_request_validator", "api_gateway_request_validator", "api_gateway", "AwsRequestValidator"
    ),
    "ApiGatewayResource": ("aws_api_gateway_resource", "api_gateway_resource", "api_gateway", "AwsResource"),
    "ApiGatewayRestApi": ("aws_api_gateway_rest_api", "api_gateway_rest_api", "api_gateway", "AwsRestApi"),
    "ApiGatewayStage": ("aws_api_gateway_stage", "api_gateway_stage", "api_gateway", "AwsStage"),
    "ApiGatewayUsagePlan": ("aws_api_gateway_usage_plan", "api_gateway_usage_plan", "api_gateway", "AwsUsagePlan"),
    "ApiGatewayUsagePlanKey": (
        "aws_api_gateway_usage_plan_key", "api_gateway_usage_plan_key", "api_gateway", "AwsUsagePlanKey"
    ),
    "CloudwatchDashboard": ("aws_cloudwatch_dashboard", "cloudwatch_dashboard", "cloudwatch", "AwsDashboard"),
    "CloudwatchLogGroup": ("aws_cloudwatch_log_group", "cloudwatch_log_group", "cloudwatch_logs", "AwsGroup"),
    "CloudwatchMetricAlarm": ("aws_cloudwatch_metric_alarm", "cloudwatch_metric_alarm", "cloudwatch", "AwsMetricAlarm"),
    "DataAwsCallerIdentity": ("aws_caller_identity", "data_aws_caller_identity", "sts", "DataAwsCallerIdentity"),
    "DynamodbTable": ("aws_dynamodb_table", "dynamodb_table", "dynamodb", "AwsTable"),
    "IamPolicy": ("aws_iam_policy", "iam_policy", "iam", "AwsPolicy"),
    "IamRole": ("aws_iam_role", "iam_role", "iam", "AwsRole"),
    "IamRolePolicy": ("aws_iam_role_policy", "iam_role_policy", "iam", "AwsRolePolicy"),
    "IamRolePolicyAttachment": ("aws_iam_role_policy_attachment", "iam_role_policy_attachment", "iam", "AwsRolePolicyAttachment"),
    "KmsAlias": ("aws_kms_alias", "kms_alias", "kms", "AwsAlias"),
    "KmsKey": ("aws_kms_key", "kms_key", "kms", "AwsKey"),
    "LambdaEventSourceMapping": (
        "aws_lambda_event_source_mapping", "lambda_event_source_mapping", "lambda_", "AwsEventSourceMapping"
    ),
    "LambdaFunction": ("aws_lambda_function", "lambda_function", "lambda_", "AwsFunction"),
    "LambdaFunctionEventInvokeConfig": (
        "aws_lambda_function_event_invoke_config", "lambda_function_event_invoke_config", "lambda_",
        "AwsFunctionEventInvokeConfig",
    ),
    "LambdaPermission": ("aws_lambda_permission", "lambda_permission", "lambda_", "AwsPermission"),
    "S3Bucket": ("aws_s3_bucket", "s3_bucket", "s3", "AwsBucket"),
    "S3BucketLifecycleConfiguration": (
        "aws_s3_bucket_lifecycle_configuration", "s3_bucket_lifecycle_configuration", "s3", "AwsBucketLifecycleConfiguration"
    ),
    "S3BucketNotification": ("aws_s3_bucket_notification", "s3_bucket_notification", "s3", "AwsBucketNotification"),
    "S3BucketOwnershipControls": (
        "aws_s3_bucket_ownership_controls", "s3_bucket_ownership_controls", "s3", "AwsBucketOwnershipControls"
    ),
    "S3BucketPolicy": ("aws_s3_bucket_policy", "s3_bucket_policy", "s3", "AwsBucketPolicy"),
    "S3BucketPublicAccessBlock": (
        "aws_s3_bucket_public_access_block", "s3_bucket_public_access_block", "s3", "AwsBucketPublicAccessBlock"
    ),
    # cdktf adds an `A` where a resource's name clashes with a block of S3Bucket.
    "S3BucketServerSideEncryptionConfigurationA": (
        "aws_s3_bucket_server_side_encryption_configuration", "s3_bucket_server_side_encryption_configuration", "s3",
        "AwsBucketServerSideEncryptionConfiguration",
    ),
    "S3BucketVersioningA": ("aws_s3_bucket_versioning", "s3_bucket_versioning", "s3", "AwsBucketVersioning"),
    "SecretsmanagerSecret": ("aws_secretsmanager_secret", "secretsmanager_secret", "secrets_manager", "AwsSecret"),
    "SnsTopic": ("aws_sns_topic", "sns_topic", "sns", "AwsTopic"),
    "SnsTopicPolicy": ("aws_sns_topic_policy", "sns_topic_policy", "sns", "AwsTopicPolicy"),
    "SnsTopicSubscription": ("aws_sns_topic_subscription", "sns_topic_subscription", "sns", "AwsTopicSubscription"),
    "SqsQueue": ("aws_sqs_queue", "sqs_queue", "sqs", "AwsQueue"),
    "SqsQueuePolicy": ("aws_sqs_queue_policy", "sqs_queue_policy", "sqs", "AwsQueuePolicy"),
    "SqsQueueRedriveAllowPolicy": (
        "aws_sqs_queue_redrive_allow_policy", "sqs_queue_redrive_allow_policy", "sqs", "AwsQueueRedriveAllowPolicy"
    ),
    "Wafv2WebAcl": ("aws_wafv2_web_acl", "wafv2_web_acl", "waf", "AwsWebAcl"),
    "Wafv2WebAclAssociation": ("aws_wafv2_web_acl_association", "wafv2_web_acl_association", "waf", "AwsWebAclAssociation"),
    "Wafv2WebAclLoggingConfiguration": (
        "aws_wafv2_web_acl_logging_configuration", "wafv2_web_acl_logging_configuration", "waf",
        "AwsWebAclLoggingConfiguration",
    ),
}

# A block (struct) of a resource. cdktf: a class of the resource's module;
# cdktn-aws: a class nested in the resource's class.
AWS_BLOCKS = {
    "AwsProviderDefaultTags": ("AwsProvider", "DefaultTagsProperty"),
    "ApiGatewayMethodSettingsSettings": ("ApiGatewayMethodSettings", "SettingsProperty"),
    "ApiGatewayRestApiEndpointConfiguration": ("ApiGatewayRestApi", "EndpointConfigurationProperty"),
    "ApiGatewayStageAccessLogSettings": ("ApiGatewayStage", "AccessLogSettingsProperty"),
    "ApiGatewayUsagePlanApiStages": ("ApiGatewayUsagePlan", "ApiStagesProperty"),
    "ApiGatewayUsagePlanQuotaSettings": ("ApiGatewayUsagePlan", "QuotaSettingsProperty"),
    "ApiGatewayUsagePlanThrottleSettings": ("ApiGatewayUsagePlan", "ThrottleSettingsProperty"),
    "CloudwatchMetricAlarmMetricQuery": ("CloudwatchMetricAlarm", "MetricQueryProperty"),
    "CloudwatchMetricAlarmMetricQueryMetric": ("CloudwatchMetricAlarm", "MetricProperty"),
    "DynamodbTableAttribute": ("DynamodbTable", "AttributeProperty"),
    "DynamodbTablePointInTimeRecovery": ("DynamodbTable", "PointInTimeRecoveryProperty"),
    "DynamodbTableServerSideEncryption": ("DynamodbTable", "ServerSideEncryptionProperty"),
    "DynamodbTableTtl": ("DynamodbTable", "TtlProperty"),
    "LambdaEventSourceMappingDestinationConfig": ("LambdaEventSourceMapping", "DestinationConfigProperty"),
    "LambdaEventSourceMappingDestinationConfigOnFailure": ("LambdaEventSourceMapping", "OnFailureProperty"),
    "LambdaEventSourceMappingFilterCriteria": ("LambdaEventSourceMapping", "FilterCriteriaProperty"),
    "LambdaEventSourceMappingFilterCriteriaFilter": ("LambdaEventSourceMapping", "FilterProperty"),
    "LambdaEventSourceMappingScalingConfig": ("LambdaEventSourceMapping", "ScalingConfigProperty"),
    "LambdaFunctionEnvironment": ("LambdaFunction", "EnvironmentProperty"),
    "LambdaFunctionLoggingConfig": ("LambdaFunction", "LoggingConfigProperty"),
    "LambdaFunctionTracingConfig": ("LambdaFunction", "TracingConfigProperty"),
    "LambdaFunctionEventInvokeConfigDestinationConfig": ("LambdaFunctionEventInvokeConfig", "DestinationConfigProperty"),
    "LambdaFunctionEventInvokeConfigDestinationConfigOnFailure": ("LambdaFunctionEventInvokeConfig", "OnFailureProperty"),
    "S3BucketLifecycleConfigurationRule": ("S3BucketLifecycleConfiguration", "RuleProperty"),
    "S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload": (
        "S3BucketLifecycleConfiguration", "AbortIncompleteMultipartUploadProperty"
    ),
    "S3BucketLifecycleConfigurationRuleExpiration": ("S3BucketLifecycleConfiguration", "ExpirationProperty"),
    "S3BucketLifecycleConfigurationRuleFilter": ("S3BucketLifecycleConfiguration", "FilterProperty"),
    "S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration": (
        "S3BucketLifecycleConfiguration", "NoncurrentVersionExpirationProperty"
    ),
    "S3BucketNotificationLambdaFunction": ("S3BucketNotification", "LambdaFunctionProperty"),
    "S3BucketOwnershipControlsRule": ("S3BucketOwnershipControls", "RuleProperty"),
    "S3BucketServerSideEncryptionConfigurationRuleA": ("S3BucketServerSideEncryptionConfigurationA", "RuleProperty"),
    "S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA": (
        "S3BucketServerSideEncryptionConfigurationA", "ApplyServerSideEncryptionByDefaultProperty"
    ),
    "S3BucketVersioningVersioningConfiguration": ("S3BucketVersioningA", "VersioningConfigurationProperty"),
    # cdktn-aws prefixes a WAF block with its path only where the name alone repeats (Allow under DefaultAction and under a rule's Action).
    "Wafv2WebAclAssociationConfig": ("Wafv2WebAcl", "AssociationConfigProperty"),
    "Wafv2WebAclAssociationConfigRequestBody": ("Wafv2WebAcl", "RequestBodyProperty"),
    "Wafv2WebAclAssociationConfigRequestBodyApiGateway": ("Wafv2WebAcl", "ApiGatewayProperty"),
    "Wafv2WebAclCustomResponseBody": ("Wafv2WebAcl", "CustomResponseBodyProperty"),
    "Wafv2WebAclDefaultAction": ("Wafv2WebAcl", "DefaultActionProperty"),
    "Wafv2WebAclDefaultActionAllow": ("Wafv2WebAcl", "DefaultActionAllowProperty"),
    "Wafv2WebAclRule": ("Wafv2WebAcl", "RuleProperty"),
    "Wafv2WebAclRuleAction": ("Wafv2WebAcl", "ActionProperty"),
    "Wafv2WebAclRuleActionBlock": ("Wafv2WebAcl", "RuleActionBlockProperty"),
    "Wafv2WebAclRuleActionBlockCustomResponse": ("Wafv2WebAcl", "RuleActionBlockCustomResponseProperty"),
    "Wafv2WebAclRuleOverrideAction": ("Wafv2WebAcl", "OverrideActionProperty"),
    "Wafv2WebAclRuleOverrideActionNone": ("Wafv2WebAcl", "NoneProperty"),
    "Wafv2WebAclRuleVisibilityConfig": ("Wafv2WebAcl", "RuleVisibilityConfigProperty"),
    "Wafv2WebAclVisibilityConfig": ("Wafv2WebAcl", "VisibilityConfigProperty"),
    "Wafv2WebAclLoggingConfigurationLoggingFilter": ("Wafv2WebAclLoggingConfiguration", "LoggingFilterProperty"),
    "Wafv2WebAclLoggingConfigurationLoggingFilterFilter": ("Wafv2WebAclLoggingConfiguration", "FilterProperty"),
    "Wafv2WebAclLoggingConfigurationLoggingFilterFilterCondition": ("Wafv2WebAclLoggingConfiguration", "ConditionProperty"),
    "Wafv2WebAclLoggingConfigurationLoggingFilterFilterConditionActionCondition": (
        "Wafv2WebAclLoggingConfiguration", "ActionConditionProperty"
    ),
    "Wafv2WebAclLoggingConfigurationRedactedFields": ("Wafv2WebAclLoggingConfiguration", "RedactedFieldsProperty"),
    "Wafv2WebAclLoggingConfigurationRedactedFieldsSingleHeader": ("Wafv2WebAclLoggingConfiguration", "SingleHeaderProperty"),
}

TF_RESOURCE_TYPE = SimpleNamespace(**{name: row[0] for name, row in AWS_RESOURCES.items()})


class EngineError(ValueError):
    """CDK_ENGINE names no engine, or the engine it names is not installed."""


def engine_from(environ: Mapping[str, str]) -> str:
    """The engine `environ` chooses; refused (before anything loads) when unknown or not installed."""
    name = environ.get(ENGINE_VARIABLE, "") or DEFAULT_ENGINE
    if name not in ENGINES:
        raise EngineError(
            f"{ENGINE_VARIABLE} must be one of {', '.join(ENGINES)} (default {DEFAULT_ENGINE}), got {name!r}"
        )
    missing = [package for package in ENGINES[name] if importlib.util.find_spec(package) is None]
    if missing:
        raise EngineError(f"{ENGINE_VARIABLE}={name} needs {', '.join(missing)}, not installed: run {INSTALL_HINT}")
    return name


@functools.cache
def engine() -> str:
    """This process's engine: CDK_ENGINE read once."""
    return engine_from(os.environ)


def provider_modules(engine_name: str) -> list[str]:
    """The provider modules the names above load on `engine_name` (what a synth of every system imports)."""
    provider = ENGINES[engine_name][1]
    column = 1 if engine_name == "cdktf" else 2
    return [provider, *sorted({f"{provider}.{row[column]}" for row in AWS_RESOURCES.values()})]


class _Testing:
    """The engine's `Testing`, whose `app()` synthesizes what main.py's `App()` does.

    `Testing.app()` switches on the engine's "future" feature flags: none in cdktf
    0.21; in cdktn, canonical asset hashes among them, which would give every
    Lambda another `source_code_hash` than a deployment (main.py, the CLI) writes.
    """

    def __init__(self, testing) -> None:
        self._testing = testing

    def app(self, **options):
        return self._testing.app(**{"enable_future_flags": False, **options})

    def __getattr__(self, name: str):
        return getattr(self._testing, name)


def _load(name: str):
    resource, nested = AWS_BLOCKS.get(name, (name, None))
    if name != "Construct" and name not in FRAMEWORK_NAMES and resource not in AWS_RESOURCES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    framework, provider = ENGINES[engine()]
    if name == "Construct":
        return importlib.import_module("constructs").Construct
    if name == "Testing":
        return _Testing(importlib.import_module(framework).Testing)
    if name in FRAMEWORK_NAMES:
        return getattr(importlib.import_module(framework), name)
    _, cdktf_module, cdktn_module, cdktn_class = AWS_RESOURCES[resource]
    if engine() == "cdktf":
        return getattr(importlib.import_module(f"{provider}.{cdktf_module}"), name)
    found = getattr(importlib.import_module(f"{provider}.{cdktn_module}"), cdktn_class)
    return getattr(found, nested) if nested else found


def __getattr__(name: str):
    """PEP 562: `cdk.<name>` loads the engine's class on first use, then it is an ordinary module attribute."""
    if name.startswith("__"):
        raise AttributeError(name)
    value = _load(name)
    globals()[name] = value
    return value
